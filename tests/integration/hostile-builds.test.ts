// Hostile builds through the real socket on the real sandbox, each while another learner (the
// neighbour) builds the node lab's solution: each hostile build gets a clear message within its
// limit, and the neighbour's build succeeds. Afterwards nothing of theirs is left on the engine.
// Short limits keep the suite's time down: a 40 s build wall clock (an ordinary lab build takes
// 3-10 s, more on a loaded 2-core machine), 20 s for the checks.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/protocol/messages.ts';

process.env.MSLAB_BUILD_TIMEOUT_SECONDS = '40';
process.env.MSLAB_CHECK_TIMEOUT_SECONDS = '20';
const { BuildClient, isType, startBuildServer } = await import('../support/build-socket-client.ts');
const { config } = await import('../../server/config.ts');
const { services } = await import('../../server/services.ts');
const { pingEngine } = await import('../../server/engine/engine-pool.ts');
const { CHECK_LABEL } = await import('../../server/checkpoints/sandboxed-run.ts');
const hostile = await import('../support/hostile-dockerfiles.ts');

type Client = Awaited<ReturnType<typeof BuildClient.connect>>;
type Built = Awaited<ReturnType<Client['build']>>;

const LIMIT_MS = config.limits.buildSeconds * 1000;
/** Past a limit, the page hears the end within this: the cancel, the clean-up, the message. */
const SLACK_MS = 10_000;

let server: Awaited<ReturnType<typeof startBuildServer>>;
let neighbour: Client;
let hostService: http.Server;
const buildIds: string[] = [];
const neighbourTimes: Record<string, number> = {};

beforeAll(async () => {
  server = await startBuildServer();
  neighbour = await BuildClient.connect(server.url);
  // A service on the host, on every address, that no build may reach.
  hostService = http.createServer((_req, res) => res.end('host secret'));
  await new Promise<void>((resolve) => hostService.listen(0, '::', resolve));
});

afterAll(async () => {
  neighbour?.close();
  hostService?.close();
  console.log(`neighbour build times on the engine beside each hostile build (ms): ${JSON.stringify(neighbourTimes)}`);
  await server?.close();
});

const logOf = (messages: Built['messages']) =>
  messages
    .map((r) => r.message)
    .filter(isType('log'))
    .map((m) => m.text)
    .join('');
const errorsOf = (messages: Built['messages']) => messages.map((r) => r.message).filter(isType('error'));

/**
 * Runs the hostile build while the neighbour builds the lab solution; the neighbour must
 * succeed. With overlap, the neighbour must also have run while the hostile build did (it got
 * an engine of its own rather than waiting for the hostile build to end).
 */
async function beside(name: string, run: (client: Client) => Promise<Built>, overlap = false): Promise<Built & { tookMs: number }> {
  const client = await BuildClient.connect(server.url);
  try {
    const started = Date.now();
    const hostileBuild = run(client);
    // The neighbour starts once the hostile build runs, so the two overlap.
    await client.next((m): m is Extract<ServerMessage, { type: 'started' }> => m.type === 'started', 60_000);
    const neighbourBuild = neighbour.build(hostile.LAB, hostile.neighbourDockerfile());
    const built = await hostileBuild;
    const tookMs = Date.now() - started;
    buildIds.push(built.result.buildId);
    const hostileEnded = client.received.find((r) => r.message.type === 'result')!.at;
    const next = await neighbourBuild;
    buildIds.push(next.result.buildId);
    neighbourTimes[name] = hostile.engineTime(next.messages) ?? Number.NaN;
    expect([name, 'neighbour', next.result.outcome, errorsOf(next.messages).map((e) => e.message)]).toEqual([name, 'neighbour', 'success', []]);
    if (overlap) {
      const neighbourStarted = next.messages.find((r) => r.message.type === 'started')!.at;
      expect([name, 'neighbour started before the hostile build ended', neighbourStarted < hostileEnded]).toEqual([name, 'neighbour started before the hostile build ended', true]);
    }
    return { ...built, tookMs };
  } finally {
    client.close();
  }
}

