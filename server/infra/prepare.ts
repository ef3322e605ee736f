// `npm run prepare:infra` (also the first half of `npm start` and `npm run dev`): brings up
// everything learner builds need, reusing whatever already exists, and says what it did.
import { config } from '../config.ts';
import { ensureImageRegistry } from './image-registry.ts';
import { ensureMirror, prepareMirrorFiles } from './mirror.ts';
import { ensureFirewall, ensureImagesInSandbox, ensureNetwork, ensureSandboxContainer, ensureSandboxImage } from './sandbox.ts';
import { ensureServiceAccounts, grantWebServerAccess } from './service-accounts.ts';
import { run, succeeds } from './shell.ts';
import { ensureStandIns, pullRealImages } from './stand-in-images.ts';

const started = Date.now();
const elapsed = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (line: string) => console.log(`[prepare] ${line}`);

async function step(name: string, action: () => Promise<boolean | string>): Promise<void> {
  const t0 = Date.now();
  const outcome = await action();
  const how = outcome === true ? 'reused' : outcome === false ? 'created' : outcome;
  say(`${name}: ${how} (${elapsed(t0)})`);
}

async function requireTools(): Promise<void> {
  const missing: string[] = [];
  for (const tool of ['docker', 'iptables', 'tar', 'docker-registry', 'mkfs.ext4']) {
    if (!(await succeeds(`command -v ${tool}`))) missing.push(tool);
  }
  if (!(await succeeds('docker version --format "{{.Server.Version}}"'))) {
    throw new Error(
      'No Docker engine answers on this machine. Install it (Debian: apt-get install -y docker.io), ' +
        'start it (systemctl start docker, or: dockerd >/var/log/dockerd.log 2>&1 &), and run this again as root ' +
        'or as a member of the docker group.',
    );
  }
  const realImages = process.env.MSLAB_PULL_REAL_IMAGES === '1';
  if (!realImages) {
    for (const tool of ['debootstrap', 'chroot']) {
      if (!(await succeeds(`command -v ${tool}`))) missing.push(tool);
    }
    // The stand-in images copy /bin/busybox, so it must be the static build.
    // (ldd fails on a static binary.)
    if (!(await succeeds('test -x /bin/busybox && ! ldd /bin/busybox >/dev/null 2>&1'))) missing.push('busybox-static');
  }
  if (missing.length > 0) {
    throw new Error(`Missing on this machine: ${missing.join(', ')}. On Debian: apt-get install -y docker.io iptables debootstrap busybox-static docker-registry`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error('Preparing the sandbox needs root (debootstrap, chroot and firewall rules). Run it as root.');
  }
}

try {
  await requireTools();
  say(`Docker engine ${await run('docker version --format "{{.Server.Version}}"')}`);
  await step('base images', async () => {
    if (process.env.MSLAB_PULL_REAL_IMAGES === '1') return pullRealImages(say);
    const results = await ensureStandIns(config.cacheDir, say);
    return results.every((r) => r.reused) || `${results.filter((r) => !r.reused).map((r) => r.tag).join(', ')} built`;
  });
  await step('sandbox engine image', () => ensureSandboxImage(say));
  await step(`network ${config.infra.network}`, ensureNetwork);
  await step('firewall (sandbox reaches only the mirror)', async () => {
    await ensureFirewall();
    return 'rules set';
  });
  await step(`service accounts (${config.service.webUser}, ${config.service.mirrorUser})`, ensureServiceAccounts);
  // Under systemd, mslab-mirror.service runs the mirror: prepare only sets it up.
  await step('npm mirror (Verdaccio)', () => (process.argv.includes('--no-mirror-process') ? prepareMirrorFiles(say) : ensureMirror(say)));
  await step('image registry (base images for the engines)', () => ensureImageRegistry(say));
  await step(`sandbox engines (${config.infra.engines})`, () => ensureSandboxContainer(say));
  await step('base images in the sandbox', () => ensureImagesInSandbox(say));
  await step('web server access', async () => grantWebServerAccess());
  say(`ready in ${elapsed(started)}`);
} catch (error) {
  console.error(`[prepare] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
