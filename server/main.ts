// Production entry: one HTTP server for the built site (static files, then Astro's
// on-demand routes) and the build socket at /ws, on one port.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { attachBuildServer, logger } from './app.ts';
import { config, projectRoot } from './config.ts';
import { connectionCap, processOpenFilesLimit } from './http/connection-cap.ts';
import { answerAndClose } from './http/raw-response.ts';
import { staticInMemory } from './http/static-in-memory.ts';
import { helpStore } from './lab-help/shared.ts';
import { startLearnerExpiry } from './progress/learner-expiry.ts';
import { progressStore } from './progress/shared.ts';
import { selfCheckStore } from './self-check/shared.ts';

// After an uncaught error the process's state is undefined (a half-released slot, a socket
// left open, a transaction half done), so keeping on serving could hurt every learner. Log it
// and exit non-zero: the supervisor restarts the server within a second, and pages reconnect.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    logger.fatal({ err: error }, `${event}: exiting for the supervisor to restart the server`);
    process.exit(1);
  });
}

// The bundle imports server/config.ts from the checkout (server-modules-once.ts); anything it
// still carries that reads the configuration finds the checkout by this, wherever it was built.
process.env.MSLAB_ROOT ??= projectRoot;
const dist = config.distDir;
const entry = path.join(dist, 'server', 'entry.mjs');
if (!fs.existsSync(entry)) {
  logger.error(`${entry} is missing: build the site first (npm run build)`);
  process.exit(1);
}
const { handler } = (await import(pathToFileURL(entry).href)) as {
  handler: (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => Promise<void>;
};

/** Hashed bundle files never change; everything else is revalidated. */
const cacheHeaders = (res: http.ServerResponse, pathname: string) => {
  if (pathname.startsWith('/_astro/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
};
const client = path.join(dist, 'client');
const assets = sirv(client, { etag: true, gzip: true, brotli: true, setHeaders: cacheHeaders });
// Small files from memory: a page needs no trip through libuv's threadpool (see the module).
const smallAssets = staticInMemory(client, { maxFileBytes: config.frontDoor.memoryFileBytes, maxTotalBytes: config.frontDoor.memoryTotalBytes }, cacheHeaders);

/** Refuses a request and closes its connection, so that the unread rest of its body is dropped, not read. */
function refuse(res: http.ServerResponse, status: number, error: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json', Connection: 'close' }).end(JSON.stringify({ error }));
}

const { frontDoor } = config;
const server = http.createServer(
  {
    headersTimeout: frontDoor.headersTimeoutSeconds * 1000,
    requestTimeout: frontDoor.requestTimeoutSeconds * 1000,
    keepAliveTimeout: frontDoor.keepAliveTimeoutSeconds * 1000,
    // Node looks for requests past those timeouts only this often (30 s by default, which
    // would let a slow client hold its connection up to 30 s longer than the timeout says).
    connectionsCheckingInterval: 1000,
  },
  (req, res) => {
    // Every body this site takes is small; a larger declared one is refused before it is read.
    // (Routes that read a body count its bytes as it streams, for bodies of no declared length.)
    if (Number(req.headers['content-length'] ?? 0) > config.frontDoor.requestBodyBytes) {
      refuse(res, 413, `request bodies are limited to ${config.frontDoor.requestBodyBytes} bytes`);
      return;
    }
    smallAssets(req, res, () =>
      assets(req, res, () => {
        handler(req, res).catch((error: unknown) => {
          logger.error({ err: error, url: req.url }, 'request failed');
          if (res.headersSent) res.destroy();
          else refuse(res, 500, 'internal error');
        });
      }),
    );
  },
);

// Connections past the cap are closed as they arrive: see http/connection-cap.ts.
server.maxConnections = connectionCap(frontDoor.connections, processOpenFilesLimit());
if (server.maxConnections < frontDoor.connections) {
  logger.warn(`open-files limit: at most ${server.maxConnections} connections instead of MSLAB_MAX_CONNECTIONS=${frontDoor.connections}; raise LimitNOFILE (ulimit -n)`);
}

// A request Node cannot parse (bad request line, header overflow, timeout) gets its status and
// the connection is closed; nothing of it reaches the routes.
server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  answerAndClose(socket, status, '');
});

// This server owns every upgrade: paths other than /ws are answered 404 and closed.
const sockets = await attachBuildServer(server, { ownsAllUpgrades: true });
startLearnerExpiry(progressStore(), { anonymousTtlDays: config.anonymousLearnerTtlDays, unusedTtlHours: config.unusedLearnerTtlHours }, 3600 * 1000, {
  purged: (count) => logger.info({ count }, 'forgot anonymous learners who never built (or never saved anything) and were away too long'),
  failed: (error) => logger.warn({ err: error }, 'anonymous learner expiry failed'),
}, [helpStore(), selfCheckStore()]);

server.listen(config.port, config.host, () => {
  logger.info(`multistage-lab at http://${config.host}:${config.port}/`);
});

/**
 * Stops taking work and exits. Open build sockets are closed ("going away": the page
 * reconnects to another replica or to this one restarted), which also cancels their builds.
 */
function shutdown(signal: string): void {
  logger.info(`${signal}: shutting down`);
  for (const client of sockets.clients) client.close(1001, 'server restarting');
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