describe('builds that run', () => {
  it('endless CPU: stopped at the wall clock with a message that says so', async () => {
    const { result, messages, tookMs } = await beside('endless CPU', (c) => c.build(hostile.LAB, hostile.RUNNING_CASES['endless CPU']()), true);
    expect(result.outcome).toBe('timeout');
    expect(errorsOf(messages)).toContainEqual(expect.objectContaining({ code: 'timeout', message: expect.stringContaining(`${config.limits.buildSeconds} s`) }));
    expect(tookMs).toBeLessThan(LIMIT_MS + SLACK_MS);
  });

  it('endless sleep: stopped at the wall clock', async () => {
    const { result, tookMs } = await beside('endless sleep', (c) => c.build(hostile.LAB, hostile.RUNNING_CASES['endless sleep']()), true);
    expect(result.outcome).toBe('timeout');
    expect(tookMs).toBeLessThan(LIMIT_MS + SLACK_MS);
  });

  it('log flood: the log is cut at its cap with a notice, and the build goes on', async () => {
    const { result, messages } = await beside('log flood', (c) => c.build(hostile.LAB, hostile.RUNNING_CASES['log flood']()), true);
    expect(errorsOf(messages)).toContainEqual(expect.objectContaining({ code: 'log-truncated', message: expect.stringContaining('the build goes on') }));
    expect(Buffer.byteLength(logOf(messages))).toBeLessThanOrEqual(config.limits.logBytes + 64 * 1024);
    expect(result.outcome).toBe('success');
  });

  it('memory hog: killed at its memory limit, and the message says it ran out of memory', async () => {
    const { result, messages, tookMs } = await beside('memory hog', (c) => c.build(hostile.LAB, hostile.RUNNING_CASES['memory hog']()), true);
    expect(result.outcome).toBe('failed');
    const said = `${logOf(messages)}\n${errorsOf(messages).map((e) => e.message).join('\n')}`;
    expect(said).toMatch(/out of memory|memory limit/i);
    expect(tookMs).toBeLessThan(LIMIT_MS);
  });

  it('disk filler: stopped by its engine’s disk quota (No space left on device)', async () => {
    const { result, messages, tookMs } = await beside('disk filler', (c) => c.build(hostile.LAB, hostile.RUNNING_CASES['disk filler']()), true);
    expect(result.outcome).toBe('failed');
    expect(logOf(messages)).toMatch(/No space left on device/);
    expect(tookMs).toBeLessThan(LIMIT_MS);
  });
});

describe('builds refused before they start', () => {
  for (const [name, { dockerfile, says }] of Object.entries(hostile.REFUSED_CASES)) {
    it(`${name}: refused at once, saying why`, async () => {
      const client = await BuildClient.connect(server.url);
      const neighbourBuild = neighbour.build(hostile.LAB, hostile.neighbourDockerfile());
      const sent = Date.now();
      const refusal = client.next(isType('error'), 5000);
      client.send({ type: 'build', lab: hostile.LAB, file: 'Dockerfile', files: { Dockerfile: dockerfile } });
      const error = await refusal;
      const took = Date.now() - sent;
      expect(error).toMatchObject({ code: 'refused', message: expect.stringContaining(says) });
      expect(took).toBeLessThan(1000);
      expect(client.received.some((r) => r.message.type === 'accepted')).toBe(false);
      const next = await neighbourBuild;
      buildIds.push(next.result.buildId);
      expect(next.result.outcome).toBe('success');
      client.close();
    });
  }
});

describe('nothing shared between learners', () => {
  it('a cache mount one learner writes is not another learner’s, and is still its own', async () => {
    const secret = `secret-${Date.now()}`;
    const files = hostile.cacheMountDockerfiles(secret);
    const planter = await BuildClient.connect(server.url);
    const planted = await beside('cache mount', (c) => c.build(hostile.LAB, files.plant));
    expect(planted.result.outcome).toBe('success');
    // The beside() client was a learner of its own; this one plants and reads back as itself.
    const plantedAgain = await planter.build(hostile.LAB, files.plant);
    // Cache mounts live on one engine's disk; the scheduler sends a learner back to the engine
    // of their last build once its clean-up has given the slot back (a learner reads the
    // verdicts before rebuilding; this test does not).
    const { scheduler } = await services();
    for (let i = 0; i < 100 && scheduler.view().running > 0; i++) await new Promise((r) => setTimeout(r, 100));
    const own = await planter.build(hostile.LAB, files.look);
    const other = await beside('cache mount (other learner)', (c) => c.build(hostile.LAB, files.look));
    buildIds.push(plantedAgain.result.buildId, own.result.buildId);
    planter.close();
    expect(logOf(own.messages)).toContain(`FOUND: ${secret} ${secret} END`);
    expect(logOf(other.messages)).toContain('FOUND: END');
    expect(logOf(other.messages)).not.toContain(secret);
  });

  it('the engine’s sockets are not reachable from a build step', async () => {
    const { result, messages } = await beside('docker socket', (c) => c.build(hostile.LAB, hostile.dockerSocketDockerfile()));
    expect(result.outcome).toBe('success');
    const lines = logOf(messages).split('\n').filter((l) => l.includes('SOCKET '));
    expect(lines).toHaveLength(hostile.SOCKET_PATHS.length);
    for (const line of lines) expect(line).toContain('ABSENT');
  });

  it('a # syntax= frontend image is not fetched: the built-in frontend builds it, and the log says why', async () => {
    const { result, messages } = await beside('syntax directive', (c) => c.build(hostile.LAB, hostile.syntaxDirectiveDockerfile()));
    expect(result.outcome).toBe('success');
    expect(logOf(messages)).toContain('"# syntax=docker.io/evil/frontend:latest" ignored');
    expect(logOf(messages)).toContain('BUILT-WITH-BUILTIN-FRONTEND');
  });
});

