// `astro dev`: serve the build socket on Vite's own HTTP server, so the lab page works with
// live reload exactly as in production; and reload the labs when a file under labs/ changes.
import fs from 'node:fs';
import type { AstroIntegration } from 'astro';

/** Saving in an editor touches a file several times; one reload for them all. */
const LAB_RELOAD_DEBOUNCE_MS = 150;

export function buildSocketInDev(): AstroIntegration {
  return {
    name: 'multistage-lab:build-socket',
    hooks: {
      'astro:server:setup': async ({ server, logger }) => {
        if (!server.httpServer) return;
        const { attachBuildServer } = await import('./app.ts');
        await attachBuildServer(server.httpServer as import('node:http').Server);
        logger.info('build socket at /ws');
        const { config } = await import('./config.ts');
        const { reloadLabs } = await import('./labs/lab-catalog.ts');
        let timer: NodeJS.Timeout | undefined;
        // Our own watcher: Vite's ignores folders it does not serve (and MSLAB_LABS_DIR may be one).
        const watcher = fs.watch(config.labsDir, { recursive: true }, () => {
          clearTimeout(timer);
          timer = setTimeout(async () => {
            const error = await reloadLabs();
            if (error) logger.error(error.message);
            else logger.info('labs reloaded');
            server.ws.send({ type: 'full-reload' });
          }, LAB_RELOAD_DEBOUNCE_MS);
        });
        server.httpServer.once('close', () => watcher.close());
      },
    },
  };
}
