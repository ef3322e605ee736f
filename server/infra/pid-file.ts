// Processes started by an earlier run (a detached mirror from `prepare`, children a killed
// supervisor left behind) are found again through pid files. A pid is only trusted when the
// process's command line still carries the expected marker: pids are reused.
import fs from 'node:fs';

export function recordedPid(pidFile: string, marker: string): number | undefined {
  const pid = Number(fs.existsSync(pidFile) ? fs.readFileSync(pidFile, 'utf8').trim() : NaN);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker) ? pid : undefined;
  } catch {
    return undefined; // no such process
  }
}

const alive = (pid: number) => fs.existsSync(`/proc/${pid}`);

/** Stops a process by its pid file (SIGTERM, then SIGKILL after `graceMs`); true if one ran. */
export async function stopRecorded(pidFile: string, marker: string, graceMs = 5000): Promise<boolean> {
  const pid = recordedPid(pidFile, marker);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
  while (alive(pid)) await new Promise((r) => setTimeout(r, 50));
  fs.rmSync(pidFile, { force: true });
  return true;
}

/** The real user id a process runs as. */
export function processUid(pid: number): number | undefined {
  try {
    const uidLine = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^Uid:\s+(\d+)/m);
    return uidLine ? Number(uidLine[1]) : undefined;
  } catch {
    return undefined;
  }
}
