/**
 * One running system for page tests: the real functions on 127.0.0.1 (local server, local
 * files), a movable clock, tokens of every kind, uploads through the ingest function, and
 * headless Chromium.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type AppContext, setAppContext } from '../../functions/app-context.ts';
import { startLocalServer } from '../../functions/local-server.ts';
import { type Principal, StorageTokenStore } from '../../shared/auth/tokens.ts';
import { parseConfig } from '../../shared/config/config.ts';
import { ChromiumPdfRenderer } from '../../shared/pdf/chromium-pdf.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { CHROMIUM_PATH, launchChromium } from '../support/chromium.ts';
import { catalogue, sampleWorkbook, setTableCell, TAB, toBytes } from '../support/fixtures.ts';

export class MovableClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(iso: string): void {
    this.at = new Date(iso);
  }
}

export interface PortalHarness {
  readonly base: string;
  readonly clock: MovableClock;
  readonly browser: Browser;
  readonly context: AppContext;
  token(principal: Principal): Promise<string>;
  /** Uploads a generated report through `ingest`; `broken` puts 140 % in one cell. */
  upload(
    token: string,
    unitCode: string,
    period: string,
    options?: { seed?: number; broken?: boolean; fileName?: string },
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Signs a page in by pasting the token, and waits for the signed-in view. */
  signIn(page: Page, token: string, ready: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startPortalHarness(start: string): Promise<PortalHarness> {
  const clock = new MovableClock(new Date(start));
  const storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-portal-')));
  const tokenStore = new StorageTokenStore(storage);
  const context: AppContext = {
    config: parseConfig({ STORAGE_URL: 'file:/unused', SESSION_MINUTES: '1440' }),
    catalogue,
    store: new SubmissionStore(storage, catalogue),
    tokens: tokenStore,
    clock,
    // The desk offers the front section as PDF, printed on first download.
    pdf: new ChromiumPdfRenderer(CHROMIUM_PATH),
  };
  setAppContext(context);
  const { server, url: base } = (await startLocalServer(0)) as { server: Server; url: string };
  const browser = await launchChromium();
  return {
    base,
    clock,
    browser,
    context,
    token: (principal) => tokenStore.issue(principal, 'test', clock.now()),
    async upload(token, unitCode, period, options = {}) {
      const { workbook } = await sampleWorkbook(unitCode, period, options.seed ?? 1);
      if (options.broken) setTableCell(workbook, TAB.activities, 0, 'percent_complete', 140);
      const form = new FormData();
      form.append(
        'file',
        new Blob([Buffer.from(await toBytes(workbook))]),
        options.fileName ?? `report-${unitCode}-${period}.xlsx`,
      );
      const response = await fetch(`${base}/ingest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: form,
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async signIn(page, token, ready) {
      page.on('pageerror', (error) => console.error('page error', error.message));
      await page.goto(`${base}/portal`);
      await page.fill('#token', token);
      await page.press('#token', 'Enter');
      await page.waitForSelector(ready);
    },
    async stop() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
