// The server bundle (dist/server/entry.mjs) imports the project's own server code (server/,
// shared/) from its source files instead of carrying a copy of it. server/main.ts loads those
// modules from source anyway, so with a copy in the bundle each was loaded, compiled and run
// twice in one process (process-singleton.ts kept the two copies' services together); a fresh
// server's heap held about 1 MB more for it. Node runs the .ts files as it runs
// server/main.ts. The bundle names them by absolute path (Rolldown kept a relative import
// relative to the source file, not to the chunk), so the built site belongs to its checkout,
// as its node_modules link already does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

// Real path: Vite resolves modules to theirs, so a checkout reached through a symlink still matches.
const root = fs.realpathSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'));
const SOURCE_FOLDERS = ['server', 'shared'].map((folder) => path.join(root, folder) + path.sep);

/** Whether a resolved module id is one of the project's server-side source files. */
export const isServerSource = (id: string) => id.endsWith('.ts') && SOURCE_FOLDERS.some((folder) => id.startsWith(folder));

export function serverModulesOnce(): Plugin {
  return {
    name: 'multistage-lab:server-modules-once',
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      // Only the server's bundle: the browser's gets the shared code it needs, bundled.
      if (this.environment.config.consumer !== 'server' || importer === undefined || !source.startsWith('.')) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      return resolved && isServerSource(resolved.id) ? { id: resolved.id, external: 'absolute' } : null;
    },
  };
}
