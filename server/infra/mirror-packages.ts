// The packages the npm mirror may fetch from the registry: every package the labs' lockfiles
// name (what their `npm ci` / `npm install` need), plus the names an instructor lists in
// labs/mirror-packages.txt. Anything else is answered 404 by the mirror.
import fs from 'node:fs';
import path from 'node:path';

export const EXTRA_PACKAGES_FILE = 'mirror-packages.txt';

/** Package names in one package-lock.json (lockfile v2/v3: `packages` keyed by install path). */
export function lockfilePackages(lockfile: { packages?: Record<string, unknown> }): string[] {
  return Object.keys(lockfile.packages ?? {})
    .filter((key) => key.includes('node_modules/'))
    .map((key) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
}

function lockfilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...lockfilesUnder(full));
    else if (entry.name === 'package-lock.json') found.push(full);
  }
  return found;
}

/** `name` lines of the instructor's list; `#` starts a comment. */
export function extraPackages(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

const validName = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

export function allowedPackages(labsDir: string): string[] {
  const names = new Set<string>();
  for (const file of lockfilesUnder(labsDir)) {
    for (const name of lockfilePackages(JSON.parse(fs.readFileSync(file, 'utf8')))) names.add(name);
  }
  const extraFile = path.join(labsDir, EXTRA_PACKAGES_FILE);
  if (fs.existsSync(extraFile)) {
    for (const name of extraPackages(fs.readFileSync(extraFile, 'utf8'))) {
      if (!validName.test(name)) throw new Error(`${extraFile}: "${name}" is not an npm package name`);
      names.add(name);
    }
  }
  return [...names].sort();
}
