// The supervisor: starts, in order, the host Docker engine (when nothing else keeps it up),
// the sandbox firewall, the npm mirror, the base-image registry, the sandbox engines and the
// web server, and restarts whatever dies. `scripts/lab.sh start` runs it in the foreground;
// under systemd, the mslab-engines unit runs `--only firewall,registry,engines` and systemd
// itself keeps the mirror and the web server (deploy/systemd/).
//
//   node server/supervisor/main.ts [--only docker,firewall,mirror,registry,engines,web]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { recordedPid } from '../infra/pid-file.ts';
import { ensureServiceAccounts, isRoot } from '../infra/service-accounts.ts';
import { serveControl } from './control.ts';
import { eventLog } from './event-log.ts';
import { supervisorPaths, SUPERVISOR_MARKER } from './paths.ts';
import { defaultTuning, Supervisor, type SupervisedUnit } from './supervisor.ts';
import { EngineUnit } from './units/engine-unit.ts';
import { FirewallUnit } from './units/firewall-unit.ts';
import { hasSystemd, HostEngineUnit } from './units/host-engine-unit.ts';
import { ImageRegistryUnit } from './units/image-registry-unit.ts';
import { MirrorUnit } from './units/mirror-unit.ts';
import { WebUnit } from './units/web-unit.ts';

const GROUPS = ['docker', 'firewall', 'mirror', 'registry', 'engines', 'web'] as const;
type Group = (typeof GROUPS)[number];

const { values } = parseArgs({ options: { only: { type: 'string' } } });
const only = new Set((values.only ?? GROUPS.join(',')).split(',').map((s) => s.trim()));
for (const name of only) if (!(GROUPS as readonly string[]).includes(name)) throw new Error(`--only: unknown unit group "${name}" (groups: ${GROUPS.join(', ')})`);

fs.mkdirSync(supervisorPaths.dir, { recursive: true });
const log = eventLog(supervisorPaths.log);

const running = recordedPid(supervisorPaths.pid, SUPERVISOR_MARKER);
if (running !== undefined && running !== process.pid) {
  log.say('supervisor', `another supervisor runs already (pid ${running}); use scripts/lab.sh status|restart|stop`);
  process.exit(1);
}
fs.writeFileSync(supervisorPaths.pid, String(process.pid));

const root = isRoot();
if (root) {
  const accounts = await ensureServiceAccounts();
  if (accounts !== true) log.say('supervisor', `service accounts: ${accounts}`);
} else {
  log.say('supervisor', 'not root: the firewall and the host engine are left as they are, and every process runs as this user');
}

const note = (unit: string) => (text: string) => log.say(unit, text);
const units: Record<Group, SupervisedUnit[]> = {
  // With systemd, docker.service restarts the engine; without it, we do (only root can).
  docker: root ? [{ unit: new HostEngineUnit(), tuning: { failedChecksBeforeRestart: 3 } }] : [],
  firewall: root ? [{ unit: new FirewallUnit(), tuning: { checkEveryMs: 10_000, failedChecksBeforeRestart: 1 } }] : [],
  mirror: [{ unit: new MirrorUnit(note('mirror')) }],
  registry: [{ unit: new ImageRegistryUnit(note('registry')) }],
  // A hung daemon: two failed pings (2 s each) in a row. A dead container: Docker's event, at once.
  engines: Array.from({ length: config.infra.engines }, (_, i) => ({ unit: new EngineUnit(i, note(`engine-${i}`)), tuning: { failedChecksBeforeRestart: 2 } })),
  web: [{ unit: new WebUnit(), tuning: { startTimeoutMs: 60_000 } }],
};
if (hasSystemd()) units.docker = []; // docker.service is systemd's to keep

const supervisor = new Supervisor(
  GROUPS.filter((g) => only.has(g)).flatMap((g) => units[g]),
  defaultTuning(config.service.checkEveryMs),
  log.event,
);
const control = serveControl(supervisorPaths.control, supervisor);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.say('supervisor', `${signal}: stopping (the sandbox engines keep running)`);
  await supervisor.stop();
  control.close();
  fs.rmSync(supervisorPaths.pid, { force: true });
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

log.say('supervisor', `pid ${process.pid}, units: ${supervisor.status().map((u) => u.unit).join(', ')}`);
await supervisor.start();
const down = supervisor.status().filter((u) => u.phase !== 'up');
log.say('supervisor', down.length === 0 ? 'every unit is up' : `started; not up yet: ${down.map((u) => u.unit).join(', ')} (retrying)`);
