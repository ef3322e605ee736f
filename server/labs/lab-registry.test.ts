import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { config } from '../config.ts';
import { LabError, loadLab, loadLabs } from './lab-registry.ts';

const temp: string[] = [];
/** A labs folder with one lab "demo" whose lab.ts exports `definition`. */
function labsDirWith(definition: unknown, files: Record<string, string> = { 'Dockerfile.start': 'FROM alpine\n' }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labs-'));
  temp.push(dir);
  fs.mkdirSync(path.join(dir, 'demo', 'app'), { recursive: true });
  const source = typeof definition === 'string' ? definition : `export default ${JSON.stringify(definition, null, 2)};\n`;
  fs.writeFileSync(path.join(dir, 'demo', 'lab.ts'), source);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'demo', name), text);
  return dir;
}
afterEach(() => temp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const valid = {
  title: 'Demo',
  summary: 'A demo lab.',
  context: 'app',
  baseImages: ['alpine'],
  editors: [{ file: 'Dockerfile', label: 'Main', description: 'The one.', starter: 'Dockerfile.start' }],
  steps: [{ id: 'build', title: 'Build', file: 'Dockerfile', checkpoints: [{ id: 'builds', kind: 'builds', title: 'Builds', starter: 'pass' }] }],
};

describe('loadLab', () => {
  it('loads the shipped labs with their starters, solutions and context files', async () => {
    const labs = await loadLabs(config.labsDir);
    expect([...labs.keys()]).toEqual(['multistage-dist', 'multistage-go', 'multistage-node', 'multistage-pipeline', 'multistage-scratch']);
    const node = labs.get('multistage-node')!;
    expect(node.definition.editors.map((e) => e.file)).toEqual(['Dockerfile.regular', 'Dockerfile', '.dockerignore']);
    expect(node.contextFiles.map((f) => f.name)).toEqual(expect.arrayContaining(['server.js', 'package.json', 'package-lock.json', '.npmrc']));
    expect(node.starters.Dockerfile).toMatch(/^FROM node:18$/m);
    expect(node.solutions.Dockerfile).toMatch(/^FROM node:18-alpine$/m);
    expect(node.solutions['Dockerfile.regular']).toBe(node.starters.Dockerfile);
  });

  it('loads a valid lab and fills defaults', async () => {
    const lab = await loadLab(labsDirWith(valid), 'demo');
    expect(lab.definition.editors[0]?.buildable).toBe(true);
    expect(lab.definition.steps[0]?.checkpoints[0]).toMatchObject({ kind: 'builds', hints: [] });
    expect(lab.solutions.Dockerfile).toBe('FROM alpine\n');
  });

  it('names the file, the field and what was expected when the definition is wrong', async () => {
    const dir = labsDirWith({ ...valid, editors: [{ ...valid.editors[0], file: 'my Dockerfile' }], extra: 1 });
    const error = await loadLab(dir, 'demo').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LabError);
    const message = (error as Error).message;
    expect(message).toContain(path.join(dir, 'demo', 'lab.ts'));
    expect(message).toContain('editors.0.file: a plain file name');
    expect(message).toMatch(/extra/);
  });

  it('checks checkpoints: kind parameters, unique ids, files that exist', async () => {
    const badKind = { ...valid, steps: [{ ...valid.steps[0], checkpoints: [{ id: 'size', kind: 'max-size', mb: 'small', title: 'Small', starter: 'fail' }] }] };
    await expect(loadLab(labsDirWith(badKind), 'demo')).rejects.toThrow(/steps\.0\.checkpoints\.0\.mb: .*expected number/);
    const twice = { ...valid, steps: [valid.steps[0], valid.steps[0]] };
    await expect(loadLab(labsDirWith(twice), 'demo')).rejects.toThrow(/steps\.1: duplicate step id "build"/);
    const wrongFile = { ...valid, steps: [{ ...valid.steps[0], file: 'Dockerfile.other' }] };
    await expect(loadLab(labsDirWith(wrongFile), 'demo')).rejects.toThrow(/steps\.0\.file: expected one of the buildable editor files \(Dockerfile\)/);
    const relative = { ...valid, steps: [{ ...valid.steps[0], checkpoints: [{ id: 'r', kind: 'relative-size', of: 'Nope', maxPercent: 50, title: 'R', starter: 'fail' }] }] };
    await expect(loadLab(labsDirWith(relative), 'demo')).rejects.toThrow(/checkpoints\.0\.of: expected one of Dockerfile, got "Nope"/);
  });

  it('refuses paths leaving the lab folder, missing starters, and base images the lab does not list', async () => {
    await expect(loadLab(labsDirWith({ ...valid, context: '../..' }), 'demo')).rejects.toThrow(/context: must be a path inside the lab folder/);
    await expect(loadLab(labsDirWith(valid, {}), 'demo')).rejects.toThrow(/editors\.0\.starter: "Dockerfile.start" does not exist/);
    const ubuntu = labsDirWith(valid, { 'Dockerfile.start': 'FROM ubuntu:24.04 AS build\nFROM build\n' });
    await expect(loadLab(ubuntu, 'demo')).rejects.toThrow(/editors\.0\.starter starts FROM ubuntu:24\.04, which baseImages \(alpine\) does not list/);
  });

  it('refuses a context folder that would send (and list) lab.ts, a starter or a solution, or that leads outside the lab', async () => {
    await expect(loadLab(labsDirWith({ ...valid, context: '.' }), 'demo')).rejects.toThrow(/context: "\." holds lab\.ts, Dockerfile\.start, which every build would send/);
    const solution = { ...valid, editors: [{ ...valid.editors[0], solution: 'app/Dockerfile.solution' }] };
    await expect(loadLab(labsDirWith(solution, { 'Dockerfile.start': 'FROM alpine\n', 'app/Dockerfile.solution': 'FROM alpine\n' }), 'demo')).rejects.toThrow(/context: "app" holds app\/Dockerfile\.solution/);
    const linked = labsDirWith({ ...valid, context: 'linked' });
    fs.symlinkSync(os.tmpdir(), path.join(linked, 'demo', 'linked'));
    await expect(loadLab(linked, 'demo')).rejects.toThrow(/context: "linked" leads outside the lab folder/);
  });

  it('refuses a base image the catalogue (labs/base-images.ts) does not offer, and takes one it adds', async () => {
    const ubuntu = labsDirWith({ ...valid, baseImages: ['alpine', 'ubuntu:24.04'] });
    await expect(loadLab(ubuntu, 'demo')).rejects.toThrow(/lab\.ts: baseImages\.1: "ubuntu:24\.04" is not offered here \(node:18, .* and scratch\); add it to labs\/base-images\.ts/);
    const busybox = await loadLab(labsDirWith({ ...valid, baseImages: ['busybox:1.35'] }, { 'Dockerfile.start': 'FROM busybox:1.35\n' }), 'demo');
    expect(busybox.starters.Dockerfile).toBe('FROM busybox:1.35\n');
  });

  it('reports a lab.ts that does not load, with the file name', async () => {
    await expect(loadLab(labsDirWith('export default {'), 'demo')).rejects.toThrow(/lab\.ts: /);
  });
});
