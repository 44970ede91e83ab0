/**
 * Every rule, one broken cell at a time: a valid sample is accepted, and each single change
 * gives exactly the expected issue at exactly that sheet and cell.
 */
import type { Workbook } from 'exceljs';
import { describe, expect, it } from 'vitest';
import { specSheets } from '../../shared/spec/sheet-naming.ts';
import { TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import type { ValidationIssue } from '../../shared/validate/issue.ts';
import {
  catalogue,
  renameToLegacyTabs,
  sampleWorkbook,
  setCoverCell,
  setTableCell,
  TAB,
  tableCellAddress,
  validateWorkbook,
} from '../support/fixtures.ts';

interface RuleCase {
  readonly name: string;
  readonly unit?: string;
  /** Breaks the workbook and returns where the issue must point. */
  readonly breakIt: (
    workbook: Workbook,
    data: Awaited<ReturnType<typeof sampleWorkbook>>['data'],
  ) => { sheet: string; cell: string | null };
  readonly code: string;
  readonly severity: 'error' | 'warning';
}

const notMine = () => {
  const mine = new Set(catalogue.activitiesOf('MPS').map((a) => a.code));
  const other = catalogue.plan.activities.find((a) => !mine.has(a.code));
  if (!other) throw new Error('every activity belongs to MPS');
  return other.code;
};

const cases: RuleCase[] = [
  {
    name: 'required cell left empty',
    breakIt: (wb) => ({ sheet: TAB.activities, cell: setTableCell(wb, TAB.activities, 0, 'status', null) }),
    code: 'cell/required',
    severity: 'error',
  },
  {
    name: 'required cover field empty',
    breakIt: (wb) => ({ sheet: TAB.cover, cell: setCoverCell(wb, 'prepared_by', null) }),
    code: 'cell/required',
    severity: 'error',
  },
  {
    name: 'text in a number column',
    breakIt: (wb) => ({
      sheet: TAB.activities,
      cell: setTableCell(wb, TAB.activities, 0, 'budget_planned_lak', 'lots'),
    }),
    code: 'cell/type',
    severity: 'error',
  },
  {
    name: 'not a date',
    breakIt: (wb) => ({
      sheet: TAB.awareness,
      cell: setTableCell(wb, TAB.awareness, 0, 'event_date', '31/02/2025'),
    }),
    code: 'cell/type',
    severity: 'error',
  },
  {
    name: 'value not in the dropdown list',
    breakIt: (wb) => ({
      sheet: TAB.activities,
      cell: setTableCell(wb, TAB.activities, 0, 'status', 'Finished'),
    }),
    code: 'cell/choice',
    severity: 'error',
  },
  {
    name: 'percent above 100',
    breakIt: (wb) => ({
      sheet: TAB.activities,
      cell: setTableCell(wb, TAB.activities, 0, 'percent_complete', 1.5),
    }),
    code: 'cell/range',
    severity: 'error',
  },
  {
    name: 'count not whole',
    breakIt: (wb) => ({ sheet: TAB.cases, cell: setTableCell(wb, TAB.cases, 0, 'cases_detected', 2.5) }),
    code: 'cell/whole-number',
    severity: 'error',
  },
  {
    name: 'negative count',
    breakIt: (wb) => ({
      sheet: TAB.awareness,
      cell: setTableCell(wb, TAB.awareness, 0, 'participants_female', -3),
    }),
    code: 'cell/negative',
    severity: 'error',
  },
  {
    name: 'formula error',
    breakIt: (wb) => ({
      sheet: TAB.cases,
      cell: setTableCell(wb, TAB.cases, 0, 'cases_detected', {
        formula: '1/0',
        result: { error: '#DIV/0!' },
      }),
    }),
    code: 'cell/formula-error',
    severity: 'error',
  },
  {
    name: 'completed without 100 percent',
    breakIt: (wb) => {
      setTableCell(wb, TAB.activities, 0, 'status', 'Completed');
      return { sheet: TAB.activities, cell: setTableCell(wb, TAB.activities, 0, 'percent_complete', 0.8) };
    },
    code: 'row/completed-not-100',
    severity: 'error',
  },
  {
    name: '100 percent without completed',
    breakIt: (wb) => {
      // Percent cells hold what Excel stores for a typed 100 or 100%: 1 with a % format.
      setTableCell(wb, TAB.activities, 0, 'percent_complete', 1);
      setTableCell(wb, TAB.activities, 0, 'budget_spent_lak', 0);
      return { sheet: TAB.activities, cell: setTableCell(wb, TAB.activities, 0, 'status', 'In progress') };
    },
    code: 'row/100-not-completed',
    severity: 'warning',
  },
  {
    name: 'victims breakdown does not add up to the total',
    breakIt: (wb, data) => {
      // One breakdown (nationality) off by one: one issue, at the total, naming that breakdown.
      const unknown = Number(data.sections.cases?.[0]?.victims_nationality_unknown ?? 0);
      setTableCell(wb, TAB.cases, 0, 'victims_nationality_unknown', unknown + 1);
      return { sheet: TAB.cases, cell: tableCellAddress(wb, TAB.cases, 0, 'victims_total') };
    },
    code: 'row/sum-mismatch',
    severity: 'error',
  },
  {
    name: 'assistance sex x age does not add up',
    breakIt: (wb, data) => {
      const total = Number(data.sections.assistance?.[0]?.persons_total ?? 0);
      return { sheet: TAB.assistance, cell: setTableCell(wb, TAB.assistance, 0, 'persons_total', total + 5) };
    },
    code: 'row/sum-mismatch',
    severity: 'error',
  },
  {
    name: 'spent over planned',
    breakIt: (wb) => {
      setTableCell(wb, TAB.activities, 0, 'budget_planned_lak', 1_000_000);
      return {
        sheet: TAB.activities,
        cell: setTableCell(wb, TAB.activities, 0, 'budget_spent_lak', 2_000_000),
      };
    },
    code: 'row/above-limit',
    severity: 'warning',
  },
  {
    name: 'repatriation without a country',
    breakIt: (wb) => {
      setTableCell(wb, TAB.assistance, 0, 'assistance_type', 'Repatriated');
      return { sheet: TAB.assistance, cell: setTableCell(wb, TAB.assistance, 0, 'country_of_return', null) };
    },
    code: 'row/required-when',
    severity: 'error',
  },
  {
    name: 'event outside the reporting month',
    breakIt: (wb) => ({
      sheet: TAB.awareness,
      cell: setTableCell(wb, TAB.awareness, 0, 'event_date', new Date(Date.UTC(2025, 2, 3))),
    }),
    code: 'row/date-outside-period',
    severity: 'warning',
  },
  {
    name: "activity code that is not this unit's",
    breakIt: (wb) => ({
      sheet: TAB.activities,
      cell: setTableCell(wb, TAB.activities, 0, 'activity_code', notMine()),
    }),
    code: 'row/activity-not-yours',
    severity: 'error',
  },
  {
    name: 'activity code not in the plan',
    breakIt: (wb) => ({
      sheet: TAB.activities,
      cell: setTableCell(wb, TAB.activities, 0, 'activity_code', 'P9.9.9'),
    }),
    code: 'row/activity-unknown',
    severity: 'error',
  },
  {
    name: 'the same activity twice',
    breakIt: (wb, data) => ({
      sheet: TAB.activities,
      cell: setTableCell(
        wb,
        TAB.activities,
        1,
        'activity_code',
        data.sections.activities?.[0]?.activity_code,
      ),
    }),
    code: 'row/duplicate',
    severity: 'error',
  },
  {
    name: 'an activity left without any figures',
    breakIt: (wb) => {
      for (const key of [
        'status',
        'percent_complete',
        'budget_planned_lak',
        'budget_spent_lak',
        'funding_source',
        'outputs',
        'people_reached_female',
        'people_reached_male',
        'challenges',
        'next_steps',
      ])
        setTableCell(wb, TAB.activities, 0, key, null);
      return { sheet: TAB.activities, cell: tableCellAddress(wb, TAB.activities, 0, 'status') };
    },
    code: 'row/activity-not-reported',
    severity: 'warning',
  },
  {
    name: 'provincial committee reporting another province',
    unit: 'LA-VT',
    breakIt: (wb) => ({ sheet: TAB.cases, cell: setTableCell(wb, TAB.cases, 0, 'province', 'LA-LP') }),
    code: 'row/province-not-yours',
    severity: 'error',
  },
  {
    name: 'cover period differs from the template period',
    breakIt: (wb) => ({ sheet: TAB.cover, cell: setCoverCell(wb, 'period', '2025-05') }),
    code: 'cover/period-mismatch',
    severity: 'error',
  },
  {
    name: 'cover unit differs from the template unit',
    breakIt: (wb) => ({ sheet: TAB.cover, cell: setCoverCell(wb, 'unit_code', 'MOJ') }),
    code: 'cover/unit-mismatch',
    severity: 'error',
  },
  {
    name: 'Lao text typed in a legacy font',
    breakIt: (wb) => ({
      sheet: TAB.activities,
      cell: setTableCell(wb, TAB.activities, 0, 'outputs', "[;o6lk;_ 8hv' mk;=]"),
    }),
    code: 'cell/legacy-font',
    severity: 'warning',
  },
  {
    name: 'bad email',
    breakIt: (wb) => ({ sheet: TAB.cover, cell: setCoverCell(wb, 'email', 'focal at mps') }),
    code: 'cell/type',
    severity: 'error',
  },
];

describe('a valid sample', () => {
  it.each(['MPS', 'MOLSW', 'LA-VT', 'MPI'])('is accepted with no errors for %s', async (code) => {
    const { workbook } = await sampleWorkbook(code);
    const report = await validateWorkbook(workbook);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.accepted).toBe(true);
  });
});

