import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { choosePrunes, pruneStorage } from './mirror-storage.ts';

const file = (name: string, bytes: number, usedAt: number) => ({ file: name, bytes, usedAt });

describe('mirror storage cap', () => {
  it('removes nothing under the cap', () => {
    expect(choosePrunes([file('a', 50, 1)], 90, 100)).toEqual([]);
  });

  it('removes the least recently used tarballs until the total is under 80 % of the cap', () => {
    const files = [file('new', 40, 3), file('old', 40, 1), file('mid', 40, 2)];
    // 130 bytes stored (120 in tarballs), cap 100: down to 80 takes the two oldest.
    expect(choosePrunes(files, 130, 100).map((f) => f.file)).toEqual(['old', 'mid']);
  });

  it('prunes a real storage folder, keeping metadata and recently used tarballs', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-storage-'));
    const put = (name: string, bytes: number, ageSeconds: number) => {
      const full = path.join(dir, name);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, Buffer.alloc(bytes));
      const at = Date.now() / 1000 - ageSeconds;
      fs.utimesSync(full, at, at);
    };
    put('express/package.json', 1000, 0);
    put('express/express-4.21.2.tgz', 4000, 300);
    put('express/express-5.0.0.tgz', 4000, 10);
    put('@types/node/node-22.0.0.tgz', 4000, 200);
    const report = pruneStorage(dir, 10_000);
    expect(report).toEqual({ beforeBytes: 13_000, afterBytes: 5000, removed: 2 });
    expect(fs.existsSync(path.join(dir, 'express/express-5.0.0.tgz'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'express/package.json'))).toBe(true);
    fs.rmSync(dir, { recursive: true });
  });
});
