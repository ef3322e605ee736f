// Fetches a package tarball from the npm registry (the one registry reachable here) and
// unpacks it: the Node 18 binary and npm itself come this way for the stand-in images.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './shell.ts';

export async function unpackNpmPackage(cacheDir: string, spec: string): Promise<string> {
  const dir = path.join(cacheDir, 'npm', spec.replace(/[^a-zA-Z0-9.@-]/g, '_'));
  if (fs.existsSync(path.join(dir, 'package', 'package.json'))) return path.join(dir, 'package');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = await run(`npm pack --silent ${spec}`, { cwd: dir });
  await run(`tar -xzf ${JSON.stringify(file.split("\n").pop())}`, { cwd: dir });
  return path.join(dir, 'package');
}
