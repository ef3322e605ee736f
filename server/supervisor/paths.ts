// Where the supervisor keeps its pid, its event log, the web server's log and its control socket.
import path from 'node:path';
import { config } from '../config.ts';

const dir = config.service.supervisorDir;
export const supervisorPaths = {
  dir,
  pid: path.join(dir, 'supervisor.pid'),
  log: path.join(dir, 'supervisor.log'),
  control: path.join(dir, 'control.sock'),
};
/** In the supervisor's command line: how its pid file is recognised. */
export const SUPERVISOR_MARKER = 'server/supervisor/main.ts';
