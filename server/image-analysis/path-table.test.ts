import { describe, expect, it } from 'vitest';
import { normalizeEntryName, PathTable, TooManyPathsError } from './path-table.ts';

describe('normalizeEntryName', () => {
  it('reads tar names as paths in the image', () => {
    const cases: Array<[string, string | undefined]> = [
      ['usr/lib/node', 'usr/lib/node'],
      ['usr/lib/', 'usr/lib'],
      ['./usr/lib/', 'usr/lib'],
      ['/etc/passwd', 'etc/passwd'],
      ['a//b/', 'a/b'],
      ['a/./b', 'a/b'],
      ['a/b/..', 'a'],
      ['a/../b', 'b'],
      ['a/b//', 'a/b'],
      ['app/.hidden/x', 'app/.hidden/x'],
      ['app/..b/...', 'app/..b/...'],
      ['.wh..wh..opq', '.wh..wh..opq'],
      ['app/.wh.old.js', 'app/.wh.old.js'],
      ['./app/./x', 'app/x'],
      ['././app', 'app'],
      ['.//app', 'app'],
      ['./', undefined],
      ['.//', undefined],
      ['.', undefined],
      ['', undefined],
      ['/', undefined],
      ['../etc', undefined],
      ['a/../../etc', undefined],
    ];
    for (const [name, path] of cases) expect(normalizeEntryName(name), name).toBe(path);
  });
});

describe('PathTable', () => {
  it('numbers each path once, parents before children, and stops at its limit', () => {
    const table = new PathTable(4);
    expect(table.node('app/src/index.js')).toBe(3);
    expect(table.node('app/src')).toBe(2);
    expect([table.names, table.parents]).toEqual([['', 'app', 'src', 'index.js'], [-1, 0, 1, 2]]);
    expect(() => table.node('app/README')).toThrow(TooManyPathsError);
  });

  it('stops at its text budget: long names and links cannot keep unbounded text in memory', () => {
    const long = 'x'.repeat(250);
    const deep = Array.from({ length: 15 }, () => long).join('/');
    const table = new PathTable(1000); // 128,000 bytes of text
    expect(() => {
      for (let i = 0; i < 1000; i++) table.node(`${deep}/${i}`);
    }).toThrow(/MB of path names/);
    expect(table.size).toBeLessThan(50); // about 3.8 KB of text each: it stopped after a few dozen of the 1000
    const links = new PathTable(1000);
    expect(() => {
      for (let i = 0; i < 100; i++) links.link('y'.repeat(4096));
    }).toThrow(TooManyPathsError);
  });
});
