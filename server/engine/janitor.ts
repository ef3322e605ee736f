// Removes what a crashed or killed server left in the sandbox engines: checkpoint containers
// and build images. Only leftovers older than any build can last are touched, so replicas
// sharing an engine never remove each other's work in progress.
import type Docker from 'dockerode';
import { CHECK_LABEL } from '../checkpoints/sandboxed-run.ts';
import type { EnginePool } from './engine-pool.ts';

const BUILD_LABEL = 'lab.multistage.build';

export interface Swept {
  containers: number;
  images: number;
}

export async function sweepEngine(docker: Docker, olderThanMs: number, now = Date.now()): Promise<Swept> {
  const cutoff = (now - olderThanMs) / 1000; // the engine reports seconds
  const containers = (await docker.listContainers({ all: true, filters: { label: [CHECK_LABEL] } })).filter((c) => c.Created < cutoff);
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => undefined)));
  const images = (await docker.listImages({ filters: { label: [BUILD_LABEL] } })).filter((i) => i.Created < cutoff);
  await Promise.all(images.map((i) => docker.getImage(i.Id).remove({ force: true }).catch(() => undefined)));
  return { containers: containers.length, images: images.length };
}

/** Sweeps every engine now and then every `everyMs`; returns a function that stops it. */
export function startJanitor(pool: EnginePool, olderThanMs: number, everyMs: number, onError: (error: unknown) => void): () => void {
  const sweep = () => {
    for (const engine of pool.engines) sweepEngine(engine.docker, olderThanMs).catch(onError);
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
