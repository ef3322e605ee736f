// The sandbox engines: learner builds run in a pool of dockerds, each inside a container on an
// internal network whose only service builds reach is the npm mirror. One build per engine:
// the limits of its container (memory, CPU, processes, its own fixed-size disk) bind that build
// alone. Created once; `prepare` reuses what exists; `recycleEngine` wipes one clean.
//
// Two walls stand between a learner's RUN step and the host:
//   1. the engine runs its containers (build steps, checkpoint runs) under a user namespace
//      (`userns-remap` in daemon.json): root in a step is uid 100000 on the host, with the
//      engine's default capabilities and seccomp profile;
//   2. the engine container itself is not --privileged: it keeps only the capabilities and
//      syscalls a nested dockerd needs (see ENGINE_CAPABILITIES and engineSeccompProfile).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config, projectRoot } from '../config.ts';
import { engineCpuset } from './engine-cpus.ts';
import { limitDiskWriteback } from './engine-disk-writeback.ts';
import { imageLabel, importRootfs, RECIPE_LABEL, recipeHash } from './images.ts';
import { pullBaseImages } from './image-registry.ts';
import { standInTags } from './stand-in-images.ts';
import { RootfsCache } from './rootfs.ts';
import { run, succeeds } from './shell.ts';

export { ensureFirewall } from './firewall.ts';

const { infra } = config;
const here = path.join(projectRoot, 'server/infra/sandbox-engine');

const engineIndexes = (): number[] => Array.from({ length: infra.engines }, (_, i) => i);
const engineDocker = (i: number) => `docker -H unix://${engineSocket(engineTarget(i))}`;

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
 * What the engine container keeps, each found necessary by starting the engine without it
 * (README, "What a build step can do"): Docker's default set, which the engine hands on
 * to the containers it runs (a runtime cannot grant what it lacks); SYS_ADMIN for mounts,
 * namespaces and cgroups; NET_ADMIN for the engine's bridge and NAT rules; SYS_PTRACE, without
 * which runc cannot set up a user-namespaced container ("can't get final child's PID").
 * Everything else (SYS_MODULE, SYS_RAWIO, SYS_TIME, SYS_BOOT, DAC_READ_SEARCH, ...) is dropped.
 */
export const ENGINE_CAPABILITIES = [
  'CHOWN', 'DAC_OVERRIDE', 'FSETID', 'FOWNER', 'MKNOD', 'NET_RAW', 'SETGID', 'SETUID', 'SETFCAP',
  'SETPCAP', 'NET_BIND_SERVICE', 'SYS_CHROOT', 'KILL', 'AUDIT_WRITE',
  'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE',
] as const;

/**
 * Syscalls the engine needs beyond Docker's default seccomp profile (Docker 20.10's own
 * default.json, kept beside this file): runc gives each container a session keyring (keyctl,
 * add_key, request_key) and enters its root with pivot_root. Docker's profile already allows
 * mount, unshare and setns to a container holding SYS_ADMIN.
 */
const ENGINE_EXTRA_SYSCALLS = ['keyctl', 'add_key', 'request_key', 'pivot_root'];

/** Writes the engine's seccomp profile and returns its path. */
function engineSeccompProfile(): string {
  const profile = JSON.parse(fs.readFileSync(path.join(here, 'docker-default-seccomp.json'), 'utf8')) as { syscalls: unknown[] };
  profile.syscalls.push({ names: ENGINE_EXTRA_SYSCALLS, action: 'SCMP_ACT_ALLOW', comment: 'multistage-lab: nested runc' });
  const file = path.join(config.cacheDir, 'sandbox-engine-seccomp.json');
  fs.mkdirSync(config.cacheDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(profile));
  return file;
}

/**
 * Where an engine container lives: its name, socket folder, network, and its /var/lib/docker:
 * a fixed-size file system mounted at `disk` (the pool's engines), or a Docker volume.
 */
export interface EngineTarget {
  name: string;
  socketDir: string;
  network: string;
  storage: { disk: string } | { volume: string };
  /** `--cpuset-cpus`: the cores it runs on (engine-cpus.ts); undefined for any core. */
  cpuset?: string;
}

const diskMount = (name: string) => path.join(infra.engineDiskDir, name);
const diskImage = (name: string) => path.join(infra.engineDiskDir, `${name}.ext4`);

