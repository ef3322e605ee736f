// Building the site into a folder outside the checkout (MSLAB_DIST_DIR=/srv/mslab-site). The
// server bundle imports packages by name and runs server/config.ts again; outside the checkout
// Node finds neither the packages (it looks in node_modules folders above the importing file)
// nor the project root (config.ts walks up from its own file). So the build links
// <outDir>/node_modules to the checkout's and sets MSLAB_ROOT, as server/main.ts does before it
// loads the bundle. Astro runs the bundle while building, to prerender the pages.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** Whether `dir` is `root` or a folder below it. */
export function isInside(root: string, dir: string): boolean {
  const relative = path.relative(root, dir);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Makes `<outDir>/node_modules` point at the checkout's, unless it already resolves packages. */
export function linkPackages(root: string, outDir: string): void {
  if (isInside(root, outDir)) return;
  const link = path.join(outDir, 'node_modules');
  fs.mkdirSync(outDir, { recursive: true });
  if (fs.existsSync(link)) return;
  fs.symlinkSync(path.join(root, 'node_modules'), link, 'dir');
}

export function distOutsideCheckout(): AstroIntegration {
  let root = '';
  let outDir = '';
  return {
    name: 'multistage-lab:dist-outside-checkout',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        outDir = fileURLToPath(config.outDir);
        process.env.MSLAB_ROOT ??= root;
      },
      // After Astro has emptied outDir, before it runs the bundle.
      'astro:build:setup': () => linkPackages(root, outDir),
    },
  };
}
