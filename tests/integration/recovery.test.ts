// Faults an operator meets, on the real sandbox, with the service run by its own supervisor
// (tests/support/supervised-service.ts: an instance of its own, so nothing else is disturbed).
// After each fault: the learner got a clear message, the service is ready again within 60 s
// with no human action, the next build succeeds, and nothing is left behind.
import { execFileSync, execSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/protocol/messages.ts';
import { isType, type BuildClient } from '../support/build-socket-client.ts';
import { neighbourDockerfile } from '../support/hostile-dockerfiles.ts';
import { LAB, SupervisedService } from '../support/supervised-service.ts';
import { projectRoot } from '../../server/config.ts';
import { canReach, lookupAccount } from '../../server/infra/service-accounts.ts';

const host = new Docker();
/** A build that is still running when the fault hits: its one step takes 40 s. */
const slowDockerfile = () => `FROM alpine:3\nRUN echo ${Date.now()}-${Math.random()} && sleep 40\n`;
/** Internals a learner must never be shown. */
const INTERNALS = /ENOENT|ECONNREFUSED|EPIPE|docker\.sock|socket hang up|\/run\/|\/work\//;

type ErrorMessage = Extract<ServerMessage, { type: 'error' }>;
type ResultMessage = Extract<ServerMessage, { type: 'result' }>;

let mountDir: string;
let service: SupervisedService;

function mountSmallDisk(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-dbdisk-'));
  const image = `${dir}.img`;
  execSync(`truncate -s 8M ${image} && mkfs.ext4 -q ${image} && mount -o loop ${image} ${dir}`);
  return dir;
}

/** Starts a build that runs long, and resolves once its step is running (the engine is busy). */
async function startSlowBuild(client: BuildClient): Promise<{ ended: Promise<{ result: ResultMessage; errors: ErrorMessage[] }>; buildId: string }> {
  const from = client.received.length;
  const accepted = client.next(isType('accepted'), 60_000);
  const running = client.next((m): m is Extract<ServerMessage, { type: 'step' }> => m.type === 'step' && m.status === 'running' && m.name.includes('sleep'), 60_000);
  const result = client.next(isType('result'), 120_000);
  client.send({ type: 'build', lab: LAB, file: 'Dockerfile', files: { Dockerfile: slowDockerfile() } });
  const { buildId } = await accepted;
  await running;
  const ended = result.then((r) => ({ result: r, errors: client.received.slice(from).map((x) => x.message).filter(isType('error')) }));
  ended.catch(() => {}); // awaited by the test that wants it
  return { ended, buildId };
}

/** Sends a build and waits for its end (result, and checkpoints when announced), with room for a busy machine. */
async function buildToEnd(client: BuildClient, dockerfile: string): Promise<{ result: ResultMessage; errors: ErrorMessage[] }> {
  const from = client.received.length;
  const result = client.next(isType('result'), 240_000);
  const checkpoints = client.next(isType('checkpoints'), 240_000);
  checkpoints.catch(() => {}); // not every build has checks
  client.send({ type: 'build', lab: LAB, file: 'Dockerfile', files: { Dockerfile: dockerfile } });
  const done = await result;
  if (done.checking) await checkpoints;
  return { result: done, errors: client.received.slice(from).map((r) => r.message).filter(isType('error')) };
}

/** The next build is the lab's solution, npm ci included; it must succeed. */
async function expectNextBuildSucceeds(): Promise<void> {
  const client = await service.connect();
  const { result, errors } = await buildToEnd(client, neighbourDockerfile());
  expect(errors, JSON.stringify(errors)).toEqual([]);
  expect(result.outcome).toBe('success');
  client.close();
}

async function expectNothingLeft(): Promise<void> {
  expect(await service.waitNoLeftovers(host)).toEqual({ containers: 0, images: 0, engineContainers: 1 });
}

function expectClearEngineMessage(errors: ErrorMessage[]): void {
  expect(errors.length, 'the learner is told why the build stopped').toBeGreaterThan(0);
  for (const error of errors) expect(error.message).not.toMatch(INTERNALS);
  expect(errors.map((e) => e.code)).toContain('engine-unavailable');
}

/** A fault in the engine while a build runs on it: the build fails with a clear message, and the service is ready again. */
async function engineFaultMidBuild(inject: () => unknown): Promise<void> {
  const client = await service.connect();
  const { ended } = await startSlowBuild(client);
  const injected = Date.now();
  inject();
  const { result, errors } = await ended;
  expect(result.ok).toBe(false);
  expect(Date.now() - injected, 'the learner hears about it within seconds').toBeLessThan(30_000);
  expectClearEngineMessage(errors);
  expect(await service.waitReady(60_000)).toBeLessThan(60_000);
  client.close();
}

const enginePid = () => Number(execFileSync('docker', ['inspect', '-f', '{{.State.Pid}}', service.names.container], { encoding: 'utf8' }).trim());

describe('recovery from faults, under the supervisor', () => {
  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('the recovery tests need root: they kill engine containers and mount a small filesystem');
    mountDir = mountSmallDisk();
    service = await SupervisedService.start({ db: path.join(mountDir, 'db', 'progress.sqlite') });
  }, 240_000);

  afterAll(async () => {
    await service?.stop();
    if (mountDir) execSync(`umount ${mountDir} && rm -rf ${mountDir} ${mountDir}.img`);
  });

  it('runs the web server and the mirror without root, the mirror with a minimal environment and only the labs\' packages', async () => {
    const units = await service.status();
    const account = (pid: number) => Number(/^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
    // Its own account, unless that account cannot enter the checkout (a private folder above it): then root, with a warning.
    const uidOf = (name: string) => {
      const own = lookupAccount(name)!;
      return [projectRoot, path.dirname(process.execPath)].every((p) => canReach(own, p)) ? own.uid : 0;
    };
    expect(account(service.pidOf('web', units))).toBe(uidOf('mslab'));
    expect(account(service.pidOf('mirror', units))).toBe(uidOf('mslab-mirror'));
    const mirrorEnv = fs.readFileSync(`/proc/${service.pidOf('mirror', units)}/environ`, 'utf8').split('\0').filter(Boolean).map((kv) => kv.split('=')[0]);
    expect(mirrorEnv.every((name) => /^(PATH|HOME|NODE_ENV|NODE_EXTRA_CA_CERTS|(HTTPS?|NO)_PROXY|(https?|no)_proxy)$/.test(name!)), mirrorEnv.join(' ')).toBe(true);
    // The engine's socket is the web server's group's; nothing else of the host is.
    const socket = fs.statSync(service.names.socket);
    expect(socket.gid).toBe(Number(execFileSync('id', ['-g', 'mslab'], { encoding: 'utf8' }).trim()));
    expect(socket.mode & 0o007).toBe(0);
    // The labs' packages come through; anything else is "no such package" at once; nobody publishes.
    expect((await fetch(`${service.names.mirrorUrl}express`)).status).toBe(200);
    expect((await fetch(`${service.names.mirrorUrl}left-pad`)).status).toBe(404);
    const publish = await fetch(`${service.names.mirrorUrl}express`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(publish.status).toBeGreaterThanOrEqual(400);
  });

  it('the engine container is killed mid-build: the build fails with a clear message, the engine is back within seconds', async () => {
    await engineFaultMidBuild(() => execFileSync('docker', ['kill', service.names.container]));
    expect(service.log).toMatch(/engine-0 +down: the container stopped/);
    await expectNextBuildSucceeds();
    await expectNothingLeft();
  });

  it("the engine's dockerd is killed: the same, through Docker's restart policy and the supervisor", async () => {
    await engineFaultMidBuild(() => process.kill(enginePid(), 'SIGKILL'));
    await expectNextBuildSucceeds();
    await expectNothingLeft();
  });

  it('the engine hangs (the container stays, the daemon stops answering): the supervisor restarts it', async () => {
    await engineFaultMidBuild(() => process.kill(enginePid(), 'SIGSTOP'));
    expect(service.log).toMatch(/engine-0 +down: the engine does not answer a ping/);
    await expectNextBuildSucceeds();
    await expectNothingLeft();
  });

  it('the npm mirror is killed during npm ci: the build ends with its result, the mirror is back, the next build succeeds', async () => {
    const client = await service.connect();
    const npmRunning = client.next((m): m is Extract<ServerMessage, { type: 'step' }> => m.type === 'step' && m.status === 'running' && m.name.includes('npm ci'), 120_000);
    const ended = buildToEnd(client, neighbourDockerfile());
    await npmRunning;
    process.kill(service.pidOf('mirror', await service.status()), 'SIGKILL');
    const { result: done, errors } = await ended;
    // npm retries a failed fetch, and the mirror is back within about two seconds: the build may
    // well succeed. If it failed, the learner was told which step and why.
    if (!done.ok) {
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.find((e) => e.code === 'build-failed')?.step ?? '').toContain('npm ci');
    }
    expect(await service.waitReady(60_000)).toBeLessThan(60_000);
    expect(service.log).toMatch(/mirror +down: killed by SIGKILL/);
    expect(await fetch(`${service.names.mirrorUrl}-/ping`).then((r) => r.status)).toBe(200);
    client.close();
    await expectNextBuildSucceeds();
    await expectNothingLeft();
  });

  it('the web server is SIGKILLed mid-build: it is back, the page learns the build was interrupted, stored progress is intact', async () => {
    // A learner of its own, with a finished build and a draft stored before the crash.
    await service.newLearner();
    await expectNextBuildSucceeds();
    expect(await service.saveDraft('FROM node:18\n# a draft saved before the crash\n')).toBeLessThan(300);
    const before = await service.progress();
    expect(Object.keys(before.builds)).toEqual(['Dockerfile']);
    expect(Object.keys(before.verdicts).length).toBeGreaterThan(0);
    const client = await service.connect();
    const closed = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (!client.isOpen) resolve(clearInterval(timer));
      }, 20);
    });
    const { buildId } = await startSlowBuild(client);
    const lastSeq = Math.max(...client.received.map((r) => ('seq' in r.message && typeof r.message.seq === 'number' ? r.message.seq : 0)));
    process.kill(service.pidOf('web', await service.status()), 'SIGKILL');
    await closed;
    expect(await service.waitReady(60_000)).toBeLessThan(60_000);
    expect(service.log).toMatch(/web +down: killed by SIGKILL/);

    // The page reconnects and asks to follow its build again: the new server says it does not
    // know it (the page then shows "interrupted" and reloads the stored progress).
    const again = await service.connect();
    const hello = await again.next(isType('hello'), 10_000).catch(() => again.received.map((r) => r.message).find(isType('hello')));
    expect(hello?.builds.some((b) => b.buildId === buildId && b.phase !== 'done') ?? false).toBe(false);
    const unknown = again.next(isType('error'), 10_000);
    again.send({ type: 'resume', buildId, after: lastSeq });
    const error = await unknown;
    expect(error.code).toBe('unknown-build');
    expect(error.message).not.toMatch(INTERNALS);
    again.close();

    const after = await service.progress();
    expect(after.drafts.Dockerfile).toBe('FROM node:18\n# a draft saved before the crash\n');
    expect(after.builds).toEqual(before.builds);
    expect(after.verdicts).toEqual(before.verdicts);
    const db = new DatabaseSync(service.db, { readOnly: true });
    expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    db.close();
    await expectNextBuildSucceeds();
    await expectNothingLeft();
  });

  it("the database's disk is full: the learner is told progress was not saved, the build still reports its result, nothing is corrupted", async () => {
    const filler = path.join(mountDir, 'filler');
    // Root may use the blocks ext4 keeps back, so this fills the disk for the web server too.
    execSync(`dd if=/dev/zero of=${filler} bs=64k 2>/dev/null || true`);
    const client = await service.connect();
    const { result, errors } = await buildToEnd(client, neighbourDockerfile());
    expect(result.outcome).toBe('success');
    expect(errors.map((e) => e.code)).toContain('progress-not-saved');
    expect(errors.find((e) => e.code === 'progress-not-saved')?.message).not.toMatch(INTERNALS);
    client.close();
    // The web server keeps serving on a full disk (no crash, no restart loop); /api/health
    // says the database is in trouble, which needs an operator: space.
    expect((await service.status()).find((u) => u.unit === 'web')?.phase).toBe('up');
    const health = (await fetch(`${service.url}/api/health`).then((r) => r.json())) as { database: { state: string } };
    expect(health.database.state).not.toBe('up');

    fs.rmSync(filler);
    expect(await service.waitReady(60_000)).toBeLessThan(60_000);
    const db = new DatabaseSync(service.db, { readOnly: true });
    expect((db.prepare('PRAGMA integrity_check').get() as { integrity_check: string }).integrity_check).toBe('ok');
    db.close();
    await expectNextBuildSucceeds();
    await expectNothingLeft();
  });
});
