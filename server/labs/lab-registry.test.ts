import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { config } from '../config.ts';
import { LabError, loadLab, loadLabs } from './lab-registry.ts';

const temp: string[] = [];
function labsDirWith(lab: unknown, files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labs-'));
  temp.push(dir);
  fs.mkdirSync(path.join(dir, 'demo', 'app'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'demo', 'lab.json'), typeof lab === 'string' ? lab : JSON.stringify(lab));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'demo', name), text);
  return dir;
}
afterEach(() => temp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const valid = {
  title: 'Demo',
  summary: 'A demo lab.',
  context: 'app',
  editors: [{ file: 'Dockerfile', label: 'Main', description: 'The one.', starter: 'Dockerfile.start' }],
};

describe('loadLab', () => {
  it('loads the shipped labs with their starters and context files', () => {
    const labs = loadLabs(config.labsDir);
    const node = labs.get('multistage-node');
    expect(node?.definition.editors.map((e) => e.file)).toEqual(['Dockerfile.regular', 'Dockerfile']);
    expect(node?.contextFiles.map((f) => f.name)).toEqual(expect.arrayContaining(['server.js', 'package.json', 'package-lock.json', '.npmrc']));
    expect(node?.starters.Dockerfile).toMatch(/^FROM node:18$/m);
    expect(node?.solutions.Dockerfile).toMatch(/^FROM node:18-alpine$/m);
  });

  it('names the file, the field and what was expected when the definition is wrong', () => {
    const dir = labsDirWith({ ...valid, editors: [{ ...valid.editors[0], file: 'my Dockerfile' }], extra: 1 });
    expect(() => loadLab(dir, 'demo')).toThrow(LabError);
    try {
      loadLab(dir, 'demo');
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(path.join(dir, 'demo', 'lab.json'));
      expect(message).toContain('editors.0.file: a plain file name');
      expect(message).toMatch(/extra/);
    }
  });

  it('refuses paths leaving the lab folder and missing starters', () => {
    expect(() => loadLab(labsDirWith({ ...valid, context: '../..' }), 'demo')).toThrow(/context: must be a path inside the lab folder/);
    expect(() => loadLab(labsDirWith(valid), 'demo')).toThrow(/editors.Dockerfile.starter "Dockerfile.start" does not exist/);
  });

  it('reports JSON syntax errors with the file name', () => {
    expect(() => loadLab(labsDirWith('{ "title": '), 'demo')).toThrow(/lab\.json: .*JSON/);
  });
});
