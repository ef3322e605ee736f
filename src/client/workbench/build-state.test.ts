import { describe, expect, it } from 'vitest';
import { createBuildStore, nextState, transitions, type BuildEvent, type BuildPhase, type BuildState } from './build-state.ts';

const at = (phase: BuildPhase, extra: Partial<BuildState> = {}): BuildState => ({ phase, buildId: 'b1', file: 'Dockerfile', ...extra });

/** Every transition of the table, with the state it must lead to. */
const cases: Array<[string, BuildState, BuildEvent, Partial<BuildState>]> = [
  ['idle + request -> queued, no build id yet', { phase: 'idle' }, { type: 'request', file: 'Dockerfile' }, { phase: 'queued', buildId: undefined, file: 'Dockerfile' }],
  ['idle + adopt -> the adopted build in its phase', { phase: 'idle' }, { type: 'adopt', buildId: 'b9', file: 'Dockerfile.regular', phase: 'building' }, { phase: 'building', buildId: 'b9', file: 'Dockerfile.regular' }],
  ['queued + accepted -> queued with the build id', { phase: 'queued', file: 'Dockerfile' }, { type: 'accepted', buildId: 'b2' }, { phase: 'queued', buildId: 'b2', file: 'Dockerfile' }],
  ['queued + started -> building', at('queued'), { type: 'started' }, { phase: 'building', buildId: 'b1' }],
  ['queued + result (cancelled while waiting) -> cancelled', at('queued'), { type: 'result', outcome: 'cancelled', checking: false }, { phase: 'cancelled' }],
  ['queued + ended (refused) -> failed with the reason', { phase: 'queued', file: 'Dockerfile' }, { type: 'ended', reason: 'too large' }, { phase: 'failed', reason: 'too large' }],
  ['queued + connection-lost -> disconnected, back to queued on resume', at('queued'), { type: 'connection-lost' }, { phase: 'disconnected', resumeTo: 'queued' }],
  ['queued + silent -> failed', { phase: 'queued', file: 'Dockerfile' }, { type: 'silent', reason: 'no answer' }, { phase: 'failed', reason: 'no answer' }],
  ['building + accepted -> building, id kept up to date', at('building', { buildId: undefined }), { type: 'accepted', buildId: 'b3' }, { phase: 'building', buildId: 'b3' }],
  ['building + result ok, no checks -> done', at('building'), { type: 'result', outcome: 'success', checking: false }, { phase: 'done', outcome: 'success' }],
  ['building + result announcing checks -> checking', at('building'), { type: 'result', outcome: 'success', checking: true }, { phase: 'checking', outcome: 'success' }],
  ['building + result timeout -> failed', at('building'), { type: 'result', outcome: 'timeout', checking: false }, { phase: 'failed', outcome: 'timeout' }],
  ['building + ended (error with no result) -> failed', at('building'), { type: 'ended', reason: 'engine unavailable' }, { phase: 'failed', reason: 'engine unavailable' }],
  ['building + connection-lost -> disconnected', at('building'), { type: 'connection-lost' }, { phase: 'disconnected', resumeTo: 'building', buildId: 'b1' }],
  ['building + silent -> failed', at('building'), { type: 'silent', reason: 'the server went silent' }, { phase: 'failed', reason: 'the server went silent' }],
  ['checking + checkpoints after a good build -> done', at('checking', { outcome: 'success' }), { type: 'checkpoints' }, { phase: 'done' }],
  ['checking + checkpoints after a failed build -> failed', at('checking', { outcome: 'failed' }), { type: 'checkpoints' }, { phase: 'failed' }],
  ['checking + ended (checks could not run, no checkpoints) -> failed', at('checking', { outcome: 'success' }), { type: 'ended', reason: 'deadline' }, { phase: 'failed', reason: 'deadline' }],
  ['checking + connection-lost -> disconnected', at('checking'), { type: 'connection-lost' }, { phase: 'disconnected', resumeTo: 'checking' }],
  ['checking + silent (checkpoints never came) -> failed', at('checking'), { type: 'silent', reason: 'no checkpoints' }, { phase: 'failed', reason: 'no checkpoints' }],
  ['done + request -> queued', at('done'), { type: 'request', file: 'Dockerfile.regular' }, { phase: 'queued', buildId: undefined, file: 'Dockerfile.regular', outcome: undefined }],
  ['done + adopt -> building', at('done'), { type: 'adopt', buildId: 'b4', file: 'Dockerfile', phase: 'checking' }, { phase: 'checking', buildId: 'b4' }],
  ['failed + request -> queued, the old reason gone', at('failed', { reason: 'x' }), { type: 'request', file: 'Dockerfile' }, { phase: 'queued', reason: undefined }],
  ['failed + adopt -> queued', at('failed'), { type: 'adopt', buildId: 'b5', file: 'Dockerfile', phase: 'queued' }, { phase: 'queued', buildId: 'b5' }],
  ['cancelled + request -> queued', at('cancelled'), { type: 'request', file: 'Dockerfile' }, { phase: 'queued' }],
  ['cancelled + adopt -> building', at('cancelled'), { type: 'adopt', buildId: 'b6', file: 'Dockerfile', phase: 'building' }, { phase: 'building', buildId: 'b6' }],
  ['disconnected + resumed -> the phase the server reports', at('disconnected', { resumeTo: 'building' }), { type: 'resumed', phase: 'checking' }, { phase: 'checking', resumeTo: undefined }],
  ['disconnected + resumed of a request dropped before accepted -> its build id learnt', at('disconnected', { buildId: undefined, resumeTo: 'queued' }), { type: 'resumed', phase: 'queued', buildId: 'b7' }, { phase: 'queued', buildId: 'b7' }],
  ['disconnected + resumed of a finished build -> back where it was, the replay ends it', at('disconnected', { resumeTo: 'building' }), { type: 'resumed', phase: 'done' }, { phase: 'building' }],
  ['disconnected + lost (server forgot the build) -> idle with the reason', at('disconnected', { resumeTo: 'building' }), { type: 'lost', reason: 'gone' }, { phase: 'idle', buildId: undefined, reason: 'gone', file: 'Dockerfile' }],
];

