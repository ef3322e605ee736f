// The socket dies in the middle of a build: the page reconnects, resumes the same build from
// the last line it drew, and follows it to its verdicts, drawing no line twice and losing none.
// A second tab opened during a build follows it too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, launchChromium } from '../support/browser.ts';
import { labFile, LabPage } from '../support/lab-page.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';

let site: Site;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let lab: LabPage;
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-resume-')), 'progress.sqlite') });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Keep a hand on the page's sockets, to cut one as a network would.
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { testSockets: WebSocket[] }).testSockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
  page = await context.newPage();
  lab = new LabPage(page);
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** The solution with a slow, uncached step in the builder stage, so there is a middle to cut into. */
const slowSolution = (tag: string) =>
  labFile('multistage-node', 'solution/Dockerfile').replace('COPY server.js ./', `RUN echo "start ${tag}" && sleep 4 && echo "slept ${tag}"\nCOPY server.js ./`);

/** The log as the text view has it: one entry per line. */
const logLines = (p: Page) => p.locator('[data-log-text] > div').allTextContents();

describe('a build that outlives its socket', () => {
  it('resumes the same log after the socket is cut, to the verdicts', async () => {
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await lab.selectTab(/Multi-stage/);
    const tag = `cut-${Date.now()}`;
    await lab.replaceEditorText(slowSolution(tag));
    await lab.buildButton.click();
    await expect.poll(async () => (await logLines(page)).some((l) => l.includes(`start ${tag}`)), { timeout: 120_000 }).toBe(true);

    const cut = Date.now();
    await page.evaluate(() => (window as unknown as { testSockets: WebSocket[] }).testSockets.at(-1)!.close());
    await expect.poll(() => lab.workbench.getAttribute('data-build-phase')).toBe('disconnected');
    await expect.poll(async () => (await logLines(page)).some((l) => l.includes(`slept ${tag}`)), { timeout: 30_000 }).toBe(true);
    const resumedMs = Date.now() - cut;
    await expect.poll(() => page.locator('[data-announcer]').textContent(), { timeout: 180_000 }).toMatch(/^Step 3 is done\./);
    console.log(`socket cut -> log resumed to the step's next line: ${resumedMs} ms`);

    const lines = await logLines(page);
    const count = (pattern: RegExp) => lines.filter((l) => pattern.test(l)).length;
    expect(count(new RegExp(`^#\\d+ \\[builder \\d/\\d\\] RUN echo "start ${tag}"`))).toBe(1);
    expect(count(new RegExp(`^#\\d+ .*start ${tag}$`))).toBe(1);
    expect(count(new RegExp(`^#\\d+ .*slept ${tag}$`))).toBe(1);
    expect(count(/^✔ Image size: [\d.]+ MB/)).toBe(1);
    expect(count(/^Checkpoints: 4 of \d+ pass|^Checkpoints: \d+ of \d+ pass/)).toBe(1);
    // Every step number was announced once: nothing replayed twice.
    const headers = lines.filter((l) => /^#\d+ \S/.test(l) && !/ (DONE|CACHED)\b/.test(l) && /\[|exporting|load|resolve|copy/.test(l)).map((l) => l.split(' ')[0]);
    expect(headers.length).toBe(new Set(headers).size);
    expect(await lab.stepButton(3).innerText()).toContain('done');
    expect(await lab.buildButton.isEnabled()).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-resume-after-cut.png') });
  });

  it('in a second tab, follows a build started in the first to its end', async () => {
    const tag = `tab-${Date.now()}`;
    await lab.replaceEditorText(slowSolution(tag));
    await lab.buildButton.click();
    await expect.poll(async () => (await logLines(page)).some((l) => l.includes(`start ${tag}`)), { timeout: 120_000 }).toBe(true);

    const second = await context.newPage();
    const other = new LabPage(second);
    await second.goto(`${site.url}/chapter-17/hands-on-lab/`);
    await other.workbench.scrollIntoViewIfNeeded();
    await expect.poll(() => second.locator('[data-announcer]').textContent(), { timeout: 20_000 }).toBe('Following the build of Dockerfile started in another tab.');
    expect(await other.buildButton.isDisabled()).toBe(true);
    await expect.poll(async () => (await logLines(second)).some((l) => /^✔ Image size/.test(l)), { timeout: 180_000 }).toBe(true);
    const lines = await logLines(second);
    expect(lines.some((l) => l.includes(`start ${tag}`))).toBe(true); // from the start, not only what came after it opened
    await expect.poll(() => other.buildButton.isEnabled(), { timeout: 60_000 }).toBe(true);
    await second.close();
  });
});
