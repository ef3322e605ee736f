// Two labs on one page: a lesson page served with a second lab's workbench in it (the Go lab's,
// taken from its own page) mounts both, each with its own tabs, editor, drafts and ids.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { artifactsDir, launchChromium } from '../support/browser.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';

let site: Site;
let browser: Browser;
let page: Page;
const errors: string[] = [];
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-two-')), 'progress.sqlite') });
  // A document the test serves through page.route has no address, so Chromium's Local Network
  // Access checks would take it for a public page and block its socket to 127.0.0.1.
  browser = await launchChromium(['--disable-features=LocalNetworkAccessChecks']);
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (error) => errors.push(error.message));
  const goPage = await (await fetch(`${site.url}/chapter-17/go-example/`)).text();
  const goWorkbench = /<section[^>]*class="workbench"[\s\S]*?<\/dialog>\s*<\/section>/.exec(goPage)?.[0];
  if (!goWorkbench) throw new Error('no workbench in the Go lesson');
  await page.route('**/chapter-17/hands-on-lab/', async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace('<main id="content" class="lesson">', `<main id="content" class="lesson">${goWorkbench}`);
    await route.fulfill({ response, body: html });
  });
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const workbench = (name: RegExp) => page.getByRole('region', { name });

describe('two labs on one page', () => {
  it('mounts both, with ids of their own', async () => {
    await page.goto(`${site.url}/chapter-17/hands-on-lab/`);
    const node = workbench(/^Lab workbench: Shrink a Node\.js image/);
    const go = workbench(/^Lab workbench: Ship a Go binary/);
    for (const lab of [go, node]) {
      await lab.scrollIntoViewIfNeeded();
      await expect.poll(() => lab.getAttribute('data-ready').then((ready) => ready ?? errors.join('; ')), { timeout: 20_000 }).toBe('true');
      await expect.poll(() => lab.getByRole('status').textContent(), { timeout: 20_000 }).toBe('Build engine ready');
    }
    const duplicates = await page.evaluate(() => {
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      return ids.filter((id, i) => ids.indexOf(id) !== i);
    });
    expect(duplicates).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('keeps their tabs and editors apart', async () => {
    const node = workbench(/^Lab workbench: Shrink a Node\.js image/);
    const go = workbench(/^Lab workbench: Ship a Go binary/);
    const nodeSelected = await node.getByRole('tab', { selected: true }).textContent();
    const goTabs = go.getByRole('tab');
    await goTabs.last().click();
    await expect.poll(() => go.getByRole('tab', { selected: true }).textContent()).toBe(await goTabs.last().textContent());
    expect(await node.getByRole('tab', { selected: true }).textContent()).toBe(nodeSelected);
    // Each editor is named for its own file, and labelled by its own tab.
    const goEditor = go.getByRole('textbox', { name: / editor, / });
    const nodeEditor = node.getByRole('textbox', { name: / editor, / });
    expect(await goEditor.getAttribute('aria-label')).not.toBe(await nodeEditor.getAttribute('aria-label'));
    for (const lab of [go, node]) {
      const panel = lab.getByRole('tabpanel');
      const labelledBy = await panel.getAttribute('aria-labelledby');
      expect(await lab.locator(`[id="${labelledBy}"]`).getAttribute('aria-selected')).toBe('true');
    }
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-two-labs.png'), fullPage: false });
    expect(errors).toEqual([]);
  });
});
