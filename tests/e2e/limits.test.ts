// A Dockerfile over the size limit, pasted into the editor: Build says "too large" in the
// page, before anything is sent (an oversized frame would close the socket), the connection
// stays up, and the draft says it could not be saved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
import { LabPage } from '../support/lab-page.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';

let site: Site;
let browser: Browser;
let page: Page;
let lab: LabPage;
const frames: number[] = [];
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-limits-')), 'progress.sqlite') });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  page = await context.newPage();
  page.on('websocket', (ws) => ws.on('framesent', (frame) => frames.push(String(frame.payload).length)));
  lab = new LabPage(page);
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

describe('a Dockerfile over the limit', () => {
  it('is refused in the page, and the socket stays up', async () => {
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await lab.selectTab(/Multi-stage/);
    // About 110 KB pasted (one paste, as a learner would): a long generated file.
    const line = (i: number) => `RUN echo "generated step ${String(i).padStart(5, '0')} of a long file"`;
    const text = ['FROM alpine', ...Array.from({ length: 2400 }, (_, i) => line(i))].join('\n');
    await page.evaluate((t) => navigator.clipboard.writeText(t), text);
    await lab.editor.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('ControlOrMeta+V');
    // The draft cannot be saved either (the drafts route has the same limit), and says so.
    await expect.poll(() => page.locator('[data-save-status]').textContent(), { timeout: 10_000 }).toBe('Not saved: the file is too large');
    await lab.buildButton.click();
    await expect.poll(() => lab.showLog()).toMatch(/✖ Too large to build: this request is [\d.]+ kB, the limit is 98\.3 kB\. Shorten the file and build again\./);
    await expect.poll(() => page.locator('[data-announcer]').textContent()).toMatch(/^Too large to build/);
    expect(frames.every((bytes) => bytes < 96 * 1024)).toBe(true);
    expect(await page.getByRole('status').textContent()).toBe('Build engine ready');
    expect(await lab.buildButton.isEnabled()).toBe(true);
  });
});
