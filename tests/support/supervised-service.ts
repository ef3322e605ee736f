// The whole service as an operator runs it, for fault tests and the recovery benchmark: the
// supervisor (server/supervisor/main.ts) started as a child process on its own instance
// (MSLAB_INSTANCE, default "rcv": its own engine container, network, firewall chain, mirror and
// image registry), so killing its parts never touches the sandbox other tests use.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Docker from 'dockerode';
import { config, projectRoot } from '../../server/config.ts';
import { CHECK_LABEL } from '../../server/checkpoints/sandboxed-run.ts';
import { dockerFor } from '../../server/engine/engine-pool.ts';
import { recordedPid } from '../../server/infra/pid-file.ts';
import { BUILD_LABEL } from '../../server/engine/janitor.ts';
import { askSupervisor } from '../../server/supervisor/control.ts';
import { SUPERVISOR_MARKER, supervisorPidFile } from '../../server/supervisor/paths.ts';
import type { UnitStatus } from '../../server/supervisor/unit-runner.ts';
import { BuildClient } from './build-socket-client.ts';
import { freePort } from './site-server.ts';

export const RECOVERY_INSTANCE = process.env.MSLAB_RECOVERY_INSTANCE ?? 'rcv';
export const LAB = 'multistage-node';

/** The instance's names, as config.ts computes them in a process with its environment. */
interface InstanceNames {
  container: string;
  socket: string;
  mirrorUrl: string;
  mirrorPid: string;
}