describe('one broken cell', () => {
  it.each(cases)('$name -> $code at that cell', async ({ unit, breakIt, code, severity }) => {
    const { workbook, data } = await sampleWorkbook(unit ?? 'MPS');
    const { sheet, cell } = breakIt(workbook, data);
    const report = await validateWorkbook(workbook);
    const found = report.issues.filter((i) => i.code === code);
    expect(found, JSON.stringify(report.issues, null, 1)).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity, sheet, cell });
    expect(found[0]?.message.lo).toMatch(/[\u0E80-\u0EFF]/);
    expect(found[0]?.message.en.length).toBeGreaterThan(20);
    expect(report.accepted).toBe(
      severity === 'warning' && !report.issues.some((i) => i.severity === 'error'),
    );
    if (severity === 'error') expect(report.accepted).toBe(false);
  });
});

/**
 * Units still hold templates from before bilingual tab names (English only, as in template
 * versions 1 and 2 until then): the same file under those names must read, validate and point
 * at cells exactly as under the new names, its own tab names in every issue.
 */
describe('a template with the English-only tab names of before', () => {
  const renames = specSheets(TEMPLATE_SPEC).map((s) => [s.sheetName, s.legacySheetNames[0] ?? ''] as const);
  const underLegacyNames = (issue: ValidationIssue): ValidationIssue => {
    // A cell reference loses its quotes with the Lao name: 'ໜ້າປົກ Cover'!C12 is Cover!C12.
    const rename = (text: string) =>
      renames.reduce(
        (t, [now, before]) => t.replaceAll(`'${now}'!`, `${before}!`).replaceAll(now, before),
        text,
      );
    return {
      ...issue,
      sheet: issue.sheet && rename(issue.sheet),
      message: { lo: rename(issue.message.lo), en: rename(issue.message.en) },
    };
  };

  it('is accepted and parsed to the same submission', async () => {
    const current = await sampleWorkbook('LA-XE');
    const legacy = await sampleWorkbook('LA-XE');
    renameToLegacyTabs(legacy.workbook);
    expect(legacy.workbook.worksheets.map((w) => w.name).slice(0, 6)).toEqual([
      'Instructions',
      'Cover',
      'Activities',
      'Cases',
      'Assistance',
      'Awareness',
    ]);
    const [now, before] = [await validateWorkbook(current.workbook), await validateWorkbook(legacy.workbook)];
    expect(before.accepted).toBe(true);
    expect(before.issues).toEqual(now.issues.map(underLegacyNames));
    expect(before.submission).toEqual(now.submission);
  });

  it.each(cases)('$name: the same issue, at the same cell of its own tab', async ({ unit, breakIt }) => {
    const current = await sampleWorkbook(unit ?? 'MPS');
    breakIt(current.workbook, current.data);
    const legacy = await sampleWorkbook(unit ?? 'MPS');
    breakIt(legacy.workbook, legacy.data);
    renameToLegacyTabs(legacy.workbook);
    const [now, before] = [await validateWorkbook(current.workbook), await validateWorkbook(legacy.workbook)];
    expect(now.issues.length).toBeGreaterThan(0);
    expect(before.issues).toEqual(now.issues.map(underLegacyNames));
    expect(before.accepted).toBe(now.accepted);
    expect(before.submission).toEqual(now.submission);
  });
});

