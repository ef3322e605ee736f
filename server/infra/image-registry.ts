// The base-image registry: Debian's `docker-registry` (the distribution registry), on the host,
// bound to the sandbox network's gateway like the npm mirror, serving the stand-in base images
// to every sandbox engine. Each engine uses it as its registry mirror for Docker Hub, so
// preparing or recycling an engine is `docker pull node:18 ...` from the local network, as on
// an air-gapped site, instead of a `docker save | docker load` per engine.
//
// It serves read-only: build steps cannot reach it anyway (the engine refuses their packets to
// anything but the npm mirror's port), and even the engines cannot push. New images go in
// through a second, short-lived registry process on 127.0.0.1 over the same storage, which the
// host's Docker pushes to (127.0.0.0/8 is an insecure registry for Docker by default). Both run
// as `nobody`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config.ts';
import { run } from './shell.ts';
import { canReach } from './service-accounts.ts';
import { standInTags } from './stand-in-images.ts';

const { infra } = config;
const NOBODY = 65534;
const registryBin = '/usr/bin/docker-registry';
const dirs = {
  storage: path.join(infra.imageRegistryDir, 'storage'),
  serve: path.join(infra.imageRegistryDir, 'serve.yml'),
  pid: path.join(infra.imageRegistryDir, 'registry.pid'),
  log: path.join(infra.imageRegistryDir, 'registry.log'),
};
/** Where the engines pull from (an address on the sandbox network). */
export const imageRegistryAddress = `${infra.gateway}:${infra.imageRegistryPort}`;
/** Where the host pushes to while the registry is filled. */
const fillAddress = `127.0.0.1:${infra.imageRegistryPort + 1}`;

function registryConfig(addr: string, readonly: boolean): string {
  return [
    'version: 0.1',
    'log: { level: warn, formatter: text }',
    'storage:',
    `  filesystem: { rootdirectory: ${JSON.stringify(dirs.storage)} }`,
    `  maintenance: { readonly: { enabled: ${readonly} }, uploadpurging: { enabled: false } }`,
    '  delete: { enabled: false }',
    `http: { addr: ${JSON.stringify(addr)} }`,
    '',
  ].join('\n');
}

async function answers(addr: string): Promise<boolean> {
  try {
    const res = await fetch(`http://${addr}/v2/`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

async function waitFor(addr: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await answers(addr)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the image registry at ${addr} did not answer within ${ms / 1000} s; see ${dirs.log}`);
}

/** `nobody`, unless it cannot enter the checkout (a private folder above it): then root, with a warning. */
function registryAccount(): { uid: number; gid: number } {
  const nobody = { name: 'nobody', uid: NOBODY, gid: NOBODY };
  if (canReach(nobody, path.dirname(dirs.log))) return nobody;
  console.warn(`[service] nobody cannot enter ${path.dirname(dirs.log)} (a folder above it is private), so the image registry runs as root; move the checkout, or give its parent folders o+x`);
  return { uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0 };
}

function startRegistry(configFile: string, detached: boolean) {
  const log = fs.openSync(dirs.log, 'a');
  const { uid, gid } = registryAccount();
  const child = spawn(registryBin, ['serve', configFile], { detached, stdio: ['ignore', log, log], uid, gid, env: { PATH: '/usr/bin:/bin' } });
  fs.closeSync(log);
  return child;
}

/** The image config digest a tag has in the registry (its image id), or undefined. */
async function registryImageId(addr: string, tag: string): Promise<string | undefined> {
  const [name, reference = 'latest'] = tag.split(':');
  try {
    const res = await fetch(`http://${addr}/v2/library/${name}/manifests/${reference}`, {
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) return undefined;
    return ((await res.json()) as { config?: { digest?: string } }).config?.digest;
  } catch {
    return undefined;
  }
}

/** Tags whose image in the registry is not the host's. */
async function staleTags(addr: string): Promise<string[]> {
  const stale: string[] = [];
  for (const tag of standInTags()) {
    const hostId = await run(`docker image inspect --format '{{.Id}}' ${tag}`);
    if ((await registryImageId(addr, tag)) !== hostId) stale.push(tag);
  }
  return stale;
}

/** Pushes the tags through a read-write registry process on 127.0.0.1 over the same storage. */
async function fill(tags: string[], log: (line: string) => void): Promise<void> {
  const fillConfig = path.join(infra.imageRegistryDir, 'fill.yml');
  fs.writeFileSync(fillConfig, registryConfig(fillAddress, false));
  const child = startRegistry(fillConfig, false);
  try {
    await waitFor(fillAddress, 15_000);
    for (const tag of tags) {
      log(`pushing ${tag} to the image registry`);
      const local = `${fillAddress}/library/${tag.includes(':') ? tag : `${tag}:latest`}`;
      await run(`docker tag ${tag} ${local} && docker push ${local} >/dev/null; status=$?; docker rmi ${local} >/dev/null; exit $status`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Makes sure the registry serves every stand-in image at the host's current version, started
 * (detached, so it outlives `prepare`) if it does not answer. True when nothing had to change.
 */
export async function ensureImageRegistry(log: (line: string) => void): Promise<boolean> {
  if (!fs.existsSync(registryBin)) throw new Error('docker-registry is missing: apt-get install -y docker-registry');
  fs.mkdirSync(dirs.storage, { recursive: true });
  await run(`chown -R ${NOBODY}:${NOBODY} ${dirs.storage}`);
  let reused = true;
  if (!(await answers(imageRegistryAddress))) {
    fs.writeFileSync(dirs.serve, registryConfig(imageRegistryAddress, true));
    const child = startRegistry(dirs.serve, true);
    child.unref();
    fs.writeFileSync(dirs.pid, String(child.pid));
    await waitFor(imageRegistryAddress, 15_000);
    reused = false;
  }
  const stale = await staleTags(imageRegistryAddress);
  if (stale.length === 0) return reused;
  await fill(stale, log);
  const still = await staleTags(imageRegistryAddress);
  if (still.length > 0) throw new Error(`the image registry still lacks ${still.join(', ')} after pushing them; see ${dirs.log}`);
  return false;
}

/** Pulls every stand-in tag into an engine from the registry (its Docker Hub mirror). */
export async function pullBaseImages(docker: string): Promise<void> {
  for (const tag of standInTags()) await run(`${docker} pull -q ${tag} >/dev/null`);
}
