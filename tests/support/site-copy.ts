// A folder to build or run the site from, apart from the checkout: the project's code linked,
// node_modules linked package by package and content/ copied, so its .astro/ folder and
// Astro's content cache (node_modules/.astro) are its own and never touch the checkout's.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';

const LINKED = ['src', 'server', 'shared', 'labs', 'public', 'package.json', 'astro.config.mjs', 'tsconfig.json'];

export function siteCopy(root: string): string {
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  for (const entry of LINKED) fs.symlinkSync(path.join(projectRoot, entry), path.join(root, entry));
  for (const entry of fs.readdirSync(path.join(projectRoot, 'node_modules'))) {
    if (entry !== '.astro' && entry !== '.vite') fs.symlinkSync(path.join(projectRoot, 'node_modules', entry), path.join(root, 'node_modules', entry));
  }
  fs.cpSync(path.join(projectRoot, 'content'), path.join(root, 'content'), { recursive: true });
  return root;
}
