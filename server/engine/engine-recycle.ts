// An engine that a build left at one of its limits (its disk full, its memory or processes
// exhausted, the wall clock hit) is emptied before it takes another build: every container,
// the build cache, the build images and volumes go; the base images stay. It is done through
// the engine's own API, so the web server needs no root. (`prepare`, as root, can also wipe an
// engine to its template disk: server/infra/sandbox.ts recycleEngine.)
import type Docker from 'dockerode';
import { callSignal } from './engine-call.ts';
import { BUILD_LABEL } from './janitor.ts';

/** Long calls: a full build cache can take a while to delete. */
const PRUNE_MS = 120_000;

export async function emptyEngine(docker: Docker): Promise<void> {
  const call = (ms?: number) => ({ abortSignal: callSignal(undefined, ms) }) as object;
  const containers = await docker.listContainers({ all: true, ...call() });
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true, ...call() }).catch(() => undefined)));
  const images = await docker.listImages({ filters: { label: [BUILD_LABEL] }, ...call() } as Docker.ListImagesOptions);
  await Promise.all(images.map((i) => docker.getImage(i.Id).remove({ force: true, ...call() }).catch(() => undefined)));
  await docker.pruneBuilder({ all: true, ...call(PRUNE_MS) } as Docker.PruneBuilderOptions);
  await docker.pruneImages({ filters: { dangling: ['true'] }, ...call(PRUNE_MS) });
  await docker.pruneVolumes(call(PRUNE_MS) as Docker.VolumePruneOptions);
}
