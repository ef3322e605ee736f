import { describe, expect, it } from 'vitest';
import { config } from '../config.ts';
import { contextListing } from './context-listing.ts';
import { loadLab, type Lab } from './lab-registry.ts';

const withFiles = (lab: Lab, files: Lab['contextFiles']): Lab => ({ ...lab, contextFiles: files });

describe('contextListing', () => {
  it('lists the node lab\'s app files with their sizes and texts, sorted', async () => {
    const lab = await loadLab(config.labsDir, 'multistage-node');
    const listing = contextListing(lab);
    expect(listing.files.map((f) => f.path)).toEqual(['.env', '.npmrc', 'npm-debug.log', 'package-lock.json', 'package.json', 'README.md', 'server.js']);
    const server = listing.files.find((f) => f.path === 'server.js')!;
    expect(server.text).toContain('listen');
    expect(server.bytes).toBe(lab.contextFiles.find((f) => f.name === 'server.js')!.content.length);
  });

  it('leaves out the text of binary and oversized files and says why', async () => {
    const lab = await loadLab(config.labsDir, 'multistage-go');
    const listing = contextListing(
      withFiles(lab, [
        { name: 'logo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1]), mode: 0o644 },
        { name: 'bad.txt', content: Buffer.from([0xff, 0xfe, 0x41]), mode: 0o644 },
        { name: 'big.txt', content: Buffer.alloc(11, 'a'), mode: 0o644 },
        { name: 'ok.txt', content: Buffer.from('ten bytes!'), mode: 0o644 },
      ]),
      10,
    );
    expect(listing.files).toEqual([
      { path: 'bad.txt', bytes: 3, omitted: 'binary' },
      { path: 'big.txt', bytes: 11, omitted: 'too-large' },
      { path: 'logo.png', bytes: 6, omitted: 'binary' },
      { path: 'ok.txt', bytes: 10, text: 'ten bytes!' },
    ]);
  });
});
