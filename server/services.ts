// Every long-lived service of the build server, created once per process (see
// process-singleton.ts) and wired from configuration: labs, engine pool and its health, the
// scheduler, the build journal and service, the progress store, the janitor, and the health
// of the dependencies builds need.
import crypto from 'node:crypto';
import { BuildJournal } from './builds/build-journal.ts';
import { BuildService } from './builds/build-service.ts';
import { Scheduler } from './builds/scheduler.ts';
import { config } from './config.ts';
import { EnginePool } from './engine/engine-pool.ts';
import { BuildAnalyzer } from './image-analysis/build-analyzer.ts';
import { analysisCache, imageBuildsStore } from './image-analysis/shared.ts';
import { FLEET_LABEL, REPLICA_LABEL, startJanitor } from './engine/janitor.ts';
import { DependencyMonitor, type DependencyStatus } from './health/dependency-monitor.ts';
import { labCatalog } from './labs/lab-catalog.ts';
import { LintThread } from './lint-thread/lint-thread.ts';
import { logger } from './log.ts';
import { processSingleton } from './process-singleton.ts';
import { progressStore } from './progress/shared.ts';
import { MessageRate } from './ws/message-rate.ts';

/** How often engines are pinged: a dead engine leaves rotation within about two periods. */
const ENGINE_CHECK_MS = 3000;
const DEPENDENCY_CHECK_MS = 5000;
/**
 * A lint that takes longer than this (on its own thread, so nobody else waits) refuses the
 * build. The worst 64 KiB input found takes about 50 ms of CPU; a cold thread needs ~1 s to load.
 */
const LINT_BUDGET_MS = 5000;

export interface HealthReport {
  ready: boolean;
  engines: Array<{ name: string; state: string; since: string; running: number }>;
  queue: { capacity: number; running: number; waiting: number };
  mirror: { state: string; since: string };
  database: { state: string; since: string };
}

const statusOf = (s: DependencyStatus) => ({ state: s.state, since: new Date(s.since).toISOString() });

async function create() {
  const labs = await labCatalog();
  const store = progressStore();
  const pool = new EnginePool(config.sandbox.endpoints);
  const scheduler = new Scheduler(pool, config.sandbox.concurrencyPerEndpoint, config.limits.queueLength);
  const { limits } = config;
  const journal = new BuildJournal({
    // The log cap plus room for step messages and notices.
    maxBytesPerBuild: limits.logBytes + 512 * 1024,
    retentionMs: limits.resumableSeconds * 1000,
    abandonGraceMs: limits.abandonSeconds * 1000,
    finishedPerLearner: 2,
    // A class of 300 with two finished builds each fits; a flood of huge logs does not grow past it.
    maxTotalBytes: 128 * 1024 * 1024,
  });
  // Every image and container this process makes carries its id, so after a crash the janitor
  // knows they are orphans (their replica no longer beats) without waiting for them to age.
  const replica = crypto.randomUUID();
  const fleet = store.fleetId();
  const labels = { [FLEET_LABEL]: fleet, [REPLICA_LABEL]: replica };
  const analyzer = new BuildAnalyzer({ cache: analysisCache(), store: imageBuildsStore(), settings: limits, log: logger });
  const lintThread = new LintThread(LINT_BUDGET_MS);
  void lintThread.read('', '').catch(() => undefined); // start the thread now, not on the first build
  const builds = new BuildService({ labs, scheduler, journal, pool, settings: config, log: logger, labels, analyzer, read: (text, learner) => lintThread.read(text, learner) });
  const rate = new MessageRate({ burst: limits.messageBurst, perSecond: limits.messagesPerSecond });
  const mirror = new DependencyMonitor(async () => {
    const response = await fetch(`http://${config.infra.gateway}:${config.sandbox.registryPort}/-/ping`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) throw new Error(`the mirror answered HTTP ${response.status}`);
  });
  const database = new DependencyMonitor(async () => store.checkWritable());
  pool.monitor(ENGINE_CHECK_MS);
  mirror.monitor(DEPENDENCY_CHECK_MS);
  database.monitor(DEPENDENCY_CHECK_MS);
  startJanitor({ pool, store, replica, fleet, log: logger });

  const health = (): HealthReport => {
    const view = scheduler.view();
    const engines = view.engines.map((e) => ({ name: e.name, state: e.state, since: new Date(e.since).toISOString(), running: e.running }));
    return {
      ready: pool.healthy.length > 0 && mirror.current.state === 'up' && database.current.state === 'up',
      engines,
      queue: { capacity: view.capacity, running: view.running, waiting: view.waiting },
      mirror: statusOf(mirror.current),
      database: statusOf(database.current),
    };
  };
  logger.info({ labs: [...labs.keys()], engines: pool.engines.length, replica }, 'build services ready');
  return { labs, store, pool, scheduler, journal, builds, rate, replica, health };
}

export type Services = Awaited<ReturnType<typeof create>>;

export function services(): Promise<Services> {
  return processSingleton('services', create);
}
