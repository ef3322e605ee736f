// How an engine's disk writes reach the host's disk, so that a build writing without end slows
// its own engine and not the next one (issue 8, bench/noisy-neighbour.ts, disk filler beside
// the lab solution on a quiet machine: 1.6-2.3x the solution's time alone as mounted by
// default, 1.58-2.03x with either setting below, 1.24-1.26x with both):
// - direct I/O on the loop device: the engine's writes reach the host's disk once, instead of
//   becoming the backing file's dirty pages in the host's page cache as well, written back by
//   the host's flusher and ext4 journal that every engine's file shares;
// - a strict cap on the loop device's unwritten (dirty) pages: its writer is slowed at that
//   much, instead of filling the host's whole dirty-page allowance, past which the kernel slows
//   every writer on the host, the next engine's build included.
// Both are the host's settings (not cgroups), so they hold on cgroup v1 and v2 hosts alike.
import fs from 'node:fs';
import path from 'node:path';
import { run, succeeds } from './shell.ts';

/** Dirty pages an engine's disk may hold; a lab build writes well under this between flushes. */
export const ENGINE_DIRTY_BYTES = 256 * 1024 * 1024;

/**
 * The writes to a loop device's writeback settings (its "bdi" folder in sysfs) that cap its
 * dirty pages. Kernels before 6.2 have no max_bytes or strict_limit: max_ratio (a share of the
 * host's dirty allowance) is the closest they offer.
 */
export function dirtyCapWrites(bdiDir: string, has: (file: string) => boolean): Array<{ file: string; value: string }> {
  const at = (name: string) => path.join(bdiDir, name);
  const writes = has(at('max_bytes')) ? [{ file: at('max_bytes'), value: String(ENGINE_DIRTY_BYTES) }] : [{ file: at('max_ratio'), value: '5' }];
  if (has(at('strict_limit'))) writes.push({ file: at('strict_limit'), value: '1' });
  return writes;
}

/**
 * Applies both to the loop device mounted at `mount`; run after each mount (the settings live
 * as long as the loop device). Returns what could not be applied, for the caller to report:
 * direct I/O needs a backing file system that supports it.
 */
export async function limitDiskWriteback(mount: string): Promise<string[]> {
  const device = await run(`findmnt -no SOURCE ${mount}`);
  const missed: string[] = [];
  if (!(await succeeds(`losetup --direct-io=on ${device}`))) missed.push(`direct I/O on ${device}`);
  const bdi = path.join('/sys/class/bdi', fs.readFileSync(path.join('/sys/block', path.basename(device), 'dev'), 'utf8').trim());
  for (const { file, value } of dirtyCapWrites(bdi, fs.existsSync)) {
    try {
      fs.writeFileSync(file, value);
    } catch {
      missed.push(`${file} = ${value}`);
    }
  }
  return missed;
}
