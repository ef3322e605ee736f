// In development (astro dev), editing a lab.ts shows on the next page load without a restart,
// and a mistake in it shows in the page with the file and the field until it is fixed.
// Runs the dev server from a copy of the site (tests/support/site-copy.ts) on a copy of labs/.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config.ts';
import { siteCopy } from '../support/site-copy.ts';
import { freePort } from '../support/site-server.ts';

const work = fs.mkdtempSync(path.join(projectRoot, '.cache', 'lab-dev-reload-'));
const labs = path.join(work, 'labs');
const goLab = path.join(labs, 'multistage-go', 'lab.ts');
let dev: ChildProcess;
let url: string;

/** The test's environment without vitest's own (NODE_ENV=test, VITEST...): astro dev runs as a developer runs it. */
const devEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('VITEST')));

beforeAll(async () => {
  const root = siteCopy(path.join(work, 'site'));
  fs.cpSync(path.join(projectRoot, 'labs'), labs, { recursive: true });
  // astro dev may restart once while it starts (and then take the next port): follow what it prints.
  let output = '';
  dev = spawn(path.join(projectRoot, 'node_modules/.bin/astro'), ['dev', '--port', String(await freePort()), '--host', '127.0.0.1'], {
    cwd: root,
    env: { ...devEnv(), MSLAB_LABS_DIR: labs, MSLAB_DB: path.join(work, 'progress.sqlite'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  dev.stdout!.on('data', (chunk: Buffer) => (output += String(chunk)));
  dev.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)));
  const deadline = Date.now() + 90_000;
  for (;;) {
    const local = [...output.replace(/\u001b\[[0-9;]*m/g, '').matchAll(/Local\s+(http:\/\/127\.0\.0\.1:\d+)\//g)].at(-1)?.[1];
    if (local) {
      url = `${local}/chapter-17/go-example/`;
      if (await fetch(url).then((r) => r.ok, () => false)) break;
    }
    if (Date.now() > deadline) throw new Error(`astro dev did not serve the page within 90 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
});
afterAll(() => {
  dev?.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
});

const page = async () => {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
};

describe('labs in development', () => {
  it('an edited lab.ts shows on the next load, without a restart', async () => {
    expect((await page()).text).toContain('Build in golang:1.19, ship on alpine');
    fs.writeFileSync(goLab, fs.readFileSync(goLab, 'utf8').replace("title: 'Build in golang:1.19, ship on alpine'", "title: 'Compile in golang, ship on alpine'"));
    await expect.poll(async () => (await page()).text, { timeout: 20_000, interval: 300 }).toContain('Compile in golang, ship on alpine');
  });

  it('a lab.ts saved with a mistake shows in its page with the file and the field; the last good version stays until it is fixed', async () => {
    const good = fs.readFileSync(goLab, 'utf8');
    expect(good).toMatch(/mb: 20,/);
    const nodeLab = path.join(labs, 'multistage-node', 'lab.ts');
    const nodeUrl = url.replace('/chapter-17/go-example/', '/chapter-17/hands-on-lab/');
    fs.writeFileSync(goLab, good.replace('mb: 20,', "mb: '20 MB',").replace("title: 'Compile in golang, ship on alpine'", "title: 'Not loaded, the field above is wrong'"));
    // The other labs still take their changes meanwhile.
    fs.writeFileSync(nodeLab, fs.readFileSync(nodeLab, 'utf8').replace(/title: '([^']+)'/, "title: 'Node lab, edited meanwhile'"));

    await expect.poll(async () => (await page()).text, { timeout: 20_000, interval: 300 }).toContain('data-lab-error="multistage-go"');
    const broken = await page();
    expect(broken.status).toBe(200);
    const box = /<section class="lab-error[^>]*role="alert"[\s\S]*?<\/section>/.exec(broken.text)?.[0] ?? '';
    expect(box).toContain(`${goLab} is not a valid lab definition:`);
    expect(box).toMatch(/steps\.\d+\.checkpoints\.\d+\.mb: Invalid input: expected number, received string/);
    // The workbench keeps the last version that loaded.
    expect(broken.text).toContain('Compile in golang, ship on alpine');
    expect(broken.text).not.toContain('Not loaded, the field above is wrong');
    const other = await fetch(nodeUrl).then((r) => r.text());
    expect(other).toContain('Node lab, edited meanwhile');
    expect(other).not.toContain('data-lab-error');

    fs.writeFileSync(goLab, good);
    await expect.poll(async () => (await page()).text, { timeout: 20_000, interval: 300 }).not.toContain('data-lab-error');
    expect((await page()).text).toContain('Compile in golang, ship on alpine');
  });
});
