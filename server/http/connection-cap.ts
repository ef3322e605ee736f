// How many TCP connections the HTTP server holds at once (server.maxConnections). Each one is a
// file descriptor: past the process's limit, accept() fails and so do the database, the engine
// sockets and the log, for everyone. The cap keeps room below that limit for the process's own
// files, so a flood of connections costs new connections only, not the server.
import fs from 'node:fs';

/**
 * File descriptors the server needs besides client connections: the database and its WAL,
 * engine API connections (a few per running build, per engine), the lint worker, logs, stdio
 * and Node's own. About 40 in use at rest with two engines; the rest is headroom.
 */
export const FD_RESERVE = 100;

/** The soft "Max open files" of /proc/<pid>/limits (Node raises it to the hard limit at start). */
export function openFilesLimit(limitsText: string): number | undefined {
  const soft = /^Max open files\s+(\d+|unlimited)\s/m.exec(limitsText)?.[1];
  return soft === undefined || soft === 'unlimited' ? undefined : Number(soft);
}

/** This process's open-files limit, where the system says (Linux). */
export function processOpenFilesLimit(): number | undefined {
  try {
    return openFilesLimit(fs.readFileSync('/proc/self/limits', 'utf8'));
  } catch {
    return undefined;
  }
}

/** The configured cap, lowered to fit under the open-files limit with FD_RESERVE to spare. */
export function connectionCap(configured: number, openFiles: number | undefined): number {
  if (openFiles === undefined) return configured;
  return Math.max(1, Math.min(configured, openFiles - FD_RESERVE));
}
