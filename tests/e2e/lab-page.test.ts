// A learner on the lab page: converts the Dockerfile to multi-stage, builds it and watches the
// log, builds the regular one, compares, reloads and finds the draft, sees a failure in red.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir } from '../support/browser.ts';
import { labFile, type LabPage } from '../support/lab-page.ts';
import { closeLabSession, openLabSession, type LabSession } from '../support/lab-session.ts';
import type { Site } from '../support/site-server.ts';

let session: LabSession;
let site: Site;
let page: Page;
let lab: LabPage;
beforeAll(async () => {
  session = await openLabSession();
  ({ site, page, lab } = session);
});
afterAll(() => closeLabSession(session));

describe('the hands-on lab page', () => {
  it('builds a multi-stage Dockerfile typed in the editor and shows the size', async () => {
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await lab.selectTab(/Multi-stage/);
    await lab.replaceEditorText(labFile('multistage-node', 'solution/Dockerfile'));
    await expect.poll(() => lab.editorTopText()).toContain('FROM node:18 AS builder');

    const pressed = Date.now();
    await lab.buildButton.click();
    await lab.buildLog.getByText(/^#\d+ /).first().waitFor({ timeout: 30_000 });
    const firstLine = Date.now() - pressed;
    await expect.poll(() => lab.sizes.getByRole('row', { name: /Multi-stage/ }).innerText(), { timeout: 180_000 }).toMatch(/MB · 2 stages/);
    console.log(`Build pressed -> first log line in the page: ${firstLine} ms; -> size shown: ${Date.now() - pressed} ms`);
    await expect.poll(() => lab.buildButton.isEnabled(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => lab.showLog()).toMatch(/✔ Image size: [\d.]+ MB · built in .* · 2 stages/);
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-lab-multistage.png') });
  });

  it('builds the regular Dockerfile with Ctrl+Enter and compares the two sizes', async () => {
    await lab.selectTab(/Regular/);
    await lab.replaceEditorText(labFile('multistage-node', 'starter/Dockerfile'));
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => lab.sizes.getByRole('row', { name: /Regular/ }).innerText(), { timeout: 180_000 }).toMatch(/MB · 1 stage/);
    await expect.poll(() => lab.buildButton.isEnabled(), { timeout: 60_000 }).toBe(true); // checks done, progress stored
    const compare = await lab.sizes.innerText();
    const percent = Number(/Multi-stage is (\d+)% smaller than Regular/.exec(compare)?.[1]);
    console.log(`size comparison in the page: ${compare.split('\n').at(-1)}`);
    expect(percent).toBeGreaterThanOrEqual(40);
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-lab-compare.png') });
  });

  it('keeps the draft and the sizes after a reload', async () => {
    await page.reload();
    await lab.open(page.url());
    await lab.selectTab(/Multi-stage/);
    await expect.poll(() => lab.editorTopText(), { timeout: 20_000 }).toContain('FROM node:18 AS builder');
    await expect.poll(() => lab.sizes.innerText()).toMatch(/smaller than Regular/);
  });

  it('shows a failing step in red in the terminal', async () => {
    await lab.selectTab(/Multi-stage/);
    await lab.replaceEditorText('FROM alpine\nRUN echo nope && exit 4\n');
    await lab.build();
    await expect.poll(() => lab.showLog()).toMatch(/Build failed after/);
    const log = await lab.showLog();
    expect(log).toContain('ERROR');
    expect(log).toContain('[2/2] RUN echo nope && exit 4');
    await page.screenshot({ path: path.join(artifactsDir, 'e2e-lab-failure.png') });
    expect(session.errors).toEqual([]);
  });
});
