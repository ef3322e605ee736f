// What `scripts/lab.sh status|restart|logs|stop` run: asks the running supervisor through its
// control socket, signals it, or shows a unit's log.
//
//   node server/supervisor/ctl.ts status
//   node server/supervisor/ctl.ts restart [web|mirror|engine-0|firewall|docker|all]
//   node server/supervisor/ctl.ts logs [supervisor|web|mirror|engine-0] [-f]
//   node server/supervisor/ctl.ts stop
//   node server/supervisor/ctl.ts wait-up [seconds]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { config } from '../config.ts';
import { mirrorPaths } from '../infra/mirror.ts';
import { recordedPid } from '../infra/pid-file.ts';
import { askSupervisor } from './control.ts';
import { supervisorPaths, SUPERVISOR_MARKER } from './paths.ts';
import type { UnitStatus } from './unit-runner.ts';

const ago = (ms: number) => {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : s < 7200 ? `${Math.round(s / 60)} min` : `${Math.round(s / 3600)} h`;
};

function table(units: UnitStatus[]): string {
  const rows = units.map((u) => [u.unit, u.phase, `${ago(Date.now() - u.since)} ago`, String(u.restarts), u.pid ? String(u.pid) : '-', u.phase === 'up' ? '' : (u.lastProblem ?? '').split('\n')[0]!]);
  const header = ['unit', 'state', 'since', 'restarts', 'pid', 'last problem'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

function supervisorPid(): number {
  const pid = recordedPid(supervisorPaths.pid, SUPERVISOR_MARKER);
  if (pid !== undefined) return pid;
  console.log('the supervisor is not running (start it: scripts/lab.sh start)');
  process.exit(3);
}

async function status(request: Parameters<typeof askSupervisor>[1]): Promise<never> {
  supervisorPid();
  const answer = await askSupervisor(supervisorPaths.control, request);
  if (!answer.ok) {
    console.error(answer.error);
    process.exit(1);
  }
  if (request.command === 'restart') console.log(`restart of ${request.unit} requested`);
  console.log(`supervisor pid ${answer.pid}\n${table(answer.units)}`);
  process.exit(answer.units.every((u) => u.phase === 'up') ? 0 : 4);
}

/** Polls until every unit is up (for `lab.sh start --detach`). */
async function waitUp(seconds: number): Promise<never> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const answer = await askSupervisor(supervisorPaths.control, { command: 'status' }).catch(() => undefined);
    if (answer?.ok && answer.units.every((u) => u.phase === 'up')) {
      console.log(table(answer.units));
      process.exit(0);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`not every unit was up within ${seconds} s; see scripts/lab.sh status and logs`);
  process.exit(4);
}

function logs(unit: string, follow: boolean): void {
  const tail = (file: string) => spawn('tail', ['-n', '100', ...(follow ? ['-F'] : []), file], { stdio: 'inherit' });
  const engine = /^engine-(\d+)$/.exec(unit);
  if (engine) {
    spawn('docker', ['logs', '--tail', '100', ...(follow ? ['-f'] : []), config.infra.engineContainer(Number(engine[1]))], { stdio: 'inherit' });
    return;
  }
  const files: Record<string, string> = {
    supervisor: supervisorPaths.log,
    web: path.join(supervisorPaths.dir, 'web.log'),
    mirror: mirrorPaths.log,
  };
  const file = files[unit];
  if (!file) {
    console.error(`no log for "${unit}": supervisor, web, mirror, engine-N`);
    process.exit(2);
  }
  if (!fs.existsSync(file)) {
    console.log(`${file} does not exist yet`);
    return;
  }
  tail(file);
}

async function stop(): Promise<void> {
  const pid = supervisorPid();
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 30_000;
  while (fs.existsSync(`/proc/${pid}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  if (fs.existsSync(`/proc/${pid}`)) {
    console.error(`the supervisor (pid ${pid}) did not stop within 30 s`);
    process.exit(1);
  }
  console.log('stopped the web server and the mirror (the sandbox engines keep running)');
}

const [command, arg, flag] = process.argv.slice(2);
switch (command) {
  case 'status':
    await status({ command: 'status' });
    break;
  case 'restart':
    await status({ command: 'restart', unit: arg ?? 'all' });
    break;
  case 'logs':
    logs(arg && arg !== '-f' ? arg : 'supervisor', arg === '-f' || flag === '-f');
    break;
  case 'stop':
    await stop();
    break;
  case 'wait-up':
    await waitUp(Number(arg ?? 300));
    break;
  default:
    console.error('usage: ctl.ts status | restart [unit|all] | logs [unit] [-f] | stop | wait-up [seconds]');
    process.exit(2);
}
