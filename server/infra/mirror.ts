// The npm mirror (Verdaccio): the one network service learner builds can reach. It runs on the
// host, bound only to the sandbox network's gateway address, and caches what it fetches under
// .cache/mirror so repeated builds never go upstream. Started detached so it outlives `prepare`
// and serves every server replica on this machine.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { config, projectRoot } from '../config.ts';
import { run } from './shell.ts';

const mirrorApp = path.join(projectRoot, 'server/infra/mirror');
const dataDir = config.infra.mirrorDir;
export const mirrorUrl = `http://${config.infra.gateway}:${config.sandbox.registryPort}/`;

function verdaccioConfig(): string {
  return [
    `storage: ${JSON.stringify(path.join(dataDir, 'storage'))}`,
    `listen: ${config.infra.gateway}:${config.sandbox.registryPort}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(path.join(dataDir, 'htpasswd'))}`,
    '    max_users: -1', // nobody registers, nobody publishes: a read-only mirror
    'uplinks:',
    '  npmjs:',
    '    url: https://registry.npmjs.org/',
    '    timeout: 60s',
    'packages:',
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    '    proxy: npmjs',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

async function isUp(): Promise<boolean> {
  try {
    const res = await fetch(`${mirrorUrl}-/ping`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

export async function ensureMirror(log: (line: string) => void): Promise<boolean> {
  if (await isUp()) return true;
  if (!fs.existsSync(path.join(mirrorApp, 'node_modules/verdaccio'))) {
    log('installing Verdaccio (npm ci)');
    await run('npm ci --no-audit --no-fund --loglevel=error', { cwd: mirrorApp });
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const configFile = path.join(dataDir, 'config.yaml');
  fs.writeFileSync(configFile, verdaccioConfig());
  const logFd = fs.openSync(path.join(dataDir, 'verdaccio.log'), 'a');
  const child = spawn(process.execPath, [path.join(mirrorApp, 'node_modules/verdaccio/bin/verdaccio'), '-c', configFile], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: process.env,
  });
  child.unref();
  fs.writeFileSync(path.join(dataDir, 'verdaccio.pid'), String(child.pid));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await isUp()) return false;
    await new Promise((r) => setTimeout(r, 300));
  }
  const tail = await run(`tail -n 20 ${path.join(dataDir, 'verdaccio.log')}`);
  throw new Error(`the npm mirror did not start within 30 s. Its log:\n${tail}`);
}
