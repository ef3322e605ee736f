// Production entry: one HTTP server for the built site (static files, then Astro's
// on-demand routes) and the build socket at /ws, on one port.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { attachBuildServer, logger } from './app.ts';
import { config } from './config.ts';

const dist = config.distDir;
const entry = path.join(dist, 'server', 'entry.mjs');
if (!fs.existsSync(entry)) {
  logger.error(`${entry} is missing: build the site first (npm run build)`);
  process.exit(1);
}
const { handler } = (await import(pathToFileURL(entry).href)) as {
  handler: (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => Promise<void>;
};

const assets = sirv(path.join(dist, 'client'), {
  etag: true,
  gzip: true,
  brotli: true,
  // Hashed bundle files never change; everything else is revalidated.
  setHeaders: (res, pathname) => {
    if (pathname.startsWith('/_astro/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  },
});

const server = http.createServer((req, res) => {
  assets(req, res, () => void handler(req, res));
});
const sockets = await attachBuildServer(server);

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
