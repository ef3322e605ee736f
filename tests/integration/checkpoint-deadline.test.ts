// An app that accepts a connection and never answers must not hold a build slot: the HTTP
// checkpoint gives up in its own time, and the build's check deadline stops the rest. Runs on
// the real sandbox engine with a short check deadline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.MSLAB_CHECK_TIMEOUT_SECONDS = '6';
const { BuildClient, isType, startBuildServer } = await import('../support/build-socket-client.ts');
const { services } = await import('../../server/services.ts');
const { CHECK_LABEL } = await import('../../server/checkpoints/sandboxed-run.ts');

const silentApp = [
  'FROM node:18-alpine',
  'WORKDIR /app',
  // Accepts every connection on port 3000 and never says a word.
  `CMD ["node", "-e", "require('net').createServer(() => {}).listen(3000); // ${Date.now()}"]`,
  '',
].join('\n');

let server: Awaited<ReturnType<typeof startBuildServer>>;
beforeAll(async () => {
  server = await startBuildServer();
});
afterAll(() => server.close());

describe('a checkpoint app that never answers', () => {
  it('is stopped at the deadline, the build ends for the page, the slot is free and no container is left', async () => {
    const client = await BuildClient.connect(server.url);
    const started = Date.now();
    const { result, checkpoints, messages } = await client.build('multistage-node', silentApp);
    const took = Date.now() - started;
    expect(result).toMatchObject({ ok: true, checking: true });
    expect(checkpoints).toBeDefined();
    const deadline = messages.map((r) => r.message).find(isType('error'));
    expect(deadline).toMatchObject({ code: 'deadline' });
    // The checks stop near their 6 s limit (plus the build and the clean-up), not after a minute.
    expect(took).toBeLessThan(30_000);
    const { scheduler, pool } = await services();
    // The page hears the end first; the slot follows once the image is removed.
    for (let i = 0; i < 50 && scheduler.running > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(scheduler.view()).toMatchObject({ running: 0, waiting: 0 });
    const left = await pool.engines[0]!.docker.listContainers({ all: true, filters: { label: [`${CHECK_LABEL}=${result.buildId}`] } });
    expect(left).toEqual([]);
    console.log(`silent app: build and checks ended after ${took} ms; checks took ${checkpoints!.durationMs} ms`);

    // The next build gets the slot at once.
    const next = await client.build('multistage-node', 'FROM alpine:3\nRUN echo next\n');
    expect(next.result.ok).toBe(true);
    client.close();
  });
});
