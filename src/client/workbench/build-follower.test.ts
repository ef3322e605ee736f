import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../../shared/protocol/messages.ts';
import { BuildFollower } from './build-follower.ts';
import { createBuildStore } from './build-state.ts';

const words = { lost: 'lost', lostBeforeAccepted: 'lost early' };
const request = { type: 'build' as const, lab: 'lab', file: 'Dockerfile', files: { Dockerfile: 'FROM alpine' } };

function setup() {
  const store = createBuildStore();
  const sent: unknown[] = [];
  const drawn: string[] = [];
  const events = { adopted: [] as string[], lost: 0 };
  const follower = new BuildFollower('lab', store, { touch() {}, stop() {} }, {
    send: (m) => (sent.push(m), 'sent'),
    draw: (m) => drawn.push(m.type === 'log' ? `log:${m.text}` : m.type),
    adopted: (file) => events.adopted.push(file),
    lost: () => events.lost++,
  }, words);
  return { store, sent, drawn, events, follower };
}

const b = (seq: number, rest: Record<string, unknown>) => ({ buildId: 'build-0001', seq, ...rest }) as ServerMessage;
const accepted = b(1, { type: 'accepted', lab: 'lab', file: 'Dockerfile' });
const started = b(2, { type: 'started' });
const log = (seq: number, text: string) => b(seq, { type: 'log', step: 's', stream: 'stdout', text });
const result = (seq: number, checking: boolean) => b(seq, { type: 'result', file: 'Dockerfile', ok: true, outcome: 'success', imageSize: 1, stages: 2, durationMs: 1, checking });
const checkpoints = (seq: number) => b(seq, { type: 'checkpoints', file: 'Dockerfile', steps: [], durationMs: 1 });

describe('BuildFollower', () => {
  it('follows its build in order and ignores other builds', () => {
    const { store, drawn, follower } = setup();
    expect(follower.start(request)).toBe('sent');
    for (const m of [accepted, started, { ...log(3, 'a'), buildId: 'other-build' } as ServerMessage, log(3, 'b'), result(4, true), checkpoints(5)]) follower.receive(m);
    expect(drawn).toEqual(['accepted', 'started', 'log:b', 'result', 'checkpoints']);
    expect(store.$state.get().phase).toBe('done');
  });

  it('resumes after a dropped socket from the last line drawn, drawing nothing twice', () => {
    const { store, sent, drawn, follower } = setup();
    follower.start(request);
    [accepted, started, log(3, 'one')].forEach((m) => follower.receive(m));
    follower.connectionClosed();
    expect(store.$state.get().phase).toBe('disconnected');
    follower.receive({ type: 'hello', builds: [{ buildId: 'build-0001', lab: 'lab', file: 'Dockerfile', phase: 'building', lastSeq: 5 }] });
    expect(sent.at(-1)).toEqual({ type: 'resume', buildId: 'build-0001', after: 3 });
    // The replay, overlapping what the page had.
    [log(3, 'one'), log(4, 'two'), result(5, true), checkpoints(6)].forEach((m) => follower.receive(m));
    expect(drawn).toEqual(['accepted', 'started', 'log:one', 'log:two', 'result', 'checkpoints']);
    expect(store.$state.get().phase).toBe('done');
  });

  it('finds a request the socket dropped before accepted, by lab and file', () => {
    const { store, sent, drawn, follower } = setup();
    follower.start(request);
    follower.connectionClosed();
    follower.receive({ type: 'hello', builds: [{ buildId: 'build-0001', lab: 'lab', file: 'Dockerfile', phase: 'queued', lastSeq: 2 }] });
    expect(sent.at(-1)).toEqual({ type: 'resume', buildId: 'build-0001', after: 0 });
    [accepted, started, result(3, false)].forEach((m) => follower.receive(m));
    expect(drawn).toEqual(['accepted', 'started', 'result']);
    expect(store.$state.get().phase).toBe('done');
  });

  it('gives the build up when the server no longer knows it', () => {
    const { store, events, follower } = setup();
    follower.start(request);
    [accepted, started].forEach((m) => follower.receive(m));
    follower.connectionClosed();
    follower.receive({ type: 'hello', builds: [] });
    expect(store.$state.get()).toMatchObject({ phase: 'idle', reason: 'lost' });
    expect(events.lost).toBe(1);
  });

  it('in a second tab, follows the running build of its lab from the start', () => {
    const { store, sent, events, follower } = setup();
    follower.receive({ type: 'hello', builds: [{ buildId: 'build-0001', lab: 'lab', file: 'Dockerfile.regular', phase: 'building', lastSeq: 9 }, { buildId: 'x-build-2', lab: 'other', file: 'Dockerfile', phase: 'building', lastSeq: 1 }] });
    expect(events.adopted).toEqual(['Dockerfile.regular']);
    expect(sent).toEqual([{ type: 'resume', buildId: 'build-0001', after: 0 }]);
    expect(store.$state.get()).toMatchObject({ phase: 'building', buildId: 'build-0001' });
  });

  it('ends a refused request, and a build whose checks ran past the deadline', () => {
    const refused = setup();
    refused.follower.start(request);
    refused.follower.receive({ type: 'error', code: 'busy', message: 'one build at a time' });
    expect(refused.store.$state.get()).toMatchObject({ phase: 'failed', reason: 'one build at a time' });

    const late = setup();
    late.follower.start(request);
    [accepted, started, result(3, true), b(4, { type: 'error', code: 'deadline', message: 'past the deadline' })].forEach((m) => late.follower.receive(m));
    expect(late.store.$state.get()).toMatchObject({ phase: 'failed', reason: 'past the deadline' });
  });

  it('asks once for a gap and draws nothing out of order', () => {
    const { sent, drawn, follower } = setup();
    follower.start(request);
    [accepted, log(4, 'x'), log(5, 'y')].forEach((m) => follower.receive(m));
    expect(sent.filter((m) => (m as { type: string }).type === 'resume')).toEqual([{ type: 'resume', buildId: 'build-0001', after: 1 }]);
    expect(drawn).toEqual(['accepted']);
  });
});
