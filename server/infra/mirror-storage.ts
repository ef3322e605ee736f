// Bounded mirror storage: Verdaccio keeps every tarball it ever fetched. Past the cap, the least
// recently used tarballs are removed until the storage is back under 80 % of it (so pruning does
// not run again at the next fetch). A removed tarball is fetched again from the registry the next
// time a build asks for it, so pruning costs time, never a failed build.
import fs from 'node:fs';
import path from 'node:path';

export interface StoredFile {
  file: string;
  bytes: number;
  /** Last read or write, whichever is later (atime alone is lazy on relatime mounts). */
  usedAt: number;
}

const PRUNE_TO = 0.8;

/** Which tarballs to remove so that the total fits the cap: the least recently used first. */
export function choosePrunes(files: readonly StoredFile[], totalBytes: number, capBytes: number): StoredFile[] {
  if (totalBytes <= capBytes) return [];
  const target = capBytes * PRUNE_TO;
  const chosen: StoredFile[] = [];
  let total = totalBytes;
  for (const file of [...files].sort((a, b) => a.usedAt - b.usedAt)) {
    if (total <= target) break;
    chosen.push(file);
    total -= file.bytes;
  }
  return chosen;
}

function walk(dir: string, into: StoredFile[]): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      total += walk(full, into);
      continue;
    }
    const stat = fs.statSync(full);
    total += stat.size;
    if (entry.name.endsWith('.tgz')) into.push({ file: full, bytes: stat.size, usedAt: Math.max(stat.atimeMs, stat.mtimeMs) });
  }
  return total;
}

export interface PruneReport {
  beforeBytes: number;
  afterBytes: number;
  removed: number;
}

export function pruneStorage(storageDir: string, capBytes: number): PruneReport {
  if (!fs.existsSync(storageDir)) return { beforeBytes: 0, afterBytes: 0, removed: 0 };
  const tarballs: StoredFile[] = [];
  const beforeBytes = walk(storageDir, tarballs);
  const prunes = choosePrunes(tarballs, beforeBytes, capBytes);
  let afterBytes = beforeBytes;
  for (const { file, bytes } of prunes) {
    fs.rmSync(file, { force: true });
    afterBytes -= bytes;
  }
  return { beforeBytes, afterBytes, removed: prunes.length };
}