function instanceNames(env: NodeJS.ProcessEnv): InstanceNames {
  const script = `const { config } = await import('./server/config.ts');
const { mirrorUrl, mirrorPaths } = await import('./server/infra/mirror.ts');
console.log(JSON.stringify({ container: config.infra.engineContainer(0), socket: config.infra.engineSocketDir(0) + '/docker.sock', mirrorUrl, mirrorPid: mirrorPaths.pid }));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: projectRoot, env, encoding: 'utf8' })) as InstanceNames;
}

export interface ServiceOptions {
  /** The progress database (default: a fresh temporary one). */
  db?: string;
}

export class SupervisedService {
  readonly url: string;
  readonly names: InstanceNames;
  readonly engine: Docker;
  readonly db: string;
  private readonly dir: string;
  private readonly supervisor: ChildProcess;
  private cookie = '';

  private constructor(url: string, names: InstanceNames, db: string, dir: string, supervisor: ChildProcess) {
    this.url = url;
    this.names = names;
    this.db = db;
    this.dir = dir;
    this.supervisor = supervisor;
    this.engine = dockerFor(`unix://${names.socket}`);
  }

  static async start(options: ServiceOptions = {}): Promise<SupervisedService> {
    const running = recordedPid(supervisorPidFile(config.cacheDir, RECOVERY_INSTANCE), SUPERVISOR_MARKER);
    if (running) throw new Error(`a supervisor of instance ${RECOVERY_INSTANCE} runs already (pid ${running}); two would fight over one engine. Stop it: MSLAB_INSTANCE=${RECOVERY_INSTANCE} scripts/lab.sh stop`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-recovery-'));
    fs.chmodSync(dir, 0o755); // the web server's account must reach the database folder inside
    const db = options.db ?? path.join(dir, 'db', 'progress.sqlite');
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MSLAB_INSTANCE: RECOVERY_INSTANCE,
      // One engine: the fault hits the engine that runs the build.
      MSLAB_SANDBOX_ENGINES: '1',
      MSLAB_SUPERVISOR_DIR: dir,
      MSLAB_DB: db,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_NO_WARNINGS: '1',
    };
    delete env.MSLAB_SANDBOX_ENDPOINTS; // the instance's own engine
    const supervisor = spawn(process.execPath, [path.join(projectRoot, 'server/supervisor/main.ts')], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(path.join(dir, 'console.log'));
    supervisor.stdout?.pipe(log);
    supervisor.stderr?.pipe(log);
    const service = new SupervisedService(`http://127.0.0.1:${port}`, instanceNames(env), db, dir, supervisor);
    try {
      await service.waitReady(180_000);
      await service.newLearner();
    } catch (error) {
      await service.stop(); // no supervisor left behind fighting the next one
      throw error;
    }
    return service;
  }

  get log(): string {
    return fs.readFileSync(path.join(this.dir, 'supervisor.log'), 'utf8');
  }

  async status(): Promise<UnitStatus[]> {
    const answer = await askSupervisor(path.join(this.dir, 'control.sock'), { command: 'status' });
    if (!answer.ok) throw new Error(answer.error);
    return answer.units;
  }

  /** Resolves with the milliseconds it took until every unit is up and /api/health says ready. */
  async waitReady(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    for (;;) {
      if (this.supervisor.exitCode !== null) throw new Error(`the supervisor exited (${this.supervisor.exitCode}); see ${this.dir}/console.log`);
      const units = await this.status().catch(() => []);
      const health = await fetch(`${this.url}/api/health`, { signal: AbortSignal.timeout(3000) }).then(
        async (r) => (r.status === 200 ? ((await r.json()) as { ready: boolean }).ready : false),
        () => false,
      );
      if (health && units.length > 0 && units.every((u) => u.phase === 'up')) return Date.now() - started;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`not ready within ${timeoutMs / 1000} s: ${units.map((u) => `${u.unit} ${u.phase} ${u.lastProblem ?? ''}`).join('; ')}; health ready: ${health}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** From now on, a new learner: a cookie from the site itself (its key lives in the service's database). */
  async newLearner(): Promise<void> {
    const res = await fetch(`${this.url}/api/labs/${LAB}/progress`);
    const setCookie = res.headers.get('set-cookie');
    if (!setCookie) throw new Error('the site set no learner cookie');
    this.cookie = setCookie.split(';')[0]!;
  }

  get learnerCookie(): string {
    return this.cookie;
  }

  connect(): Promise<BuildClient> {
    return BuildClient.connect(`${this.url.replace('http', 'ws')}/ws`, { Cookie: this.cookie, Origin: this.url });
  }

  async progress(): Promise<{ drafts: Record<string, string>; builds: Record<string, unknown>; verdicts: Record<string, unknown> }> {
    const res = await fetch(`${this.url}/api/labs/${LAB}/progress`, { headers: { Cookie: this.cookie } });
    if (!res.ok) throw new Error(`progress: HTTP ${res.status}`);
    return (await res.json()) as never;
  }

  async saveDraft(text: string): Promise<number> {
    const res = await fetch(`${this.url}/api/labs/${LAB}/drafts/Dockerfile`, {
      method: 'PUT',
      headers: { Cookie: this.cookie, Origin: this.url, 'Content-Type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    return res.status;
  }

  pidOf(unit: string, units: UnitStatus[]): number {
    const pid = units.find((u) => u.unit === unit)?.pid;
    if (!pid) throw new Error(`${unit} has no process`);
    return pid;
  }

  /** Build leftovers in the engine (checkpoint containers, build images) and extra engine containers on the host. */
  async leftovers(host: Docker): Promise<{ containers: number; images: number; engineContainers: number }> {
    const containers = await this.engine.listContainers({ all: true, filters: { label: [CHECK_LABEL] } });
    const images = await this.engine.listImages({ filters: { label: [BUILD_LABEL] } });
    const engines = await host.listContainers({ all: true, filters: { label: [`lab.multistage.instance=${RECOVERY_INSTANCE}`] } });
    return { containers: containers.length, images: images.length, engineContainers: engines.length };
  }

  /** Waits (the janitor sweeps a dead server's leftovers within ~45 s) until nothing is left. */
  async waitNoLeftovers(host: Docker, timeoutMs = 60_000): Promise<{ containers: number; images: number; engineContainers: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const left = await this.leftovers(host);
      if ((left.containers === 0 && left.images === 0 && left.engineContainers === 1) || Date.now() > deadline) return left;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  async stop(): Promise<void> {
    if (this.supervisor.exitCode === null) {
      const exited = new Promise((resolve) => this.supervisor.once('exit', resolve));
      this.supervisor.kill('SIGTERM');
      await exited;
    }
  }
}
