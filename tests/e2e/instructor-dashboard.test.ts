// An instructor runs a class live, in two browsers: the instructor logs in and creates a
// class; a learner who already built once joins by the link (their progress comes along),
// builds, and the instructor's cell turns green without a reload. The CSV has the row, the
// learner's detail shows their Dockerfile and build log. A learner's session gets 403 on the
// dashboard and its API, and another instructor cannot see the class. Every page passes axe.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstructorStore } from '../../server/instructors/instructor-store.ts';
import { hashPassword } from '../../server/instructors/password.ts';
import { ProgressStore } from '../../server/progress/progress-store.ts';
import { axeViolations } from '../support/axe.ts';
import { artifactsDir, launchChromium } from '../support/browser.ts';
import { labFile, LabPage } from '../support/lab-page.ts';
import { freePort, startSite, type Site } from '../support/site-server.ts';

const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-instructors-')), 'progress.sqlite');
const A = { email: 'ada@example.org', name: 'Ada Teacher', password: 'correct horse battery A' };
const B = { email: 'bo@example.org', name: 'Bo Teacher', password: 'correct horse battery B' };
const LEARNER = 'Lin <b>Learner</b>';

let site: Site;
let browser: Browser;
let instructor: Page;
let learnerContext: BrowserContext;
let learner: Page;
let classUrl: string;
let joinUrl: string;

beforeAll(async () => {
  const progress = new ProgressStore(db);
  const accounts = new InstructorStore(progress.database());
  for (const who of [A, B]) accounts.upsert(who.email, who.name, await hashPassword(who.password));
  progress.close();
  // The built site (`npm test` builds it; MSLAB_DIST_DIR, when set, says where).
  site = await startSite({ port: await freePort(), db });
  browser = await launchChromium();
  instructor = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  learnerContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  learner = await learnerContext.newPage();
});
afterAll(async () => {
  await browser?.close();
  await site?.stop();
});

