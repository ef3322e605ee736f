// The web server (server/main.ts) as a supervised child process. Started as root, the
// supervisor runs it as the `mslab` account: it needs only the engine sockets and the database
// folder, which are given to that account's group first.
import fs from 'node:fs';
import path from 'node:path';
import { config, projectRoot } from '../../config.ts';
import { engineSockets, grantDatabase, grantSocket, webAccount, webGroup } from '../../infra/service-accounts.ts';
import { WEB_NODE_FLAGS } from '../../web-node-flags.ts';
import { ProcessUnit } from '../child-process.ts';

const MAIN = path.join(projectRoot, 'server/main.ts');

// The web server's settings come from the environment (config.ts); everything else of the
// supervisor's environment stays out.
const passesThrough = (name: string) => name.startsWith('MSLAB_') || ['PORT', 'HOST', 'LOG_LEVEL', 'NODE_EXTRA_CA_CERTS', 'TZ', 'LANG'].includes(name);

function webEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: `${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, NODE_ENV: 'production', HOME: '/nonexistent' };
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && passesThrough(name)) env[name] = value;
  return env;
}

/** Where to knock: the configured address, or loopback when it listens on all of them. */
export function probeUrl(host = config.host, port = config.port): string {
  const address = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${address}:${port}/api/health`;
}

/** Any HTTP answer, 503 included, means the process serves: readiness is /api/health's business. */
async function answers(timeoutMs: number): Promise<boolean> {
  try {
    await fetch(probeUrl(), { signal: AbortSignal.timeout(timeoutMs) }).then((r) => r.body?.cancel());
    return true;
  } catch {
    return false;
  }
}

export class WebUnit extends ProcessUnit {
  readonly name = 'web';

  async start(): Promise<void> {
    if (!fs.existsSync(path.join(config.distDir, 'server', 'entry.mjs'))) throw new Error(`${config.distDir} holds no built site: run npm run build`);
    const group = webGroup();
    if (group) {
      grantDatabase(group);
      for (const socket of engineSockets()) if (fs.existsSync(socket)) grantSocket(group, socket);
    }
    const account = webAccount();
    const dir = config.service.supervisorDir;
    await this.process.start({
      command: process.execPath,
      args: [...WEB_NODE_FLAGS, MAIN],
      env: webEnv(),
      cwd: projectRoot,
      account,
      logFile: path.join(dir, 'web.log'),
      pidFile: path.join(dir, 'web.pid'),
      marker: MAIN,
    });
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && this.process.running) {
      if (await answers(1000)) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(this.process.running ? 'the web server did not answer within 30 s' : `the web server exited while starting; see ${path.join(dir, 'web.log')}`);
  }

  async check(): Promise<string | undefined> {
    if (!this.process.running) return 'the web server process is gone';
    return (await answers(5000)) ? undefined : `the web server does not answer ${probeUrl()}`;
  }
}
