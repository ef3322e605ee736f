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
 * dirty pages, or undefined on kernels before 6.2, which have no max_bytes or strict_limit
 * (their max_ratio is a share, not a cap, while other devices are idle).
 */
export function dirtyCapWrites(bdiDir: string, has: (file: string) => boolean): Array<{ file: string; value: string }> | undefined {
  const at = (name: string) => path.join(bdiDir, name);
  if (!has(at('max_bytes')) || !has(at('strict_limit'))) return undefined;
  return [
    { file: at('max_bytes'), value: String(ENGINE_DIRTY_BYTES) },
    { file: at('strict_limit'), value: '1' },
  ];
}

/**
 * Applies both to the loop device that holds `image`; run after each mount (the settings live
 * as long as the loop device). Best effort: returns what could not be applied, for the caller
 * to report, and never throws (the engine runs without them, as before).
 */
export async function limitDiskWriteback(image: string): Promise<string[]> {
  try {
    // "/dev/loop1: [2049]:1234 (/path/to/image)": one line per loop device of that file.
    const device = /^(\/dev\/loop\d+):/.exec(await run(`losetup -j ${image}`))?.[1];
    if (device === undefined) return [`the loop device of ${image}`];
    const missed: string[] = [];
    if (!(await succeeds(`losetup --direct-io=on ${device}`))) missed.push(`direct I/O on ${device}`);
    const bdi = path.join('/sys/class/bdi', fs.readFileSync(path.join('/sys/block', path.basename(device), 'dev'), 'utf8').trim());
    const writes = dirtyCapWrites(bdi, fs.existsSync);
    if (writes === undefined) return [...missed, `a dirty-page cap on ${device} (this kernel has no ${bdi}/max_bytes)`];
    for (const { file, value } of writes) {
      try {
        fs.writeFileSync(file, value);
      } catch {
        missed.push(`${file} = ${value}`);
      }
    }
    return missed;
  } catch (error) {
    return [`writeback settings of ${image} (${(error as Error).message.split('\n')[0]})`];
  }
}
