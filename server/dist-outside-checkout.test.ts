import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, linkPackages } from './dist-outside-checkout.ts';

describe('linkPackages', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-root-'));
  fs.mkdirSync(path.join(root, 'node_modules', 'pkg'), { recursive: true });

  it('links an outside folder’s node_modules to the checkout’s, once', () => {
    const outDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-out-')), 'site');
    linkPackages(root, outDir);
    linkPackages(root, outDir);
    expect(fs.readlinkSync(path.join(outDir, 'node_modules'))).toBe(path.join(root, 'node_modules'));
    expect(fs.existsSync(path.join(outDir, 'node_modules', 'pkg'))).toBe(true);
  });

  it('leaves a folder inside the checkout alone (Node finds the packages from there)', () => {
    const outDir = path.join(root, '.cache', 'dist-x');
    linkPackages(root, outDir);
    expect(fs.existsSync(outDir)).toBe(false);
    expect(isInside(root, root)).toBe(true);
    expect(isInside(root, `${root}-other`)).toBe(false);
    expect(isInside(root, path.join(root, '..', 'x'))).toBe(false);
  });
});
