// axe-core on every page of the site, in both themes, on a desktop and a phone, with the lab
// mounted and after a build (log, checkpoints and sizes filled in): zero violations.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { artifactsDir, launchChromium } from '../support/browser.ts';
import { labFile, LabPage } from '../support/lab-page.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';

let site: Site;
let browser: Browser;
let pages: string[];
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-axe-')), 'progress.sqlite') });
  browser = await launchChromium();
  // Every page the home page links to, and the home page: a new lesson is checked without editing this test.
  const home = await (await fetch(`${site.url}/`)).text();
  pages = ['/', ...new Set([...home.matchAll(/href="(\/chapter-[^"#]+)"/g)].map((m) => m[1]!))];
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const devices = {
  desktop: { viewport: { width: 1440, height: 900 } },
  phone: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
} as const;

async function visit(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  const workbench = page.locator('.workbench');
  if ((await workbench.count()) > 0) {
    await workbench.first().scrollIntoViewIfNeeded();
    await expect.poll(() => workbench.first().getAttribute('data-ready'), { timeout: 20_000 }).toBe('true');
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 20_000 }).toBe('Build engine ready');
  }
  return page;
}

describe('accessibility (axe-core)', () => {
  it('finds at least the home page and six lessons', () => {
    expect(pages.length).toBeGreaterThanOrEqual(7);
  });

  for (const [device, options] of Object.entries(devices)) {
    for (const theme of ['light', 'dark']) {
      it(`finds no violations on any page, ${device}, ${theme} theme`, async () => {
        const context = await browser.newContext(options);
        await context.addInitScript((t) => localStorage.setItem('mslab:theme', t), theme);
        const found: Record<string, unknown> = {};
        for (const url of pages) {
          const page = await visit(context, site.url + url);
          const violations = await axeViolations(page);
          if (violations.length > 0) found[url] = violations;
          await page.close();
        }
        await context.close();
        expect(found).toEqual({});
      });
    }
  }

  it('finds none in forced colours (Windows high contrast)', async () => {
    const context = await browser.newContext(devices.desktop);
    const page = await visit(context, `${site.url}/chapter-17/hands-on-lab/`);
    await page.emulateMedia({ forcedColors: 'active' });
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-a11y-forced-colors.png') });
    await context.close();
  });

  it('finds none on the lab after a build, in the checkpoints, and with the Solution open', async () => {
    const context = await browser.newContext(devices.desktop);
    const page = await visit(context, `${site.url}/chapter-17/hands-on-lab/`);
    const lab = new LabPage(page);
    await lab.selectTab(/Multi-stage/);
    await lab.replaceEditorText(labFile('multistage-node', 'solution/Dockerfile'));
    await lab.build();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Build log' }).click();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Solution' }).click();
    await expect.poll(() => page.getByRole('dialog').isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-a11y-solution.png') });
    await context.close();
  });
});
