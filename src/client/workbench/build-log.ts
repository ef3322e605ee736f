// Turns build-server messages into terminal text (ANSI), in the style of BuildKit's plain
// progress output that Docker users know: "#3 [builder 2/4] RUN npm ci", its output lines
// prefixed "#3 ", then "#3 DONE 2.9s" or "#3 CACHED", errors in red.
import type { ServerMessage } from '../../../shared/protocol/messages.ts';
import { formatBytes, formatDuration } from '../format.ts';

const ESC = '\x1b[';
// Each style ends with its own reset (22 intensity, 39 colour), so styles nest. Quiet text is
// the theme's bright black (90), not SGR dim: xterm draws dim at half opacity, too faint to read.
export const ansi = {
  bold: (s: string) => `${ESC}1m${s}${ESC}22m`,
  dim: (s: string) => `${ESC}90m${s}${ESC}39m`,
  red: (s: string) => `${ESC}31m${s}${ESC}39m`,
  green: (s: string) => `${ESC}32m${s}${ESC}39m`,
  yellow: (s: string) => `${ESC}33m${s}${ESC}39m`,
  cyan: (s: string) => `${ESC}36m${s}${ESC}39m`,
};

/** BuildKit's own bookkeeping steps, shown dimmed so the learner's steps stand out. */
const isInternal = (name: string) => name.startsWith('[internal]') || name === 'copy /context /' || name.startsWith('resolve image config');

const seconds = (ms: number | undefined) => (ms === undefined ? '' : ` ${(ms / 1000).toFixed(1)}s`);

export class BuildLogRenderer {
  private readonly numbers = new Map<string, number>();
  private readonly announced = new Set<string>();
  /** Output not yet ended by a newline, per step: printed once the line is complete. */
  private readonly partial = new Map<string, string>();

  render(message: ServerMessage): string {
    switch (message.type) {
      case 'queued':
        return message.position > 0 ? ansi.dim(`Waiting for a build slot: ${message.position} ahead of you…`) + '\r\n' : '';
      case 'started':
      case 'accepted':
      case 'hello':
      case 'heartbeat':
        return '';
      case 'step':
        return this.step(message);
      case 'log':
        return this.log(message.step, message.text, message.stream);
      case 'error':
        if (message.code === 'log-truncated') return ansi.yellow(`! ${message.message}`) + '\r\n';
        return ansi.red(ansi.bold('✖ ') + (message.step ? `${message.step}: ` : '') + message.message) + '\r\n';
      case 'result':
        return this.result(message);
      case 'checkpoints':
        return ''; // shown in the checklist, not the log
      case 'analysis':
        return ''; // shown in the Image panel, not the log
      case 'lint':
        return message.diagnostics
          .map((d) => {
            const paint = d.severity === 'error' ? ansi.red : d.severity === 'warning' ? ansi.yellow : ansi.dim;
            return paint(`${d.severity} ${d.line}:${d.column} ${d.rule}`) + ansi.dim(` ${d.message}`) + '\r\n';
          })
          .join('');
    }
  }

  private number(id: string): string {
    let n = this.numbers.get(id);
    if (n === undefined) {
      n = this.numbers.size + 1;
      this.numbers.set(id, n);
    }
    return `#${n}`;
  }

  private step(step: Extract<ServerMessage, { type: 'step' }>): string {
    const n = this.number(step.id);
    const name = isInternal(step.name) ? ansi.dim(step.name) : ansi.cyan(step.name);
    let out = this.flush(step.id);
    const announce = () => {
      if (this.announced.has(step.id)) return '';
      this.announced.add(step.id);
      return `${ansi.bold(n)} ${name}\r\n`;
    };
    switch (step.status) {
      case 'running':
        out += announce();
        break;
      case 'cached':
        out += this.announced.has(step.id) ? `${n} ${ansi.dim('CACHED')}\r\n` : (this.announced.add(step.id), `${ansi.bold(n)} ${name} ${ansi.dim('CACHED')}\r\n`);
        break;
      case 'done':
        out += announce() + `${n} ${ansi.green('DONE')}${seconds(step.durationMs)}\r\n`;
        break;
      case 'error':
        out += announce() + ansi.red(`${n} ERROR: ${step.error ?? 'failed'}`) + '\r\n';
        break;
    }
    return out;
  }

  private log(stepId: string, text: string, stream: 'stdout' | 'stderr'): string {
    const prefix = stepId ? `${this.number(stepId)} ` : '';
    const pending = (this.partial.get(stepId) ?? '') + text;
    const lines = pending.split('\n');
    this.partial.set(stepId, lines.pop() ?? '');
    const paint = stream === 'stderr' ? ansi.yellow : (s: string) => s;
    return lines.map((line) => `${ansi.dim(prefix)}${paint(line.replace(/\r$/, ''))}\r\n`).join('');
  }

  private flush(stepId: string): string {
    const rest = this.partial.get(stepId);
    this.partial.delete(stepId);
    return rest ? `${ansi.dim(`${this.number(stepId)} `)}${rest}\r\n` : '';
  }

  private result(result: Extract<ServerMessage, { type: 'result' }>): string {
    const rest = [...this.partial.keys()].map((id) => this.flush(id)).join('');
    const took = formatDuration(result.durationMs);
    if (result.ok && result.imageSize !== undefined) {
      const stages = `${result.stages} stage${result.stages === 1 ? '' : 's'}`;
      return rest + '\r\n' + ansi.green(ansi.bold(`✔ Image size: ${formatBytes(result.imageSize)}`)) + ansi.green(` · built in ${took} · ${stages}`) + '\r\n';
    }
    const word = { success: 'Build finished', failed: 'Build failed', cancelled: 'Build cancelled', timeout: 'Build timed out' }[result.outcome];
    const paint = result.outcome === 'cancelled' ? ansi.yellow : ansi.red;
    return rest + '\r\n' + paint(ansi.bold(`■ ${word} after ${took}`)) + '\r\n';
  }
}
