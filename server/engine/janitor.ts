// Removes what a crashed or killed server left in the sandbox engines: checkpoint containers
// and build images. Each server process (replica) labels what it makes with its id and beats
// in the progress database; what belongs to a replica that stopped beating is an orphan and
// goes at once. Anything older than the longest build can last goes too. Replicas sharing an
// engine therefore never remove each other's work in progress.
import type Docker from 'dockerode';
import type { Logger } from 'pino';
import { CHECK_LABEL } from '../checkpoints/sandboxed-run.ts';
import type { ProgressStore } from '../progress/progress-store.ts';
import { callSignal } from './engine-call.ts';
import type { EnginePool } from './engine-pool.ts';

export const BUILD_LABEL = 'lab.multistage.build';
export const REPLICA_LABEL = 'lab.multistage.replica';
/** The group of replicas sharing one progress database (ProgressStore.fleetId). */
export const FLEET_LABEL = 'lab.multistage.fleet';

/** A replica is alive while it beat within this long; it beats three times as often. */
const REPLICA_ALIVE_MS = 30_000;
const BEAT_MS = 10_000;
const SWEEP_MS = 15_000;

export interface Swept {
  containers: number;
  images: number;
}

export interface SweepRule {
  /** Anything created before this (ms since the epoch) goes. */
  cutoff: number;
  /** This server's fleet: only its replicas' liveness is known here. */
  fleet: string;
  /** Replicas of the fleet whose things stay (when younger than the cutoff). */
  live: ReadonlySet<string>;
}

export const isOrphan = (labels: Record<string, string> | undefined, createdSeconds: number, rule: SweepRule): boolean => {
  if (createdSeconds * 1000 < rule.cutoff) return true;
  const replica = labels?.[REPLICA_LABEL];
  return labels?.[FLEET_LABEL] === rule.fleet && replica !== undefined && !rule.live.has(replica);
};

export async function sweepEngine(docker: Docker, rule: SweepRule): Promise<Swept> {
  const call = () => ({ abortSignal: callSignal() });
  const containers = (await docker.listContainers({ all: true, filters: { label: [CHECK_LABEL] }, ...call() })).filter((c) => isOrphan(c.Labels, c.Created, rule));
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true, ...call() }).catch(() => undefined)));
  const images = (await docker.listImages({ filters: { label: [BUILD_LABEL] }, ...call() } as Docker.ListImagesOptions)).filter((i) => isOrphan(i.Labels, i.Created, rule));
  await Promise.all(images.map((i) => docker.getImage(i.Id).remove({ force: true, ...call() } as object).catch(() => undefined)));
  return { containers: containers.length, images: images.length };
}

export interface JanitorOptions {
  pool: EnginePool;
  store: Pick<ProgressStore, 'beatReplica' | 'liveReplicas'>;
  /** This process's replica id and its fleet. */
  replica: string;
  fleet: string;
  /** The longest a build and its checks can last. */
  maxBuildMs: number;
  log: Pick<Logger, 'warn' | 'info'>;
}

/** Beats for this replica and sweeps every healthy engine now and then; returns a stop function. */
export function startJanitor(options: JanitorOptions): () => void {
  const { pool, store, replica, log } = options;
  const beat = () => {
    try {
      store.beatReplica(replica);
    } catch (error) {
      log.warn({ err: error }, 'could not record this replica as alive');
    }
  };
  const sweep = () => {
    let live: Set<string>;
    try {
      live = store.liveReplicas(Date.now() - REPLICA_ALIVE_MS);
    } catch (error) {
      log.warn({ err: error }, 'cannot read live replicas; sweeping only old leftovers');
      live = new Set();
    }
    live.add(replica);
    // A minute of slack: clocks of engines and servers may differ a little.
    const rule = { cutoff: Date.now() - options.maxBuildMs - 60_000, fleet: options.fleet, live };
    for (const engine of pool.healthy) {
      sweepEngine(engine.docker, rule).then(
        (swept) => {
          if (swept.containers + swept.images > 0) log.info({ engine: engine.name, ...swept }, 'removed leftovers of stopped builds');
        },
        (error: unknown) => log.warn({ err: error, engine: engine.name }, 'sandbox clean-up failed'),
      );
    }
  };
  beat();
  const timers = [setInterval(beat, BEAT_MS), setInterval(sweep, SWEEP_MS)];
  for (const timer of timers) timer.unref();
  // The first sweep waits for the engines' first health check.
  const first = setTimeout(sweep, 1000);
  first.unref();
  return () => {
    clearTimeout(first);
    for (const timer of timers) clearInterval(timer);
  };
}