export function engineTarget(i: number): EngineTarget {
  const name = infra.engineContainer(i);
  const cpuset = engineCpuset(i, infra.engines, os.availableParallelism());
  return { name, socketDir: infra.engineSocketDir(i), network: infra.network, storage: { disk: diskMount(name) }, ...(cpuset !== undefined && { cpuset }) };
}

/**
 * The engine's disk: a sparse file of MSLAB_SANDBOX_DISK holding an ext4 file system, loop
 * mounted. Made anew when `fresh` (or missing) as a copy of the template disk, which holds the
 * prepared state (the base images), or empty when there is no template yet. The engine sees
 * the `data` folder, which exists only while the file system is mounted: after a reboot Docker
 * cannot restart the engine on the host's own disk (the bind source is missing) until this
 * runs again.
 */
async function ensureDisk(name: string, fresh: boolean): Promise<void> {
  const mount = diskMount(name);
  const image = diskImage(name);
  fs.mkdirSync(mount, { recursive: true, mode: 0o700 });
  fs.chmodSync(infra.engineDiskDir, 0o700);
  const mounted = await succeeds(`mountpoint -q ${mount}`);
  if (fresh && mounted) await run(`umount ${mount}`);
  if (fresh || !fs.existsSync(image)) {
    fs.rmSync(image, { force: true });
    if (name !== templateName && fs.existsSync(templateDisk.image)) {
      // A few seconds for the 1.5 GB of base images, against minutes to pull them again.
      await run(`cp --sparse=always ${templateDisk.image} ${image}`);
    } else {
      await run(`truncate -s ${infra.engineDiskSize} ${image} && mkfs.ext4 -q -F -m 0 ${image}`);
    }
  }
  if (fresh || !mounted) await run(`mount -o loop ${image} ${mount}`);
  const missed = await limitDiskWriteback(image);
  if (missed.length > 0) process.stderr.write(`[prepare] ${name}: could not set ${missed.join(', ')}: a build that writes without end may slow the other engines\n`);
  fs.mkdirSync(path.join(mount, 'data'), { recursive: true });
}

const templateName = infra.engineContainer('template');
const templateDisk = { image: path.join(infra.engineDiskDir, 'template.ext4'), recipe: path.join(infra.engineDiskDir, 'template.recipe') };

/**
 * The template disk: what a prepared engine's /var/lib/docker holds (the base images, pulled
 * from the image registry by a short-lived engine), made again when the engine image, the
 * base images or the disk size change. Every engine's disk starts as a copy of it.
 */
export async function ensureTemplateDisk(log: (line: string) => void): Promise<boolean> {
  const hostIds = await run(`docker image inspect --format '{{.Id}}' ${standInTags().join(' ')}`);
  const engineImage = await run(`docker image inspect --format '{{.Id}}' ${infra.sandboxImage}`);
  const recipe = recipeHash([engineImage, hostIds, infra.engineDiskSize].join('\n'));
  if (fs.existsSync(templateDisk.image) && fs.existsSync(templateDisk.recipe) && fs.readFileSync(templateDisk.recipe, 'utf8') === recipe) return true;
  log('preparing the template disk every engine starts from (pulling the base images from the image registry)');
  const target = scratchEngine(templateName);
  await run(`docker rm -f ${templateName} 2>/dev/null || true`);
  await ensureDisk(templateName, true);
  try {
    await startEngine(target);
    await pullBaseImages(`docker -H unix://${engineSocket(target)}`);
    await run(`docker stop -t 30 ${templateName}`); // a clean shutdown leaves a clean store
  } finally {
    await run(`docker rm -f ${templateName} 2>/dev/null; umount ${diskMount(templateName)}`);
  }
  fs.renameSync(diskImage(templateName), templateDisk.image);
  fs.writeFileSync(templateDisk.recipe, recipe);
  return false;
}

/**
 * `docker run` arguments of an engine, minus its name and spec label. Besides the capabilities
 * and seccomp profile above: `systempaths=unconfined`, since the kernel refuses a fresh /proc
 * mount inside a user namespace while parts of /proc are masked (runc fails "mount proc:/proc:
 * operation not permitted"); AppArmor unconfined only where AppArmor exists, since Docker's
 * profile denies mount (this VM has none); a private cgroup namespace, so the cgroups the engine
 * creates sit under this container's own, inside its limits.
 */
