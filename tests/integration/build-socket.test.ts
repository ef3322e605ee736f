// Builds through the WebSocket protocol on the real sandbox engine, with the real npm mirror.
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerFor } from '../../server/engine/engine-pool.ts';
import { config } from '../../server/config.ts';
import type { ServerMessage } from '../../shared/protocol/messages.ts';
import { BuildClient, isType, learnerCookie, startBuildServer, type TestServer } from '../support/build-socket-client.ts';

const lab = 'multistage-node';
const labFile = (name: string) => fs.readFileSync(path.join(config.labsDir, lab, name), 'utf8');

let server: TestServer;
let client: BuildClient;
beforeAll(async () => {
  server = await startBuildServer();
  client = await BuildClient.connect(server.url);
});
afterAll(async () => {
  client.close();
  await server.close();
});

describe('building the lab', () => {
  it('builds the starter and the solution; the multi-stage image is at least 40% smaller', async () => {
    // From a cold build cache, as a learner's first build: every RUN runs and logs.
    await Promise.all(config.sandbox.endpoints.map((endpoint) => dockerFor(endpoint).pruneBuilder({ all: true } as Docker.PruneBuilderOptions)));
    const regular = await client.build(lab, labFile('starter/Dockerfile'));
    const multi = await client.build(lab, labFile('solution/Dockerfile'));

    for (const { result, messages } of [regular, multi]) {
      expect(result).toMatchObject({ ok: true, outcome: 'success' });
      const resultAt = messages.findIndex((r) => r.message.type === 'result');
      const firstStep = messages.findIndex((r) => r.message.type === 'step');
      const firstLog = messages.findIndex((r) => r.message.type === 'log');
      expect(firstStep).toBeGreaterThanOrEqual(0);
      expect(firstLog).toBeGreaterThanOrEqual(0);
      expect(firstStep).toBeLessThan(resultAt);
      expect(firstLog).toBeLessThan(resultAt);
      expect(messages.some((r) => r.message.type === 'error')).toBe(false);
    }
    expect(regular.result.stages).toBe(1);
    expect(multi.result.stages).toBe(2);
    const ratio = multi.result.imageSize! / regular.result.imageSize!;
    console.log(
      `regular ${regular.result.imageSize} bytes in ${regular.result.durationMs} ms; ` +
        `multi-stage ${multi.result.imageSize} bytes in ${multi.result.durationMs} ms; ratio ${ratio.toFixed(3)}`,
    );
    expect(ratio).toBeLessThanOrEqual(0.6);
  });

  it('names the failing step and streams its output', async () => {
    const { result, messages } = await client.build(lab, 'FROM alpine\nRUN echo about to fail && exit 7\n');
    expect(result).toMatchObject({ ok: false, outcome: 'failed' });
    const error = messages.map((r) => r.message).find(isType('error'));
    expect(error).toMatchObject({ code: 'build-failed', step: '[2/2] RUN echo about to fail && exit 7' });
    expect(error?.message).toContain('exit code: 7');
    const failedStep = messages.map((r) => r.message).find((m) => m.type === 'step' && m.status === 'error');
    expect(failedStep).toBeDefined();
    const output = messages.map((r) => r.message).filter(isType('log')).map((m) => m.text).join('');
    expect(output).toContain('about to fail');
  });

  it('reports a Dockerfile syntax error as a failed build', async () => {
    const { result, messages } = await client.build(lab, 'FROM alpine\nCOPY --from= . .\nBOGUS instruction\n');
    expect(result.ok).toBe(false);
    const error = messages.map((r) => r.message).find(isType('error'));
    expect(error?.code).toBe('build-failed');
    expect(error?.message.toLowerCase()).toMatch(/bogus|unknown instruction|dockerfile parse/);
  });
});

describe('bad input', () => {
  it('refuses a 70 KiB Dockerfile and malformed JSON clearly, and the connection stays usable', async () => {
    const tooLarge = client.next(isType('error'));
    client.send({ type: 'build', lab, files: { Dockerfile: `FROM alpine\n# ${'x'.repeat(70 * 1024)}\n` } });
    expect(await tooLarge).toMatchObject({ code: 'too-large', message: expect.stringContaining('64 KiB') });

    const badJson = client.next(isType('error'));
    client.sendRaw('{"type": "build", ');
    expect(await badJson).toMatchObject({ code: 'bad-json', message: 'the message is not valid JSON' });

    const badMessage = client.next(isType('error'));
    client.send({ type: 'build', lab: 'no-such-lab!', files: {} });
    expect((await badMessage).code).toBe('bad-message');

    const unknownLab = client.next(isType('error'));
    client.send({ type: 'build', lab: 'no-such-lab', files: { Dockerfile: 'FROM alpine' } });
    expect(await unknownLab).toMatchObject({ code: 'unknown-lab' });

    expect(client.isOpen).toBe(true);
    const { result } = await client.build(lab, 'FROM alpine\nRUN echo still works\n');
    expect(result.ok).toBe(true);
  });

  it('gives a learner one running and one waiting build, and refuses a third', async () => {
    // A learner of its own: the shared client's builds of earlier tests may still be in their checks.
    const client = await BuildClient.connect(server.url, { Cookie: learnerCookie(`busy-${Date.now()}-learner`) });
    const first = client.next((m): m is Extract<ServerMessage, { type: 'accepted' }> => m.type === 'accepted');
    client.send({ type: 'build', lab, files: { Dockerfile: 'FROM alpine\nRUN sleep 2\n' } });
    const firstId = (await first).buildId;
    const second = client.next((m): m is Extract<ServerMessage, { type: 'accepted' }> => m.type === 'accepted');
    client.send({ type: 'build', lab, files: { Dockerfile: 'FROM alpine\nRUN echo second\n' } });
    const secondId = (await second).buildId;
    const busy = client.next(isType('error'));
    client.send({ type: 'build', lab, files: { Dockerfile: 'FROM alpine\n' } });
    const refusal = await busy;
    expect(refusal).toMatchObject({ code: 'busy' });
    expect(refusal).not.toHaveProperty('buildId'); // refused before it became a build
    const results = await Promise.all([firstId, secondId].map((id) => client.next((m): m is Extract<ServerMessage, { type: 'result' }> => m.type === 'result' && m.buildId === id, 60_000)));
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    client.close();
  });
});

