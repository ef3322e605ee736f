// A learner's actions on a lab page, found by role and accessible name.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { config } from '../../server/config.ts';

export const labFile = (lab: string, name: string) => fs.readFileSync(path.join(config.labsDir, lab, name), 'utf8');

export class LabPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  get buildLog() {
    return this.page.getByRole('region', { name: 'Build log' });
  }
  get checkpoints() {
    return this.page.getByRole('region', { name: 'Checkpoints' });
  }
  get sizes() {
    return this.page.getByRole('region', { name: 'Image sizes' });
  }
  /** The panel of the selected editor tab (named by its tab). */
  get editorPanel() {
    return this.page.getByRole('tabpanel');
  }
  get workbench() {
    return this.page.getByRole('region', { name: /^Lab workbench/ });
  }
  /** The editor of the tab in view; Monaco and the plain editor are both named "<label> editor, <file>". */
  get editor() {
    return this.page.getByRole('textbox', { name: / editor, / });
  }
  get buildButton() {
    return this.page.getByRole('button', { name: 'Build', exact: true });
  }

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.workbench.scrollIntoViewIfNeeded();
    await expect.poll(() => this.page.getByRole('status').textContent(), { timeout: 20_000 }).toBe('Build engine ready');
    await expect.poll(() => this.buildButton.isEnabled()).toBe(true);
  }

  async selectTab(name: RegExp): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  /** What the learner sees at the top of the editor (Monaco renders only visible lines). */
  async editorTopText(): Promise<string> {
    await this.editor.focus();
    await this.page.keyboard.press('ControlOrMeta+Home');
    return (await this.editorPanel.innerText()).replace(/\u00a0/g, ' '); // Monaco draws spaces as NBSP
  }

  async replaceEditorText(text: string): Promise<void> {
    await this.editor.focus();
    await this.page.keyboard.press('ControlOrMeta+A');
    await this.page.keyboard.press('Delete');
    await this.page.keyboard.insertText(text);
  }

  /** Presses Build and waits until the build is over (its size shows, or it failed). */
  async build(): Promise<void> {
    await this.buildButton.click();
    await expect.poll(() => this.buildButton.isEnabled(), { timeout: 180_000 }).toBe(true);
  }

  async showLog(): Promise<string> {
    await this.page.getByRole('button', { name: 'Build log' }).click();
    return this.buildLog.innerText();
  }

  stepButton(n: number) {
    return this.page.getByRole('navigation', { name: 'Lab steps' }).getByRole('button', { name: new RegExp(`^Step ${n} of`) });
  }
}
