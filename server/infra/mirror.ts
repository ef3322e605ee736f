// The npm mirror (Verdaccio): the one network service learner builds can reach. It runs on the
// host, bound only to the sandbox network's gateway address, and caches what it fetches so
// repeated builds never go upstream.
//
// Builds can talk to it, so it is a tenant like any other: it runs as its own system account
// (not root), with an environment reduced to what it needs (not the shell's), with publishing
// and user creation off, with its storage capped (mirror-storage.ts), and it fetches from the
// registry only the packages the labs use (mirror-packages.ts; MSLAB_MIRROR_PROXY=all lifts
// that). Under the supervisor it is a child process restarted when it dies; `prepare` alone
// starts it detached, with the same settings, so `npm run dev` and the tests have one.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { config, projectRoot } from '../config.ts';
import { allowedPackages } from './mirror-packages.ts';
import { pruneStorage, type PruneReport } from './mirror-storage.ts';
import { processUid, recordedPid, stopRecorded } from './pid-file.ts';
import { serviceAccount, type Account } from './service-accounts.ts';
import { run } from './shell.ts';

const mirrorApp = path.join(projectRoot, 'server/infra/mirror');
const dataDir = config.infra.mirrorDir;
export const mirrorPaths = {
  dataDir,
  storage: path.join(dataDir, 'storage'),
  config: path.join(dataDir, 'config.yaml'),
  log: path.join(dataDir, 'verdaccio.log'),
  pid: path.join(dataDir, 'verdaccio.pid'),
};
const verdaccioBin = path.join(mirrorApp, 'node_modules/verdaccio/bin/verdaccio');
/** In every mirror process's command line (Verdaccio renames its process to just this). */
export const MIRROR_MARKER = 'verdaccio';

export const mirrorUrl = `http://${config.infra.gateway}:${config.sandbox.registryPort}/`;

// A group no account is in: nobody publishes or unpublishes.
const NOBODY = 'mslab-nobody';

/** Verdaccio's configuration; `proxied` lists the packages it may fetch upstream, or 'all'. */
export function verdaccioConfig(proxied: readonly string[] | 'all'): string {
  const rule = (pattern: string, proxy: boolean) =>
    `  ${JSON.stringify(pattern)}: { access: $all, publish: ${NOBODY}, unpublish: ${NOBODY}${proxy ? ', proxy: npmjs' : ''} }`;
  return [
    `storage: ${JSON.stringify(mirrorPaths.storage)}`,
    `listen: ${config.infra.gateway}:${config.sandbox.registryPort}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(path.join(mirrorPaths.storage, 'htpasswd'))}`,
    '    max_users: -1', // nobody registers
    'uplinks:',
    '  npmjs:',
    '    url: https://registry.npmjs.org/',
    '    timeout: 60s',
    'packages:',
    ...(proxied === 'all' ? [] : proxied.map((name) => rule(name, true))),
    // Anything else: served if already cached (proxy: all), else "no such package" at once.
    rule('**', proxied === 'all'),
    'web: { enable: false }',
    'max_body_size: 1mb',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

export async function isMirrorUp(timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(`${mirrorUrl}-/ping`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

export async function installMirror(log: (line: string) => void): Promise<void> {
  if (fs.existsSync(verdaccioBin)) return;
  log('installing Verdaccio (npm ci)');
  await run('npm ci --no-audit --no-fund --loglevel=error', { cwd: mirrorApp });
}

/** The account the mirror runs as: its own when we are root and prepare created it. */
export const mirrorAccount = (): Account | undefined => serviceAccount(config.service.mirrorUser);

const wantedConfig = () => verdaccioConfig(config.service.mirrorProxy === 'all' ? 'all' : allowedPackages(config.labsDir));

/** Writes the configuration and gives the storage folder to the mirror's account. */
export async function writeMirrorFiles(): Promise<void> {
  fs.mkdirSync(mirrorPaths.storage, { recursive: true });
  fs.writeFileSync(mirrorPaths.config, wantedConfig());
  const account = mirrorAccount();
  if (account) await run(`chown -R ${account.uid}:${account.gid} ${JSON.stringify(mirrorPaths.storage)} && chmod 750 ${JSON.stringify(mirrorPaths.storage)}`);
}

// Only what Verdaccio needs: where Node is, and how the host reaches the registry (a proxy, a
// private CA). Nothing else of the environment that started it (secrets, tokens) reaches it.
const PASSED_THROUGH = ['NODE_EXTRA_CA_CERTS', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy'];

export interface MirrorProcess {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  account: Account | undefined;
}

export function mirrorProcess(): MirrorProcess {
  const env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: mirrorPaths.storage, NODE_ENV: 'production' };
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return { command: process.execPath, args: [verdaccioBin, '-c', mirrorPaths.config], env, cwd: mirrorPaths.storage, account: mirrorAccount() };
}

export function pruneMirror(): PruneReport {
  return pruneStorage(mirrorPaths.storage, config.service.mirrorMaxBytes);
}

export async function waitForMirror(timeoutMs: number, stillStarting: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && stillStarting()) {
    if (await isMirrorUp()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  const tail = fs.existsSync(mirrorPaths.log) ? fs.readFileSync(mirrorPaths.log, 'utf8').split('\n').slice(-20).join('\n') : '';
  throw new Error(`the npm mirror did not answer within ${timeoutMs / 1000} s. Its log:\n${tail}`);
}

/** A running mirror with today's settings, run as the right account, is kept as it is. */
function runningMirrorIsCurrent(): boolean {
  const pid = recordedPid(mirrorPaths.pid, MIRROR_MARKER);
  const current = fs.existsSync(mirrorPaths.config) && fs.readFileSync(mirrorPaths.config, 'utf8') === wantedConfig();
  return pid !== undefined && current && processUid(pid) === (mirrorAccount()?.uid ?? process.getuid?.());
}

/** Everything but starting it: for a supervisor or systemd unit that runs the process itself. */
export async function prepareMirrorFiles(log: (line: string) => void): Promise<string> {
  await installMirror(log);
  await writeMirrorFiles();
  pruneMirror();
  return `configured in ${mirrorPaths.dataDir} (started by the service)`;
}

/** For `prepare` without the supervisor: starts the mirror detached, so it outlives prepare. */
export async function ensureMirror(log: (line: string) => void): Promise<boolean> {
  if ((await isMirrorUp()) && runningMirrorIsCurrent()) return true;
  if (await stopRecorded(mirrorPaths.pid, MIRROR_MARKER)) log('restarting the npm mirror with its current settings');
  await prepareMirrorFiles(log);
  const spec = mirrorProcess();
  const logFd = fs.openSync(mirrorPaths.log, 'a');
  const child = spawn(spec.command, spec.args, {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: spec.env,
    cwd: spec.cwd,
    ...(spec.account && { uid: spec.account.uid, gid: spec.account.gid }),
  });
  child.unref();
  fs.closeSync(logFd);
  fs.writeFileSync(mirrorPaths.pid, String(child.pid));
  await waitForMirror(30_000);
  return false;
}
