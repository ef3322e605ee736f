// A self-paced learner on the Go lesson: turns challenge mode on, finds the hints locked and
// the solution nowhere in the page, fails builds until a hint unlocks, reveals it and still
// has it after a reload; tries a lesson's Dockerfile in the editor and undoes it; answers
// the self-check and finds the explanation after a reload; and reaches the closing page.
// axe-core finds nothing on each page touched; screenshots on a desktop and at 360 px.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../support/axe.ts';
import { artifactsDir, launchChromium } from '../support/browser.ts';
import { labFile, LabPage } from '../support/lab-page.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';
import labs from '../../labs/multistage-go/lab.ts';

const GO_LESSON = '/chapter-17/go-example/';
/** Builds, and fails the first step ("two-stages": one stage only) quickly. */
const FAILING = 'FROM golang:1.19\nRUN exit 3\n';

let site: Site;
let browser: Browser;
let page: Page;
let lab: LabPage;
beforeAll(async () => {
  site = await startSite({ port: await freePort(), db: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-challenge-')), 'progress.sqlite') });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  lab = new LabPage(page);
  fs.mkdirSync(artifactsDir, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

const shot = async (name: string, target: Page = page, fullPage = false) => {
  await target.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage });
};
const noViolations = async (target: Page = page) => expect(await axeViolations(target)).toEqual([]);
const challengeToggle = () => page.getByRole('button', { name: 'Challenge mode' });
const stepsChecklist = () => lab.checkpoints.getByRole('listitem').filter({ hasText: 'A builder stage and a final stage' });
const hints = labs.steps[0]!.checkpoints.find((c) => c.id === 'stages')?.hints ?? [];

async function failBuild(): Promise<void> {
  await lab.replaceEditorText(FAILING);
  await lab.build();
  await page.getByRole('button', { name: /^Checkpoints/ }).click();
  await expect.poll(() => lab.checkpoints.innerText()).toContain('Step 1 of');
}

describe('challenge mode on the Go lab', () => {
  it('ships neither hints nor the solution in the page', async () => {
    const html = await (await fetch(site.url + GO_LESSON)).text();
    expect(html).not.toContain(labFile('multistage-go', 'solution/Dockerfile').trim());
    expect(html).not.toContain('RUN CGO_ENABLED=0 go build -o /out/greeter .');
    for (const step of labs.steps) for (const c of step.checkpoints) for (const hint of c.hints ?? []) expect(html).not.toContain(hint);
  });

  it('turns on, remembered by the server, and folds the step instructions', async () => {
    await lab.open(site.url + GO_LESSON);
    await expect.poll(() => challengeToggle().isEnabled()).toBe(true);
    expect(await challengeToggle().getAttribute('aria-pressed')).toBe('false');
    await challengeToggle().click();
    await expect.poll(() => challengeToggle().getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('[data-challenge-note]').innerText()).toContain('Hints unlock after 2 failed builds');
    expect(await page.locator('.lab-step-instructions').first().evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    const help = await page.request.get(`${site.url}/api/labs/multistage-go/help`);
    expect((await help.json()) as { challenge: boolean }).toMatchObject({ challenge: true });
    // Locked on the server too, not only in the page.
    expect((await page.request.get(`${site.url}/api/labs/multistage-go/solutions/Dockerfile`)).status()).toBe(403);
    expect((await page.request.post(`${site.url}/api/labs/multistage-go/hints`, { data: { step: 'two-stages', checkpoint: 'stages' } })).status()).toBe(403);
  });

  it('keeps the hints locked after one failed build, shows the goal only, and unlocks them after the second', async () => {
    await failBuild();
    const item = stepsChecklist();
    await expect.poll(() => item.innerText()).toContain('Hints unlock after 2 failed builds of this step (1 so far)');
    expect(await item.innerText()).not.toContain('Expected');
    await shot('e2e-challenge-hints-locked');
    await noViolations();

    await failBuild();
    const show = item.getByRole('button', { name: `Show a hint (1 of ${hints.length})` });
    await expect.poll(() => show.isVisible(), { timeout: 20_000 }).toBe(true);
    await show.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => item.innerText()).toContain(hints[0]!.replace(/`/g, ''));
    await shot('e2e-challenge-hint-revealed');
    await noViolations();
  });

  it('says the solution is still locked, without showing it', async () => {
    await page.getByRole('button', { name: 'Solution', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.innerText()).toContain('the solution unlocks after 5 failed builds');
    expect(await dialog.innerText()).not.toContain('CGO_ENABLED=0');
    await noViolations();
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('still has the revealed hint after a reload', async () => {
    await page.reload();
    await lab.open(page.url());
    await expect.poll(() => challengeToggle().getAttribute('aria-pressed')).toBe('true');
    await lab.stepButton(1).click();
    await expect.poll(() => stepsChecklist().innerText(), { timeout: 20_000 }).toContain(hints[0]!.replace(/`/g, ''));
  });

  it('unlocks the solution after more failed builds, and the page shows it only then', async () => {
    for (let i = 0; i < 3; i++) await failBuild();
    await page.getByRole('button', { name: 'Solution', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => page.locator('.wb-diff').isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.locator('[data-solution-message]').isVisible()).toBe(false);
    await expect.poll(() => dialog.innerText()).toContain('CGO_ENABLED=0');
    await shot('e2e-challenge-solution-unlocked');
    await page.keyboard.press('Escape');
  });
});

describe('Try it', () => {
  it('loads a lesson Dockerfile into the lab editor, and Undo puts the learner version back', async () => {
    const mine = await lab.editorTopText();
    expect(mine).toContain('RUN exit 3');
    const tryIt = page.getByRole('button', { name: 'Try it: load this Dockerfile into the lab editor below' }).first();
    await tryIt.focus();
    await page.keyboard.press('Enter');
    const bar = page.getByRole('group', { name: /example is now in the Dockerfile tab/ });
    await expect.poll(() => bar.isVisible()).toBe(true);
    // Focus lands on the bar, in the workbench, which is in view.
    await expect.poll(() => page.evaluate(() => document.activeElement?.matches('[data-try]'))).toBe(true);
    expect(await page.locator('.workbench').evaluate((w) => w.getBoundingClientRect().top < innerHeight)).toBe(true);
    await expect.poll(() => lab.editorTopText()).toContain('FROM golang:1.19 AS builder');
    await shot('e2e-try-it-loaded');
    await noViolations();
    await bar.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => lab.editorTopText()).toContain('RUN exit 3');
    expect(await page.locator('[data-try-text]').innerText()).toContain('Your version of the Dockerfile tab is back');
  });

  it('from a lesson without the lab, takes the example to the lab’s lesson, into the matching tab', async () => {
    await page.goto(`${site.url}/chapter-17/why-multi-stage/`);
    await page.getByRole('button', { name: /Try it: load this Dockerfile into the lab of/ }).first().click();
    await page.waitForURL(/\/chapter-17\/hands-on-lab\//);
    const bar = page.getByRole('group', { name: /example is now in the Regular tab/ });
    await expect.poll(() => bar.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByRole('tab', { name: /Regular/ }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => lab.editorTopText()).toContain('RUN npm install');
  });
});

describe('self-check and the closing page', () => {
  async function answerFirstQuestion(target: Page): Promise<void> {
    const question = target.getByRole('group', { name: /Question 1 of 3/ });
    await question.getByRole('radio').first().focus();
    await target.keyboard.press('ArrowDown'); // the second choice
    await target.keyboard.press('Tab');
    await target.keyboard.press('Enter');
  }

  it('shows the explanation after answering, and again after a reload', async () => {
    await page.goto(`${site.url}/chapter-17/why-multi-stage/`);
    await answerFirstQuestion(page);
    const form = page.locator('form[data-question="what-ships"]');
    await expect.poll(() => form.getAttribute('data-state')).toBe('saved');
    expect(await form.locator('[data-feedback]').innerText()).toBe('Right.');
    expect(await form.locator('[data-explanation]').isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => form.getAttribute('data-state')).toBe('saved');
    expect(await form.locator('[data-explanation]').isVisible()).toBe(true);
    expect(await form.getByRole('radio').nth(1).isChecked()).toBe(true);
    // The server knows the lesson's questions: no other question, no choice it does not have.
    const api = `${site.url}/api/self-check/chapter-17/why-multi-stage`;
    expect((await page.request.put(api, { data: { question: 'what-ships', choice: 3 } })).status()).toBe(400);
    expect((await page.request.put(api, { data: { question: 'no-such-question', choice: 0 } })).status()).toBe(404);
    expect((await page.request.get(`${site.url}/api/self-check/chapter-17/wrap-up`)).status()).toBe(404);
    expect(await (await page.request.get(api)).json()).toEqual({ answers: { 'what-ships': 1 } });
    await form.scrollIntoViewIfNeeded();
    await shot('e2e-self-check-desktop');
    await noViolations();
  });

  it('reaches the closing page from the last lesson, with the outcomes and the cheat sheet', async () => {
    await page.goto(`${site.url}/chapter-17/hands-on-lab/`);
    // The chapter's last lesson links to the wrap-up (after any lessons added later).
    await page.locator('aside.sidebar').getByRole('link', { name: /Wrap-up/ }).click();
    await page.waitForURL(/\/chapter-17\/wrap-up\//);
    expect(await page.getByRole('heading', { name: 'What you can do now' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Cheat sheet: commands' }).isVisible()).toBe(true);
    expect(await page.locator('.prev-next .next').count()).toBe(0);
    await shot('e2e-wrap-up-desktop');
    await noViolations();
  });

  it('works at 360 px: the lesson top, the lab in challenge mode, the self-check and the closing page', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    for (const [url, name] of [
      ['/chapter-17/why-multi-stage/', 'e2e-lesson-top-360'],
      ['/chapter-17/wrap-up/', 'e2e-wrap-up-360'],
    ] as const) {
      await small.goto(site.url + url);
      await shot(name, small, true);
      // Nothing wider than the screen (tables and code wrap or scroll inside themselves).
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await noViolations(small);
    }
    // The lab with challenge mode on (a phone gets the plain editor).
    const phoneLab = new LabPage(small);
    await phoneLab.open(site.url + GO_LESSON);
    const toggle = small.getByRole('button', { name: 'Challenge mode' });
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.scrollIntoViewIfNeeded();
    await shot('e2e-challenge-360', small);
    await noViolations(small);

    await small.goto(`${site.url}/chapter-17/why-multi-stage/`);
    await answerFirstQuestion(small);
    await expect.poll(() => small.locator('form[data-question="what-ships"]').getAttribute('data-state')).toBe('saved');
    await small.locator('form[data-question="what-ships"]').scrollIntoViewIfNeeded();
    await shot('e2e-self-check-360', small);
    await phone.close();
  });
});