async function logIn(page: Page, who: typeof A): Promise<void> {
  await page.goto(`${site.url}/instructor/login/`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${site.url}/instructor/`);
}

const expectNoAxeViolations = async (page: Page) => expect(await axeViolations(page)).toEqual([]);
const matrix = () => instructor.getByRole('table');
/** The learner's row and the cell of a step (cells follow the row header, in column order). */
const learnerRow = () => matrix().getByRole('row').filter({ has: instructor.getByRole('rowheader', { name: /Lin <b>Learner<\/b>/ }) });
const stepCell = (n: number) => learnerRow().getByRole('cell').nth(n - 1);

describe('an instructor runs a class live', () => {
  it('refuses a wrong password without saying which part was wrong', async () => {
    await instructor.goto(`${site.url}/instructor/login/`);
    await instructor.getByLabel('Email').fill(A.email);
    await instructor.getByLabel('Password').fill('not the password');
    await instructor.getByRole('button', { name: 'Log in' }).click();
    await expect.poll(() => instructor.getByRole('alert').textContent(), { timeout: 15_000 }).toBe('wrong email or password');
    await expectNoAxeViolations(instructor);
  });

  it('logs in, creates a class and sees the empty dashboard with its join link and code', async () => {
    await logIn(instructor, A);
    await instructor.getByLabel('Class name').fill('Tuesday workshop');
    const labs = instructor.getByRole('group', { name: 'Labs the class works on' }).getByRole('checkbox');
    for (const box of await labs.all()) await box.uncheck();
    await instructor.getByRole('checkbox', { name: 'Shrink a Node.js image with a multi-stage build' }).check();
    await instructor.getByRole('button', { name: 'Create the class' }).click();
    await instructor.waitForURL(/\/instructor\/classes\/[\w-]+\/$/);
    classUrl = instructor.url();
    await expect.poll(() => instructor.getByRole('status').textContent()).toContain('Live');
    joinUrl = (await instructor.getByRole('link', { name: /\/join\// }).getAttribute('href'))!;
    expect(joinUrl).toMatch(/\/join\/[A-Z2-9]{8}\/$/);
    expect(await instructor.getByText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/).count()).toBe(1);
    expect(await instructor.getByText('Nobody has joined yet').isVisible()).toBe(true);
    await expectNoAxeViolations(instructor);
    await instructor.screenshot({ path: path.join(artifactsDir, 'instructor-dashboard-empty.png'), fullPage: true });
  });

  it('a learner who built before joins by the link; their progress shows at once', async () => {
    const lab = new LabPage(learner);
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await lab.build(); // the Regular tab's starter: it builds, but server.js is not in /app yet
    await learner.goto(joinUrl);
    await expect.poll(() => learner.getByRole('heading', { level: 1 }).textContent()).toBe('Join Tuesday workshop');
    await expectNoAxeViolations(learner);
    await learner.getByLabel(/Your name/).fill(LEARNER);
    await learner.getByRole('button', { name: 'Join the class' }).click();
    await expect.poll(() => learner.getByText(/You are in Tuesday workshop as/).textContent()).toBe(`You are in Tuesday workshop as ${LEARNER}.`);

    // No reload on the instructor's side: the row arrives by itself, failing with expected / found.
    await expect.poll(() => learnerRow().count(), { timeout: 5000 }).toBe(1);
    const first = await stepCell(1).innerText();
    expect(first).toContain('failing');
    expect(first).toMatch(/Expected: .+\nFound: .+/);
    expect(await stepCell(3).innerText()).toContain('not tried');
    // Builds are kept for the class from joining on: none yet.
    expect(await learnerRow().getByRole('cell').nth(-2).innerText()).toBe('No build yet');
  });

  it('the learner builds, and the instructor\'s cell turns green without a reload', async () => {
    const lab = new LabPage(learner);
    await lab.open(`${site.url}/chapter-17/hands-on-lab/`);
    await lab.selectTab(/Multi-stage/);
    await lab.replaceEditorText(labFile('multistage-node', 'solution/Dockerfile'));
    await lab.build();
    const checked = Date.now();
    await expect.poll(() => stepCell(3).innerText(), { timeout: 5000, interval: 50 }).toContain('passed');
    console.log(`learner's checkpoints shown -> instructor's cell green: ${Date.now() - checked} ms`);
    expect(await stepCell(3).getAttribute('data-state')).toBe('passed');
    expect(await learnerRow().getByRole('cell').nth(-2).innerText()).toMatch(/success · \d+\.\d MB/);
    await instructor.getByRole('button', { name: 'Show checkpoints' }).click();
    expect(await stepCell(3).getByRole('listitem').count()).toBe(4);
    await expectNoAxeViolations(instructor);
    await instructor.screenshot({ path: path.join(artifactsDir, 'instructor-dashboard-live.png'), fullPage: true });
    await instructor.getByRole('button', { name: 'Show checkpoints' }).click();
  });

  it('exports the class as CSV with the learner\'s row', async () => {
    const classId = new URL(classUrl).pathname.split('/')[3];
    const csv = await (await instructor.request.get(`${site.url}/api/instructor/classes/${classId}/export.csv`)).text();
    const [header, row] = csv.split('\r\n');
    expect(header).toContain('multistage-node/multi-stage');
    const cells = row!.split(',');
    expect(cells[0]).toBe(LEARNER);
    expect(cells[header!.split(',').indexOf('multistage-node/multi-stage')]).toBe('passed');
    expect(cells[header!.split(',').indexOf('multistage-node/get-the-app')]).toBe('failing');
  });

  it('opens the learner\'s detail by keyboard: their Dockerfile and last build log, read-only', async () => {
    await instructor.getByRole('link', { name: LEARNER }).focus();
    await instructor.keyboard.press('Enter');
    await instructor.waitForURL(/\/learners\/[\w-]+\/$/);
    expect(await instructor.getByRole('heading', { level: 1 }).textContent()).toBe(LEARNER);
    const draft = instructor.getByRole('region', { name: 'Shrink a Node.js image with a multi-stage build' }).locator('pre').filter({ hasText: 'FROM node:18 AS builder' });
    expect(await draft.count()).toBe(1);
    expect(await instructor.getByLabel('Last build log of Dockerfile', { exact: true }).innerText()).toMatch(/RUN npm ci/);
    expect(await instructor.locator('textarea, [contenteditable="true"]').count()).toBe(0);
    await expectNoAxeViolations(instructor);
    await instructor.screenshot({ path: path.join(artifactsDir, 'instructor-learner-detail.png'), fullPage: true });
  });

  it('a learner\'s session gets 403 on the dashboard and its API, and sees nothing of others', async () => {
    const classId = new URL(classUrl).pathname.split('/')[3];
    const page = await learner.goto(classUrl);
    expect(page?.status()).toBe(403);
    expect(await learner.getByRole('heading', { level: 1 }).textContent()).toBe('Instructors only');
    for (const api of ['', '/events', '/export.csv']) {
      expect((await learner.request.get(`${site.url}/api/instructor/classes/${classId}${api}`)).status()).toBe(403);
    }
    expect((await learner.request.delete(`${site.url}/api/instructor/classes/${classId}`, { headers: { Origin: site.url } })).status()).toBe(403);
    expect(await (await learner.request.get(`${site.url}/api/classes/current`)).json()).toEqual({ class: 'Tuesday workshop', name: LEARNER });
  });

  it('instructor B cannot see instructor A\'s class', async () => {
    const other = await (await browser.newContext()).newPage();
    await logIn(other, B);
    expect(await other.getByText('No classes yet').isVisible()).toBe(true);
    expect((await other.goto(classUrl))?.status()).toBe(403);
    expect(await other.getByText('This class belongs to another instructor.').isVisible()).toBe(true);
    const classId = new URL(classUrl).pathname.split('/')[3];
    expect((await other.request.get(`${site.url}/api/instructor/classes/${classId}`)).status()).toBe(403);
    expect((await other.request.get(`${site.url}/api/instructor/classes/${classId}/export.csv`)).status()).toBe(403);
    await other.close();
  });

  it('the learner leaves; the row goes from the dashboard without a reload', async () => {
    await instructor.goto(classUrl);
    await expect.poll(() => learnerRow().count()).toBe(1);
    await learner.goto(joinUrl);
    await learner.getByRole('button', { name: 'Leave the class' }).click();
    await expect.poll(() => learner.getByRole('status').textContent()).toContain('You left the class');
    await expect.poll(() => learnerRow().count(), { timeout: 5000 }).toBe(0);
    expect(await (await learner.request.get(`${site.url}/api/classes/current`)).json()).toEqual({ class: null });
  });

  it('logs out: the session ends on the server, not only in the browser', async () => {
    const cookies = await instructor.context().cookies();
    await instructor.getByRole('button', { name: 'Log out' }).click();
    await instructor.waitForURL(`${site.url}/instructor/login/`);
    const session = cookies.find((c) => c.name === 'mslab_instructor')!;
    const replay = await fetch(`${site.url}/api/instructor/classes`, { headers: { Cookie: `${session.name}=${session.value}` } });
    expect(replay.status).toBe(403);
  });
});
