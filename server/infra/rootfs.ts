// Root filesystems for the stand-in images, made from Debian packages with debootstrap and
// cached under .cache/rootfs so a second `prepare` reuses them.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './shell.ts';

const DEBIAN_MIRROR = process.env.MSLAB_DEBIAN_MIRROR ?? 'http://deb.debian.org/debian';
const SUITE = 'bookworm';

export class RootfsCache {
  readonly dir: string;
  constructor(cacheDir: string) {
    this.dir = path.join(cacheDir, 'rootfs');
  }

  /** A minimal Debian bookworm (debootstrap minbase), made once. */
  async base(): Promise<string> {
    return this.once('bookworm', async (target) => {
      await run(`debootstrap --variant=minbase ${SUITE} ${target} ${DEBIAN_MIRROR}`);
    });
  }

  /** A copy of the base with Debian packages installed into it, made once per name. */
  async withPackages(name: string, packages: readonly string[]): Promise<string> {
    const base = await this.base();
    return this.once(name, async (target) => {
      await run(`cp -a ${base}/. ${target}/`);
      // No services start in a chroot; DNS comes from the host for apt.
      fs.writeFileSync(path.join(target, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', { mode: 0o755 });
      fs.copyFileSync('/etc/resolv.conf', path.join(target, 'etc/resolv.conf'));
      await run(
        `chroot ${target} sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages.join(' ')} && apt-get clean && rm -rf /var/lib/apt/lists/*'`,
      );
      fs.rmSync(path.join(target, 'usr/sbin/policy-rc.d'));
    });
  }

  /** An empty folder to assemble a rootfs by hand (busybox-based images). */
  async assembled(name: string, assemble: (target: string) => Promise<void>): Promise<string> {
    return this.once(name, assemble);
  }

  /** Builds into a temporary folder and renames it, so an interrupted run never leaves half a rootfs. */
  private async once(name: string, make: (target: string) => Promise<void>): Promise<string> {
    const final = path.join(this.dir, name);
    if (fs.existsSync(final)) return final;
    const partial = `${final}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.mkdirSync(partial, { recursive: true });
    await make(partial);
    fs.renameSync(partial, final);
    return final;
  }
}
