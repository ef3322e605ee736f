// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { buildSocketInDev } from './server/dev-integration.ts';

export default defineConfig({
  // Pages are prerendered; the Node adapter (middleware mode) renders the few on-demand
  // routes inside our own HTTP server (server/main.ts), which also serves the build socket.
  adapter: node({ mode: 'middleware' }),
  integrations: [mdx(), buildSocketInDev()],
  trailingSlash: 'ignore',
  markdown: {
    // Both palettes are emitted; global.css switches to the dark one with the site's theme.
    shikiConfig: { themes: { light: 'github-light', dark: 'github-dark' } },
  },
  vite: {
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 4096 },
  },
});
