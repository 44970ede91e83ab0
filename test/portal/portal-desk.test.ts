/**
 * The Secretariat's desk in real headless Chromium: the grid against the status API, return
 * with a comment seen by the unit, the correction turning current, a lock with an upload
 * after it that changes nothing until accepted (then a new version), compile and download
 * from the page, and the read-only role and a unit kept out. Screenshots: out/screenshots/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIONAL_TABS } from '../../shared/compile/write-national-workbook.ts';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import { chromiumMissing, screenshot } from '../support/chromium.ts';
import { type PortalHarness, startPortalHarness } from './portal-harness.ts';

const missing = chromiumMissing();
const DOWNLOADS = 'out/portal-downloads';
const MONTHS = ['2025-04', '2025-05', '2025-06'];
/** Units that report in the test, with how: on time, late, or rejected in June. */
const PLAN: Record<string, 'on_time' | 'late' | 'rejected'> = {
  MPS: 'on_time',
  MOLSW: 'late',
  'LA-VT': 'on_time',
  'LA-LP': 'rejected',
};

describe.skipIf(missing)(
  `Secretariat desk in headless Chromium${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let h: PortalHarness;
    let desk: Page;
    const tokens: Record<string, string> = {};

    /** The status API itself, as the page's user would call it. */
    const statusApi = async (period: string) =>
      (await (
        await fetch(`${h.base}/status?period=${period}`, {
          headers: { authorization: `Bearer ${tokens.secretariat}` },
        })
      ).json()) as {
        units: { unit: string; periods: Record<string, { status: string; review: string | null }> }[];
        byMonth: { period: string; reportingRate: number | null; onTimeRate: number | null }[];
      };
    const cell = (unit: string, period: string) =>
      desk.locator(`button.cell[data-unit="${unit}"][data-period="${period}"]`);
    const reload = async () => {
      await desk.click('#scope-form button[type=submit]');
      await desk.waitForLoadState('networkidle');
    };

    beforeAll(async () => {
      h = await startPortalHarness('2025-04-01T00:00:00Z');
      tokens.secretariat = await h.token({ kind: 'secretariat' });
      tokens.reader = await h.token({ kind: 'reader' });
      for (const unit of Object.keys(PLAN)) tokens[unit] = await h.token({ kind: 'unit', unitCode: unit });
      for (const [index, period] of MONTHS.entries()) {
        const [year, month] = period.split('-').map(Number) as [number, number];
        const next = (day: number) => new Date(Date.UTC(year, month, day, 2)).toISOString();
        for (const [unit, how] of Object.entries(PLAN)) {
          const june = period === '2025-06';
          h.clock.set(next(how === 'late' && june ? 14 : 3));
          const answer = await h.upload(tokens[unit] as string, unit, period, {
            seed: index + 1,
            broken: how === 'rejected' && june,
          });
          expect(answer.status, `${unit} ${period}`).toBe(how === 'rejected' && june ? 422 : 201);
        }
      }
      h.clock.set('2025-07-15T03:00:00Z');
      // Not left to the unit page's test: this file may run first, on a fresh clone.
      mkdirSync(DOWNLOADS, { recursive: true });
      desk = await (await h.browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
      desk.on('pageerror', (error) => console.error('page error', error.message));
    }, 120_000);

    afterAll(async () => h?.stop());

    it('shows the units x months grid with the same statuses and rates as the status API', async () => {
      await h.signIn(desk, tokens.secretariat as string, 'table.grid');
      expect(await desk.inputValue('#scope')).toBe('2025-Q2');
      const api = await statusApi('2025-Q2');
      expect(await desk.locator('button.cell').count()).toBe(api.units.length * MONTHS.length);
      for (const unit of api.units)
        for (const period of MONTHS)
          expect(await cell(unit.unit, period).getAttribute('data-status'), `${unit.unit} ${period}`).toBe(
            unit.periods[period]?.status,
          );
      expect(await cell('MOLSW', '2025-06').textContent()).toContain('ສົ່ງຊ້າ');
      expect(await cell('LA-LP', '2025-06').getAttribute('data-status')).toBe('rejected');
      for (const month of api.byMonth) {
        const shown = await desk.textContent(`td[data-period="${month.period}"][data-rate="reportingRate"]`);
        expect(shown).toBe(`${Math.round((month.reportingRate ?? 0) * 10) / 10} %`);
      }
      // Charts: inline SVG with the numbers written out, not colour alone.
      const chart = desk.locator('#charts svg').first();
      expect(await chart.getAttribute('aria-label')).toMatch(/\d/);
      expect(await desk.locator('#charts svg text').count()).toBeGreaterThan(10);
      expect(await desk.inputValue('#reminder')).toContain('ກອງເລຂາຍັງບໍ່ທັນໄດ້ຮັບລາຍງານປະຈຳເດືອນ ມິຖຸນາ 2025');
      await screenshot(desk, 'desk-01-grid');
    });

    it('returns a submission with a comment, and the unit sees the comment on its page', async () => {
      await cell('MPS', '2025-06').click();
      await desk.waitForSelector('#decision');
      expect(await desk.textContent('#detail')).toContain('report-MPS-2025-06.xlsx');
      await desk.fill('#comment', 'ກະລຸນາກວດຄືນຈຳນວນຜູ້ຖືກເຄາະຮ້າຍ / Please recheck the victims count');
      await desk.click('#decision button[data-do="return"]');
      await expect.poll(() => cell('MPS', '2025-06').getAttribute('data-status')).toBe('returned');
      expect(
        (await statusApi('2025-06')).units.find((u) => u.unit === 'MPS')?.periods['2025-06']?.status,
      ).toBe('returned');
      await screenshot(desk, 'desk-02-returned');

      const unitPage = await (await h.browser.newContext()).newPage();
      await h.signIn(unitPage, tokens.MPS as string, '#history table');
      const june = (await unitPage.textContent('#status-body tr[data-period="2025-06"]')) ?? '';
      expect(june).toContain('ສົ່ງຄືນໃຫ້ແກ້ໄຂ');
      expect(june).toContain('Please recheck the victims count');
      expect(await unitPage.textContent('#history')).toContain('ກອງເລຂາສົ່ງຄືນ: ກະລຸນາກວດຄືນ');
      await screenshot(unitPage, 'desk-03-unit-sees-comment');

      // The unit uploads its correction from its page.
      h.clock.set('2025-07-15T06:00:00Z');
      const { workbook } = await (await import('../support/fixtures.ts')).sampleWorkbook('MPS', '2025-06', 7);
      const corrected = join(DOWNLOADS, 'report-MPS-2025-06-corrected.xlsx');
      await workbook.xlsx.writeFile(corrected);
      await unitPage.setInputFiles('#file', corrected);
      await unitPage.click('#submit');
      await expect.poll(() => unitPage.textContent('#verdict-summary')).toContain('ຮັບແລ້ວ');
      await unitPage.context().close();
    });

    it('turns the cell current again when the unit re-uploads', async () => {
      await reload();
      await expect.poll(() => cell('MPS', '2025-06').getAttribute('data-status')).toBe('late');
      await cell('MPS', '2025-06').click();
      await desk.waitForSelector('#decision');
      const current = desk.locator('li.upload', { hasText: '✓' });
      expect(await current.textContent()).toContain('report-MPS-2025-06-corrected.xlsx');
      await desk.click('#decision button[data-do="accept"]');
      await expect.poll(() => cell('MPS', '2025-06').textContent()).toContain('★');
      await screenshot(desk, 'desk-04-corrected-accepted');
    });

    it('compiles and downloads from the page, locks the month, and keeps an upload after the lock out until accepted', async () => {
      await desk.selectOption('#scope', '2025-06');
      await reload();
      await expect.poll(() => desk.locator('button.cell').count()).toBe(33);
      await desk.click('#compile');
      await expect
        .poll(() => desk.textContent('#compile-message'), { timeout: 20_000 })
        .toMatch(/ສະບັບ \d{8}T/);
      const first = (await desk.locator('ul.versions li').first().getAttribute('data-version')) ?? '';
      const [download] = await Promise.all([
        desk.waitForEvent('download'),
        desk.click('ul.versions li button[data-do="version"]'),
      ]);
      const path = join(DOWNLOADS, download.suggestedFilename());
      await download.saveAs(path);
      expect(download.suggestedFilename()).toBe(`national-2025-06-${first}.xlsx`);
      const workbook = await loadWorkbook(new Uint8Array(readFileSync(path)));
      const statusSheet = workbook.getWorksheet(NATIONAL_TABS.reporting);
      expect(JSON.stringify(statusSheet?.getSheetValues())).toContain('Reviewed');
      const [pdf] = await Promise.all([
        desk.waitForEvent('download'),
        desk.click('ul.versions li button[data-do="version-pdf"]'),
      ]);
      expect(pdf.suggestedFilename()).toBe(`national-2025-06-${first}.pdf`);
      const pdfPath = join(DOWNLOADS, pdf.suggestedFilename());
      await pdf.saveAs(pdfPath);
      expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe('%PDF-');
      const [manifest] = await Promise.all([desk.waitForEvent('download'), desk.click('#lake-manifest')]);
      expect(manifest.suggestedFilename()).toBe('lake-latest.json');

      await desk.click('th[data-period="2025-06"] button[data-do="lock"]');
      await expect.poll(() => desk.textContent('th[data-period="2025-06"]')).toContain('🔒');
      h.clock.set('2025-07-15T09:00:00Z');
      const late = await h.upload(tokens['LA-VT'] as string, 'LA-VT', '2025-06', {
        seed: 11,
        fileName: 'vt-after-lock.xlsx',
      });
      expect(late.status).toBe(201);
      expect(late.body.afterLock).toBe(true);
      await desk.click('#compile');
      await expect.poll(() => desk.textContent('#compile-message'), { timeout: 20_000 }).toContain(first);
      expect(await desk.locator('ul.versions li').count()).toBe(1);
      await reload();
      await expect.poll(() => cell('LA-VT', '2025-06').textContent()).toContain('+1');
      await screenshot(desk, 'desk-05-locked-after-lock');

      await cell('LA-VT', '2025-06').click();
      await expect.poll(() => desk.textContent('#detail h3')).toContain('LA-VT');
      expect(await desk.textContent('li.upload[data-sha]:first-child')).toContain('ສົ່ງຫຼັງປິດເດືອນ');
      expect(await desk.textContent('#decision')).toContain('vt-after-lock.xlsx');
      await desk.click('#decision button[data-do="accept"]');
      await expect.poll(() => desk.locator('ul.versions li').count(), { timeout: 20_000 }).toBe(2);
      expect(await desk.locator('ul.versions li').first().getAttribute('data-version')).not.toBe(first);
      await screenshot(desk, 'desk-06-accepted-after-lock');
    });

    it('lets the read-only role download but not review, lock or compile; a unit sees none of it', async () => {
      const readerPage = await (await h.browser.newContext()).newPage();
      await h.signIn(readerPage, tokens.reader as string, 'ul.versions');
      expect(
        await readerPage.locator('table.grid, #compile, #lake-manifest, button[data-do="lock"]').count(),
      ).toBe(0);
      const [download] = await Promise.all([
        readerPage.waitForEvent('download'),
        readerPage.click('ul.versions li button[data-do="version"]'),
      ]);
      expect(download.suggestedFilename()).toMatch(/^national-2025-06-/);
      expect(await readerPage.locator('#partner button[data-do="partner"]').count()).toBeGreaterThan(0);
      await screenshot(readerPage, 'desk-07-reader');
      const probe = (page: Page) =>
        page.evaluate(async () => {
          const token = JSON.parse(sessionStorage.getItem('laingan.session') ?? '{}').token as string;
          const send = async (path: string, init: RequestInit = {}) =>
            (
              await fetch(path, {
                ...init,
                headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              })
            ).status;
          return {
            status: await send('/status?period=2025-06'),
            review: await send('/review?period=2025-06'),
            lock: await send('/review', {
              method: 'POST',
              body: JSON.stringify({ action: 'unlock', period: '2025-06' }),
            }),
            compile: await send('/compile?period=2025-06', { method: 'POST' }),
            workbook: await send('/download?period=2025-06&version=latest'),
            lake: await send('/download?lake=latest'),
          };
        });
      expect(await probe(readerPage)).toEqual({
        status: 403,
        review: 403,
        lock: 403,
        compile: 403,
        workbook: 200,
        lake: 403,
      });
      const unitPage = await (await h.browser.newContext()).newPage();
      await h.signIn(unitPage, tokens.MPS as string, '#history table');
      expect(await unitPage.locator('table.grid').count()).toBe(0);
      expect(await probe(unitPage)).toEqual({
        status: 403,
        review: 403,
        lock: 403,
        compile: 403,
        workbook: 403,
        lake: 403,
      });
    });
  },
);
