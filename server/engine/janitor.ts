// Removes what a crashed or killed server left in the sandbox engines: checkpoint containers
// and build images. Each server process (replica) labels what it makes with its id and its
// fleet (the replicas sharing one progress database), and beats in that database; what belongs
// to a replica of the fleet that stopped beating is an orphan and goes at once. What belongs to
// another fleet (another database: a test run, a second checkout) or to nobody is only removed
// once it is hours old, since this server cannot know whether its owner still uses it.
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

/**
 * A replica is dead when it has not beaten for this long; it beats twelve times as often, so a
 * few beats lost to a busy database do not make a live replica look dead.
 */
export const REPLICA_DEAD_MS = 60_000;
const BEAT_MS = 5_000;
const SWEEP_MS = 15_000;
/** Leftovers nobody here can vouch for are removed when they are this old. */
export const FOREIGN_HORIZON_MS = 6 * 3600 * 1000;

export interface Swept {
  containers: number;
  images: number;
}

export interface SweepRule {
  now: number;
  /** This server's fleet and replica. */
  fleet: string;
  replica: string;
  /** When each replica of the fleet last beat. */
  seen: ReadonlyMap<string, number>;
}

/** `ageMs`: how long the thing has existed as far as this server can tell. */
export const isOrphan = (labels: Record<string, string> | undefined, ageMs: number, rule: SweepRule): boolean => {
  if (ageMs > FOREIGN_HORIZON_MS) return true;
  const replica = labels?.[REPLICA_LABEL];
  if (labels?.[FLEET_LABEL] !== rule.fleet || replica === undefined || replica === rule.replica) return false;
  const seen = rule.seen.get(replica);
  // A replica of the fleet that never beat (or was forgotten): its things go once they are not brand new.
  if (seen === undefined) return ageMs > REPLICA_DEAD_MS;
  return rule.now - seen > REPLICA_DEAD_MS;
};

/**
 * When this janitor first saw each build image. An image's own creation date cannot be
 * trusted: a build that comes wholly from BuildKit's cache yields an image dated when its
 * layers were first built, hours or days ago.
 */
export class ImageSightings {
  private readonly first = new Map<string, number>();

  ageOf(id: string, now: number): number {
    if (!this.first.has(id)) this.first.set(id, now);
    return now - this.first.get(id)!;
  }

  /** Forgets images that are gone, so the map stays as small as the engine's image list. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.first.keys()) if (!ids.has(id)) this.first.delete(id);
  }
}

export async function sweepEngine(docker: Docker, rule: SweepRule, sightings = new ImageSightings()): Promise<Swept> {
  const call = () => ({ abortSignal: callSignal() });
  const containers = (await docker.listContainers({ all: true, filters: { label: [CHECK_LABEL] }, ...call() })).filter((c) => isOrphan(c.Labels, rule.now - c.Created * 1000, rule));
  await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true, ...call() }).catch(() => undefined)));
  const listed = await docker.listImages({ filters: { label: [BUILD_LABEL] }, ...call() } as Docker.ListImagesOptions);
  sightings.keepOnly(new Set(listed.map((i) => i.Id)));
  const images = listed.filter((i) => isOrphan(i.Labels, sightings.ageOf(i.Id, rule.now), rule));
  await Promise.all(images.map((i) => docker.getImage(i.Id).remove({ force: true, ...call() } as object).catch(() => undefined)));
  return { containers: containers.length, images: images.length };
}

export interface JanitorOptions {
  pool: EnginePool;
  store: Pick<ProgressStore, 'beatReplica' | 'replicasSeen'>;
  /** This process's replica id and its fleet. */
  replica: string;
  fleet: string;
  log: Pick<Logger, 'warn' | 'info'>;
}

/** Beats for this replica and sweeps every healthy engine now and then; returns a stop function. */
export function startJanitor(options: JanitorOptions): () => void {
  const { pool, store, replica, log } = options;
  const sightings = new Map<object, ImageSightings>();
  const beat = () => {
    try {
      store.beatReplica(replica);
    } catch (error) {
      log.warn({ err: error }, 'could not record this replica as alive');
    }
  };
  const sweep = () => {
    let seen: Map<string, number>;
    try {
      seen = store.replicasSeen();
    } catch (error) {
      log.warn({ err: error }, 'cannot read which replicas are alive; sweeping only very old leftovers');
      seen = new Map();
    }
    const rule: SweepRule = { now: Date.now(), fleet: options.fleet, replica, seen };
    for (const engine of pool.healthy) {
      if (!sightings.has(engine)) sightings.set(engine, new ImageSightings());
      sweepEngine(engine.docker, rule, sightings.get(engine)).then(
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
