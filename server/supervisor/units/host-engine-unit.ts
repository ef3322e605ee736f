// The host's Docker engine, which everything else stands on. Where systemd runs, docker.service
// keeps it up and this only asks systemd; on a machine without an init system that restarts
// it (containers, this VM), a dockerd that is gone is started again, detached, so it outlives
// a restart of the supervisor.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { config } from '../../config.ts';
import { pingEngine } from '../../engine/engine-pool.ts';
import { run } from '../../infra/shell.ts';
import type { Unit } from '../unit.ts';

export const hasSystemd = () => fs.existsSync('/run/systemd/system');

export class HostEngineUnit implements Unit {
  readonly name = 'docker';
  private readonly docker = new Docker();

  async start(): Promise<void> {
    if (await pingEngine(this.docker, 2000)) return;
    if (hasSystemd()) {
      await run('systemctl start docker');
    } else {
      // dockerd refuses to start over the pid file of a daemon that died.
      const pidFile = '/var/run/docker.pid';
      if (fs.existsSync(pidFile) && !fs.existsSync(`/proc/${fs.readFileSync(pidFile, 'utf8').trim()}`)) fs.rmSync(pidFile);
      const log = fs.openSync(path.join(config.cacheDir, 'dockerd.log'), 'a');
      spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] }).unref();
      fs.closeSync(log);
    }
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await pingEngine(this.docker, 1000)) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error('the host Docker engine did not answer within 60 s');
  }

  async check(): Promise<string | undefined> {
    return (await pingEngine(this.docker, 3000)) ? undefined : 'the host Docker engine does not answer';
  }

  async stop(): Promise<void> {}
}
