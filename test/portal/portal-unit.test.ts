/**
 * The reporting unit's portal in real headless Chromium against the real functions on
 * 127.0.0.1 (local server, local-file storage): sign in, template, upload valid and invalid,
 * languages, annotated copy, history, isolation between units, keyboard-only use, session
 * expiry, and layout at phone width and 200 % zoom. Screenshots go to out/screenshots/.
 */

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, FileChooser, Page, Response as PageResponse } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, setAppContext } from '../../functions/app-context.ts';
import { startLocalServer } from '../../functions/local-server.ts';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import { parseConfig } from '../../shared/config/config.ts';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { ISSUES_SHEET } from '../../shared/spec/template-spec.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { chromiumMissing, contrastRatios, launchChromium, screenshot, tabTo } from '../support/chromium.ts';
import { catalogue, sampleWorkbook, setTableCell, TAB, toBytes } from '../support/fixtures.ts';

const missing = chromiumMissing();
const FILES = mkdtempSync(join(tmpdir(), 'laingan-portal-files-'));
const DOWNLOADS = 'out/portal-downloads';

class TestClock implements Clock {
  at = new Date('2025-07-05T03:00:00Z');
  now() {
    return new Date(this.at);
  }
}

describe.skipIf(missing)(`unit portal in headless Chromium${missing ? ` (skipped: ${missing})` : ''}`, () => {
  const clock = new TestClock();
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let tokens: Record<'mps' | 'vt', string>;
  let vtSha: string;
  const requests: string[] = [];
  const files = {
    valid: join(FILES, 'report-MPS-2025-06.xlsx'),
    invalid: join(FILES, 'report-MPS-2025-06-fix.xlsx'),
  };
  let invalidCell = '';

  beforeAll(async () => {
    const storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-portal-')));
    const tokenStore = new StorageTokenStore(storage);
    const appContext: AppContext = {
      config: parseConfig({ STORAGE_URL: 'file:/unused', SESSION_MINUTES: '480' }),
      catalogue,
      store: new SubmissionStore(storage, catalogue),
      tokens: tokenStore,
      clock,
    };
    setAppContext(appContext);
    tokens = {
      mps: await tokenStore.issue({ kind: 'unit', unitCode: 'MPS' }, 'test', clock.now()),
      vt: await tokenStore.issue({ kind: 'unit', unitCode: 'LA-VT' }, 'test', clock.now()),
    };
    const valid = await sampleWorkbook('MPS', '2025-06', 1);
    writeFileSync(files.valid, await toBytes(valid.workbook));
    const broken = await sampleWorkbook('MPS', '2025-06', 2);
    invalidCell = setTableCell(broken.workbook, TAB.activities, 0, 'percent_complete', 140);
    writeFileSync(files.invalid, await toBytes(broken.workbook));
    mkdirSync(DOWNLOADS, { recursive: true });
    ({ server, url: base } = await startLocalServer(0));
    // Another unit's upload, made through the API: the MPS page must never reach it.
    const vt = await sampleWorkbook('LA-VT', '2025-06', 3);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(await toBytes(vt.workbook))]), 'vientiane-secret.xlsx');
    const answer = await fetch(`${base}/ingest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.vt}` },
      body: form,
    });
    expect(answer.status).toBe(201);
    vtSha = ((await answer.json()) as { sha256: string }).sha256;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'lo-LA' });
    page = await context.newPage();
    page.on('request', (request) => requests.push(request.url()));
    page.on('pageerror', (error) => console.error('page error', error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('serves a Lao-first page under 100 KB and signs in with a pasted token kept out of URLs', async () => {
    // Only the first page's own responses are weighed; the listener goes once it is loaded, so
    // a later response read after its page has closed cannot reject unhandled.
    const bodies: Promise<number>[] = [];
    const weigh = (response: PageResponse) => {
      if (response.url().startsWith(`${base}/portal`))
        bodies.push(response.body().then((body) => body.byteLength));
    };
    page.on('response', weigh);
    await page.goto(`${base}/portal`);
    await page.waitForLoadState('networkidle');
    page.off('response', weigh);
    const firstPageBytes = (await Promise.all(bodies)).reduce((a, b) => a + b, 0);
    expect(firstPageBytes).toBeGreaterThan(1000);
    expect(firstPageBytes).toBeLessThan(100 * 1024);
    expect(await page.getAttribute('html', 'lang')).toBe('lo');
    expect(await page.textContent('#sign-in-title')).toBe('ເຂົ້າສູ່ລະບົບ');
    const fontFamily = await page.evaluate(() => getComputedStyle(document.documentElement).fontFamily);
    expect(fontFamily).toMatch(/^"Phetsarath OT", "Noto Sans Lao"/);
    await screenshot(page, 'portal-01-sign-in');

    await page.fill('#token', 'lgn_not-a-real-token-at-all-000000');
    await page.press('#token', 'Enter');
    await expect.poll(() => page.textContent('#sign-in-error')).toContain('ລະຫັດ');

    await page.fill('#token', tokens.mps);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#status-body table');
    expect(await page.textContent('#who')).toContain('MPS');
    const stored = await page.evaluate(() => sessionStorage.getItem('laingan.session') ?? '');
    expect(stored).toContain('lgs_');
    expect(stored).not.toContain(tokens.mps);
    expect(await page.inputValue('#token')).toBe('');
    expect(requests.some((url) => url.includes(tokens.mps) || url.includes('lgs_'))).toBe(false);
    // June 2025 is due on 10 July; on 5 July it is not yet due.
    expect(await page.textContent('#status-body tr[data-period="2025-06"]')).toContain('ຍັງບໍ່ຮອດກຳນົດ');
    await screenshot(page, 'portal-02-signed-in');
  });

  it('downloads the template for a chosen month, and the file opens as that unit and month', async () => {
    await page.selectOption('#template-month', '2025-06');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#template-download')]);
    expect(download.suggestedFilename()).toBe('laingan-MPS-2025-06.xlsx');
    const path = join(DOWNLOADS, download.suggestedFilename());
    await download.saveAs(path);
    const bytes = new Uint8Array(readFileSync(path));
    const workbook = await loadWorkbook(bytes);
    expect(workbook.worksheets.map((s) => s.name)).toContain(TAB.cover);
    const report = await validateXlsx(bytes, catalogue);
    expect(report.unit).toBe('MPS');
    expect(report.period).toBe('2025-06');
    await screenshot(page, 'portal-03-template');
  });

  it('checks a valid file without storing it, then submits it and sees it accepted and current', async () => {
    await page.setInputFiles('#file', files.valid);
    expect(await page.textContent('#file-name')).toBe('report-MPS-2025-06.xlsx');
    await page.click('#check');
    await expect.poll(() => page.textContent('#verdict-summary')).toContain('ກວດເທົ່ານັ້ນ');
    expect(await page.textContent('#history')).toContain('ຍັງບໍ່ມີການສົ່ງ');
    await screenshot(page, 'portal-04-check-only');
    await page.click('#submit');
    await expect.poll(() => page.textContent('#verdict-summary')).toContain('ຮັບແລ້ວ');
    await page.waitForSelector('#history table');
    expect(await page.textContent('#status-body tr[data-period="2025-06"]')).toContain('ສົ່ງທັນເວລາ');
    await screenshot(page, 'portal-05-accepted');
  });

  it('shows an invalid file’s issues by sheet and cell in Lao and English, with an annotated copy', async () => {
    clock.at = new Date('2025-07-05T08:30:00Z');
    await page.setInputFiles('#file', files.invalid);
    await page.click('#submit');
    await expect.poll(() => page.textContent('#verdict-summary')).toContain('ຍັງບໍ່ຮັບ');
    const group = page.locator(`.sheet-issues[data-sheet="${TAB.activities}"]`);
    expect(await group.locator('h3').textContent()).toBe(`ແຜ່ນງານ: ${TAB.activities}`);
    const first = group.locator('li').first();
    expect(await first.getAttribute('class')).toBe('error');
    expect(await first.textContent()).toContain(`ຫ້ອງ ${invalidCell}`);
    const laoMessage = (await first.textContent()) ?? '';
    expect(laoMessage).toMatch(/[\u0E80-\u0EFF]/);
    await screenshot(page, 'portal-06-rejected-lao');

    await page.click('#language');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('#verdict-summary')).toContain('Not accepted');
    expect(await group.locator('h3').textContent()).toBe(`Sheet: ${TAB.activities}`);
    const english = (await group.locator('li').first().textContent()) ?? '';
    expect(english).toContain(`Cell ${invalidCell}`);
    expect(english).not.toMatch(/[\u0E80-\u0EFF]/);
    await screenshot(page, 'portal-07-rejected-english');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#verdict button[data-annotated]'),
    ]);
    const path = join(DOWNLOADS, download.suggestedFilename());
    await download.saveAs(path);
    expect(download.suggestedFilename()).toBe('report-MPS-2025-06-fix-annotated.xlsx');
    const annotated = await loadWorkbook(new Uint8Array(readFileSync(path)));
    const issuesSheet = annotated.getWorksheet(ISSUES_SHEET.sheetName);
    expect(issuesSheet).toBeDefined();
    const note = annotated.getWorksheet(TAB.activities)?.getCell(invalidCell).note;
    expect(JSON.stringify(note)).toMatch(/[\u0E80-\u0EFF]/);
  });

  it('lists every upload of the month in Vientiane time with verdict, file name and the current one', async () => {
    const rows = page.locator('#history tbody tr');
    expect(await rows.count()).toBe(2);
    const newest = (await rows.nth(0).textContent()) ?? '';
    const older = (await rows.nth(1).textContent()) ?? '';
    // 08:30 UTC is 15:30 in Vientiane; 03:00 UTC is 10:00.
    expect(newest).toContain('15:30');
    expect(newest).toContain('report-MPS-2025-06-fix.xlsx');
    expect(newest).toContain('Rejected');
    expect(newest).not.toContain('✓');
    expect(older).toContain('10:00');
    expect(older).toContain('Accepted');
    expect(older).toContain('✓ Current');
    expect(await page.textContent('#history caption')).toBe('June 2025');
    await screenshot(page, 'portal-08-history');
    await page.click('#language');
  });

  it("never shows or serves another unit's history or files to a unit's session", async () => {
    const pageText = (await page.textContent('body')) ?? '';
    expect(pageText).not.toContain('vientiane-secret');
    // Nothing the page itself requested so far named another unit or carried a token in its URL.
    expect(requests.length).toBeGreaterThan(10);
    expect(requests.filter((url) => /LA-VT|lgn_|lgs_/.test(url))).toEqual([]);
    // Now the session is used by hand, as someone poking at the page's requests would.
    const probes = await page.evaluate(
      async ({ vtSha }) => {
        const token = JSON.parse(sessionStorage.getItem('laingan.session') ?? '{}').token as string;
        const get = async (path: string, init: RequestInit = {}) => {
          const response = await fetch(path, { ...init, headers: { authorization: `Bearer ${token}` } });
          return { path, status: response.status, body: await response.text() };
        };
        return Promise.all([
          get('/portal/api/history?unit=LA-VT&unitCode=LA-VT'),
          get(`/portal/api/annotated?period=2025-06&sha256=${vtSha}`),
          get(`/portal/api/annotated?period=2025-06&sha256=${vtSha}&unit=LA-VT`),
          get('/portal/api/template?period=2025-06&unit=LA-VT'),
          get('/status?period=2025-06'),
          get('/download'),
          get('/compile?period=2025-06', { method: 'POST' }),
        ]);
      },
      { vtSha },
    );
    const [history, annotated, annotatedWithUnit, template, status, download, compile] = probes;
    expect(history?.status).toBe(200);
    expect(history?.body).not.toContain('LA-VT');
    expect(history?.body).not.toContain(vtSha);
    expect(annotated?.status).toBe(404);
    expect(annotatedWithUnit?.status).toBe(404);
    expect(template?.status).toBe(200);
    for (const refused of [status, download, compile]) expect(refused?.status, refused?.path).toBe(403);
    // And the other unit's real session sees its own file, so the refusal above is about who asks.
    const vtSession = await fetch(`${base}/portal/api/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.vt}` },
    });
    const vtToken = ((await vtSession.json()) as { token: string }).token;
    const own = await fetch(`${base}/portal/api/annotated?period=2025-06&sha256=${vtSha}`, {
      headers: { authorization: `Bearer ${vtToken}` },
    });
    expect(own.status).toBe(200);
  });

  it('works with the keyboard alone: sign in, choose a file, check it, read the verdict', async () => {
    const keyboardContext = await browser.newContext({ viewport: { width: 1000, height: 900 } });
    const keyboard = await keyboardContext.newPage();
    // Listen before anything happens: Playwright turns on Chromium's file-chooser interception
    // asynchronously when the first listener arrives, so a listener added together with the
    // key press can lose the race under load and the dialog is never reported.
    const chooserOpened = new Promise<FileChooser>((resolve) => keyboard.once('filechooser', resolve));
    await keyboard.goto(`${base}/portal`);
    const toToken = await tabTo(keyboard, '#token');
    expect(toToken[0]).toBe('ຂ້າມໄປເນື້ອໃນ');
    await keyboard.keyboard.type(tokens.mps);
    await keyboard.keyboard.press('Enter');
    await keyboard.waitForSelector('#status-body table');
    const order = await tabTo(keyboard, '#file');
    expect(order.indexOf('template-month')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('template-month')).toBeLessThan(order.indexOf('template-download'));
    expect(await keyboard.evaluate(() => document.activeElement?.id)).toBe('file');
    await keyboard.keyboard.press('Space');
    const chooser = await chooserOpened;
    await chooser.setFiles(files.invalid);
    await tabTo(keyboard, '#check', 3);
    await keyboard.keyboard.press('Enter');
    await expect.poll(() => keyboard.textContent('#verdict-summary')).toContain('ກວດເທົ່ານັ້ນ');
    expect(await keyboard.evaluate(() => document.activeElement?.id)).toBe('verdict-title');
    await tabTo(keyboard, '#verdict button[data-annotated]', 5);
    const [download] = await Promise.all([
      keyboard.waitForEvent('download'),
      keyboard.keyboard.press('Enter'),
    ]);
    expect(download.suggestedFilename()).toMatch(/-annotated\.xlsx$/);
    await screenshot(keyboard, 'portal-09-keyboard');
    await keyboardContext.close();
  });

  it('is labelled, AA contrast, and fits a phone and 200 % zoom without sideways scrolling', async () => {
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll('input, select')]
        .filter((e) => (e as HTMLInputElement).labels?.length === 0)
        .map((e) => e.id),
    );
    expect(unlabelled).toEqual([]);
    const lowest = (
      await contrastRatios(page, 'h1, h2, h3, p, label, legend, th, td, button, .tag, li, a')
    )[0];
    expect(lowest?.ratio, lowest?.text).toBeGreaterThanOrEqual(4.5);
    for (const [name, width] of [
      ['phone', 360],
      ['zoom-200', 550],
    ] as const) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, name).toBeLessThanOrEqual(0);
      await screenshot(page, `portal-10-${name}`);
    }
    await page.setViewportSize({ width: 1100, height: 900 });
  });

  it('ends the session when it expires and asks to sign in again', async () => {
    clock.at = new Date('2025-07-05T11:01:00Z');
    await page.selectOption('#template-month', '2025-06');
    await page.click('#template-download');
    await expect.poll(() => page.textContent('#sign-in-error')).toContain('ໝົດເວລາ');
    expect(await page.isVisible('#sign-in')).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('laingan.session'))).toBeNull();
    await screenshot(page, 'portal-11-expired');
  });
});
