// The accounts the service runs as, so neither the web server nor the npm mirror needs root:
//   - `mslab` (user and group) runs the web server. It needs exactly two things: the sandbox
//     engines' sockets and the progress database's folder; both get group `mslab`.
//   - `mslab-mirror` runs Verdaccio and owns nothing but the mirror's storage.
// Creating them needs root (prepare, or the supervisor started as root).
import fs from 'node:fs';
import path from 'node:path';
import { config, projectRoot } from '../config.ts';
import { run } from './shell.ts';

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** The account from /etc/passwd, or undefined when it does not exist. */
export function lookupAccount(name: string): Account | undefined {
  const line = fs
    .readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(':');
  return { name, uid: Number(uid), gid: Number(gid) };
}

export const isRoot = () => process.getuid?.() === 0;

/** Creates the system accounts that are missing; says which it created. */
export async function ensureServiceAccounts(): Promise<boolean | string> {
  const { webUser, mirrorUser } = config.service;
  const missing = [webUser, mirrorUser].filter((name) => !lookupAccount(name));
  for (const name of missing) {
    // A system account with its own group, no home and no login shell.
    await run(`useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${name}`);
  }
  return missing.length === 0 || `created ${missing.join(', ')}`;
}

/** Whether `account` may enter every folder above `file` (and the file itself, for a folder). */
export function canReach(account: Account, file: string): boolean {
  const parts = path.resolve(file).split('/').filter(Boolean);
  for (let i = 0; i <= parts.length; i++) {
    const dir = `/${parts.slice(0, i).join('/')}`;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(dir);
    } catch {
      return false;
    }
    if (!stat.isDirectory()) continue;
    const bit = stat.uid === account.uid ? 0o100 : stat.gid === account.gid ? 0o010 : 0o001;
    if ((stat.mode & bit) === 0) return false;
  }
  return true;
}

const warned = new Set<string>();

/**
 * The account a service runs as, when the machine has it, we may switch to it, and it can reach
 * the checkout and Node (a checkout inside a private folder, such as one made by mktemp, is out
 * of its reach): otherwise the service runs as the current user, with a warning that says why.
 */
export function serviceAccount(name: string): Account | undefined {
  if (!isRoot()) return undefined;
  const account = lookupAccount(name);
  if (!account) return undefined;
  const unreachable = [projectRoot, path.dirname(process.execPath)].find((p) => !canReach(account, p));
  if (!unreachable) return account;
  if (!warned.has(name)) {
    warned.add(name);
    console.warn(`[service] the ${name} account cannot enter ${unreachable} (a folder above it is private), so this service runs as root; move the checkout, or give its parent folders o+x, to run it as ${name}`);
  }
  return undefined;
}

/** The web server's account, when the machine has one and we may switch to it. */
export function webAccount(): Account | undefined {
  return serviceAccount(config.service.webUser);
}

/**
 * The web server's account for giving its group the engine sockets and the database folder:
 * given whenever it exists, also while the server has to run as root (checkout out of reach).
 */
export function webGroup(): Account | undefined {
  return isRoot() ? lookupAccount(config.service.webUser) : undefined;
}

function chownGroup(file: string, gid: number, mode: number): void {
  const stat = fs.statSync(file);
  if (stat.gid !== gid) fs.chownSync(file, stat.uid, gid);
  if ((stat.mode & 0o7777) !== mode) fs.chmodSync(file, mode);
}

/**
 * The progress database's folder and files belong to the web server's group, group-writable
 * (SQLite writes its journal files beside the database), setgid so new files stay in the group.
 */
export function grantDatabase(account: Account, dbFile = config.progressDb): void {
  const dir = path.dirname(dbFile);
  fs.mkdirSync(dir, { recursive: true });
  chownGroup(dir, account.gid, 0o2770);
  for (const suffix of ['', '-wal', '-shm', '-journal']) {
    if (fs.existsSync(dbFile + suffix)) chownGroup(dbFile + suffix, account.gid, 0o660);
  }
}

/** Unix sockets of the configured sandbox engines. */
export const engineSockets = (): string[] =>
  config.sandbox.endpoints.filter((e) => e.startsWith('unix://')).map((e) => new URL(e).pathname);

/**
 * A sandbox engine's socket to the web server's group. dockerd (re)creates the socket each
 * time it starts, so this runs after every engine start, and the supervisor checks it.
 */
export function grantSocket(account: Account, socket: string): void {
  chownGroup(socket, account.gid, 0o660);
}

export function socketGranted(account: Account, socket: string): boolean {
  const stat = fs.statSync(socket);
  return stat.gid === account.gid && (stat.mode & 0o060) === 0o060;
}

/** Everything the web server's account needs, given to its group (prepare and the supervisor). */
export function grantWebServerAccess(): string {
  const account = webGroup();
  if (!account) return 'skipped (not root, or no account)';
  grantDatabase(account);
  const sockets = engineSockets().filter((socket) => fs.existsSync(socket));
  for (const socket of sockets) grantSocket(account, socket);
  return `group ${account.name}: ${path.dirname(config.progressDb)}, ${sockets.length} engine socket(s)`;
}
