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
            // (An error here, such as labs/ gone, must not end the dev server: say it and wait for the next change.)
            const errors = await reloadLabs().catch((error: unknown) => [error instanceof Error ? error : new Error(String(error))]);
            // A lab in error keeps its last good version; its page shows the error (src/components/LabError.astro).
            for (const error of errors) logger.error(error.message);
            logger.info(errors.length === 0 ? 'labs reloaded' : `labs reloaded, ${errors.length} kept at their last good version`);
            server.ws.send({ type: 'full-reload' });
          }, LAB_RELOAD_DEBOUNCE_MS);
        });
        server.httpServer.once('close', () => watcher.close());
      },
    },
  };
}
