// Wires the build pipeline from configuration: labs, engine pool, build service, progress.
import type { Server } from 'node:http';
import { pino } from 'pino';
import { BuildService } from './builds/build-service.ts';
import { EnginePool } from './engine/engine-pool.ts';
import { startJanitor } from './engine/janitor.ts';
import { config } from './config.ts';
import { learnerFromCookie } from './progress/learner-cookie.ts';
import { connectionObserver, storeObserver } from './progress/observers.ts';
import { labCatalog } from './labs/lab-catalog.ts';
import { cookieSecret, progressStore } from './progress/shared.ts';
import { attachBuildSocket } from './ws/attach.ts';

export const logger = pino({ name: 'multistage-lab', level: process.env.LOG_LEVEL ?? 'info' });

export async function attachBuildServer(server: Server) {
  const labs = await labCatalog();
  const pool = new EnginePool(config.sandbox.endpoints, config.sandbox.concurrencyPerEndpoint);
  const builds = new BuildService(labs, pool, config);
  const store = progressStore();
  // Leftovers are anything older than a build's wall-clock limit plus its checks.
  startJanitor(pool, (config.limits.buildSeconds + 300) * 1000, 10 * 60 * 1000, (error) => logger.warn({ err: error }, 'sandbox clean-up failed'));
  logger.info({ labs: [...labs.keys()], endpoints: config.sandbox.endpoints, progressDb: config.progressDb }, 'build server ready');
  return attachBuildSocket(server, builds, {
    maxMessageBytes: config.limits.messageBytes,
    maxDockerfileBytes: config.limits.dockerfileBytes,
    observerFor: (request) => {
      const learner = learnerFromCookie(request.headers.cookie, cookieSecret());
      return learner ? storeObserver(store, learner) : connectionObserver();
    },
    onError: (error) => logger.error({ err: error }, 'session error'),
  });
}
