import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedPackages, extraPackages, lockfilePackages } from './mirror-packages.ts';

describe('mirror package list', () => {
  it('names every installed package of a lockfile, nested and scoped ones included', () => {
    const lock = {
      packages: {
        '': { name: 'app' },
        'node_modules/express': {},
        'node_modules/@types/node': {},
        'node_modules/express/node_modules/debug': {},
      },
    };
    expect(lockfilePackages(lock)).toEqual(['express', '@types/node', 'debug']);
  });

  it("reads the instructor's list without comments or blank lines", () => {
    expect(extraPackages('# more for lesson 4\nleft-pad\n\n  @scope/tool  # a CLI\n')).toEqual(['left-pad', '@scope/tool']);
  });

  it("joins every lab's lockfile with the instructor's list, and refuses a name that is not one", () => {
    const labs = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-packages-'));
    fs.mkdirSync(path.join(labs, 'a/app/node_modules/ignored'), { recursive: true });
    fs.writeFileSync(path.join(labs, 'a/app/package-lock.json'), JSON.stringify({ packages: { 'node_modules/express': {} } }));
    fs.writeFileSync(path.join(labs, 'a/app/node_modules/ignored/package-lock.json'), JSON.stringify({ packages: { 'node_modules/nope': {} } }));
    fs.mkdirSync(path.join(labs, 'b/app'), { recursive: true });
    fs.writeFileSync(path.join(labs, 'b/app/package-lock.json'), JSON.stringify({ packages: { 'node_modules/typescript': {}, 'node_modules/express': {} } }));
    fs.writeFileSync(path.join(labs, 'mirror-packages.txt'), 'left-pad\n');
    expect(allowedPackages(labs)).toEqual(['express', 'left-pad', 'typescript']);
    fs.writeFileSync(path.join(labs, 'mirror-packages.txt'), 'left pad\n');
    expect(() => allowedPackages(labs)).toThrow(/"left pad" is not an npm package name/);
    fs.rmSync(labs, { recursive: true });
  });
});