function engineRunArgs(target: EngineTarget): string[] {
  const apparmor = fs.existsSync('/sys/kernel/security/apparmor') ? ['--security-opt apparmor=unconfined'] : [];
  return [
    '--restart unless-stopped',
    '--cap-drop ALL',
    ...ENGINE_CAPABILITIES.map((c) => `--cap-add ${c}`),
    `--security-opt seccomp=${engineSeccompProfile()}`,
    '--security-opt systempaths=unconfined',
    ...apparmor,
    '--cgroupns private',
    `--memory ${infra.sandboxMemory} --memory-swap ${infra.sandboxMemory} --cpus ${infra.sandboxCpus} --pids-limit ${infra.sandboxPids}`,
    ...(target.cpuset !== undefined ? [`--cpuset-cpus ${target.cpuset}`] : []),
    `--network ${target.network}`,
    'disk' in target.storage ? `--mount type=bind,source=${target.storage.disk}/data,target=/var/lib/docker` : `-v ${target.storage.volume}:/var/lib/docker`,
    // What build steps may reach on the gateway (the npm mirror), and where base images come from.
    `-e SANDBOX_MIRROR_PORT=${config.sandbox.registryPort} -e SANDBOX_REGISTRY_PORT=${infra.imageRegistryPort}`,
    // The build steps' own limits inside the engine (entrypoint.sh).
    `-e SANDBOX_STEP_MEMORY=${infra.stepMemoryBytes} -e SANDBOX_STEP_PIDS=${infra.stepPids}`,
    `-v ${target.socketDir}:/run/sandbox`,
    '--label lab.multistage.role=sandbox-engine',
    `--label lab.multistage.instance=${infra.instance}`,
  ];
}

const SPEC_LABEL = 'lab.multistage.engine-spec';

export const engineSocket = (target: EngineTarget): string => path.join(target.socketDir, 'docker.sock');

async function waitForEngine(target: EngineTarget, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await succeeds(`docker -H unix://${engineSocket(target)} version`)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  const logs = await run(`docker logs --tail 30 ${target.name} 2>&1 || true`);
  throw new Error(`the sandbox engine ${target.name} did not answer within ${timeoutMs / 1000} s. Its log:\n${logs}`);
}

/** The current settings of an engine, as a hash: a container with another one is replaced. */
async function engineSpec(target: EngineTarget): Promise<{ args: string[]; spec: string }> {
  const image = await run(`docker image inspect --format '{{.Id}}' ${infra.sandboxImage}`);
  const args = engineRunArgs(target);
  return { args, spec: recipeHash([image, ...args, fs.readFileSync(engineSeccompProfile(), 'utf8')].join('\n')) };
}

/** Starts a new engine container (none of that name may exist) and waits until it answers. */
export async function startEngine(target: EngineTarget): Promise<void> {
  if ('disk' in target.storage) await ensureDisk(target.name, false);
  const { args, spec } = await engineSpec(target);
  fs.mkdirSync(target.socketDir, { recursive: true });
  await run(['docker run -d', `--name ${target.name}`, ...args, `--label ${SPEC_LABEL}=${spec}`, infra.sandboxImage].join(' '));
  await waitForEngine(target, 60_000);
}

interface ContainerState {
  running: boolean;
  spec: string | undefined;
  socketDir: string | undefined;
}

async function containerState(name: string): Promise<ContainerState | undefined> {
  // For a missing container, docker inspect prints "[]" and fails.
  const raw = await run(`docker inspect ${name} 2>/dev/null || true`);
  const [info] = JSON.parse(raw || '[]') as Array<{
    State: { Running: boolean };
    Config: { Labels: Record<string, string> | null };
    Mounts: Array<{ Destination: string; Source: string }>;
  }>;
  if (!info) return undefined;
  return {
    running: info.State.Running,
    spec: info.Config.Labels?.[SPEC_LABEL],
    socketDir: info.Mounts.find((m) => m.Destination === '/run/sandbox')?.Source,
  };
}

