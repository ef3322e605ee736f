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
  it('describes every message the server sends; a build\'s messages carry buildId and seq', () => {
    const b = { buildId: 'b', seq: 1 };
    const messages = [
      { type: 'hello', builds: [{ buildId: 'b', lab: 'multistage-node', file: 'Dockerfile', phase: 'building', lastSeq: 4 }] },
      { type: 'heartbeat' },
      { type: 'accepted', ...b, lab: 'multistage-node', file: 'Dockerfile' },
      { type: 'queued', ...b, position: 0 },
      { type: 'started', ...b },
      { type: 'step', ...b, id: 'sha256:1', name: '[1/2] FROM alpine', status: 'done', durationMs: 12 },
      { type: 'log', ...b, step: 'sha256:1', stream: 'stdout', text: 'hi\n' },
      { type: 'error', ...b, code: 'build-failed', message: 'exit code: 3', step: '[2/2] RUN exit 3' },
      { type: 'error', code: 'busy', message: 'refused before it became a build' },
      { type: 'result', ...b, file: 'Dockerfile', ok: true, outcome: 'success', imageSize: 1000, stages: 2, durationMs: 5, checking: true },
      {
        type: 'checkpoints',
        ...b,
        file: 'Dockerfile',
        steps: [{ step: 'multi-stage', checkpoints: [{ id: 'two-stages', status: 'fail', expected: 'at least 2 stages', found: '1' }] }],
        durationMs: 900,
      },
    ];
    for (const message of messages) expect(serverMessageSchema.parse(message)).toEqual(message);
    for (const type of ['queued', 'step', 'log', 'result', 'checkpoints']) {
      const numbered = messages.find((m) => m.type === type)!;
      const { seq: _seq, ...unnumbered } = numbered as { seq?: number };
      expect(serverMessageSchema.safeParse(unnumbered).success, `${type} without seq`).toBe(false);
    }
  });

  it('accepts resume and cancel by build id, and refuses a resume without a place', () => {
    expect(schema.parse({ type: 'resume', buildId: '3f2a9c1e-0000-4000-8000-000000000000', after: 12 })).toMatchObject({ after: 12 });
    expect(schema.parse({ type: 'cancel', buildId: '3f2a9c1e-0000-4000-8000-000000000000' })).toMatchObject({ type: 'cancel' });
    expect(schema.safeParse({ type: 'resume', buildId: '3f2a9c1e-0000-4000-8000-000000000000' }).success).toBe(false);
    expect(schema.safeParse({ type: 'resume', buildId: '../../x', after: 0 }).success).toBe(false);
  });

  it('rejects a result without its outcome', () => {
    expect(serverMessageSchema.safeParse({ type: 'result', buildId: 'b', file: 'Dockerfile', ok: true, stages: 1, durationMs: 1, checking: false }).success).toBe(false);
  });
});
