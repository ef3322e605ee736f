// A learner on the lab page: converts the Dockerfile to multi-stage, builds it, watches the
// log, builds the regular one, compares, reloads and finds the draft still there.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { config } from '../../server/config.ts';
import { artifactsDir, launchChromium } from '../support/browser.ts';

const solution = fs.readFileSync(path.join(config.labsDir, 'multistage-node/solution/Dockerfile'), 'utf8');

let browser: Browser;
let page: Page;
const errors: string[] = [];
beforeAll(async () => {
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => errors.push(error.message));
});
afterAll(async () => {
  await browser?.close();
});

const buildLog = () => page.getByRole('region', { name: 'Build log' });
/** The panel of the selected tab (named by its tab) holds the editor. */
const editor = () => page.getByRole('tabpanel');
const editorInput = () => page.getByRole('textbox', { name: 'Dockerfile editor' });

/** What the learner sees at the top of the editor (Monaco renders only visible lines). */
async function editorTopText(): Promise<string> {
  await editorInput().focus();
  await page.keyboard.press('ControlOrMeta+Home');
  // Monaco draws spaces as non-breaking spaces.
  return (await editor().innerText()).replace(/\u00a0/g, ' ');
}

async function replaceEditorText(text: string): Promise<void> {
  await editorInput().focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}

describe('the hands-on lab page', () => {
  it('builds a multi-stage Dockerfile typed in the editor and shows the size', async () => {
    await page.goto(`${inject('siteUrl')}/chapter-17/hands-on-lab/`);
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 20_000 }).toBe('Build engine ready');

    await page.getByRole('tab', { name: /Multi-stage/ }).click();
    await replaceEditorText(solution);
    await expect.poll(editorTopText).toContain('FROM node:18 AS builder');

    const build = page.getByRole('button', { name: 'Build' });
    await expect.poll(() => build.isEnabled()).toBe(true);
    const pressed = Date.now();
    await build.click();
    await buildLog().getByText(/^#\d+ /).first().waitFor({ timeout: 30_000 });
    const firstLine = Date.now() - pressed;
    await buildLog().getByText('Image size:').waitFor({ timeout: 180_000 });
    console.log(`Build pressed -> first log line in the page: ${firstLine} ms; -> size line: ${Date.now() - pressed} ms`);
    expect(await buildLog().innerText()).toMatch(/✔ Image size: [\d.]+ MB · built in .* · 2 stages/);

    const sizes = page.getByRole('region', { name: 'Image sizes' });
    await expect.poll(() => sizes.getByRole('row', { name: /Multi-stage/ }).innerText()).toMatch(/MB · 2 stages/);
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-lab-multistage.png') });
  });

  it('builds the regular Dockerfile with Ctrl+Enter and compares the two sizes', async () => {
    await page.getByRole('tab', { name: /Regular/ }).click();
    await editorInput().focus();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => buildLog().innerText(), { timeout: 180_000 }).toMatch(/Image size: [\d.]+ MB .* 1 stage/);
    const compare = await page.getByRole('region', { name: 'Image sizes' }).innerText();
    const percent = Number(/Multi-stage is (\d+)% smaller than Regular/.exec(compare)?.[1]);
    console.log(`size comparison in the page: ${compare.split('\n').at(-1)}`);
    expect(percent).toBeGreaterThanOrEqual(40);
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-lab-compare.png') });
  });

  it('keeps the draft and the sizes after a reload', async () => {
    await page.reload();
    await page.getByRole('tab', { name: /Multi-stage/ }).click();
    await expect.poll(editorTopText, { timeout: 20_000 }).toContain('FROM node:18 AS builder');
    await expect.poll(() => page.getByRole('region', { name: 'Image sizes' }).innerText()).toMatch(/smaller than Regular/);
  });

  it('shows a failing step in red in the terminal', async () => {
    await page.getByRole('tab', { name: /Multi-stage/ }).click();
    await replaceEditorText('FROM alpine\nRUN echo nope && exit 4\n');
    await page.getByRole('button', { name: 'Build' }).click();
    await expect.poll(() => buildLog().innerText(), { timeout: 60_000 }).toMatch(/Build failed after/);
    const text = await buildLog().innerText();
    expect(text).toContain('ERROR');
    expect(text).toContain('[2/2] RUN echo nope && exit 4');
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-lab-failure.png') });
    expect(errors).toEqual([]);
  });
});
