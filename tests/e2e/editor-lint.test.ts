// The editor teaches while you type: a COPY --from typo gets a marker and a line in Problems,
// the quick fix repairs it, and completion offers the stage names after --from=.
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
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-lint-')), 'progress.sqlite') });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  lab = new LabPage(page);
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

/** The lab's solution with one typo: line 13 copies node_modules from "bulid". */
const typo = labFile('multistage-node', 'solution/Dockerfile').replace('--from=builder /app/node_modules', '--from=bulid /app/node_modules');

describe('the Dockerfile editor', () => {
  it('marks a COPY --from typo, lists it in Problems, and fixes it', async () => {
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await lab.selectTab(/Multi-stage/);
    await lab.replaceEditorText(typo);
    const problems = page.getByRole('region', { name: 'Problems' });
    const entry = problems.getByRole('listitem').filter({ hasText: 'COPY --from=bulid names no stage' });
    await expect.poll(() => entry.innerText()).toContain('Line 13: COPY --from=bulid names no stage. Stages before this one: builder. Did you mean "builder"?');
    expect(await problems.innerText()).toMatch(/^1 error/);
    // Clicking the entry brings line 13 into view, with its error marker.
    await entry.getByRole('button', { name: /^Line 13:/ }).click();
    await expect.poll(() => page.locator('.line-numbers.active-line-number').innerText()).toBe('13');
    await expect.poll(() => page.locator('.monaco-editor .squiggly-error').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-lint-typo.png') });

    await entry.getByRole('button', { name: 'Fix: Change to --from=builder' }).click();
    await expect.poll(() => problems.innerText()).toBe('No problems found');
    await expect.poll(() => page.locator('.monaco-editor .squiggly-error').count()).toBe(0);
    await expect.poll(() => lab.editorTopText()).toContain('FROM node:18 AS builder');
  });

  it('goes to the line of a problem when it is clicked', async () => {
    await lab.replaceEditorText(typo.replace('USER node\n', ''));
    const problems = page.getByRole('region', { name: 'Problems' });
    await problems.getByRole('button', { name: /^Line 10: The final image runs as root/ }).click();
    await expect.poll(() => page.locator('.line-numbers.active-line-number').innerText()).toBe('10');
  });

  it('completes stage names after --from=', async () => {
    await lab.replaceEditorText('FROM node:18 AS builder\nFROM node:18-alpine\nCOPY --from');
    await page.keyboard.type('=');
    const suggestions = page.getByRole('listbox');
    await expect.poll(() => suggestions.innerText(), { timeout: 10_000 }).toContain('builder');
  });
});