describe('reconnecting', () => {
  it('a closed socket does not cancel the build: the page reconnects, hears hello, and resumes the same log to the end', async () => {
    const learner = `reattach-${Date.now()}-learner`;
    const first = await BuildClient.connect(server.url, { Cookie: learnerCookie(learner) });
    const accepted = first.next((m): m is Extract<ServerMessage, { type: 'accepted' }> => m.type === 'accepted');
    const firstLog = first.next(isType('log'), 60_000);
    // A command never built before, so it runs (and logs) instead of coming from the cache.
    first.send({ type: 'build', lab, files: { Dockerfile: `FROM alpine:3\nRUN echo one ${Date.now()} && sleep 2 && echo two\n` } });
    const { buildId } = await accepted;
    await firstLog;
    const seen = first.received.map((r) => r.message).filter((m): m is Extract<ServerMessage, { seq?: number }> & { seq: number } => 'seq' in m && m.buildId === buildId);
    const lastSeq = Math.max(...seen.map((m) => m.seq));
    first.close();

    const second = await BuildClient.connect(server.url, { Cookie: learnerCookie(learner) });
    // The server says hello as the socket opens: it may have arrived already.
    const hello = second.received.map((r) => r.message).find(isType('hello')) ?? (await second.next(isType('hello')));
    expect(hello.builds.find((b) => b.buildId === buildId)).toMatchObject({ phase: expect.stringMatching(/building|done/) });
    const result = second.next((m): m is Extract<ServerMessage, { type: 'result' }> => m.type === 'result' && m.buildId === buildId, 60_000);
    second.send({ type: 'resume', buildId, after: lastSeq });
    expect((await result).ok).toBe(true);
    const resumed = second.received.map((r) => r.message).filter((m): m is Extract<ServerMessage, { seq?: number }> & { seq: number } => 'seq' in m && m.buildId === buildId);
    // Nothing lost, nothing twice: the page draws seq lastSeq+1, lastSeq+2 ... to the end.
    expect(resumed.map((m) => m.seq)).toEqual(resumed.map((_, i) => lastSeq + 1 + i));
    const text = [...seen, ...resumed].filter((m) => m.type === 'log').map((m) => (m.type === 'log' ? m.text : '')).join('');
    expect(text).toContain('two');

    // Another learner cannot resume it.
    const stranger = await BuildClient.connect(server.url);
    const refused = stranger.next(isType('error'));
    stranger.send({ type: 'resume', buildId, after: 0 });
    expect(await refused).toMatchObject({ code: 'unknown-build' });
    second.close();
    stranger.close();
  });
});

describe('cancel', () => {
  it('stops a RUN sleep 300 within 2 seconds', async () => {
    const result = client.next(isType('result')); // a cancelled build announces no checkpoints
    client.send({ type: 'build', lab, files: { Dockerfile: `FROM alpine\nRUN echo ${Date.now()} && sleep 300\n` } });
    await client.next((m): m is Extract<typeof m, { type: 'step' }> => m.type === 'step' && m.status === 'running' && m.name.includes('sleep 300'));
    const cancelledAt = Date.now();
    client.send({ type: 'cancel' });
    const final = await result;
    const resultTook = Date.now() - cancelledAt;
    expect(final).toMatchObject({ ok: false, outcome: 'cancelled' });
    // Not only the message: the process is gone from the sandbox engines too (whichever ran it).
    const engines = Array.from({ length: config.infra.engines }, (_, i) => new Docker().getContainer(config.infra.engineContainer(i)));
    const processes = async (engine: Docker.Container) => ((await engine.top({ ps_args: 'ax -o pid,args' })).Processes ?? []).map((p: string[]) => p.join(' '));
    const sleeping = async () => (await Promise.all(engines.map(processes))).flat().some((p) => p.includes('sleep 300'));
    while ((await sleeping()) && Date.now() - cancelledAt < 5000) await new Promise((r) => setTimeout(r, 100));
    const took = Date.now() - cancelledAt;
    console.log(`cancel to result: ${resultTook} ms; to the process gone: ${took} ms`);
    expect(await sleeping()).toBe(false);
    expect(took).toBeLessThan(2000);
    // The connection is free for the next build.
    expect((await client.build(lab, 'FROM alpine\n')).result.ok).toBe(true);
  });

  it('a cancel sent with the build, or a few milliseconds after, ends it cleanly and the server stays up', async () => {
    for (const delayMs of [0, 1, 5, 15]) {
      const accepted = client.next(isType('accepted'));
      client.send({ type: 'build', lab, files: { Dockerfile: `FROM alpine:3\nRUN echo ${Date.now()} && sleep 30\n` } });
      if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
      const { buildId } = await accepted;
      const result = client.next((m): m is Extract<typeof m, { type: 'result' }> => m.type === 'result' && m.buildId === buildId, 20_000);
      client.send({ type: 'cancel', buildId });
      expect(await result).toMatchObject({ outcome: 'cancelled' });
    }
    expect((await client.build(lab, 'FROM alpine:3\n')).result.ok).toBe(true);
  });
});