/**
 * Engine i: reuses the container when it has the current image and settings (starting it if
 * it stopped); otherwise replaces it. Its data volume, with the loaded images, stays. A
 * container of the same name that serves another checkout (its socket is elsewhere) is left
 * alone while that checkout exists: removing it would break that checkout's builds.
 */
export async function ensureEngine(i: number): Promise<boolean> {
  const target = engineTarget(i);
  const state = await containerState(target.name);
  // A checkout that is gone (a CI clone of an earlier run) needs its engine no more: take it over.
  // (Its socket folder is <checkout>/.cache/<engine>; Docker recreates a missing bind-mount folder, so the checkout's package.json tells.)
  const otherCheckoutLives = (socketDir: string) => fs.existsSync(path.join(socketDir, '..', '..', 'package.json'));
  if (state?.socketDir && state.socketDir !== target.socketDir && otherCheckoutLives(state.socketDir)) {
    throw new Error(
      `the container ${target.name} serves another checkout (its socket is in ${state.socketDir}). ` +
        `Give this checkout its own instance: MSLAB_INSTANCE=<name> (1-8 letters or digits), or remove that container if its checkout is gone.`,
    );
  }
  if (state && state.spec === (await engineSpec(target)).spec) {
    if (!state.running) {
      await ensureDisk(target.name, false);
      await run(`docker start ${target.name}`);
    }
    await waitForEngine(target, 60_000);
    return true;
  }
  if (state) await run(`docker rm -f ${target.name}`);
  await startEngine(target);
  // Engines made before the disks kept /var/lib/docker in this volume: nothing uses it now.
  await run(`docker volume rm ${target.name}-data 2>/dev/null || true`);
  return false;
}

/**
 * Wipes an engine (index i of this instance, or any disk-backed target) back to its prepared
 * state: a new container on a fresh copy of the template disk. For an engine a build left in a
 * bad state (its disk full, a limit hit); builds on it fail meanwhile, so take it out of
 * rotation first.
 */
export async function recycleEngine(which: number | EngineTarget): Promise<void> {
  const target = typeof which === 'number' ? engineTarget(which) : which;
  if (!('disk' in target.storage)) throw new Error(`${target.name} has no disk of its own to wipe`);
  await run(`docker rm -f ${target.name}`);
  await ensureDisk(target.name, true);
  await startEngine(target);
}

/** Removes an engine for good: its container, and its disk if it has one. */
export async function removeEngine(target: EngineTarget): Promise<void> {
  await run(`docker rm -f ${target.name} 2>/dev/null || true`);
  if ('disk' in target.storage) {
    await run(`! mountpoint -q ${target.storage.disk} || umount ${target.storage.disk}`);
    fs.rmSync(target.storage.disk, { recursive: true, force: true });
    fs.rmSync(diskImage(target.name), { force: true });
  } else {
    await run(`docker volume rm ${target.storage.volume} 2>/dev/null || true`);
  }
}

/** A disk-backed engine outside the pool (tests and benchmarks), on this instance's network. */
export function scratchEngine(name: string): EngineTarget {
  return { name, socketDir: path.join(infra.engineDiskDir, `${name}-socket`), network: infra.network, storage: { disk: diskMount(name) } };
}

/** Every engine of this instance (config.infra.engines of them). True when all were reused. */
export async function ensureSandboxContainer(log: (line: string) => void = () => {}): Promise<boolean> {
  const template = await ensureTemplateDisk(log);
  const reused = await Promise.all(engineIndexes().map((i) => ensureEngine(i)));
  return template && reused.every(Boolean);
}

/** Pulls the base images into every engine whose image ids differ from the host's. */
export async function ensureImagesInSandbox(log: (line: string) => void): Promise<boolean> {
  const tags = standInTags();
  const idsOn = (docker: string) => run(`${docker} image inspect --format '{{.Id}}' ${tags.join(' ')} 2>/dev/null || true`);
  const host = await idsOn('docker');
  const stale: number[] = [];
  for (const i of engineIndexes()) if ((await idsOn(engineDocker(i))) !== host) stale.push(i);
  if (stale.length > 0) log(`pulling ${tags.length} base image tags into ${stale.map((i) => infra.engineContainer(i)).join(', ')}`);
  await Promise.all(stale.map((i) => pullBaseImages(engineDocker(i))));
  return stale.length === 0;
}
