// Lighthouse on every page of the built site (each prerendered index.html: home, lessons, join,
// instructor login), served by the real server, with Lighthouse's default settings: the mobile
// profile (Moto G Power screen, slow 4G and a 4x slower CPU, simulated), categories
// performance, accessibility and best practices. Prints one row per page (scores, LCP, TBT,
// CLS) and every audit that failed, so a regression names its cause. Debian's Chromium
// (CHROMIUM_PATH, as tests/support/browser.ts); the host's speed (Lighthouse's benchmark
// index) is printed too, since a loaded 2-core machine lowers the performance scores.
// Lighthouse never scrolls, so a lab below the fold is not in its audit: an axe-core column
// counts violations with each page's lab mounted, on a desktop and a phone, light and dark
// (tests/e2e/accessibility.test.ts asserts the same zero).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import type { Browser } from 'playwright-core';
import { config } from '../server/config.ts';
import { axeViolations } from '../tests/support/axe.ts';
import { launchChromium } from '../tests/support/browser.ts';
import { freePort, startSite } from '../tests/support/site-server.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

/** Every prerendered page's path, from the built site's folders. */
function sitePages(client: string): string[] {
  return (fs.readdirSync(client, { recursive: true }) as string[])
    .filter((file) => path.basename(file) === 'index.html')
    .map((file) => `/${path.dirname(file)}/`.replace(/^\/\.\/$/, '/').replace(/\\/g, '/'))
    .sort();
}

const AXE_RUNS = [
  { viewport: { width: 1440, height: 900 }, theme: 'light' },
  { viewport: { width: 1440, height: 900 }, theme: 'dark' },
  { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, theme: 'light' },
  { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, theme: 'dark' },
] as const;

/** axe-core violations on a page with its lab (if any) mounted, over AXE_RUNS, by rule id. */
async function axeFindings(browser: Browser, url: string): Promise<string[]> {
  const found: string[] = [];
  for (const { theme, ...device } of AXE_RUNS) {
    const context = await browser.newContext(device);
    await context.addInitScript((t) => localStorage.setItem('mslab:theme', t), theme);
    const page = await context.newPage();
    await page.goto(url);
    const lab = page.locator('.workbench').first();
    if ((await lab.count()) > 0) {
      await lab.scrollIntoViewIfNeeded();
      await page.waitForFunction(() => document.querySelector('.workbench')?.getAttribute('data-ready') === 'true', undefined, { timeout: 30_000 });
    }
    found.push(...(await axeViolations(page)).map((v) => `${v.id} (${device.viewport.width} px, ${theme})`));
    await context.close();
  }
  return found;
}

const score = (s: number | null | undefined) => (s === null || s === undefined ? '  -' : String(Math.round(s * 100)).padStart(3));

export async function benchLighthouse(): Promise<void> {
  const client = path.join(config.distDir, 'client');
  if (!fs.existsSync(client)) {
    console.log('lighthouse: no built site; build it first');
    return;
  }
  const site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-bench-lh-')), 'progress.sqlite') });
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-component-update', '--disable-sync'],
  });
  const browser = await launchChromium();
  try {
    const rows: string[] = [];
    const failures: string[] = [];
    let benchmarkIndex = NaN;
    for (const page of sitePages(client)) {
      const result = await lighthouse(`${site.url}${page}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
      if (!result) throw new Error(`lighthouse gave no result for ${page}`);
      const { lhr } = result;
      benchmarkIndex = lhr.environment.benchmarkIndex;
      const audit = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
      const axe = await axeFindings(browser, `${site.url}${page}`);
      rows.push(
        `| ${page} | ${CATEGORIES.map((c) => score(lhr.categories[c]?.score)).join(' | ')} | ` +
          `${(audit('largest-contentful-paint') / 1000).toFixed(1)} s | ${audit('total-blocking-time').toFixed(0)} ms | ${audit('cumulative-layout-shift').toFixed(3)} | ${axe.length} |`,
      );
      failures.push(...axe.map((v) => `${page} axe-core: ${v}`));
      for (const category of ['accessibility', 'best-practices'] as const) {
        for (const ref of lhr.categories[category]?.auditRefs ?? []) {
          const a = lhr.audits[ref.id];
          if (a && a.score !== null && a.score < 1 && ref.weight > 0) failures.push(`${page} ${category}: ${a.id} (${a.title})`);
        }
      }
    }
    console.log(`lighthouse mobile, default settings (simulated slow 4G, 4x CPU), host benchmark index ${benchmarkIndex.toFixed(0)}:`);
    console.log(`| page | performance | accessibility | best practices | LCP | TBT | CLS | axe-core violations, lab mounted (${AXE_RUNS.length} runs) |`);
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    rows.forEach((r) => console.log(r));
    console.log(failures.length ? `failed accessibility / best-practice audits:\n  ${failures.join('\n  ')}` : 'no accessibility or best-practice audit failed, no axe-core violation');
  } finally {
    await browser.close();
    chrome.kill();
    await site.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLighthouse();
