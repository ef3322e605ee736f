// A learner without a mouse does step 3 of the node lab: keys only, from the top of the page.
// No click, no mouse event: focus moves with Tab, the tabs with arrows/Home/End, the build
// starts with Ctrl+Enter, and what happened is read from the polite live region.
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
const mouseEvents: string[] = [];
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-keys-')), 'progress.sqlite') });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  lab = new LabPage(page);
  await page.exposeFunction('recordMouse', (type: string) => mouseEvents.push(type));
  await page.addInitScript(() => {
    for (const type of ['mousedown', 'click', 'pointerdown']) {
      // Clicks that keys cause (Enter on a button) have detail 0; a real mouse click has 1 or more.
      window.addEventListener(type, (e) => (e as MouseEvent).detail > 0 && (window as unknown as { recordMouse(t: string): void }).recordMouse(type), true);
    }
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** The focused element's accessible text: its aria-label, else its text. */
const focused = (p: Page) => p.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  return `${el?.getAttribute('role') ?? el?.tagName.toLowerCase()}: ${el?.getAttribute('aria-label') ?? el?.textContent?.trim().replace(/\s+/g, ' ') ?? ''}`;
});

/** Presses Tab (or Shift+Tab) until the focused element matches. */
async function tabTo(p: Page, match: RegExp, key = 'Tab'): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    const now = await focused(p);
    if (match.test(now)) return;
    seen.push(now);
    await p.keyboard.press(key);
  }
  throw new Error(`${key} never reached ${match}; went through:\n${seen.join('\n')}`);
}

const announced = () => page.locator('[data-announcer]').textContent();

describe('the lab by keyboard alone', () => {
  it('reaches the lab and picks step 3 with Tab and Enter', async () => {
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await page.keyboard.press('Tab');
    await tabTo(page, /^button: .*Step 3 of 6/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { selected: true }).textContent()).toContain('Multi-stage');
    await expect.poll(() => lab.checkpoints.isVisible()).toBe(true);
  });

  it('moves between file tabs with arrows, Home and End', async () => {
    await tabTo(page, /^tab: /);
    await page.keyboard.press('End');
    expect(await focused(page)).toMatch(/^tab: \.dockerignore/);
    await expect.poll(() => lab.editor.getAttribute('aria-label')).toBe('.dockerignore editor, .dockerignore');
    await page.keyboard.press('Home');
    expect(await focused(page)).toMatch(/^tab: Regular/);
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatch(/^tab: Multi-stage/);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await focused(page)).toMatch(/^tab: \.dockerignore/);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toMatch(/^tab: Multi-stage/);
  });

  it('writes the Dockerfile, builds with Ctrl+Enter and hears the verdict', async () => {
    await tabTo(page, /^textbox: Multi-stage editor, Dockerfile/);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText(labFile('multistage-node', 'solution/Dockerfile'));
    await page.keyboard.press('Control+Enter');
    await expect.poll(announced, { timeout: 10_000 }).toMatch(/^Building Dockerfile\./);
    // The build checks every step of its file; step 3's verdict comes first.
    await expect.poll(announced, { timeout: 180_000 }).toMatch(/^Step 3 is done\./);
    await expect.poll(() => lab.stepButton(3).innerText()).toContain('done');
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-keyboard-step-done.png') });
  });

  it('leaves the editor (Ctrl+M, then Tab), opens the Solution, where Ctrl+Enter does not build, and Escape comes back', async () => {
    await page.keyboard.press('Control+M');
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, /^button: Solution$/, 'Shift+Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Your Dockerfile and the solution/ });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await focused(page)).toMatch(/^button: Close/);
    await page.keyboard.press('Control+Enter');
    await new Promise((r) => setTimeout(r, 500));
    expect(await lab.workbench.getAttribute('data-build-phase')).toBe('done');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await focused(page)).toMatch(/^button: Solution$/);
  });

  it('did all of it without a mouse', () => {
    expect(mouseEvents).toEqual([]);
  });
});
