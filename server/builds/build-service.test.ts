// The build service with a fake engine: every way a build can end ends it for the page (one
// result, one checkpoints when announced) and gives its slot back exactly once.
import { describe, expect, it } from 'vitest';
import type { BuildMessage } from '../../shared/protocol/messages.ts';
import type { BuildRecord } from './build-journal.ts';
import { harness, RecordingObserver, starterRequest, type Harness } from './fake-engine.test-support.ts';

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function start(h: Harness, learner = 'learner-a', observer = new RecordingObserver()) {
  const started = await h.service.start({ learner, address: `address-of-${learner}` }, starterRequest, observer);
  if (!started.ok) throw new Error(`refused: ${started.code} ${started.message}`);
  const messages: BuildMessage[] = [...started.record.after(0)];
  started.record.follow((m) => messages.push(m));
  return { record: started.record, messages, observer };
}

async function ended(record: BuildRecord): Promise<void> {
  for (let i = 0; i < 400 && record.active; i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(record.active).toBe(false);
}

const types = (messages: BuildMessage[]) => messages.map((m) => (m.type === 'error' ? `error:${m.code}` : m.type));
const success = { outcome: 'success' as const, imageId: 'sha256:img', imageSize: 111_000_000 };

describe('BuildService', () => {
  it('runs a build to its verdicts, numbering every message, and gives the slot back', async () => {
    const h = await harness();
    const { record, messages, observer } = await start(h);
    const build = await h.work.nthBuild(0);
    expect(build.request.learner).toBe('learner-a');
    build.emit({ type: 'step', id: 'v1', name: '[1/4] FROM node:18', status: 'running' });
    build.end(success);
    const check = await h.work.nthCheck(0);
    check.end({ steps: [{ step: 'convert', checkpoints: [{ id: 'builds', status: 'pass', expected: 'it builds', found: 'it built' }] }] });
    await ended(record);
    // A free slot at once: no `queued`.
    expect(types(messages)).toEqual(['accepted', 'lint', 'started', 'step', 'result', 'checkpoints']);
    expect(messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(messages.every((m) => m.buildId === record.id)).toBe(true);
    expect(observer.finishedCalls).toHaveLength(1);
    expect(h.work.removed).toEqual(['sha256:img']);
    expect(h.scheduler.view()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('cancel while queued: the build leaves the line, ends cancelled, and the line moves', async () => {
    const h = await harness();
    const first = await start(h, 'a');
    const second = await start(h, 'b');
    await h.work.nthBuild(0);
    expect(second.messages.filter((m) => m.type === 'queued').map((m) => m.type === 'queued' && m.position)).toEqual([0]);
    second.record.controller.abort();
    await ended(second.record);
    expect(types(second.messages).slice(-2)).toEqual(['error:cancelled', 'result']);
    expect(h.scheduler.waiting).toBe(0);
    h.work.builds[0]!.end({ outcome: 'failed', message: 'boom', step: undefined });
    (await h.work.nthCheck(0)).end({ steps: [] });
    await ended(first.record);
    expect(h.scheduler.view()).toMatchObject({ running: 0, waiting: 0 });
  });

  it('cancel while building stops the build in the engine and frees the slot for the next learner', async () => {
    const h = await harness();
    const a = await start(h, 'a');
    const b = await start(h, 'b');
    const build = await h.work.nthBuild(0);
    a.record.controller.abort();
    expect(build.request.signal.aborted).toBe(true);
    await ended(a.record);
    expect(types(a.messages).slice(-2)).toEqual(['error:cancelled', 'result']);
    const next = await h.work.nthBuild(1);
    expect(next.request.learner).toBe('b');
    next.end(success);
    (await h.work.nthCheck(0)).end({ steps: [] });
    await ended(b.record);
    expect(h.scheduler.running).toBe(0);
  });

  it('cancel while checking ends the checks with what they had; the slot waits until the checks really stopped', async () => {
    const h = await harness();
    h.work.checkWindDownMs = 50;
    const { record, messages } = await start(h);
    (await h.work.nthBuild(0)).end(success);
    await h.work.nthCheck(0);
    record.controller.abort();
    await settle();
    expect(h.scheduler.running).toBe(1); // the checks' containers are still being removed
    await ended(record);
    expect(types(messages).slice(-3)).toEqual(['result', 'error:cancelled', 'checkpoints']);
    expect(h.work.removed).toEqual(['sha256:img']);
    expect(h.scheduler.running).toBe(0);
  });

  it('a checkpoint that never answers is stopped at the check deadline', async () => {
    const h = await harness({ checkSeconds: 1 });
    const { record, messages } = await start(h);
    (await h.work.nthBuild(0)).end(success);
    const check = await h.work.nthCheck(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(check.signal.aborted).toBe(true);
    await ended(record);
    const error = messages.find((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'deadline' });
    expect(types(messages).at(-1)).toBe('checkpoints');
    expect(h.scheduler.running).toBe(0);
  });

  it('the engine failing mid-build ends the build with a stable message, not the engine internals', async () => {
    const h = await harness();
    const { record, messages } = await start(h);
    const build = await h.work.nthBuild(0);
    build.emit({ type: 'log', step: 'v1', stream: 'stdout', text: 'npm install\n' });
    build.fail(Object.assign(new Error('connect ENOENT /secret/path/docker.sock'), { code: 'ENOENT' }));
    await ended(record);
    const error = messages.find((m) => m.type === 'error');
    expect(error).toMatchObject({ code: 'engine-unavailable' });
    expect(JSON.stringify(messages)).not.toContain('/secret/path');
    expect(types(messages).at(-1)).toBe('result');
    expect(h.scheduler.running).toBe(0);
  });

  it('an engine lost before any output: the build moves to another engine once', async () => {
    const h = await harness({ engines: 2 });
    const { record, messages } = await start(h);
    const first = await h.work.nthBuild(0);
    h.down.add(first.engine.name);
    first.fail(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const second = await h.work.nthBuild(1);
    expect(second.engine.name).not.toBe(first.engine.name);
    expect(first.engine.state).toBe('unhealthy');
    second.end(success);
    (await h.work.nthCheck(0)).end({ steps: [] });
    await ended(record);
    expect(messages.some((m) => m.type === 'result' && m.ok)).toBe(true);
    expect(h.scheduler.running).toBe(0);
  });

  it('the engine failing at inspect: checks-failed, the verdicts it had, and the result stands', async () => {
    const h = await harness();
    const { record, messages } = await start(h);
    (await h.work.nthBuild(0)).end(success);
    const verdict = { id: 'builds', status: 'pass' as const, expected: 'it builds', found: 'it built' };
    (await h.work.nthCheck(0)).end({ steps: [{ step: 'convert', checkpoints: [verdict] }], error: new Error('inspect: socket hang up') });
    await ended(record);
    expect(types(messages).slice(-3)).toEqual(['result', 'error:checks-failed', 'checkpoints']);
    const checkpoints = messages.at(-1);
    expect(checkpoints?.type === 'checkpoints' && checkpoints.steps[0]?.checkpoints).toEqual([verdict]);
    expect(h.scheduler.running).toBe(0);
  });

  it('a database that cannot be written: the learner is told, the result still comes', async () => {
    const h = await harness();
    const observer = new RecordingObserver();
    observer.failWith = new Error('database or disk is full');
    const { record, messages } = await start(h, 'a', observer);
    (await h.work.nthBuild(0)).end(success);
    (await h.work.nthCheck(0)).end({ steps: [] });
    await ended(record);
    expect(types(messages).slice(-3)).toEqual(['result', 'error:progress-not-saved', 'checkpoints']);
  });

  it('one learner gets one running and one waiting build, whatever the number of tabs', async () => {
    const h = await harness();
    await start(h, 'a');
    await start(h, 'a');
    const third = await h.service.start({ learner: 'a', address: '127.0.0.1' }, starterRequest, new RecordingObserver());
    expect(third).toMatchObject({ ok: false, code: 'busy' });
    expect((await h.service.start({ learner: 'b', address: '127.0.0.1' }, starterRequest, new RecordingObserver())).ok).toBe(true);
  });

  it('one client address gets at most its cap of builds, however many learner cookies it mints; one read at a time per learner', async () => {
    const h = await harness({ buildsPerAddress: 3 });
    const from = (learner: string) => h.service.start({ learner, address: '203.0.113.9' }, starterRequest, new RecordingObserver());
    expect((await from('m1')).ok).toBe(true);
    expect((await from('m2')).ok).toBe(true);
    expect((await from('m3')).ok).toBe(true);
    expect(await from('m4')).toMatchObject({ ok: false, code: 'busy', message: expect.stringContaining('your network') });
    expect((await h.service.start({ learner: 'elsewhere', address: '198.51.100.7' }, starterRequest, new RecordingObserver())).ok).toBe(true);
    // Two requests of one learner at once: the second waits for nothing, it is told to wait.
    const [first, second] = await Promise.all([from('twin'), from('twin')].map((p) => p.catch((e: unknown) => e)));
    expect([first, second].filter((r) => (r as { code?: string }).code === 'busy').length).toBeGreaterThanOrEqual(1);
  });

  it('with no engine answering, the learner is told the build waits for one, and it starts when one is back', async () => {
    const h = await harness();
    h.down.add('engine-0');
    await h.pool.checkAll();
    const { record, messages } = await start(h);
    await settle();
    expect(messages.some((m) => m.type === 'log' && m.text.includes('no build engine is available'))).toBe(true);
    h.down.delete('engine-0');
    await h.pool.checkAll();
    (await h.work.nthBuild(0)).end(success);
    (await h.work.nthCheck(0)).end({ steps: [] });
    await ended(record);
    expect(messages.some((m) => m.type === 'result' && m.ok)).toBe(true);
  });

  it('an engine a build left at a limit is emptied before its next build, then takes builds again', async () => {
    const h = await harness();
    const first = await start(h, 'a');
    const second = await start(h, 'b');
    (await h.work.nthBuild(0)).end({ outcome: 'failed', message: 'process "/bin/sh -c dd" did not complete successfully: write /fill: no space left on device', step: undefined });
    (await h.work.nthCheck(0)).end({ steps: [] });
    await ended(first.record);
    const next = await h.work.nthBuild(1);
    expect(h.emptied).toEqual(['engine-0']); // emptied before b's build got the engine
    expect(next.request.learner).toBe('b');
    expect(h.pool.engines[0]!.state).toBe('healthy');
    next.end(success);
    (await h.work.nthCheck(1)).end({ steps: [] });
    await ended(second.record);
    expect(h.emptied).toEqual(['engine-0']); // an ordinary build leaves it as it is
  });

  it('a build nobody follows is cancelled after the grace period', async () => {
    const h = await harness({ abandonGraceMs: 20 });
    const started = await h.service.start({ learner: 'a', address: '127.0.0.1' }, starterRequest, new RecordingObserver());
    if (!started.ok) throw new Error('refused');
    const unfollow = started.record.follow(() => {});
    const build = await h.work.nthBuild(0);
    unfollow();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(build.request.signal.aborted).toBe(true);
    await ended(started.record);
    const error = started.record.after(0).find((m) => m.type === 'error');
    expect(error?.type === 'error' && error.message).toMatch(/no page followed it/);
    expect(h.scheduler.running).toBe(0);
  });

  it('refuses a request before it becomes a build: unknown lab, a file that is not buildable, too large a context', async () => {
    const h = await harness();
    const observer = new RecordingObserver();
    expect(await h.service.start({ learner: 'a', address: '127.0.0.1' }, { ...starterRequest, lab: 'nope' }, observer)).toMatchObject({ ok: false, code: 'unknown-lab' });
    expect(await h.service.start({ learner: 'a', address: '127.0.0.1' }, { ...starterRequest, file: '.dockerignore' }, observer)).toMatchObject({ ok: false, code: 'bad-message' });
    const badIgnore = await h.service.start({ learner: 'a', address: '127.0.0.1' }, { ...starterRequest, files: { ...starterRequest.files, '.dockerignore': 'node_modules\n((?+)+)+((?+)+)+Z\n' } }, observer);
    expect(badIgnore).toMatchObject({ ok: false, code: 'refused', message: expect.stringContaining('.dockerignore line 2') });
    const refused = await h.service.start({ learner: 'a', address: '127.0.0.1' }, { ...starterRequest, files: { Dockerfile: 'FROM registry.invalid/x\n' } }, observer);
    expect(refused).toMatchObject({ ok: false, code: 'refused', message: expect.stringContaining('line 1') });
    expect(h.journal.size).toBe(0);
  });
});
