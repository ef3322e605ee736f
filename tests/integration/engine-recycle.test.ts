// An engine a build left at a limit is emptied through its own API (engine/engine-recycle.ts):
// on a scratch engine beside the pool, what builds left (containers, build images, the build
// cache) is gone and the base images stay.
import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { emptyEngine } from '../../server/engine/engine-recycle.ts';
import { dockerFor } from '../../server/engine/engine-pool.ts';
import { BUILD_LABEL } from '../../server/engine/janitor.ts';
import { runBuild } from '../../server/engine/run-build.ts';
import { engineSocket, removeEngine, scratchEngine, startEngine } from '../../server/infra/sandbox.ts';

const target = scratchEngine(`mslab-test-empty-${process.pid}`);
let docker: Docker;

beforeAll(async () => {
  await startEngine(target);
  docker = dockerFor(`unix://${engineSocket(target)}`);
}, 180_000);
afterAll(() => removeEngine(target), 120_000);

const context = (dockerfile: string) => {
  const tar = pack();
  tar.entry({ name: 'Dockerfile', uid: 100000, gid: 100000 }, dockerfile);
  tar.finalize();
  return tar as unknown as Readable;
};

describe('emptying an engine', () => {
  it('removes every container, build image and the build cache, and keeps the base images', async () => {
    const built = await runBuild(
      docker,
      { context: context(`FROM alpine:3\nRUN echo ${Date.now()} > /left\n`), tag: 'mslab-build/left', extraHosts: [], labels: { [BUILD_LABEL]: 'x' }, timeoutMs: 120_000, maxLogBytes: 1 << 20, signal: new AbortController().signal },
      () => {},
    );
    expect(built.outcome).toBe('success');
    const left = await docker.createContainer({ Image: 'alpine:3', Cmd: ['sleep', '600'] });
    await left.start();
    const cacheBytes = async () => (((await docker.df()) as { BuildCache?: Array<{ Size: number }> }).BuildCache ?? []).reduce((n, c) => n + c.Size, 0);
    expect(await cacheBytes()).toBeGreaterThan(0);

    await emptyEngine(docker);

    expect(await docker.listContainers({ all: true })).toEqual([]);
    expect(await docker.listImages({ filters: { label: [BUILD_LABEL] } })).toEqual([]);
    expect(await cacheBytes()).toBe(0); // (BuildKit may keep an empty record of the context's source)
    const tags = (await docker.listImages()).flatMap((i) => i.RepoTags ?? []);
    expect(tags).toEqual(expect.arrayContaining(['node:18', 'node:18-alpine', 'alpine:3']));
  });
});