describe('sheet and template problems', () => {
  it('a missing sheet is one error naming it', async () => {
    const { workbook } = await sampleWorkbook();
    const sheet = workbook.getWorksheet(TAB.cases);
    if (sheet) workbook.removeWorksheet(sheet.id);
    const report = await validateWorkbook(workbook);
    expect(report.accepted).toBe(false);
    expect(report.issues.filter((i) => i.code === 'sheet/missing')).toEqual([
      expect.objectContaining({ sheet: TAB.cases }),
    ]);
  });

  it('a renamed sheet is recognised and named', async () => {
    const { workbook } = await sampleWorkbook();
    const sheet = workbook.getWorksheet(TAB.activities);
    if (sheet) sheet.name = 'ກິດຈະກຳ';
    const report = await validateWorkbook(workbook);
    expect(report.issues.filter((i) => i.code === 'sheet/renamed')).toEqual([
      expect.objectContaining({ sheet: 'ກິດຈະກຳ' }),
    ]);
  });

  it('a workbook that is not our template gets one clear error', async () => {
    const { workbook } = await sampleWorkbook();
    workbook.getWorksheet('_meta')!.getCell('B1').value = 'someone-elses-form';
    const report = await validateWorkbook(workbook);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]).toMatchObject({ code: 'template/unknown', severity: 'error' });
    expect(report.unreadable).toBe(true);
  });

  it('an unsupported template version gets one clear error', async () => {
    const { workbook } = await sampleWorkbook();
    workbook.getWorksheet('_meta')!.getCell('B2').value = '99';
    const report = await validateWorkbook(workbook);
    expect(report.issues).toEqual([expect.objectContaining({ code: 'template/version', severity: 'error' })]);
  });

  it('finds columns by key when a column was moved and its label changed', async () => {
    const { workbook, data } = await sampleWorkbook();
    const sheet = workbook.getWorksheet(TAB.activities);
    if (!sheet) throw new Error('no sheet');
    // Swap the status and percent columns whole (keys, labels and values), and relabel one.
    const statusColumn = sheet.getColumn(4);
    const percentColumn = sheet.getColumn(5);
    const statusValues = statusColumn.values.slice();
    const percentValues = percentColumn.values.slice();
    statusColumn.values = percentValues;
    percentColumn.values = statusValues;
    // Moving a column in Excel moves its cells' number formats with the values.
    statusColumn.eachCell((cell, row) => {
      if (row >= 3) cell.numFmt = '0%';
    });
    percentColumn.eachCell((cell, row) => {
      if (row >= 3) cell.numFmt = 'General';
    });
    sheet.getCell('E2').value = 'Where are we';
    const report = await validateWorkbook(workbook);
    expect(report.accepted).toBe(true);
    expect(report.submission?.sections.activities?.[0]?.status).toBe(data.sections.activities?.[0]?.status);
  });

  it('a deleted key column is one error naming the column', async () => {
    const { workbook } = await sampleWorkbook();
    const sheet = workbook.getWorksheet(TAB.activities);
    if (!sheet) throw new Error('no sheet');
    sheet.getCell('D1').value = null;
    const report = await validateWorkbook(workbook);
    expect(report.accepted).toBe(false);
    expect(report.issues.filter((i) => i.code === 'column/missing')).toEqual([
      expect.objectContaining({ sheet: TAB.activities, field: 'status', severity: 'error' }),
    ]);
  });

  it('data in a section the unit does not report is a warning', async () => {
    const mps = await sampleWorkbook('MPS');
    const mpi = await sampleWorkbook('MPI');
    const cases = mps.workbook.getWorksheet(TAB.cases);
    const target = mpi.workbook.addWorksheet(TAB.cases);
    cases?.eachRow((row, n) => {
      target.getRow(n).values = row.values as never;
    });
    const report = await validateWorkbook(mpi.workbook);
    expect(report.accepted).toBe(true);
    expect(report.issues.filter((i) => i.code === 'sheet/not-expected')).toEqual([
      expect.objectContaining({ sheet: TAB.cases, severity: 'warning' }),
    ]);
  });

  it('a _meta sheet without its period is an error', async () => {
    const { workbook } = await sampleWorkbook();
    workbook.getWorksheet('_meta')!.getCell('B4').value = null;
    const report = await validateWorkbook(workbook);
    expect(report.accepted).toBe(false);
    expect(report.issues.map((i) => i.code)).toContain('meta/missing');
  });
});
