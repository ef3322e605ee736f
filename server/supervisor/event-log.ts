// The supervisor's log: one readable line per event, to its standard output (the operator's
// terminal, or the journal under systemd) and appended to a file for `scripts/lab.sh logs`.
import fs from 'node:fs';
import type { UnitEvent } from './unit.ts';

export function describe(event: UnitEvent): string {
  switch (event.event) {
    case 'starting':
      return 'starting';
    case 'up':
      return 'up';
    case 'start-failed':
      return `could not start: ${event.reason}`;
    case 'check-failed':
      return `check failed: ${event.reason}`;
    case 'down':
      return `down: ${event.reason}`;
    case 'restart-scheduled':
      return event.delayMs ? `restarting in ${(event.delayMs / 1000).toFixed(0)} s (failure ${event.failuresInRow} in a row)` : 'restarting now';
    case 'crash-loop':
      return `crash loop: ${event.failuresInRow} failures in a row; backing off`;
    case 'restart-requested':
      return 'restarting on request';
    case 'stopped':
      return 'stopped';
  }
}

export function eventLog(file: string | undefined): { event(e: UnitEvent): void; say(unit: string, text: string): void } {
  // A closed terminal or pipe must not take the supervisor down with it: the file still gets every line.
  process.stdout.on('error', () => {});
  const line = (unit: string, text: string) => {
    // Multi-line reasons (a log tail) stay readable, indented under their event.
    const out = `${new Date().toISOString()} ${unit.padEnd(9)} ${text.replace(/\n/g, '\n    ')}\n`;
    if (process.stdout.writable) process.stdout.write(out);
    if (file) fs.appendFileSync(file, out);
  };
  return { event: (e) => line(e.unit, describe(e)), say: line };
}
