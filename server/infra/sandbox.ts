// The sandbox engine: learner builds run in a dockerd inside a container on an internal
// network whose only reachable service is the npm mirror. Limits on that container bind every
// build inside it. Created once; `prepare` reuses what exists.
import fs from 'node:fs';
import path from 'node:path';
import { config, projectRoot } from '../config.ts';
import { imageLabel, importRootfs, RECIPE_LABEL, recipeHash } from './images.ts';
import { standInTags } from './stand-in-images.ts';
import { RootfsCache } from './rootfs.ts';
import { run, succeeds } from './shell.ts';

const { infra } = config;
const here = path.join(projectRoot, 'server/infra/sandbox-engine');

export const sandboxSocketDir = path.join(config.cacheDir, 'sandbox-0');
const sandboxSocket = path.join(sandboxSocketDir, 'docker.sock');

const SANDBOX_PACKAGES = ['docker.io', 'iptables', 'ca-certificates'];
const sandboxRecipe = () =>
  [SANDBOX_PACKAGES.join(','), ...['daemon.json', 'entrypoint.sh'].map((f) => fs.readFileSync(path.join(here, f), 'utf8'))].join('\n');

/** The engine image: Debian with docker.io, our entrypoint and daemon settings. */
export async function ensureSandboxImage(log: (line: string) => void): Promise<boolean> {
  const hash = recipeHash(sandboxRecipe());
  if ((await imageLabel(infra.sandboxImage, RECIPE_LABEL)) === hash) return true;
  log(`building ${infra.sandboxImage} (Debian + docker.io)`);
  const dir = await new RootfsCache(config.cacheDir).withPackages('sandbox-engine', SANDBOX_PACKAGES);
  fs.mkdirSync(path.join(dir, 'etc/docker'), { recursive: true });
  fs.copyFileSync(path.join(here, 'daemon.json'), path.join(dir, 'etc/docker/daemon.json'));
  fs.copyFileSync(path.join(here, 'entrypoint.sh'), path.join(dir, 'usr/local/bin/sandbox-entrypoint'));
  fs.chmodSync(path.join(dir, 'usr/local/bin/sandbox-entrypoint'), 0o755);
  await importRootfs(dir, infra.sandboxImage, [
    'ENTRYPOINT ["/usr/local/bin/sandbox-entrypoint"]',
    `LABEL lab.multistage.role=sandbox-engine ${RECIPE_LABEL}=${hash}`,
  ]);
  return false;
}

/** Internal network (no egress) with a fixed bridge name, so the firewall can name it. */
export async function ensureNetwork(): Promise<boolean> {
  if (await succeeds(`docker network inspect ${infra.network}`)) return true;
  await run(
    `docker network create --internal --subnet ${infra.subnet} --gateway ${infra.gateway} ` +
      `-o com.docker.network.bridge.name=${infra.bridge} --label lab.multistage.role=sandbox-network ${infra.network}`,
  );
  return false;
}

/**
 * An internal Docker network still reaches the host itself through its gateway address.
 * Only the mirror's port is open from there; everything else the host serves (this site,
 * anything else) is dropped.
 */
export async function ensureFirewall(): Promise<void> {
  const chain = 'MSLAB-SANDBOX';
  await run(`iptables -N ${chain} 2>/dev/null || true`);
  await run(`iptables -F ${chain}`);
  await run(`iptables -A ${chain} -p tcp --dport ${config.sandbox.registryPort} -j ACCEPT`);
  await run(`iptables -A ${chain} -j DROP`);
  if (!(await succeeds(`iptables -C INPUT -i ${infra.bridge} -j ${chain}`))) {
    await run(`iptables -I INPUT -i ${infra.bridge} -j ${chain}`);
  }
}

const sandboxDocker = `docker -H unix://${sandboxSocket}`;

async function waitForEngine(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await succeeds(`${sandboxDocker} version`)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  const logs = await run(`docker logs --tail 30 ${infra.sandboxContainer} 2>&1 || true`);
  throw new Error(`the sandbox engine did not answer within ${timeoutMs / 1000} s. Its log:\n${logs}`);
}

interface ContainerState {
  running: boolean;
  image: string;
  socketDir: string | undefined;
}

async function sandboxContainerState(): Promise<ContainerState | undefined> {
  // For a missing container, docker inspect prints "[]" and fails.
  const raw = await run(`docker inspect ${infra.sandboxContainer} 2>/dev/null || true`);
  const [info] = JSON.parse(raw || '[]') as Array<{ State: { Running: boolean }; Image: string; Mounts: Array<{ Destination: string; Source: string }> }>;
  if (!info) return undefined;
  return { running: info.State.Running, image: info.Image, socketDir: info.Mounts.find((m) => m.Destination === '/run/sandbox')?.Source };
}

/**
 * Reuses the running engine when it is this checkout's (socket folder) and of the current
 * image; otherwise replaces the container. Its data volume, with the loaded images, stays.
 */
export async function ensureSandboxContainer(): Promise<boolean> {
  const state = await sandboxContainerState();
  const image = await run(`docker image inspect --format '{{.Id}}' ${infra.sandboxImage}`);
  const current = state && state.image === image && state.socketDir === sandboxSocketDir;
  if (state && current && state.running) {
    await waitForEngine(60_000);
    return true;
  }
  if (state && !current) await run(`docker rm -f ${infra.sandboxContainer}`);
  if (state && current) {
    await run(`docker start ${infra.sandboxContainer}`);
  } else {
    fs.mkdirSync(sandboxSocketDir, { recursive: true });
    await run(
      [
        `docker run -d --name ${infra.sandboxContainer} --restart unless-stopped`,
        '--cap-add ALL --cap-drop SYS_RESOURCE',
        '--security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined',
        '--cgroupns private',
        `--memory ${infra.sandboxMemory} --memory-swap ${infra.sandboxMemory} --cpus ${infra.sandboxCpus} --pids-limit ${infra.sandboxPids}`,
        `--network ${infra.network}`,
        `-v ${infra.sandboxContainer}-data:/var/lib/docker`,
        `-v ${sandboxSocketDir}:/run/sandbox`,
        '--label lab.multistage.role=sandbox-engine',
        infra.sandboxImage,
      ].join(' '),
    );
  }
  await waitForEngine(60_000);
  return false;
}

/** Copies the stand-in images into the sandbox engine when their ids differ. */
export async function ensureImagesInSandbox(log: (line: string) => void): Promise<boolean> {
  const tags = standInTags();
  const idsOn = (docker: string) =>
    run(`${docker} image inspect --format '{{.Id}}' ${tags.join(' ')} 2>/dev/null || true`);
  const [host, inside] = await Promise.all([idsOn('docker'), idsOn(sandboxDocker)]);
  if (host === inside) return true;
  log(`loading ${tags.length} base image tags into the sandbox engine`);
  await run(`docker save ${tags.join(' ')} | ${sandboxDocker} load`);
  return false;
}
