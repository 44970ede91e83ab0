/**
 * Google Sheets pulled through the real `@googleapis/sheets` and `@googleapis/drive` clients
 * against a local fake of the v4/v3 APIs: each sheet holds what an .xlsx twin holds (imported
 * cell by cell by exceljs, not by our reader), and the two must get the same verdict and the
 * same issues at the same cells.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workbook } from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../shared/ports/clock.ts';
import { googleSheetsPort } from '../../shared/sheets/google-sheets-client.ts';
import { ingestRegisteredSheet, pullRegisteredSheets } from '../../shared/sheets/ingest-sheet.ts';
import { pullSpreadsheet } from '../../shared/sheets/pull-spreadsheet.ts';
import { retryWithin } from '../../shared/sheets/retry.ts';
import { SheetRegistry } from '../../shared/sheets/sheet-registry.ts';
import { SheetAccessError } from '../../shared/sheets/sheets-port.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { latestFailedPulls } from '../../shared/store/sheet-pull-log.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { validateGrid, validateXlsx } from '../../shared/validate/validate-upload.ts';
import { addTwin, FAKE_ACCESS_TOKEN, FakeGoogleApis } from '../support/fake-google-apis.ts';
import {
  catalogue,
  renameToLegacyTabs,
  sampleWorkbook,
  setCoverCell,
  setTableCell,
  TAB,
} from '../support/fixtures.ts';

const fake = new FakeGoogleApis();
let sleeps: number[] = [];

function port(budgetMs = 60_000) {
  return googleSheetsPort(
    { sheetsRootUrl: fake.rootUrl, driveRootUrl: fake.rootUrl, accessToken: FAKE_ACCESS_TOKEN },
    retryWithin(budgetMs, {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    }),
  );
}

const twin = (workbook: Workbook) => addTwin(fake, workbook);

async function bothVerdicts(workbook: Workbook) {
  const { bytes, id } = await twin(workbook);
  const fromXlsx = await validateXlsx(bytes, catalogue);
  const pulled = await pullSpreadsheet(port(), id);
  const fromSheet = validateGrid(pulled.grid, catalogue);
  return { fromXlsx, fromSheet, pulled, id };
}

function newStore() {
  return new SubmissionStore(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-sheets-'))), catalogue);
}

beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

describe('a pulled Google Sheet is judged like its .xlsx twin', () => {
  it('accepts a valid sheet, reading values unformatted with serial-number dates', async () => {
    const { workbook, data } = await sampleWorkbook('MPS', '2025-06', 3);
    const { fromXlsx, fromSheet, pulled } = await bothVerdicts(workbook);
    expect(fromSheet.accepted).toBe(true);
    expect(fromSheet.issues).toEqual(fromXlsx.issues);
    expect(fromSheet.submission).toEqual(data);
    expect(pulled.via).toBe('sheets-api');
    const batchGet = fake.received.findLast((r) => r.path.endsWith('values:batchGet'));
    expect(batchGet?.query.get('valueRenderOption')).toBe('UNFORMATTED_VALUE');
    expect(batchGet?.query.get('dateTimeRenderOption')).toBe('SERIAL_NUMBER');
    // The hidden sheets and the key row are read like any other cells.
    expect(pulled.grid.sheets.find((s) => s.name === '_meta')?.hidden).toBe(true);
  });

  it('puts the issues of a sheet with errors at the same A1 cells as the .xlsx', async () => {
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 4);
    const cells = [
      setTableCell(workbook, TAB.activities, 0, 'percent_complete', 140),
      setTableCell(workbook, TAB.activities, 1, 'people_reached_female', -3),
      setTableCell(workbook, TAB.activities, 2, 'status', 'finished maybe'),
      setTableCell(workbook, TAB.activities, 3, 'budget_spent_lak', 12.5),
      setCoverCell(workbook, 'date_prepared', 'last Tuesday'),
      setCoverCell(workbook, 'phone', ''),
    ];
    const { fromXlsx, fromSheet } = await bothVerdicts(workbook);
    expect(fromXlsx.accepted).toBe(false);
    expect(fromSheet.accepted).toBe(false);
    expect(fromSheet.issues).toEqual(fromXlsx.issues);
    const flagged = new Set(fromSheet.issues.map((issue) => issue.cell));
    for (const cell of cells.slice(0, 5)) expect(flagged).toContain(cell);
  });

  it('reads Lao tab names through quoted A1 ranges, and a sheet registered with the English-only tabs of before', async () => {
    const { workbook, data } = await sampleWorkbook('LA-XE', '2025-06', 4);
    const current = await bothVerdicts(workbook);
    expect(current.fromSheet.accepted).toBe(true);
    // Titles with spaces or Lao letters travel quoted, as the Sheets API requires them.
    const ranges = fake.received.slice(-4).flatMap((r) => r.query.getAll('ranges'));
    expect(ranges).toContain(`'${TAB.activities}'`);
    expect(ranges.some((r) => r.startsWith(`'${TAB.activities}'!A1:`))).toBe(true);
    renameToLegacyTabs(workbook);
    const legacy = await bothVerdicts(workbook);
    expect(legacy.pulled.grid.sheets.map((s) => s.name)).toContain('Activities');
    expect(legacy.fromSheet.accepted).toBe(true);
    expect(legacy.fromSheet.issues).toEqual(legacy.fromXlsx.issues);
    expect(legacy.fromSheet.submission).toEqual(data);
    expect(legacy.fromSheet.submission).toEqual(current.fromSheet.submission);
  });

  it('follows a reshaped sheet: moved columns, a renamed and a deleted sheet', async () => {
    const { workbook } = await sampleWorkbook('LA-LP', '2025-06', 5);
    const activities = workbook.getWorksheet(TAB.activities);
    // Swap two whole columns (key row included): fields are found by key, not position.
    activities?.eachRow({ includeEmpty: true }, (row) => {
      const d = row.getCell(4).value;
      row.getCell(4).value = row.getCell(5).value;
      row.getCell(5).value = d;
    });
    setTableCell(workbook, TAB.activities, 0, 'percent_complete', 'lots');
    const cases = workbook.getWorksheet(TAB.cases);
    if (cases) cases.name = 'Case statistics';
    const awareness = workbook.getWorksheet(TAB.awareness);
    if (awareness) workbook.removeWorksheet(awareness.id);
    const { fromXlsx, fromSheet } = await bothVerdicts(workbook);
    expect(fromSheet.issues).toEqual(fromXlsx.issues);
    const codes = fromSheet.issues.map((issue) => issue.code);
    expect(codes).toContain('sheet/renamed');
    expect(codes).toContain('sheet/missing');
    const moved = fromSheet.issues.find((issue) => issue.field === 'percent_complete');
    expect(moved?.cell).toBe('D3');
  });

  it('reads a percent typed as 50% in Sheets (0.5 with a % format) as the .xlsx does', async () => {
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 6);
    const address = setTableCell(workbook, TAB.activities, 0, 'percent_complete', 0.5);
    const cell = workbook.getWorksheet(TAB.activities)?.getCell(address);
    if (cell) cell.numFmt = '0%';
    setTableCell(workbook, TAB.activities, 0, 'status', 'In progress');
    const { fromXlsx, fromSheet, pulled } = await bothVerdicts(workbook);
    const sheetCell = pulled.grid.sheets.find((s) => s.name === TAB.activities)?.rows[3]?.[5];
    expect(sheetCell).toEqual({ kind: 'number', number: 0.5, format: '0%' });
    expect(fromSheet.issues).toEqual(fromXlsx.issues);
    expect(fromSheet.submission?.sections.activities?.[0]?.percent_complete).toBe(50);
    expect(fromSheet.submission?.sections.activities?.[0]?.percent_complete).toEqual(
      fromXlsx.submission?.sections.activities?.[0]?.percent_complete,
    );
  });

  it('reads Lao text and Lao digits', async () => {
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 7);
    setTableCell(workbook, TAB.activities, 0, 'people_reached_female', '໒໕');
    setTableCell(workbook, TAB.activities, 0, 'outputs', 'ຝຶກອົບຮົມ ໜ່ວຍງານ ໝູ່ບ້ານ ຄັ້ງທີ ໓');
    setCoverCell(workbook, 'prepared_by', 'ນາງ ສົມໃຈ ພົມມະວົງ');
    const { fromXlsx, fromSheet } = await bothVerdicts(workbook);
    expect(fromSheet.accepted).toBe(true);
    expect(fromSheet.issues).toEqual(fromXlsx.issues);
    const row = fromSheet.submission?.sections.activities?.[0];
    expect(row?.people_reached_female).toBe(25);
    expect(row?.outputs).toBe('ຝຶກອົບຮົມ ໜ່ວຍງານ ໝູ່ບ້ານ ຄັ້ງທີ ໓');
    expect(fromSheet.submission?.cover.prepared_by).toBe('ນາງ ສົມໃຈ ພົມມະວົງ');
  });
});

describe('faults', () => {
  it('reports 404 and 403 as such, without retrying', async () => {
    const { id } = await twin((await sampleWorkbook('MPS', '2025-06', 8)).workbook);
    await expect(pullSpreadsheet(port(), 'doesNotExist1234567')).rejects.toMatchObject({
      reason: 'not-found',
      status: 404,
    });
    fake.refusals.set(id, { sheets: 403, drive: 403 });
    const before = fake.received.length;
    const error = await pullSpreadsheet(port(), id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SheetAccessError);
    expect(error).toMatchObject({ reason: 'forbidden', status: 403 });
    expect((error as SheetAccessError).bilingual.lo).toMatch(/[\u0E80-\u0EFF]/);
    expect(fake.received.length - before).toBe(1);
    fake.refusals.delete(id);
  });

  it('retries 429 and 5xx with backoff and jitter, honouring Retry-After, then succeeds', async () => {
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 9);
    const { id } = await twin(workbook);
    sleeps = [];
    fake.faults.push({ path: /values:batchGet$/, status: 429, times: 2, retryAfterSeconds: 1 });
    fake.faults.push({ path: /^\/drive\/v3\/files\/[^/]+$/, status: 503, times: 1 });
    const pulled = await pullSpreadsheet(port(), id);
    expect(validateGrid(pulled.grid, catalogue).accepted).toBe(true);
    expect(sleeps).toHaveLength(3);
    expect(sleeps.filter((ms) => ms >= 1000)).toHaveLength(2);
  });

  it('gives up on 429 when the time is spent, as "unavailable"', async () => {
    const { id } = await twin((await sampleWorkbook('MPS', '2025-06', 10)).workbook);
    fake.faults.push({ path: /values:batchGet$/, status: 429, times: 1000, retryAfterSeconds: 30 });
    await expect(pullSpreadsheet(port(5_000), id)).rejects.toMatchObject({
      reason: 'unavailable',
      status: 429,
    });
    fake.faults.length = 0;
  });

  it('reads a sheet edited during the pull again, and returns the edited state', async () => {
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 11);
    const address = setTableCell(workbook, TAB.activities, 0, 'people_reached_male', 7);
    const { id } = await twin(workbook);
    let edited = false;
    fake.afterRequest = (request) => {
      if (!edited && request.path.endsWith('values:batchGet')) {
        edited = true;
        fake.setCell(id, TAB.activities, address, { value: 9, format: { type: 'NUMBER', pattern: '#,##0' } });
      }
    };
    const before = fake.received.filter((r) => r.path.endsWith('values:batchGet')).length;
    const pulled = await pullSpreadsheet(port(), id);
    fake.afterRequest = undefined;
    expect(fake.received.filter((r) => r.path.endsWith('values:batchGet')).length - before).toBe(2);
    expect(
      validateGrid(pulled.grid, catalogue).submission?.sections.activities?.[0]?.people_reached_male,
    ).toBe(9);
  });

  it('gives up on a sheet that never holds still', async () => {
    const { id } = await twin((await sampleWorkbook('MPS', '2025-06', 12)).workbook);
    fake.afterRequest = (request) => {
      if (request.path.endsWith('values:batchGet')) fake.spreadsheet(id).version += 1;
    };
    await expect(pullSpreadsheet(port(), id)).rejects.toMatchObject({ reason: 'changing' });
    fake.afterRequest = undefined;
  });

  it('falls back to Drive export to .xlsx when the Sheets API refuses the file', async () => {
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 13);
    setTableCell(workbook, TAB.activities, 1, 'percent_complete', 250);
    const { bytes, id } = await twin(workbook);
    fake.refusals.set(id, { sheets: 400 });
    const pulled = await pullSpreadsheet(port(), id);
    fake.refusals.delete(id);
    expect(pulled.via).toBe('drive-export');
    expect(fake.received.some((r) => r.path === `/drive/v3/files/${id}/export`)).toBe(true);
    expect(validateGrid(pulled.grid, catalogue).issues).toEqual(
      (await validateXlsx(bytes, catalogue)).issues,
    );
  });
  it('reads an .xlsx kept in Drive through alt=media, with the upload checks, and refuses a broken one', async () => {
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 17);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const kept = fake.addSpreadsheet({ sheets: [], mimeType: xlsxType, xlsx: bytes });
    fake.refusals.set(kept, { sheets: 400 });
    const pulled = await pullSpreadsheet(port(), kept);
    expect(pulled.via).toBe('drive-export');
    expect(
      fake.received.some((r) => r.path === `/drive/v3/files/${kept}` && r.query.get('alt') === 'media'),
    ).toBe(true);
    expect(validateGrid(pulled.grid, catalogue).accepted).toBe(true);
    const broken = fake.addSpreadsheet({
      sheets: [],
      mimeType: xlsxType,
      xlsx: new TextEncoder().encode('not a zip'),
    });
    fake.refusals.set(broken, { sheets: 400 });
    await expect(pullSpreadsheet(port(), broken)).rejects.toMatchObject({ reason: 'refused' });
  });
});

describe('recording pulled sheets', () => {
  it('records a registered sheet once: an unchanged sheet makes no new record', async () => {
    const store = newStore();
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 14);
    const { id } = await twin(workbook);
    await new SheetRegistry(store).register('MPS', id, 'secretariat', new Date('2025-07-01T00:00:00Z'));
    const deps = { store, catalogue, port: port(), clock: fixedClock('2025-07-02T03:00:00Z') };
    const first = await ingestRegisteredSheet(deps, 'MPS', 'scheduler');
    expect(first.duplicate).toBe(false);
    expect(first.record).toMatchObject({ source: 'google-sheets', verdict: 'accepted', period: '2025-06' });
    const later = { ...deps, clock: fixedClock('2025-07-03T03:00:00Z') };
    const second = await ingestRegisteredSheet(later, 'MPS', 'scheduler');
    expect(second.duplicate).toBe(true);
    expect(second.record.sha256).toBe(first.record.sha256);
    expect(await store.listRecords('2025-06')).toHaveLength(1);
    // The raw record is the grid as canonical JSON, kept under its sha256.
    const raw = await store.loadUpload(first.record.sha256, 'sheet-grid');
    expect(JSON.parse(new TextDecoder().decode(raw)).spreadsheetId).toBe(id);
    // An edit makes a new record, and the newest accepted one is current.
    fake.setCell(id, TAB.activities, 'K3', { value: 12, format: { type: 'NUMBER', pattern: '#,##0' } });
    const third = await ingestRegisteredSheet(later, 'MPS', 'scheduler');
    expect(third.duplicate).toBe(false);
    expect(await store.listRecords('2025-06')).toHaveLength(2);
  });

  it('pulls every registered sheet; a 404 or 403 is logged per unit and the others go on', async () => {
    const store = newStore();
    const registry = new SheetRegistry(store);
    const at = new Date('2025-07-01T00:00:00Z');
    const good = await twin((await sampleWorkbook('MOH', '2025-06', 15)).workbook);
    const shut = await twin((await sampleWorkbook('MPS', '2025-06', 16)).workbook);
    fake.refusals.set(shut.id, { sheets: 403, drive: 403 });
    await registry.register('MOH', good.id, 'secretariat', at);
    await registry.register('MPS', shut.id, 'secretariat', at);
    await registry.register('LA-LP', 'deletedSheet0123456789', 'secretariat', at);
    const results = await pullRegisteredSheets(
      { store, catalogue, port: port(), clock: fixedClock('2025-07-01T02:00:00Z') },
      '2025-06',
      'scheduler',
    );
    fake.refusals.delete(shut.id);
    expect(results.map((r) => [r.unitCode, r.outcome, r.reason])).toEqual([
      ['LA-LP', 'failed', 'not-found'],
      ['MOH', 'recorded', undefined],
      ['MPS', 'failed', 'forbidden'],
    ]);
    const failed = await latestFailedPulls(store.storage, '2025-06');
    expect(failed.map((f) => [f.unitCode, f.reason])).toEqual([
      ['LA-LP', 'not-found'],
      ['MPS', 'forbidden'],
    ]);
    const audit = await store.listAudit();
    expect(audit.filter((e) => e.action === 'sheet-pull-failed')).toHaveLength(2);
    expect(audit.filter((e) => e.action === 'sheet-registered')).toHaveLength(3);
  });
});