describe('build states', () => {
  it.each(cases)('%s', (_, from, event, expected) => {
    const next = nextState(from, event);
    for (const [key, value] of Object.entries(expected)) expect(next[key as keyof BuildState], key).toEqual(value);
  });

  it('has a test above for every transition in the table', () => {
    const tested = new Set(cases.map(([, from, event]) => `${from.phase}+${event.type}`));
    const table = Object.entries(transitions).flatMap(([phase, row]) => Object.keys(row).map((event) => `${phase}+${event}`));
    expect(table.filter((t) => !tested.has(t))).toEqual([]);
  });

  it('ignores what a phase does not expect: a late message, a second Build, a stray hello', () => {
    expect(nextState(at('building'), { type: 'request', file: 'Dockerfile' })).toEqual(at('building'));
    expect(nextState(at('done'), { type: 'checkpoints' })).toEqual(at('done'));
    expect(nextState(at('idle'), { type: 'connection-lost' })).toEqual(at('idle'));
    expect(nextState(at('checking'), { type: 'result', outcome: 'success', checking: true })).toEqual(at('checking'));
    expect(nextState(at('done'), { type: 'resumed', phase: 'building' })).toEqual(at('done'));
  });

  it('runs a build with a dropped socket to its verdicts through the store', () => {
    const store = createBuildStore();
    const phases: string[] = [];
    store.$state.subscribe((s) => phases.at(-1) !== s.phase && phases.push(s.phase));
    for (const event of [
      { type: 'request', file: 'Dockerfile' },
      { type: 'accepted', buildId: 'b1' },
      { type: 'started' },
      { type: 'connection-lost' },
      { type: 'resumed', phase: 'building' },
      { type: 'result', outcome: 'success', checking: true },
      { type: 'checkpoints' },
    ] as BuildEvent[]) {
      store.dispatch(event);
    }
    expect(phases).toEqual(['idle', 'queued', 'building', 'disconnected', 'building', 'checking', 'done']);
  });
});
