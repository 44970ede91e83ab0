/** The national workbook, reopened with exceljs: sheets, totals, frozen panes, formats, determinism. */
import type { CellValue, Workbook, Worksheet } from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AcceptedSubmission,
  CompileInput,
  ReportingStatusEntry,
} from '../../shared/compile/compile-input.ts';
import { buildNationalReport, type NationalReport } from '../../shared/compile/national-report.ts';
import { parseScope } from '../../shared/compile/period-scope.ts';
import { NATIONAL_TABS, SECTION_SUFFIX_ROOM } from '../../shared/compile/sheets/table-kit.ts';
import {
  NATIONAL_SHEETS,
  TABLE_LAYOUT,
  TOTAL_LABEL,
  writeNationalWorkbookToBuffer,
} from '../../shared/compile/write-national-workbook.ts';
import { sectionSuffixes } from '../../shared/compile/write-plan-mapping.ts';
import { loadExcelJs } from '../../shared/grid/exceljs-workbook.ts';
import type { SubmissionData } from '../../shared/parse/submission.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { catalogue, unit } from '../support/fixtures.ts';

const MONTHS = ['2025-05', '2025-06'] as const;
const UNITS = ['MPS', 'LA-VT', 'OSPP'] as const;

const accepted = (data: SubmissionData): AcceptedSubmission => ({
  sha256: `${data.unitCode.replace('-', '')}${data.period.replace('-', '')}`.toLowerCase().padEnd(64, 'a'),
  submittedAt: `${data.period}-28T03:00:00.000Z`,
  submittedBy: `focal.${data.unitCode.toLowerCase()}`,
  fileName: `${data.unitCode}-${data.period}.xlsx`,
  data,
  warnings:
    data.unitCode === 'OSPP'
      ? [
          {
            severity: 'warning',
            code: 'row/above-limit',
            sheet: 'Cases',
            cell: 'E4',
            field: 'cases_convicted',
            message: { lo: 'ຄະດີຕັດສິນ ຫຼາຍກວ່າ ຄະດີກວດພົບ', en: 'More cases convicted than detected' },
          },
        ]
      : [],
});

const entry = (period: string, unitCode: string, status: ReportingStatusEntry['status']) => ({
  period,
  unitCode,
  status,
  submittedAt: status === 'missing' ? null : `${period}-28T03:00:00.000Z`,
  submittedBy: status === 'missing' ? null : `focal.${unitCode.toLowerCase()}`,
  sha256: null,
  fileName: null,
});

function sampleInput(): CompileInput {
  const scope = parseScope('2025-Q2');
  if (!scope) throw new Error('scope');
  // LA-VT's May report was rejected and never replaced; MOJ never reported.
  const data = MONTHS.flatMap((period, m) =>
    UNITS.filter((code) => !(code === 'LA-VT' && period === '2025-05')).map((code, i) =>
      generateSampleData({ unit: unit(code), period, seed: 10 * m + i + 1 }, catalogue),
    ),
  );
  const statuses: ReportingStatusEntry[] = scope.months.flatMap((period) =>
    [...UNITS, 'MOJ'].map((code) => {
      if (period === '2025-04' || code === 'MOJ') return entry(period, code, 'missing');
      if (code === 'LA-VT') return entry(period, code, period === '2025-05' ? 'rejected' : 'late');
      return entry(period, code, 'on_time');
    }),
  );
  return { scope, statuses, submissions: data.map(accepted) };
}

async function open(bytes: Uint8Array): Promise<Workbook> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

function sheetOf(workbook: Workbook, name: string): Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet;
}

/** Column numbers by key, from a hidden key row. */
function keyColumns(sheet: Worksheet, keyRow: number = TABLE_LAYOUT.keyRow): Map<string, number> {
  const columns = new Map<string, number>();
  sheet.getRow(keyRow).eachCell((cell, column) => {
    columns.set(String(cell.value), column);
  });
  return columns;
}

/** Numbers of the rows whose column A holds the text. */
function rowsLabelled(sheet: Worksheet, text: string): number[] {
  const found: number[] = [];
  sheet.eachRow((row, number) => {
    if (row.getCell(1).value === text) found.push(number);
  });
  return found;
}

/** Every cell value of every sheet, for comparing two writes (cell content, not zip bytes). */
function contents(workbook: Workbook): Record<string, (string | number | boolean | null)[][]> {
  const result: Record<string, (string | number | boolean | null)[][]> = {};
  for (const sheet of workbook.worksheets) {
    const rows: (string | number | boolean | null)[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const values: (string | number | boolean | null)[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        const value: CellValue = cell.value;
        values[column - 1] = value instanceof Date ? value.toISOString() : (value as string | number | null);
      });
      rows[number - 1] = values;
    });
    result[sheet.name] = rows;
  }
  return result;
}