describe('the network', () => {
  it('the host and the outside world (IPv4 and IPv6) are refused within seconds, names do not resolve, the mirror answers, and the log says why', async () => {
    const hostPort = (hostService.address() as AddressInfo).port;
    const hostV6 = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv6' && !a.internal && !a.address.startsWith('fe80'))?.address;
    const targets: Array<readonly [string, number]> = [
      [config.infra.gateway, hostPort],
      [config.infra.gateway, 22],
      ['1.1.1.1', 443],
      ['8.8.8.8', 53],
      ['2606:4700:4700::1111', 443],
      ['2001:4860:4860::8888', 53],
      ...(hostV6 ? [[hostV6, hostPort] as const] : []),
    ];
    const { result, messages } = await beside('network', (c) => c.build(hostile.LAB, hostile.networkDockerfile(targets, ['example.com', 'registry.npmjs.org'])));
    const log = logOf(messages);
    const probes = log.split('\n').filter((l) => l.startsWith('PROBE ') || l.startsWith('LOOKUP '));
    console.log(probes.join('\n'));
    expect([result.outcome, errorsOf(messages)]).toEqual(['success', []]);
    expect(probes).toHaveLength(targets.length + 2);
    for (const line of probes) {
      const [how, ms] = line.split(' ').slice(-2);
      // Refused or unreachable at once: not open, not silently dropped, not resolved.
      expect([line, how !== 'OPEN' && how !== 'SILENT' && how !== 'RESOLVED', Number.parseInt(ms ?? '', 10) < 3000]).toEqual([line, true, true]);
    }
    expect(log).toContain('MIRROR 200');
    expect(log).toContain('builds here have no internet');
  });
});

describe('checkpoints', () => {
  it('an app that floods its log: checked within the check deadline, the server’s memory stays flat, no container left', async () => {
    const rssBefore = process.memoryUsage().rss;
    const { result, checkpoints, messages } = await beside('flooding checkpoint app', (c) => c.build(hostile.LAB, hostile.floodingAppDockerfile()));
    const grew = process.memoryUsage().rss - rssBefore;
    console.log(`flooding app: checks took ${checkpoints?.durationMs} ms; server RSS grew ${(grew / 1048576).toFixed(1)} MiB`);
    expect(result).toMatchObject({ ok: true, checking: true });
    expect(checkpoints).toBeDefined();
    expect(checkpoints!.durationMs).toBeLessThan(config.limits.checkSeconds * 1000 + SLACK_MS);
    expect(grew).toBeLessThan(150 * 1048576);
    expect(errorsOf(messages).filter((e) => e.code !== 'deadline')).toEqual([]);
  });
});

describe('last: a fork bomb', () => {
  it('fork bomb: stopped with a clear message, and the neighbour can still start processes', async () => {
    const { result, messages, tookMs } = await beside('fork bomb', (c) => c.build(hostile.LAB, hostile.RUNNING_CASES['fork bomb']()), true);
    expect(['timeout', 'failed']).toContain(result.outcome);
    expect(errorsOf(messages).length).toBeGreaterThan(0);
    expect(tookMs).toBeLessThan(LIMIT_MS + SLACK_MS);
  });
});

describe('after the suite', () => {
  it('leaves no build image or checkpoint container behind, and every engine answers', async () => {
    const { pool, scheduler } = await services();
    for (let i = 0; i < 100 && scheduler.view().running > 0; i++) await new Promise((r) => setTimeout(r, 100));
    // Every engine builds again (a fork bomb's leftovers may hold its process slots a while).
    const client = await BuildClient.connect(server.url);
    let after: Built | undefined;
    for (let i = 0; i < 12 && after?.result.outcome !== 'success'; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 5000));
      after = await client.build(hostile.LAB, `FROM alpine:3\nRUN echo after ${Date.now()}\n`);
      buildIds.push(after.result.buildId);
    }
    client.close();
    expect([after?.result.outcome, errorsOf(after?.messages ?? []).map((e) => e.message)]).toEqual(['success', []]);
    for (const engine of pool.engines) {
      expect(await pingEngine(engine.docker, 3000)).toBe(true);
      const images = await engine.docker.listImages({ all: true });
      const ours = images.filter((image) => (image.RepoTags ?? []).some((tag) => buildIds.some((id) => tag === `mslab-build/${id}:latest`)));
      expect(ours).toEqual([]);
      const containers = await engine.docker.listContainers({ all: true, filters: { label: [CHECK_LABEL] } });
      expect(containers.filter((c) => buildIds.includes(c.Labels[CHECK_LABEL] ?? ''))).toEqual([]);
    }
  });
});
