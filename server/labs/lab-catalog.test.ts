// Reloading labs in development: each lab on its own, a broken one keeps its last good version
// and its error (for its page) until it is fixed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const labsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lab-catalog-'));
process.env.MSLAB_LABS_DIR = labsDir;
// The catalog lives on globalThis (one per process): start from none.
for (const name of ['lab-catalog', 'lab-catalog-errors']) delete (globalThis as Record<symbol, unknown>)[Symbol.for(`multistage-lab:${name}`)];
const { labCatalog, labReloadError, reloadLabs, requireLab } = await import('./lab-catalog.ts');
afterAll(() => fs.rmSync(labsDir, { recursive: true, force: true }));

const writeLab = (id: string, title: unknown) => {
  fs.mkdirSync(path.join(labsDir, id, 'app'), { recursive: true });
  fs.writeFileSync(path.join(labsDir, id, 'Dockerfile'), 'FROM alpine\n');
  const definition = {
    title,
    summary: 'A lab.',
    context: 'app',
    baseImages: ['alpine'],
    editors: [{ file: 'Dockerfile', label: 'Main', description: 'The one.', starter: 'Dockerfile' }],
    steps: [{ id: 'build', title: 'Build', file: 'Dockerfile', checkpoints: [{ id: 'builds', kind: 'builds', title: 'Builds', starter: 'pass' }] }],
  };
  fs.writeFileSync(path.join(labsDir, id, 'lab.ts'), `export default ${JSON.stringify(definition)};\n`);
};

describe('reloading labs', () => {
  it('loads every lab at first', async () => {
    writeLab('one', 'One');
    writeLab('two', 'Two');
    expect([...(await labCatalog()).keys()]).toEqual(['one', 'two']);
  });

  it('a lab saved broken keeps its last good version and its error; the others take their changes', async () => {
    writeLab('one', 'One, edited');
    writeLab('two', 42);
    const errors = await reloadLabs();
    expect(errors.map((e) => e.message)).toEqual([expect.stringMatching(/two\/lab\.ts is not a valid lab definition:\n {2}title: Invalid input: expected string/)]);
    expect(labReloadError('two')).toBe(errors[0]);
    expect(labReloadError('one')).toBeUndefined();
    expect((await requireLab('two', 'test')).definition.title).toBe('Two');
    expect((await requireLab('one', 'test')).definition.title).toBe('One, edited');

    writeLab('two', 'Two, fixed');
    expect(await reloadLabs()).toEqual([]);
    expect(labReloadError('two')).toBeUndefined();
    expect((await requireLab('two', 'test')).definition.title).toBe('Two, fixed');
  });

  it('a new lab that never loaded fails its page with its own error; a removed lab is gone', async () => {
    writeLab('three', 3);
    await reloadLabs();
    await expect(requireLab('three', 'test')).rejects.toThrow(/three\/lab\.ts is not a valid lab definition/);
    fs.rmSync(path.join(labsDir, 'three'), { recursive: true });
    fs.rmSync(path.join(labsDir, 'one'), { recursive: true });
    await reloadLabs();
    await expect(requireLab('one', 'test')).rejects.toThrow('test: there is no lab "one" (labs: two)');
  });
});
