// Serves the build socket on an HTTP server: the front door (attach.ts) admits a learner's
// socket, and each admitted socket becomes a session on the process's build services.
import type { Server } from 'node:http';
import { config } from './config.ts';
import { logger } from './log.ts';
import { storeObserver } from './progress/observers.ts';
import { cookieKeys } from './progress/shared.ts';
import { services } from './services.ts';
import { attachBuildSocket } from './ws/attach.ts';
import { handleSession } from './ws/session.ts';

export { logger };

/** `ownsAllUpgrades`: true when no one else (Vite's live reload) takes upgrades on this server. */
export async function attachBuildServer(server: Server, options: { ownsAllUpgrades?: boolean } = {}) {
  const { builds, journal, rate, store } = await services();
  const { frontDoor, limits } = config;
  return attachBuildSocket(server, {
    maxMessageBytes: limits.messageBytes,
    ownsAllUpgrades: options.ownsAllUpgrades ?? false,
    cookieKeys: cookieKeys(),
    proxy: frontDoor,
    allowedOrigins: frontDoor.allowedOrigins,
    caps: { perLearner: frontDoor.socketsPerLearner, perAddress: frontDoor.socketsPerAddress, total: frontDoor.sockets },
    onSession: (ws, { learner, address }) =>
      handleSession(ws, { learner, address }, {
        builds,
        journal,
        rate,
        observer: storeObserver(store, learner),
        log: logger,
        settings: {
          maxDockerfileBytes: limits.dockerfileBytes,
          socketBufferBytes: limits.socketBufferBytes,
          heartbeatMs: limits.heartbeatSeconds * 1000,
        },
      }),
  });
}
