import { describe, expect, it } from 'vitest';
import { clientMessageSchema, serverMessageSchema } from './messages.ts';

const schema = clientMessageSchema(64 * 1024);

describe('client messages', () => {
  it('accepts a build request and a cancel', () => {
    expect(schema.parse({ type: 'build', lab: 'multistage-node', files: { Dockerfile: 'FROM alpine\n' } })).toEqual({
      type: 'build',
      lab: 'multistage-node',
      file: 'Dockerfile', // the default editor file
      files: { Dockerfile: 'FROM alpine\n' },
    });
    const withIgnore = { type: 'build', lab: 'multistage-node', file: 'Dockerfile.regular', files: { Dockerfile: 'FROM alpine', '.dockerignore': '.env' } };
    expect(schema.parse(withIgnore)).toEqual(withIgnore);
    expect(schema.parse({ type: 'cancel' })).toEqual({ type: 'cancel' });
  });

  it('refuses a Dockerfile over the limit, counting bytes not characters', () => {
    const justUnder = 'é'.repeat(32 * 1024 - 1); // 2 bytes each
    expect(schema.safeParse({ type: 'build', lab: 'x', files: { Dockerfile: justUnder } }).success).toBe(true);
    const over = schema.safeParse({ type: 'build', lab: 'x', files: { Dockerfile: 'é'.repeat(32 * 1024 + 1) } });
    expect(over.success).toBe(false);
    expect(over.error?.issues[0]?.message).toMatch(/larger than 64 KiB/);
    expect(over.error?.issues[0]?.path).toEqual(['files', 'Dockerfile']);
  });

  it('refuses unknown types, path-like lab ids and extra files', () => {
    expect(schema.safeParse({ type: 'run' }).success).toBe(false);
    expect(schema.safeParse({ type: 'build', lab: '../etc', files: { Dockerfile: '' } }).success).toBe(false);
    expect(schema.safeParse({ type: 'build', lab: 'a', files: { Dockerfile: '', 'server.js': 'x' } }).success).toBe(false);
    expect(schema.safeParse({ type: 'build', lab: 'a', file: '../Dockerfile', files: { Dockerfile: '' } }).success).toBe(false);
    const bigIgnore = schema.safeParse({ type: 'build', lab: 'a', files: { Dockerfile: '', '.dockerignore': 'x'.repeat(65 * 1024) } });
    expect(bigIgnore.error?.issues[0]?.path).toEqual(['files', '.dockerignore']);
    expect(schema.safeParse({ type: 'build', lab: 'a' }).success).toBe(false);
  });
});

describe('server messages', () => {
  it('describes every message the server sends', () => {
    const messages = [
      { type: 'queued', position: 0 },
      { type: 'started', buildId: 'b' },
      { type: 'step', id: 'sha256:1', name: '[1/2] FROM alpine', status: 'done', durationMs: 12 },
      { type: 'log', step: 'sha256:1', stream: 'stdout', text: 'hi\n' },
      { type: 'error', code: 'build-failed', message: 'exit code: 3', step: '[2/2] RUN exit 3' },
      { type: 'result', buildId: 'b', file: 'Dockerfile', ok: true, outcome: 'success', imageSize: 1000, stages: 2, durationMs: 5, checking: true },
      {
        type: 'checkpoints',
        buildId: 'b',
        file: 'Dockerfile',
        steps: [{ step: 'multi-stage', checkpoints: [{ id: 'two-stages', status: 'fail', expected: 'at least 2 stages', found: '1' }] }],
        durationMs: 900,
      },
    ];
    for (const message of messages) expect(serverMessageSchema.parse(message)).toEqual(message);
  });

  it('rejects a result without its outcome', () => {
    expect(serverMessageSchema.safeParse({ type: 'result', buildId: 'b', file: 'Dockerfile', ok: true, stages: 1, durationMs: 1, checking: false }).success).toBe(false);
  });
});
