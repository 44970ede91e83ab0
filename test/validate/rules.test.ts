/**
 * Every rule, one broken cell at a time: a valid sample is accepted, and each single change
 * gives exactly the expected issue at exactly that sheet and cell.
 */
import type { Workbook } from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  catalogue,
  sampleWorkbook,
  setCoverCell,
  setTableCell,
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
    breakIt: (wb) => ({ sheet: 'Activities', cell: setTableCell(wb, 'Activities', 0, 'status', null) }),
    code: 'cell/required',
    severity: 'error',
  },
  {
    name: 'required cover field empty',
    breakIt: (wb) => ({ sheet: 'Cover', cell: setCoverCell(wb, 'prepared_by', null) }),
    code: 'cell/required',
    severity: 'error',
  },
  {
    name: 'text in a number column',
    breakIt: (wb) => ({
      sheet: 'Activities',
      cell: setTableCell(wb, 'Activities', 0, 'budget_planned_lak', 'lots'),
    }),
    code: 'cell/type',
    severity: 'error',
  },
  {
    name: 'not a date',
    breakIt: (wb) => ({
      sheet: 'Awareness',
      cell: setTableCell(wb, 'Awareness', 0, 'event_date', '31/02/2025'),
    }),
    code: 'cell/type',
    severity: 'error',
  },
  {
    name: 'value not in the dropdown list',
    breakIt: (wb) => ({ sheet: 'Activities', cell: setTableCell(wb, 'Activities', 0, 'status', 'Finished') }),
    code: 'cell/choice',
    severity: 'error',
  },
  {
    name: 'percent above 100',
    breakIt: (wb) => ({
      sheet: 'Activities',
      cell: setTableCell(wb, 'Activities', 0, 'percent_complete', 1.5),
    }),
    code: 'cell/range',
    severity: 'error',
  },
  {
    name: 'count not whole',
    breakIt: (wb) => ({ sheet: 'Cases', cell: setTableCell(wb, 'Cases', 0, 'cases_detected', 2.5) }),
    code: 'cell/whole-number',
    severity: 'error',
  },
  {
    name: 'negative count',
    breakIt: (wb) => ({
      sheet: 'Awareness',
      cell: setTableCell(wb, 'Awareness', 0, 'participants_female', -3),
    }),
    code: 'cell/negative',
    severity: 'error',
  },
  {
    name: 'formula error',
    breakIt: (wb) => ({
      sheet: 'Cases',
      cell: setTableCell(wb, 'Cases', 0, 'cases_detected', { formula: '1/0', result: { error: '#DIV/0!' } }),
    }),
    code: 'cell/formula-error',
    severity: 'error',
  },
  {
    name: 'completed without 100 percent',
    breakIt: (wb) => {
      setTableCell(wb, 'Activities', 0, 'status', 'Completed');
      return { sheet: 'Activities', cell: setTableCell(wb, 'Activities', 0, 'percent_complete', 0.8) };
    },
    code: 'row/completed-not-100',
    severity: 'error',
  },
  {
    name: '100 percent without completed',
    breakIt: (wb) => {
      // Percent cells hold what Excel stores for a typed 100 or 100%: 1 with a % format.
      setTableCell(wb, 'Activities', 0, 'percent_complete', 1);
      setTableCell(wb, 'Activities', 0, 'budget_spent_lak', 0);
      return { sheet: 'Activities', cell: setTableCell(wb, 'Activities', 0, 'status', 'In progress') };
    },
    code: 'row/100-not-completed',
    severity: 'warning',
  },
  {
    name: 'victims breakdown does not add up to the total',
    breakIt: (wb, data) => {
      // One breakdown (nationality) off by one: one issue, at the total, naming that breakdown.
      const unknown = Number(data.sections.cases?.[0]?.victims_nationality_unknown ?? 0);
      setTableCell(wb, 'Cases', 0, 'victims_nationality_unknown', unknown + 1);
      return { sheet: 'Cases', cell: tableCellAddress(wb, 'Cases', 0, 'victims_total') };
    },
    code: 'row/sum-mismatch',
    severity: 'error',
  },
  {
    name: 'assistance sex x age does not add up',
    breakIt: (wb, data) => {
      const total = Number(data.sections.assistance?.[0]?.persons_total ?? 0);
      return { sheet: 'Assistance', cell: setTableCell(wb, 'Assistance', 0, 'persons_total', total + 5) };
    },
    code: 'row/sum-mismatch',
    severity: 'error',
  },
  {
    name: 'spent over planned',
    breakIt: (wb) => {
      setTableCell(wb, 'Activities', 0, 'budget_planned_lak', 1_000_000);
      return { sheet: 'Activities', cell: setTableCell(wb, 'Activities', 0, 'budget_spent_lak', 2_000_000) };
    },
    code: 'row/above-limit',
    severity: 'warning',
  },
  {
    name: 'repatriation without a country',
    breakIt: (wb) => {
      setTableCell(wb, 'Assistance', 0, 'assistance_type', 'Repatriated');
      return { sheet: 'Assistance', cell: setTableCell(wb, 'Assistance', 0, 'country_of_return', null) };
    },
    code: 'row/required-when',
    severity: 'error',
  },
  {
    name: 'event outside the reporting month',
    breakIt: (wb) => ({
      sheet: 'Awareness',
      cell: setTableCell(wb, 'Awareness', 0, 'event_date', new Date(Date.UTC(2025, 2, 3))),
    }),
    code: 'row/date-outside-period',
    severity: 'warning',
  },
  {
    name: "activity code that is not this unit's",
    breakIt: (wb) => ({
      sheet: 'Activities',
      cell: setTableCell(wb, 'Activities', 0, 'activity_code', notMine()),
    }),
    code: 'row/activity-not-yours',
    severity: 'error',
  },
  {
    name: 'activity code not in the plan',
    breakIt: (wb) => ({
      sheet: 'Activities',
      cell: setTableCell(wb, 'Activities', 0, 'activity_code', 'P9.9.9'),
    }),
    code: 'row/activity-unknown',
    severity: 'error',
  },
  {
    name: 'the same activity twice',
    breakIt: (wb, data) => ({
      sheet: 'Activities',
      cell: setTableCell(wb, 'Activities', 1, 'activity_code', data.sections.activities?.[0]?.activity_code),
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
        setTableCell(wb, 'Activities', 0, key, null);
      return { sheet: 'Activities', cell: tableCellAddress(wb, 'Activities', 0, 'status') };
    },
    code: 'row/activity-not-reported',
    severity: 'warning',
  },
  {
    name: 'provincial committee reporting another province',
    unit: 'LA-VT',
    breakIt: (wb) => ({ sheet: 'Cases', cell: setTableCell(wb, 'Cases', 0, 'province', 'LA-LP') }),
    code: 'row/province-not-yours',
    severity: 'error',
  },
  {
    name: 'cover period differs from the template period',
    breakIt: (wb) => ({ sheet: 'Cover', cell: setCoverCell(wb, 'period', '2025-05') }),
    code: 'cover/period-mismatch',
    severity: 'error',
  },
  {
    name: 'cover unit differs from the template unit',
    breakIt: (wb) => ({ sheet: 'Cover', cell: setCoverCell(wb, 'unit_code', 'MOJ') }),
    code: 'cover/unit-mismatch',
    severity: 'error',
  },
  {
    name: 'Lao text typed in a legacy font',
    breakIt: (wb) => ({
      sheet: 'Activities',
      cell: setTableCell(wb, 'Activities', 0, 'outputs', "[;o6lk;_ 8hv' mk;=]"),
    }),
    code: 'cell/legacy-font',
    severity: 'warning',
  },
  {
    name: 'bad email',
    breakIt: (wb) => ({ sheet: 'Cover', cell: setCoverCell(wb, 'email', 'focal at mps') }),
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

describe('sheet and template problems', () => {
  it('a missing sheet is one error naming it', async () => {
    const { workbook } = await sampleWorkbook();
    const sheet = workbook.getWorksheet('Cases');
    if (sheet) workbook.removeWorksheet(sheet.id);
    const report = await validateWorkbook(workbook);
    expect(report.accepted).toBe(false);
    expect(report.issues.filter((i) => i.code === 'sheet/missing')).toEqual([
      expect.objectContaining({ sheet: 'Cases' }),
    ]);
  });

  it('a renamed sheet is recognised and named', async () => {
    const { workbook } = await sampleWorkbook();
    const sheet = workbook.getWorksheet('Activities');
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
    const sheet = workbook.getWorksheet('Activities');
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
    const sheet = workbook.getWorksheet('Activities');
    if (!sheet) throw new Error('no sheet');
    sheet.getCell('D1').value = null;
    const report = await validateWorkbook(workbook);
    expect(report.accepted).toBe(false);
    expect(report.issues.filter((i) => i.code === 'column/missing')).toEqual([
      expect.objectContaining({ sheet: 'Activities', field: 'status', severity: 'error' }),
    ]);
  });

  it('data in a section the unit does not report is a warning', async () => {
    const mps = await sampleWorkbook('MPS');
    const mpi = await sampleWorkbook('MPI');
    const cases = mps.workbook.getWorksheet('Cases');
    const target = mpi.workbook.addWorksheet('Cases');
    cases?.eachRow((row, n) => {
      target.getRow(n).values = row.values as never;
    });
    const report = await validateWorkbook(mpi.workbook);
    expect(report.accepted).toBe(true);
    expect(report.issues.filter((i) => i.code === 'sheet/not-expected')).toEqual([
      expect.objectContaining({ sheet: 'Cases', severity: 'warning' }),
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
