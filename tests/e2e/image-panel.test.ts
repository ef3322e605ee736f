// A learner looks inside the image they built: builds the Node lab's multi-stage Dockerfile,
// opens the Image panel, opens a layer's changes, finds node_modules in the Files tree and
// walks it with the keyboard, jumps from a layer to its Dockerfile line, reads the waste and
// the stages; then builds only up to the builder stage and sees what was skipped. Axe on each
// view; screenshots on a desktop and at 360 px.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { artifactsDir } from '../support/browser.ts';
import { labFile, type LabPage } from '../support/lab-page.ts';
import { closeLabSession, openLabSession, type LabSession } from '../support/lab-session.ts';
import type { Site } from '../support/site-server.ts';

let session: LabSession;
let site: Site;
let page: Page;
let lab: LabPage;
beforeAll(async () => {
  // The page is under test here, not the analysis's time budget: on a machine shared with other
  // builds the 530 MB builder image can take longer than the default 20 s to look into.
  session = await openLabSession({ env: { MSLAB_ANALYSIS_SECONDS: '120' } });
  ({ site, page, lab } = session);
  fs.mkdirSync(artifactsDir, { recursive: true });
});
afterAll(() => closeLabSession(session));

const panel = () => page.getByRole('region', { name: 'Image', exact: true });
const viewTab = (name: string) => panel().getByRole('tab', { name });
const tree = () => panel().getByRole('tree', { name: 'Files in the final image' });
/** The tree row the keyboard is on (the tree keeps focus and points at it). */
const activeRow = () => page.evaluate(() => {
  const tree = document.querySelector('[role="tree"]');
  const id = tree?.getAttribute('aria-activedescendant');
  const item = id ? document.getElementById(id) : null;
  return item ? { name: item.querySelector('.ip-name')?.textContent ?? '', expanded: item.getAttribute('aria-expanded'), level: item.getAttribute('aria-level') } : undefined;
});
async function press(key: string, until: (row: Awaited<ReturnType<typeof activeRow>>) => boolean, most = 60): Promise<void> {
  for (let i = 0; i < most && !until(await activeRow()); i++) await page.keyboard.press(key);
  expect(until(await activeRow())).toBe(true);
}
/** The panel as a learner sees it on a desktop, and the whole page around it. */
async function shot(name: string): Promise<void> {
  await panel().scrollIntoViewIfNeeded();
  await panel().screenshot({ path: path.join(artifactsDir, `e2e-image-${name}.png`) });
  await page.screenshot({ path: path.join(artifactsDir, `e2e-image-${name}-page.png`) });
}
async function noAxeViolations(view: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `${view}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

describe('the Image panel', () => {
  it('shows the layers of the multi-stage image and what a layer added', async () => {
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await lab.selectTab(/Multi-stage/);
    await lab.replaceEditorText(labFile('multistage-node', 'solution/Dockerfile'));
    await lab.build();
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    await expect.poll(() => panel().locator('.ip-status').innerText(), { timeout: 30_000 }).toMatch(/^Image of Multi-stage: [\d.]+ MB in \d+ layers/);
    const timing = await page.evaluate(() => performance.getEntriesByName('mslab:analysis->panel').map((m) => m.duration));
    console.log(`analysis message -> Image panel drawn: ${timing.map((t) => `${t.toFixed(0)} ms`).join(', ')}`);

    // The learner's layers, each tied to its line; the base image's in one row that opens.
    const copy = panel().getByRole('button', { name: /^line \d+ COPY --from=builder \/app\/node_modules.*: go to this line in the editor$/ });
    await expect.poll(() => copy.count()).toBe(1);
    const base = panel().getByRole('button', { name: /^Base image: \d+ layers?$/ });
    await base.click();
    expect(await base.getAttribute('aria-expanded')).toBe('true');
    const changes = panel().getByRole('button', { name: /^Changes of layer \d+: COPY --from=builder \/app\/node_modules/ });
    await changes.click();
    expect(await changes.getAttribute('aria-expanded')).toBe('true');
    const added = panel().locator('.ip-changes:not([hidden])').last();
    await expect.poll(() => added.innerText()).toMatch(/added\s+\/app\/node_modules\//);
    await shot('layers');
    await noAxeViolations('Layers');
  });

  it('takes the editor to the Dockerfile line of a layer', async () => {
    const copy = panel().getByRole('button', { name: /^line \d+ COPY --from=builder \/app\/node_modules/ });
    const line = Number(/^line (\d+)/.exec(await copy.innerText())![1]);
    const expected = labFile('multistage-node', 'solution/Dockerfile').split('\n').findIndex((l) => l.startsWith('COPY --from=builder /app/node_modules')) + 1;
    expect(line).toBe(expected);
    await lab.selectTab(/Regular/); // the build was of the other tab: the jump switches back
    await copy.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('tab', { name: /Multi-stage/ }).getAttribute('aria-selected')).toBe('true');
    const cursor = await page.evaluate(() => ({
      line: document.querySelector('.wb-editor .active-line-number')?.textContent?.trim(),
      focused: document.querySelector('.wb-editor')?.contains(document.activeElement) ?? false,
    }));
    expect(cursor).toEqual({ line: String(expected), focused: true });
  });

  it('shows node_modules in the Files tree and walks it with the keyboard', async () => {
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    await viewTab('Files').click();
    await tree().waitFor();
    await panel().getByRole('group', { name: 'Sort by' }).getByRole('button', { name: 'Name' }).click();
    await tree().focus();
    await page.keyboard.press('Home');
    expect((await activeRow())?.level).toBe('1');
    await press('ArrowDown', (row) => row?.name === 'app/');
    expect((await activeRow())?.expanded).toBe('false');
    await page.keyboard.press('ArrowRight'); // opens
    expect((await activeRow())?.expanded).toBe('true');
    await page.keyboard.press('ArrowRight'); // first child
    expect((await activeRow())?.level).toBe('2');
    await press('ArrowDown', (row) => row?.name === 'node_modules/');
    await page.keyboard.press('ArrowRight');
    expect(await activeRow()).toEqual({ name: 'node_modules/', expanded: 'true', level: '2' });
    await page.keyboard.press('ArrowDown');
    expect((await activeRow())?.level).toBe('3'); // a package
    await page.keyboard.press('ArrowLeft'); // back to node_modules
    await page.keyboard.press('ArrowLeft'); // closes it
    expect(await activeRow()).toEqual({ name: 'node_modules/', expanded: 'false', level: '2' });
    await page.keyboard.press('End');
    const last = await activeRow();
    await page.keyboard.press('Home');
    expect(await activeRow()).not.toEqual(last);
    // Only a window of rows is in the page, however many paths the image has.
    await panel().getByRole('button', { name: 'Expand all' }).click();
    const rows = await tree().getByRole('treeitem').count();
    const height = await tree().evaluate((el) => el.getBoundingClientRect().height);
    expect(height / 28).toBeGreaterThan(rows);
    // The filter narrows the tree to express and the folders on the way.
    await panel().getByRole('searchbox', { name: 'Filter by name' }).fill('express');
    await expect.poll(() => tree().getByRole('treeitem', { name: /^express\// }).count()).toBeGreaterThan(0);
    await shot('files');
    await noAxeViolations('Files');
  });

  it('shows the waste and the stages', async () => {
    await viewTab('Waste').click();
    await expect.poll(() => panel().getByRole('tabpanel').innerText()).toMatch(/Efficiency\s+[\d.]+ %/);
    await shot('waste');
    await noAxeViolations('Waste');
    await viewTab('Stages').click();
    const list = panel().getByRole('list', { name: 'Stages, in words' });
    await expect.poll(() => list.innerText()).toMatch(/builder \(line \d+\) starts from node:18; (built|from the cache)/);
    expect(await list.innerText()).toMatch(/stage 1 \(unnamed\) \(line \d+\) starts from node:18-alpine; (built|from the cache); becomes the image; copies from stage builder/);
    await shot('stages');
    await noAxeViolations('Stages');
  });

  it('builds only up to the builder stage: the log, the checkpoints and the stages say what was skipped', async () => {
    await lab.selectTab(/Multi-stage/);
    await page.getByRole('combobox', { name: 'Stage' }).selectOption('builder');
    await lab.build();
    await expect.poll(() => lab.showLog(), { timeout: 60_000 }).toMatch(/Stages skipped in this build: stage-1/);
    expect(await lab.showLog()).toContain('--target builder');
    await page.getByRole('button', { name: /^Checkpoints/ }).click();
    await expect.poll(() => lab.checkpoints.innerText()).toContain('skipped: built only up to stage builder');
    expect(await lab.checkpoints.locator('[data-status="fail"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    await expect.poll(() => panel().locator('.ip-status').innerText(), { timeout: 30_000 }).toMatch(/built only up to stage builder/);
    await viewTab('Stages').click();
    await expect.poll(() => panel().getByRole('list', { name: 'Stages, in words' }).innerText()).toMatch(/stage 1 \(unnamed\).*; skipped; not needed by the image/);
    await expect.poll(() => panel().getByRole('list', { name: 'Stages, in words' }).innerText()).toMatch(/builder .*; becomes the image/);
    await shot('target');
    await noAxeViolations('Stages after a --target build');
  });

  it('shows the newest build again after a reload', async () => {
    await page.reload();
    await lab.open(page.url());
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    await expect.poll(() => panel().locator('.ip-status').innerText(), { timeout: 20_000 }).toMatch(/^Image of Multi-stage, built only up to stage builder: /);
  });

  it('fits a 360 px wide screen', async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    for (const view of ['Layers', 'Files', 'Stages']) {
      await viewTab(view).click();
      await panel().scrollIntoViewIfNeeded();
      const overflow = await panel().evaluate((el) => el.scrollWidth - el.clientWidth);
      expect(overflow, view).toBeLessThanOrEqual(1);
      await panel().screenshot({ path: path.join(artifactsDir, `e2e-image-${view.toLowerCase()}-360.png`) });
    }
    await noAxeViolations('360 px');
    // The dark theme: the same panel, its colours still readable (axe checks the contrast).
    await page.getByRole('button', { name: 'Toggle dark mode' }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await viewTab('Layers').click();
    await panel().screenshot({ path: path.join(artifactsDir, 'e2e-image-layers-360-dark.png') });
    await viewTab('Stages').click();
    await panel().screenshot({ path: path.join(artifactsDir, 'e2e-image-stages-360-dark.png') });
    await noAxeViolations('360 px, dark');
    expect(session.errors).toEqual([]);
  });
});
