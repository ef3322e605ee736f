// Production entry: one HTTP server for the built site (static files, then Astro's
// on-demand routes) and the build socket at /ws, on one port.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { attachBuildServer, logger } from './app.ts';
import { config, projectRoot } from './config.ts';

const dist = path.join(projectRoot, 'dist');
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
attachBuildServer(server);

server.listen(config.port, config.host, () => {
  logger.info(`multistage-lab at http://${config.host}:${config.port}/`);
});

const shutdown = () => server.close(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
