// Where the supervisor keeps its pid, its event log, the web server's log and its control socket.
import path from 'node:path';
import { config } from '../config.ts';

/**
 * One supervisor per instance: its pid file sits at a place fixed by the instance, even when
 * MSLAB_SUPERVISOR_DIR moves the logs (tests do), so a second one is refused.
 */
export const supervisorPidFile = (cacheDir: string, instance: string) =>
  path.join(cacheDir, instance === 'default' ? 'supervisor.pid' : `supervisor-${instance}.pid`);

const dir = config.service.supervisorDir;
export const supervisorPaths = {
  dir,
  pid: supervisorPidFile(config.cacheDir, config.infra.instance),
  log: path.join(dir, 'supervisor.log'),
  control: path.join(dir, 'control.sock'),
};
/** In the supervisor's command line: how its pid file is recognised. */
export const SUPERVISOR_MARKER = 'server/supervisor/main.ts';
