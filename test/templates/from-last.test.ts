/**
 * Next month's template prefilled from the unit's last accepted report: the values arrive in
 * the right cells, are marked as carried over until changed, and validate like typed ones.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import type { SubmissionData } from '../../shared/parse/submission.ts';
import { tableRows } from '../../shared/spec/table-layout.ts';
import { TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { keyColumns } from '../../templates/fill-sample.ts';
import { carriedOverFrom, writeTemplateFromLast } from '../../templates/from-last.ts';
import {
  catalogue,
  sampleWorkbook,
  setCoverCell,
  setTableCell,
  TAB,
  toBytes,
  unit,
} from '../support/fixtures.ts';

const activities = TEMPLATE_SPEC.tables.find((t) => t.prefillActivities);
if (!activities) throw new Error('no activity table');
const CARRIED = activities.fields.filter((f) => f.carryOver).map((f) => f.key);

async function store(dir: string) {
  return new SubmissionStore(new LocalFsStorage(dir), catalogue);
}

/** Uploads a sample for a month into storage as ingest would; returns its data. */
async function upload(dir: string, period: string, seed: number, breakIt = false): Promise<SubmissionData> {
  const { workbook, data } = await sampleWorkbook('MPS', period, seed);
  if (breakIt) setTableCell(workbook, TAB.activities, 0, 'percent_complete', 170);
  const bytes = await toBytes(workbook);
  const report = await validateXlsx(bytes, catalogue);
  expect(report.accepted).toBe(!breakIt);
  await (await store(dir)).recordUpload({
    bytes,
    report,
    unitCode: 'MPS',
    submittedBy: 'unit:MPS',
    submittedAt: new Date(Date.UTC(2025, Number(period.slice(5)), 3, seed)),
    source: 'upload',
    fileName: null,
  });
  return data;
}

describe('template from last month', () => {
  const dir = mkdtempSync(join(tmpdir(), 'laingan-from-last-'));
  let may: SubmissionData;

  beforeAll(async () => {
    may = await upload(dir, '2025-05', 1);
    // A later upload for May that was rejected does not count; June has nothing accepted.
    await upload(dir, '2025-05', 2, true);
    await upload(dir, '2025-06', 3, true);
  });

  it('carries status, percent, planned budget and outputs of the last accepted report', async () => {
    const { bytes, carriedFrom } = await writeTemplateFromLast(
      { unit: unit('MPS'), period: '2025-07' },
      catalogue,
      new LocalFsStorage(dir),
    );
    expect(carriedFrom).toBe('2025-05');
    expect(CARRIED).toEqual(['status', 'percent_complete', 'budget_planned_lak', 'outputs']);
    const workbook = await loadWorkbook(bytes);
    const sheet = workbook.getWorksheet(TAB.activities);
    if (!sheet) throw new Error('no Activities');
    const columns = keyColumns(sheet);
    const first = tableRows(activities).firstDataRow;
    const rows = may.sections.activities ?? [];
    let checked = 0;
    rows.forEach((row, index) => {
      for (const key of CARRIED) {
        const value = sheet.getCell(first + index, columns.get(key) as number).value;
        if (row[key] === null) expect(value).toBeNull();
        else if (key === 'status')
          expect(String(value)).toContain(String(row[key]) === 'completed' ? 'Completed' : '/');
        // A %-formatted cell holds a fraction, as Excel stores a typed 75 %.
        else if (key === 'percent_complete') expect(Number(value) * 100).toBeCloseTo(Number(row[key]), 6);
        else expect(value).toBe(row[key]);
        checked += 1;
      }
      // Everything else starts empty.
      expect(sheet.getCell(first + index, columns.get('budget_spent_lak') as number).value).toBeNull();
    });
    expect(checked).toBeGreaterThan(20);
    // Marked as carried over while unchanged: one conditional format per carried cell.
    const parts = unzipSync(bytes);
    const index = workbook.worksheets.findIndex((w) => w.name === TAB.activities);
    const xml = strFromU8(parts[`xl/worksheets/sheet${index + 1}.xml`] ?? new Uint8Array());
    const statusCell = sheet.getCell(first, columns.get('status') as number).address;
    expect(xml).toMatch(
      new RegExp(`<conditionalFormatting sqref="${statusCell}">[\\s\\S]*?<formula>${statusCell}=&quot;`),
    );
    expect(carriedOverFrom(may).byActivity.size).toBe(rows.length);
  });

  it('yields a template whose carried-over values validate once the cover is filled', async () => {
    const { bytes } = await writeTemplateFromLast(
      { unit: unit('MPS'), period: '2025-07' },
      catalogue,
      new LocalFsStorage(dir),
    );
    const workbook = await loadWorkbook(bytes, true);
    setCoverCell(workbook, 'prepared_by', 'ສົມສັກ ພົມມະວົງ');
    setCoverCell(workbook, 'position', 'ຫົວໜ້າພະແນກ');
    setCoverCell(workbook, 'phone', '020 5555 1234');
    setCoverCell(workbook, 'date_prepared', new Date(Date.UTC(2025, 7, 5)));
    // Only activities carry over: the other sections of MPS are declared empty this month.
    for (const section of unit('MPS').sections.filter((s) => s !== 'activities'))
      setCoverCell(workbook, `nil_${section}`, 'Nothing to report this month');
    const report = await validateXlsx(await toBytes(workbook), catalogue);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.accepted).toBe(true);
    const parsed = report.submission?.sections.activities ?? [];
    for (const row of may.sections.activities ?? []) {
      const again = parsed.find((r) => r.activity_code === row.activity_code);
      for (const key of CARRIED) expect(again?.[key], `${row.activity_code}.${key}`).toEqual(row[key]);
    }
  });

  it('is the plain template when nothing was accepted before', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'laingan-from-last-empty-'));
    const { carriedFrom } = await writeTemplateFromLast(
      { unit: unit('MOJ'), period: '2025-07' },
      catalogue,
      new LocalFsStorage(empty),
    );
    expect(carriedFrom).toBeNull();
  });

  it('runs from the command line', () => {
    const out = mkdtempSync(join(tmpdir(), 'laingan-from-last-cli-'));
    const stdout = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/templates.ts',
        '--unit',
        'MPS',
        '--period',
        '2025-07',
        '--from-last',
        '--out',
        out,
      ],
      { encoding: 'utf8', env: { ...process.env, STORAGE_URL: `file:${dir}` } },
    );
    expect(stdout).toMatch(/2025-05/);
    const file = join(out, 'template-MPS-2025-07.xlsx');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).byteLength).toBeGreaterThan(5000);
  });
});
