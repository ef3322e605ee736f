// The sandbox engine pool (issue 8): how long preparing it takes, cold and warm, how long
// recycling one engine takes, and the node lab solution's build time on a pool engine (its own
// loop-mounted disk) against the former shared engine's layout (a Docker volume). Everything
// runs on scratch engines beside the pool, so the pool keeps serving while this runs.
//   - cold: the base images pulled from the image registry into an empty engine (what making
//     the template disk costs), then the pool's engines made from the template, all at once;
//   - warm: `prepare` when everything exists;
//   - build time: the median of three builds of the solution with an empty build cache (base
//     images and mirror warm), alternating between the two engines.
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import crypto from 'node:crypto';
import { config, projectRoot } from '../server/config.ts';
import { runLabBuild } from '../server/builds/lab-build.ts';
import { loadLab } from '../server/labs/lab-registry.ts';
import { pullBaseImages } from '../server/infra/image-registry.ts';
import { engineSocket, engineTarget, recycleEngine, removeEngine, scratchEngine, startEngine, type EngineTarget } from '../server/infra/sandbox.ts';
import { run } from '../server/infra/shell.ts';

const BUILDS = 3;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timed<T>(action: () => Promise<T>): Promise<number> {
  const t0 = Date.now();
  await action();
  return Date.now() - t0;
}

async function buildSolution(target: EngineTarget): Promise<number> {
  const docker = new Docker({ socketPath: engineSocket(target) });
  await docker.pruneBuilder({ all: true } as Docker.PruneBuilderOptions);
  const lab = await loadLab(config.labsDir, 'multistage-node');
  const t0 = Date.now();
  const outcome = await runLabBuild(
    docker,
    { lab, buildId: crypto.randomUUID(), learner: 'bench-sandbox-pool', files: { Dockerfile: lab.solutions.Dockerfile! }, signal: new AbortController().signal },
    config,
    () => {},
  );
  if (outcome.outcome !== 'success') throw new Error(`the node lab solution did not build: ${JSON.stringify(outcome)}`);
  await docker.getImage(outcome.imageId).remove({ force: true });
  return Date.now() - t0;
}

export async function benchSandboxPool(): Promise<void> {
  const tag = `${process.pid}`;
  // Pool engines as the pool runs them: on the cores each would have (engine-cpus.ts).
  const slots = Array.from({ length: config.infra.engines }, (_, i) => {
    const { cpuset } = engineTarget(i);
    return { ...scratchEngine(`mslab-bench-slot${i}-${tag}`), ...(cpuset !== undefined && { cpuset }) };
  });
  // The former shared engine's layout: /var/lib/docker on a Docker volume, images pulled in.
  const shared: EngineTarget = { ...scratchEngine(`mslab-bench-shared-${tag}`), storage: { volume: `mslab-bench-shared-${tag}` } };
  try {
    // Cold: the base images pulled into an empty engine (what making the template disk costs,
    // once per change of the images), then every engine of the pool from the template at once.
    const template = await timed(async () => {
      await startEngine(shared);
      await pullBaseImages(`docker -H unix://${engineSocket(shared)}`);
    });
    const engines = await timed(() => Promise.all(slots.map((s) => startEngine(s))));
    console.log(
      `sandbox pool, cold: base images pulled into an empty engine ${seconds(template)} (the template disk, once), ` +
        `then ${slots.length} engines from the template ${seconds(engines)}: ${seconds(template + engines)}`,
    );
    const warm = await timed(() => run(`${process.execPath} ${projectRoot}/server/infra/prepare.ts`));
    console.log(`sandbox pool, warm: prepare with everything in place ${seconds(warm)}`);
    const recycles: number[] = [];
    for (let i = 0; i < 3; i++) recycles.push(await timed(() => recycleEngine(slots[0]!)));
    console.log(`sandbox pool, recycle one engine (fresh copy of the template, new container): median ${seconds(median(recycles))} (${recycles.map(seconds).join(', ')})`);

    const onSlot: number[] = [];
    const onShared: number[] = [];
    for (let i = 0; i < BUILDS; i++) {
      onSlot.push(await buildSolution(slots[0]!));
      onShared.push(await buildSolution(shared));
    }
    const ratio = median(onSlot) / median(onShared);
    console.log(
      `sandbox pool, node lab solution build (empty build cache): pool engine ${seconds(median(onSlot))} (${onSlot.map(seconds).join(', ')}), ` +
        `shared-engine layout ${seconds(median(onShared))} (${onShared.map(seconds).join(', ')}): ${ratio.toFixed(2)}x (goal <= 1.1)`,
    );
  } finally {
    await Promise.all([shared, ...slots].map((t) => removeEngine(t)));
  }
}

// `node bench/sandbox-pool.ts` runs it alone.
if (process.argv[1] === fileURLToPath(import.meta.url)) await benchSandboxPool();
