// `astro dev`: serve the build socket on Vite's own HTTP server, so the lab page works with
// live reload exactly as in production.
import type { AstroIntegration } from 'astro';

export function buildSocketInDev(): AstroIntegration {
  return {
    name: 'multistage-lab:build-socket',
    hooks: {
      'astro:server:setup': async ({ server, logger }) => {
        if (!server.httpServer) return;
        const { attachBuildServer } = await import('./app.ts');
        await attachBuildServer(server.httpServer as import('node:http').Server);
        logger.info('build socket at /ws');
      },
    },
  };
}
