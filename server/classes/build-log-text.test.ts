import { describe, expect, it } from 'vitest';
import type { BuildMessage } from '../../shared/protocol/messages.ts';
import { buildLogTail } from './build-log-text.ts';

const of = { buildId: 'b', seq: 1 };
const messages: BuildMessage[] = [
  { ...of, type: 'accepted', lab: 'node', file: 'Dockerfile' },
  { ...of, type: 'step', id: 's0', name: '[1/3] WORKDIR /app', status: 'cached' },
  { ...of, type: 'step', id: 's1', name: '[2/3] RUN npm ci', status: 'running' },
  { ...of, type: 'step', id: 's1', name: '[2/3] RUN npm ci', status: 'done' },
  { ...of, type: 'log', step: 's1', stream: 'stdout', text: 'added 57 packages' },
  { ...of, type: 'step', id: 's1', name: '[2/3] RUN npm ci', status: 'error', error: 'exit code 1' },
  { ...of, type: 'error', code: 'build-failed', message: 'RUN npm ci failed' },
  { ...of, type: 'result', file: 'Dockerfile', ok: false, outcome: 'failed', stages: 1, durationMs: 4200, checking: false },
];

describe('build log tail', () => {
  it('reads as the steps, their output and the errors', () => {
    expect(buildLogTail(messages, 64 * 1024)).toBe(
      ['[1/3] WORKDIR /app (cached)', '[2/3] RUN npm ci', 'added 57 packages', '[2/3] RUN npm ci: ERROR exit code 1', 'error (build-failed): RUN npm ci failed', ''].join('\n'),
    );
  });

  it('keeps only the end of a long log, from a line start, and says so', () => {
    const long: BuildMessage[] = Array.from({ length: 2000 }, (_, i) => ({ ...of, type: 'log', step: 's', stream: 'stdout', text: `line ${i} ééé\n` }) as BuildMessage);
    const tail = buildLogTail(long, 1024);
    expect(Buffer.byteLength(tail)).toBeLessThan(1024 + 60);
    expect(tail).toMatch(/^\[… the first \d+ bytes are not kept\]\nline \d+ ééé\n/);
    expect(tail.endsWith('line 1999 ééé\n')).toBe(true);
  });
});
