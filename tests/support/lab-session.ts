// What an end-to-end file about the lab page starts with: the built site on a fresh progress
// database, Chromium, one desktop page with a LabPage on it, and the page's uncaught errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { LabPage } from './lab-page.ts';
import { freePort, startSite, type Site } from './site-server.ts';

export interface LabSession {
  site: Site;
  browser: Browser;
  page: Page;
  lab: LabPage;
  /** Uncaught errors of the page, in order: a test ends by expecting none. */
  errors: string[];
}

/** `env`: more settings for the server (see startSite). */
export async function openLabSession(options: { env?: Record<string, string> } = {}): Promise<LabSession> {
  const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mslab-e2e-')), 'progress.sqlite');
  const site = await startSite({ port: await freePort(), db, ...(options.env && { env: options.env }) });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { site, browser, page, lab: new LabPage(page), errors };
}

export async function closeLabSession(session: LabSession | undefined): Promise<void> {
  await session?.browser.close();
  await session?.site.stop();
}
