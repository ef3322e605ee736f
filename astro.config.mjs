// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { buildSocketInDev } from './server/dev-integration.ts';
import { distOutsideCheckout } from './server/dist-outside-checkout.ts';
import { precompressedAssets } from './server/precompressed-assets.ts';
import { serverModulesOnce } from './server/server-modules-once.ts';
import { monacoDiffEditorSlot } from './src/client/workbench/monaco-diff-editor-slot.ts';
import { monacoUnusedParts } from './src/client/workbench/monaco-unused-parts.ts';
import { dockerfileBlockTransformer } from './src/markdown/dockerfile-blocks.ts';

/**
 * dockerfile-language-service requires Node's https to look up Docker Hub tags; the page has
 * no use for it (the sandbox has no registry), so browser builds get an empty module.
 */
const stubHttpsInBrowser = {
  name: 'multistage-lab:stub-https-in-browser',
  enforce: /** @type {const} */ ('pre'),
  /** @param {string} id */
  resolveId(id) {
    // @ts-expect-error Vite's environment API: `this.environment` names the build.
    if (id === 'https' && this.environment?.config?.consumer === 'client') return '\0https-stub';
    return null;
  },
  /** @param {string} id */
  load(id) {
    return id === '\0https-stub' ? 'export default {}; export function get() { throw new Error("no registry from the editor"); }' : null;
  },
};

export default defineConfig({
  // Several checkouts or test runs can build side by side into their own folder.
  outDir: process.env.MSLAB_DIST_DIR ?? './dist',
  // Pages are prerendered; the Node adapter (middleware mode) renders the few on-demand
  // routes inside our own HTTP server (server/main.ts), which also serves the build socket.
  adapter: node({ mode: 'middleware' }),
  integrations: [mdx(), buildSocketInDev(), distOutsideCheckout(), precompressedAssets()],
  trailingSlash: 'ignore',
  markdown: {
    // Both palettes are emitted; global.css switches to the dark one with the site's theme.
    // The high-contrast GitHub themes: the plain ones fall under WCAG AA (4.5:1) on our code
    // background (keywords 4.15:1, comments 4.37:1 light, 3.36:1 dark; axe-core finds them).
    // Every dockerfile block names its lab (```dockerfile lab=...), checked here and put on the
    // rendered block as data-lab (src/markdown/dockerfile-blocks.ts); CI builds each one.
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      transformers: [dockerfileBlockTransformer],
    },
  },
  vite: {
    plugins: [stubHttpsInBrowser, monacoUnusedParts(), monacoDiffEditorSlot(), serverModulesOnce()],
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 4096 },
    // Sandbox sockets, the mirror's storage, other builds of the site and test copies live in
    // these folders: the dev server must not restart on every change there.
    server: { watch: { ignored: ['**/.cache/**', '**/.data/**', '**/.tools/**', '**/test-artifacts/**', '**/dist/**'] } },
  },
});
