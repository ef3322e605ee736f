// Wires the build pipeline from configuration: labs, engine pool, build service.
import type { Server } from 'node:http';
import { pino } from 'pino';
import { BuildService } from './build/build-service.ts';
import { EnginePool } from './build/engine-pool.ts';
import { config } from './config.ts';
import { loadLabs } from './labs/lab-registry.ts';
import { attachBuildSocket } from './ws/attach.ts';

export const logger = pino({ name: 'multistage-lab', level: process.env.LOG_LEVEL ?? 'info' });

export function attachBuildServer(server: Server) {
  const labs = loadLabs(config.labsDir);
  const pool = new EnginePool(config.sandbox.endpoints, config.sandbox.concurrencyPerEndpoint);
  const builds = new BuildService(labs, pool, config);
  logger.info({ labs: [...labs.keys()], endpoints: config.sandbox.endpoints }, 'build server ready');
  return attachBuildSocket(server, builds, {
    maxMessageBytes: config.limits.messageBytes,
    maxDockerfileBytes: config.limits.dockerfileBytes,
    onError: (error) => logger.error({ err: error }, 'session error'),
  });
}
