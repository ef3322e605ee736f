// Drafts are never lost: two tabs editing the same file are told, and the learner chooses;
// a save that cannot reach the server says so and goes out once the server answers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchChromium } from '../support/browser.ts';
import { LabPage } from '../support/lab-page.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';

let site: Site;
let browser: Browser;
let context: BrowserContext;
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-drafts-')), 'progress.sqlite') });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

async function openTab(): Promise<{ page: Page; lab: LabPage }> {
  const page = await context.newPage();
  const lab = new LabPage(page);
  await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
  await lab.selectTab(/Multi-stage/);
  return { page, lab };
}

const saveState = (page: Page) => page.locator('[data-save-status]').textContent();
const conflict = (page: Page) => page.getByRole('group', { name: /was saved from another tab or window/ });

describe('drafts', () => {
  it('tells the second tab that the first one saved, and lets the learner choose', async () => {
    const a = await openTab();
    const b = await openTab();
    await a.lab.replaceEditorText('FROM node:18 AS from-tab-a\n');
    await expect.poll(() => saveState(a.page), { timeout: 10_000 }).toBe('All changes saved');

    await b.lab.replaceEditorText('FROM node:18 AS from-tab-b\n');
    await expect.poll(() => saveState(b.page), { timeout: 10_000 }).toBe('Not saved: changed in another tab');
    expect(await conflict(b.page).innerText()).toContain('Dockerfile was saved from another tab or window after this page loaded it.');
    await b.page.screenshot({ path: path.join(artifactsDir, 'e2e-drafts-conflict.png') });
    // Tab B takes tab A's text.
    await conflict(b.page).getByRole('button', { name: 'Use the saved version' }).click();
    await expect.poll(() => b.lab.editorTopText()).toContain('from-tab-a');
    expect(await conflict(b.page).isVisible()).toBe(false);

    // Now B saves on top of A's version, and A (behind) keeps its own text instead.
    await b.lab.replaceEditorText('FROM node:18 AS from-tab-b-again\n');
    await expect.poll(() => saveState(b.page), { timeout: 10_000 }).toBe('All changes saved');
    await a.lab.replaceEditorText('FROM node:18 AS from-tab-a-wins\n');
    await expect.poll(() => saveState(a.page), { timeout: 10_000 }).toBe('Not saved: changed in another tab');
    await conflict(a.page).getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => saveState(a.page), { timeout: 10_000 }).toBe('All changes saved');

    await b.page.reload();
    await b.lab.open(b.page.url());
    await b.lab.selectTab(/Multi-stage/);
    await expect.poll(() => b.lab.editorTopText()).toContain('from-tab-a-wins');
    await a.page.close();
    await b.page.close();
  });

  it('shows a save that cannot reach the server, and saves it when the server answers', async () => {
    const { page, lab } = await openTab();
    await page.route('**/api/labs/*/drafts/*', (route) => route.abort('internetdisconnected'));
    await lab.replaceEditorText('FROM node:18 AS written-offline\n');
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toBe('Offline: your changes are kept in this page and saved when the server answers');
    await expect.poll(() => page.locator('[data-announcer]').textContent(), { timeout: 5_000 }).toBe('Offline: your changes are kept in this page and saved when the server answers');
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-drafts-offline.png') });
    await page.unroute('**/api/labs/*/drafts/*');
    await expect.poll(() => saveState(page), { timeout: 40_000 }).toBe('All changes saved');

    await page.reload();
    await lab.open(page.url());
    await lab.selectTab(/Multi-stage/);
    await expect.poll(() => lab.editorTopText()).toContain('written-offline');
  });

  it('waits for the saved drafts before saving anything, when they load late', async () => {
    const page = await context.newPage();
    const lab = new LabPage(page);
    // The first tries to load progress fail, long enough for the editor to open on the starter:
    // the page must not save the starter over the draft, and must take the draft when it comes.
    let refused = 0;
    await page.route('**/api/labs/*/progress', (route) => (refused++ < 4 ? route.abort('internetdisconnected') : route.continue()));
    const puts: string[] = [];
    page.on('request', (r) => r.method() === 'PUT' && puts.push(r.url()));
    await page.goto(`${site.url}/chapter-17/hands-on-lab/`);
    await lab.workbench.scrollIntoViewIfNeeded();
    await expect.poll(() => saveState(page), { timeout: 10_000 }).toMatch(/^Cannot reach the server yet/);
    await lab.selectTab(/Multi-stage/);
    await expect.poll(() => lab.editorTopText(), { timeout: 30_000 }).toContain('written-offline');
    expect(refused).toBe(5);
    expect(puts).toEqual([]);
    expect(await saveState(page)).toBe('All changes saved');
  });
});
