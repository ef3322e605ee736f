// Monaco takes keys with its core alone; its features (completion, hover, quick fixes, ...) and
// the Dockerfile checks load behind it, and the editor is created again when they arrive
// (src/client/workbench/editor.ts). Here they are held back until the learner has typed: what
// was typed, the cursor and the focus survive the change, and the features work after it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeLabSession, openLabSession, type LabSession } from '../support/lab-session.ts';

let session: LabSession;
beforeAll(async () => {
  session = await openLabSession();
});
afterAll(() => closeLabSession(session));

describe('the editor before its features arrive', () => {
  it('takes keys, and keeps the text, cursor and focus when the features come in', async () => {
    const { page, lab, errors } = session;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const asked: string[] = [];
    await page.route(/\/_astro\/(monaco-features|dockerfile-language)\.[\w-]+\.js$/, async (route) => {
      asked.push(route.request().url());
      await held;
      await route.continue();
    });
    await page.goto(`${session.site.url}/chapter-17/hands-on-lab/`);
    await lab.workbench.scrollIntoViewIfNeeded();
    await lab.selectTab(/Multi-stage/);
    await lab.replaceEditorText('FROM node:18 AS builder\nFROM node:18-alpine\nCOPY --from');
    await expect.poll(() => asked.length).toBe(2);
    expect(await page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning').count()).toBe(0);

    // The editor that took the keys, to see it replaced.
    await page.locator('.wb-editor .monaco-editor').evaluate((el) => el.setAttribute('data-first-editor', ''));
    release();
    await expect.poll(() => page.locator('.wb-editor .monaco-editor:not([data-first-editor])').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-first-editor]').count()).toBe(0);
    // The checks ran: the lab's rules mark the unused stage.
    await expect.poll(() => page.locator('.monaco-editor .squiggly-warning').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Still focused, the cursor still at the end: the next key lands there and opens completion.
    await page.keyboard.type('=');
    await expect.poll(() => page.getByRole('listbox').innerText(), { timeout: 10_000 }).toContain('builder');
    await page.keyboard.press('Escape');
    expect(await lab.editorTopText()).toContain('COPY --from=');
    expect(errors).toEqual([]);
  });

  it('says the checks could not be loaded, not "No problems found", when their code never arrives', async () => {
    const { page, lab, errors } = session;
    await page.unrouteAll();
    errors.length = 0;
    await page.route(/\/_astro\/dockerfile-language\.[\w-]+\.js$/, (route) => route.abort());
    await page.goto(`${session.site.url}/chapter-17/hands-on-lab/`);
    await lab.workbench.scrollIntoViewIfNeeded();
    await lab.selectTab(/Multi-stage/);
    // Tried twice (3 s apart), then the note.
    const problems = page.locator('.wb-problems').first();
    await expect.poll(() => problems.innerText(), { timeout: 20_000 }).toContain('Reload the page to get the checks');
    expect(await problems.innerText()).not.toContain('No problems found');
    await page.unrouteAll();
    expect(errors).toEqual([]);
  });
});