describe('national workbook', () => {
  let report: NationalReport;
  let bytes: Uint8Array;
  let workbook: Workbook;

  beforeAll(async () => {
    report = buildNationalReport(sampleInput(), catalogue);
    bytes = await writeNationalWorkbookToBuffer(report, catalogue);
    workbook = await open(bytes);
  });

  it('has its sheets, in order', () => {
    expect(workbook.worksheets.map((w) => w.name)).toEqual([...NATIONAL_SHEETS]);
    expect(workbook.created?.toISOString()).toBe('2021-01-01T00:00:00.000Z');
  });

  it('names every tab Lao first with English, within 31 characters even with a plan section suffix', () => {
    const suffixes = sectionSuffixes([catalogue, catalogue, catalogue]);
    expect(Math.max(...suffixes.map((s) => s.length))).toBeLessThanOrEqual(SECTION_SUFFIX_ROOM);
    for (const name of NATIONAL_SHEETS) {
      expect(name).toMatch(/^[\u0E80-\u0EFF]+ [A-Z][a-z]+/);
      for (const suffix of suffixes) expect(`${name}${suffix}`.length, name).toBeLessThanOrEqual(31);
    }
  });

  it('opens the summary with the scope and the rates, then totals matching the report', () => {
    const sheet = sheetOf(workbook, NATIONAL_TABS.summary);
    expect(String(sheet.getCell('A1').value)).toContain('2025-Q2');
    const { total } = report.reporting;
    // 4 units x 3 months expected; April and MOJ missing, LA-VT rejected in May and late in June.
    expect(total).toMatchObject({ expected: 12, received: 5, onTime: 4 });
    const rateRow = rowsLabelled(sheet, 'ອັດຕາການລາຍງານ / Reporting rate (%)')[0] ?? 0;
    expect(sheet.getCell(rateRow, 3).value).toBeCloseTo(total.reportingRate ?? Number.NaN, 9);
    const onTimeRow = rowsLabelled(sheet, 'ອັດຕາລາຍງານທັນເວລາ / On-time rate (%)')[0] ?? 0;
    expect(sheet.getCell(onTimeRow, 3).value).toBeCloseTo(total.onTimeRate ?? Number.NaN, 9);
    expect(sheet.getCell(rateRow, 3).numFmt).toBe('0.0');

    const keyRow = rowsLabelled(sheet, 'code')[0] ?? 0;
    const keys = keyColumns(sheet, keyRow);
    const totals = rowsLabelled(sheet, TOTAL_LABEL);
    expect(totals).toHaveLength(2);
    const plan = report.progress.total;
    for (const row of totals) {
      const value = (key: string) => sheet.getCell(row, keys.get(key) ?? 0).value;
      expect(value('activities')).toBe(121);
      expect(value('reported')).toBe(plan.reported);
      expect(value('budget_planned_lak')).toBe(plan.budgetPlannedLak);
      expect(value('budget_spent_lak')).toBe(plan.budgetSpentLak);
      expect(value('execution_rate')).toBeCloseTo(plan.executionRate ?? Number.NaN, 9);
      for (const code of report.progress.statusCodes)
        expect(value(`status_${code}`), code).toBe(plan.byStatus[code]);
    }
    const goalRows = report.progress.goals.map((g) => rowsLabelled(sheet, g.code)[0]);
    expect(goalRows.every((r) => r !== undefined)).toBe(true);
    expect(sheet.getCell(goalRows[0] ?? 0, keys.get('budget_spent_lak') ?? 0).value).toBe(
      report.progress.goals[0]?.budgetSpentLak,
    );
    expect(sheet.getCell(goalRows[0] ?? 0, keys.get('budget_spent_lak') ?? 0).numFmt).toBe('#,##0');
  });

  it('lists every unit x month with its status and the rates by month', () => {
    const sheet = sheetOf(workbook, NATIONAL_TABS.reporting);
    const keys = keyColumns(sheet);
    const entries = report.reporting.entries;
    expect(entries).toHaveLength(12);
    entries.forEach((e, i) => {
      const row = TABLE_LAYOUT.firstDataRow + i;
      expect(sheet.getCell(row, keys.get('unit_code') ?? 0).value).toBe(e.unitCode);
      expect(sheet.getCell(row, keys.get('status') ?? 0).value).toBe(e.status);
    });
    const totalRow = rowsLabelled(sheet, TOTAL_LABEL)[0] ?? 0;
    const total = report.reporting.total;
    expect([2, 3, 4].map((c) => sheet.getCell(totalRow, c).value)).toEqual([
      total.expected,
      total.received,
      total.onTime,
    ]);
    expect(sheet.getCell(totalRow, 8).value).toBeCloseTo(total.reportingRate ?? Number.NaN, 9);
    expect(sheet.getCell(totalRow, 9).value).toBeCloseTo(total.onTimeRate ?? Number.NaN, 9);
    expect(rowsLabelled(sheet, '2025-06').length).toBeGreaterThan(0);
  });

  it('writes one Activities row per line, with labels beside codes and data bars on percent', () => {
    const sheet = sheetOf(workbook, NATIONAL_TABS.activities);
    const keys = keyColumns(sheet);
    const lines = report.activities.lines;
    expect(sheet.rowCount).toBe(TABLE_LAYOUT.firstDataRow + lines.length - 1);
    const index = lines.findIndex((l) => l.unitCode !== null && l.values.status === 'completed');
    const row = TABLE_LAYOUT.firstDataRow + index;
    expect(sheet.getCell(row, keys.get('status') ?? 0).value).toBe('completed');
    expect(sheet.getCell(row, keys.get('status_label') ?? 0).value).toBe('ສຳເລັດແລ້ວ / Completed');
    expect(sheet.getCell(row, keys.get('budget_spent_lak') ?? 0).value).toBe(
      lines[index]?.values.budget_spent_lak,
    );
    const silent = lines.findIndex((l) => l.unitCode === null);
    if (silent >= 0)
      expect(sheet.getCell(TABLE_LAYOUT.firstDataRow + silent, keys.get('status') ?? 0).value).toBe(
        'not_reported',
      );
    const rules = (
      sheet as unknown as { conditionalFormattings: { ref: string; rules: { type: string }[] }[] }
    ).conditionalFormattings.flatMap((cf) => cf.rules.map((r) => ({ ref: cf.ref, type: r.type })));
    const percent = sheet.getColumn(keys.get('percent_complete') ?? 0).letter;
    expect(rules).toContainEqual({
      ref: `${percent}${TABLE_LAYOUT.firstDataRow}:${percent}${sheet.rowCount}`,
      type: 'dataBar',
    });
    expect(rules.filter((r) => r.type === 'expression').length).toBeGreaterThanOrEqual(6);
    // The Excel 2010 half of the data bar is written too, and its id matches the 2007 half.
    const xml = strFromU8(unzipSync(bytes)['xl/worksheets/sheet3.xml'] ?? new Uint8Array());
    const ids = [...xml.matchAll(/\{00000000-0000-4000-8000-\d{12}\}/g)].map((m) => m[0]);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
    expect(xml).toMatch(/<x14:dataBar [^>]*gradient="0"/);
    expect(xml.indexOf('<extLst><ext uri="{78C0D931')).toBeGreaterThan(xml.indexOf('</headerFooter>'));
  });

  it('names a unit once in every header, in both languages', () => {
    for (const name of NATIONAL_SHEETS.slice(1)) {
      const headers = (sheetOf(workbook, name).getRow(TABLE_LAYOUT.headerRow).values as unknown[]).map(
        String,
      );
      expect(headers.join(' | '), name).not.toMatch(/\(([^()]+)\) \(\1\)/);
    }
    const activities = sheetOf(workbook, NATIONAL_TABS.activities).getRow(TABLE_LAYOUT.headerRow).values;
    expect((activities as unknown[]).map(String)).toContain('ສຳເລັດ (%)\nPercent complete (%)');
  });

  it('makes rows tall enough for their wrapped Lao and English text, and one line tall otherwise', () => {
    const sheet = sheetOf(workbook, NATIONAL_TABS.activities);
    const titleColumn = 2;
    const width = sheet.getColumn(titleColumn).width ?? 0;
    let long = 0;
    sheet.eachRow((row, number) => {
      if (number < TABLE_LAYOUT.firstDataRow) return;
      const title = String(row.getCell(titleColumn).value ?? '');
      expect(row.getCell(titleColumn).alignment?.wrapText).toBe(true);
      // Lao vowel and tone marks above and below take no room on the line.
      const spacing = title.replace(/[\u0EB1\u0EB4-\u0EBC\u0EC8-\u0ECE]/g, '').length;
      if (spacing * 1.1 > width) {
        long++;
        expect(row.height, title).toBeGreaterThanOrEqual(30);
      }
    });
    expect(long).toBeGreaterThan(0);
  });

  it('freezes the header, filters and prints every table sheet', () => {
    for (const name of NATIONAL_SHEETS.slice(1)) {
      const sheet = sheetOf(workbook, name);
      expect(sheet.views[0], name).toMatchObject({ state: 'frozen', ySplit: TABLE_LAYOUT.headerRow });
      expect(sheet.autoFilter, name).toBeTruthy();
      expect(sheet.pageSetup, name).toMatchObject({ orientation: 'landscape', paperSize: 9 });
      expect(sheet.pageSetup.printTitlesRow, name).toBe(
        `${TABLE_LAYOUT.headerRow}:${TABLE_LAYOUT.headerRow}`,
      );
      expect(sheet.headerFooter.oddHeader, name).toContain('2025-Q2');
      expect(sheet.getRow(TABLE_LAYOUT.keyRow).hidden, name).toBe(true);
      expect(sheet.getCell(TABLE_LAYOUT.headerRow, 1).font?.name, name).toBe('Phetsarath OT');
      expect(String(sheet.getCell(TABLE_LAYOUT.headerRow, 1).value), name).toContain('\n');
    }
    expect(sheetOf(workbook, NATIONAL_TABS.summary).views[0]).toMatchObject({ state: 'frozen' });
  });

  it('writes case statistics per province with a national total equal to the report', () => {
    const sheet = sheetOf(workbook, NATIONAL_TABS.cases);
    const keys = keyColumns(sheet);
    const totalRow = rowsLabelled(sheet, TOTAL_LABEL)[0] ?? 0;
    expect(totalRow).toBe(TABLE_LAYOUT.firstDataRow + catalogue.provinces.length);
    for (const field of report.cases.fields)
      expect(sheet.getCell(totalRow, keys.get(field.key) ?? 0).value, field.key).toBe(
        report.cases.total.values[field.key],
      );
    expect(report.cases.total.values.victims_total).toBeGreaterThan(0);
    const first = TABLE_LAYOUT.firstDataRow;
    expect(sheet.getCell(first, keys.get('province') ?? 0).value).toBe(catalogue.provinces[0]?.code);
    expect(sheet.getCell(first, keys.get('province_label') ?? 0).value).toBe(
      `${catalogue.provinces[0]?.name.lo} / ${catalogue.provinces[0]?.name.en}`,
    );
  });

  it('writes victim assistance and awareness totals equal to the report', () => {
    const assistance = sheetOf(workbook, NATIONAL_TABS.assistance);
    const aKeys = keyColumns(assistance);
    const aTotal = rowsLabelled(assistance, TOTAL_LABEL)[0] ?? 0;
    expect(aTotal).toBe(TABLE_LAYOUT.firstDataRow + report.assistance.rows.length);
    for (const field of report.assistance.fields)
      expect(assistance.getCell(aTotal, aKeys.get(field.key) ?? 0).value, field.key).toBe(
        report.assistance.total.values[field.key],
      );

    const awareness = sheetOf(workbook, NATIONAL_TABS.awareness);
    const total = report.awareness.total;
    const wTotal = rowsLabelled(awareness, TOTAL_LABEL)[0] ?? 0;
    expect(awareness.getCell(wTotal, 2).value).toBe(total.events);
    report.awareness.numericFields.forEach((field, i) => {
      expect(awareness.getCell(wTotal, 3 + i).value, field.key).toBe(total.values[field.key]);
    });
    expect(awareness.getCell(wTotal, 3 + report.awareness.numericFields.length).value).toBe(
      total.participantsTotal,
    );
    const keys = keyColumns(awareness);
    const date = awareness.getCell(TABLE_LAYOUT.firstDataRow, keys.get('event_date') ?? 0).value;
    expect(date instanceof Date ? date.toISOString().slice(0, 10) : date).toBe(
      [...report.awareness.events][0]?.values.event_date,
    );
  });

  it('carries warnings and sources', () => {
    const warnings = sheetOf(workbook, NATIONAL_TABS.warnings);
    expect(warnings.rowCount).toBe(TABLE_LAYOUT.firstDataRow + report.warnings.length - 1);
    expect(warnings.getCell(TABLE_LAYOUT.firstDataRow, 6).value).toBe('row/above-limit');
    const sources = sheetOf(workbook, NATIONAL_TABS.sources);
    expect(report.sources).toHaveLength(5);
    expect(sources.rowCount).toBe(TABLE_LAYOUT.firstDataRow + report.sources.length - 1);
    expect(sources.getCell(TABLE_LAYOUT.firstDataRow, 7).value).toBe([...report.sources][0]?.sha256);
  });

  it('gives the same content for the same report', async () => {
    const again = await open(await writeNationalWorkbookToBuffer(report, catalogue));
    expect(contents(again)).toEqual(contents(workbook));
  });
});
