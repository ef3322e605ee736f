// A learner on a phone (360 px, touch): the plain editor instead of Monaco, the same checks in
// the Problems list, the log as wrapped text, the checkpoints, the sizes and the Solution,
// all inside the screen's width.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchChromium } from '../support/browser.ts';
import { labFile, LabPage } from '../support/lab-page.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';

let site: Site;
let browser: Browser;
let page: Page;
let lab: LabPage;
const errors: string[] = [];
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-phone-')), 'progress.sqlite') });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  page.on('pageerror', (error) => errors.push(error.message));
  lab = new LabPage(page);
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const typo = labFile('multistage-node', 'solution/Dockerfile').replace('--from=builder /app/node_modules', '--from=bulid /app/node_modules');
const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);

describe('the lab on a phone', () => {
  it('opens the plain editor, not Monaco, and fits the screen', async () => {
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    expect(await lab.editor.evaluate((el) => el.tagName)).toBe('TEXTAREA');
    expect(await page.locator('.monaco-editor').count()).toBe(0);
    expect(await pageWidth()).toBeLessThanOrEqual(360);
    await lab.workbench.screenshot({ path: path.join(artifactsDir, 'e2e-phone-workbench.png') });
  });

  it('lists the same problems, goes to the line, and applies the fix', async () => {
    await page.getByRole('tab', { name: /Multi-stage/ }).tap();
    expect(await lab.editor.getAttribute('aria-label')).toBe('Multi-stage editor, Dockerfile');
    await lab.replaceEditorText(typo);
    const problems = page.getByRole('region', { name: 'Problems' });
    const entry = problems.getByRole('listitem').filter({ hasText: 'COPY --from=bulid names no stage' });
    await expect.poll(() => entry.count()).toBe(1);
    await entry.getByRole('button', { name: /^Line 13:/ }).tap();
    const caretLine = () => lab.editor.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length);
    expect(await caretLine()).toBe(13);
    await entry.getByRole('button', { name: /^Fix: / }).tap();
    await expect.poll(() => problems.innerText()).toBe('No problems found');
    expect(await lab.editor.inputValue()).toContain('COPY --from=builder /app/node_modules');
  });

  it('builds, shows the log as text, then the checkpoints and the size', async () => {
    await lab.buildButton.tap();
    await expect.poll(() => lab.buildLog.getByText(/^#\d+ /).first().isVisible(), { timeout: 30_000 }).toBe(true);
    await lab.workbench.screenshot({ path: path.join(artifactsDir, 'e2e-phone-log.png') });
    await expect.poll(() => lab.buildButton.isEnabled(), { timeout: 180_000 }).toBe(true);
    await expect.poll(() => lab.checkpoints.innerText()).toContain('Step 4 of 6');
    expect(await lab.sizes.innerText()).toMatch(/Multi-stage\s+[\d.]+ MB · 2 stages/);
    expect(await pageWidth()).toBeLessThanOrEqual(360);
    await lab.workbench.screenshot({ path: path.join(artifactsDir, 'e2e-phone-checkpoints.png') });
    await page.getByRole('button', { name: 'Build log' }).tap();
    expect(await lab.buildLog.innerText()).toMatch(/✔ Image size: [\d.]+ MB/);
  });

  it('shows the Solution beside the learner\'s file, as text', async () => {
    await page.getByRole('button', { name: 'Solution' }).tap();
    const dialog = page.getByRole('dialog', { name: /Your Dockerfile and the solution/ });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    // The solution is fetched from the server when the dialog opens (it is not in the page).
    await expect.poll(() => dialog.innerText()).toContain('USER node');
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-phone-solution.png') });
    await dialog.getByRole('button', { name: 'Close' }).tap();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(errors).toEqual([]);
  });
});
