// The built site (npm run build first) run as production runs it, for end-to-end tests:
// on a given port and progress database, so a test can stop it and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../server/config.ts';
import { WEB_NODE_FLAGS } from '../../server/web-node-flags.ts';

export interface Site {
  url: string;
  /** The server process, e.g. to read its memory. */
  pid: number;
  stop(): Promise<void>;
}

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/**
 * `env`: more settings for the server (limits, MSLAB_DIST_DIR, ...), over the test's own environment.
 * `runUnder`: a command that runs the server (e.g. `prlimit --nofile=300:300 --`), exec'ing it.
 */
export async function startSite(options: { port: number; db: string; env?: Record<string, string>; runUnder?: string[] }): Promise<Site> {
  const [program, ...args] = [...(options.runUnder ?? []), process.execPath, ...WEB_NODE_FLAGS, path.join(projectRoot, 'server/main.ts')];
  const child: ChildProcess = spawn(program!, args, {
    env: { ...process.env, PORT: String(options.port), HOST: '127.0.0.1', MSLAB_DB: options.db, LOG_LEVEL: 'warn', NODE_NO_WARNINGS: '1', ...options.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the site server exited with ${child.exitCode}; did npm run build run?`);
    if (await fetch(`${url}/api/health`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error('the site server did not answer within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
