// A self-paced learner: completes the conversion step of the node lab, sees its checkpoints
// turn green, and finds them green again after the server restarts and the page reloads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchChromium } from '../support/browser.ts';
import { labFile, LabPage } from '../support/lab-page.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';

const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-progress-')), 'progress.sqlite');
let port: number;
let site: Site;
let browser: Browser;
let page: Page;
let lab: LabPage;
beforeAll(async () => {
  port = await freePort();
  site = await startSite({ port, db });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  lab = new LabPage(page);
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** The step section in the lesson text, by its title. */
const lessonStep = (title: string) => page.getByRole('region', { name: new RegExp(title) });

describe('progress on the node lab', () => {
  it('turns the conversion step green after a multi-stage build', async () => {
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await expect.poll(() => lab.stepButton(3).innerText()).toContain('not checked yet');
    await lab.selectTab(/Multi-stage/);
    await lab.replaceEditorText(labFile('multistage-node', 'solution/Dockerfile'));
    const pressed = Date.now();
    await lab.build();
    console.log(`Build pressed -> checkpoints shown: ${Date.now() - pressed} ms`);

    await expect.poll(() => lab.stepButton(3).innerText()).toContain('done');
    // The panel has moved on to the next open step; look back at step 3.
    expect(await lab.checkpoints.innerText()).toContain('Step 4 of 6');
    await lab.stepButton(3).click();
    const checklist = lab.checkpoints.getByRole('listitem');
    expect(await checklist.count()).toBe(4);
    expect(await lab.checkpoints.innerText()).toContain('Step 3 of 6: Convert it to a multi-stage build');
    for (const item of await checklist.all()) expect(await item.innerText()).toContain('passed');
    await expect.poll(() => lessonStep('Convert it to a multi-stage build').innerText()).toContain('Done');
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-progress-green.png') });
  });

  it('shows what is missing, with hints one at a time, for a step not done yet', async () => {
    await lab.stepButton(6).click(); // extras: non-root, production-only, .dockerignore, no .env
    const checks = lab.checkpoints;
    expect(await checks.innerText()).toContain('Step 6 of 6');
    // The solution has USER node and --omit=dev, but the .dockerignore tab is still the starter.
    const ignore = checks.getByRole('listitem').filter({ hasText: '.dockerignore keeps' });
    expect(await ignore.innerText()).toMatch(/Found\s+still sent to the engine: \.env/);
    await ignore.getByRole('button', { name: /Show a hint \(1 of 1\)/ }).click();
    // Hints come from the server when asked for (they are not in the page).
    await expect.poll(() => ignore.innerText()).toContain('One pattern per line');
  });

  it('still shows it green after the server restarts and the page reloads', async () => {
    await site.stop();
    site = await startSite({ port, db });
    await page.reload();
    await lab.open(page.url());
    await expect.poll(() => lab.stepButton(3).innerText(), { timeout: 20_000 }).toContain('done');
    await expect.poll(() => lessonStep('Convert it to a multi-stage build').innerText()).toContain('Done');
    await lab.selectTab(/Multi-stage/);
    await expect.poll(() => lab.editorTopText()).toContain('FROM node:18 AS builder');
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-progress-after-restart.png') });
  });

  it('Reset puts the starter back after asking, and the Solution view leaves the draft alone', async () => {
    await lab.selectTab(/Multi-stage/);
    await page.getByRole('button', { name: 'Solution' }).click();
    const dialog = page.getByRole('dialog', { name: /Your Dockerfile and the solution/ });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => lab.editorTopText()).toContain('FROM node:18 AS builder');

    page.once('dialog', (confirm) => void confirm.dismiss());
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => lab.editorTopText()).toContain('FROM node:18 AS builder');
    page.once('dialog', (confirm) => void confirm.accept());
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => lab.editorTopText()).toContain('# One stage: everything that built the app ships with it.');
  });
});
