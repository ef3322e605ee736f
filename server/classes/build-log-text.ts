// A finished build's messages as the plain text an instructor reads (steps, their output,
// errors; the outcome and size are shown beside it), cut to its last `maxBytes`: where a build fails is at the end.
import type { BuildMessage } from '../../shared/protocol/messages.ts';

function line(message: BuildMessage): string {
  switch (message.type) {
    case 'step':
      if (message.status === 'running') return `${message.name}\n`;
      if (message.status === 'cached') return `${message.name} (cached)\n`;
      return message.status === 'error' ? `${message.name}: ERROR ${message.error ?? ''}\n` : '';
    case 'log':
      return message.text.endsWith('\n') ? message.text : `${message.text}\n`;
    case 'error':
      return `error (${message.code}): ${message.message}\n`;
    default:
      return '';
  }
}

export function buildLogTail(messages: readonly BuildMessage[], maxBytes: number): string {
  const text = messages.map(line).join('');
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // Cut at a line start so the tail does not open mid-character or mid-line.
  const tail = bytes.subarray(bytes.length - maxBytes).toString('utf8');
  const firstLine = tail.indexOf('\n');
  return `[… the first ${bytes.length - maxBytes} bytes are not kept]\n${firstLine >= 0 ? tail.slice(firstLine + 1) : tail}`;
}
