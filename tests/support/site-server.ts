// Starts the built site (npm run build first) as production runs it, on a free port, for
// the end-to-end tests; stops it afterwards.
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { projectRoot } from '../../server/config.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
  }
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export default async function startSite(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(projectRoot, 'server/main.ts')], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the site server exited with ${child.exitCode}; did npm run build run?`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error('the site server did not answer within 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  project.provide('siteUrl', url);
  return async () => {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  };
}
