/** The national workbook, reopened: every total row equals the sums of the inputs. */
import { describe, expect, it } from 'vitest';
import type { AcceptedSubmission, CompileInput } from '../../shared/compile/compile-input.ts';
import { buildNationalReport } from '../../shared/compile/national-report.ts';
import { NATIONAL_TABS } from '../../shared/compile/sheets/table-kit.ts';
import { writeNationalWorkbookToBuffer } from '../../shared/compile/write-national-workbook.ts';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import { TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { catalogue, unit } from '../support/fixtures.ts';
import { nationalSum } from '../support/national-oracle.ts';

describe('national workbook totals', () => {
  it('matches the inputs on every numeric column of cases, assistance and awareness', async () => {
    const data = ['MPS', 'LA-VT', 'LA-SV', 'PSC', 'MOLSW', 'LWU'].map((code, i) =>
      generateSampleData({ unit: unit(code), period: '2025-06', seed: 40 + i }, catalogue),
    );
    const submissions: AcceptedSubmission[] = data.map((d, i) => ({
      sha256: String(i).repeat(64),
      submittedAt: '2025-07-05T00:00:00.000Z',
      submittedBy: `unit:${d.unitCode}`,
      fileName: null,
      data: d,
      warnings: [],
    }));
    const input: CompileInput = {
      scope: { label: '2025-06', months: ['2025-06'] },
      statuses: [],
      submissions,
    };
    const workbook = await loadWorkbook(
      await writeNationalWorkbookToBuffer(buildNationalReport(input, catalogue), catalogue),
    );

    const totalsOf = (sheetName: string): Map<string, number> => {
      const sheet = workbook.getWorksheet(sheetName);
      if (!sheet) throw new Error(sheetName);
      const headers = sheet.getRow(2).values as unknown[];
      let totalRow: unknown[] = [];
      sheet.eachRow((row) => {
        if (row.getCell(1).value === 'ລວມທັງໝົດ / Total') totalRow = row.values as unknown[];
      });
      return new Map(
        Array.from(headers, (h, i): [string, number] => [
          String(h ?? '').split('\n')[1] ?? '',
          Number(totalRow[i] ?? Number.NaN),
        ]),
      );
    };
    // National totals count each figure from its source of record; assistance's Total row
    // counts services, its Persons assisted row each person once.
    const sumOf = (section: 'cases' | 'assistance', key: string) =>
      nationalSum(data, section, key, (r) => section === 'cases' || r.assistance_type !== 'assisted_persons');

    for (const [section, sheet] of [
      ['cases', NATIONAL_TABS.cases],
      ['assistance', NATIONAL_TABS.assistance],
    ] as const) {
      const totals = totalsOf(sheet);
      const fields =
        TEMPLATE_SPEC.tables.find((t) => t.section === section)?.fields.filter((f) => f.type === 'count') ??
        [];
      expect(fields.length).toBeGreaterThan(4);
      for (const field of fields)
        expect(totals.get(`${field.label.en} (${field.measure?.en})`), `${sheet} ${field.key}`).toBe(
          sumOf(section, field.key),
        );
    }

    const awareness = workbook.getWorksheet(NATIONAL_TABS.awareness);
    const events = data.flatMap((d) => d.sections.awareness ?? []);
    let last: unknown[] = [];
    awareness?.eachRow((row) => {
      if (row.getCell(1).value === 'ລວມທັງໝົດ / Total') last = row.values as unknown[];
    });
    expect(last.slice(2, 6)).toEqual([
      events.length,
      events.reduce((t, e) => t + Number(e.participants_female), 0),
      events.reduce((t, e) => t + Number(e.participants_male), 0),
      events.reduce((t, e) => t + Number(e.participants_female) + Number(e.participants_male), 0),
    ]);

    const summary = workbook.getWorksheet(NATIONAL_TABS.summary);
    let plannedByGoal = 0;
    summary?.eachRow((row) => {
      if (/^G\d$/.test(String(row.getCell(1).value))) plannedByGoal += Number(row.getCell(12).value);
    });
    // One month: a twelfth of each line's plan for the year.
    const planned = data
      .flatMap((d) => d.sections.activities ?? [])
      .reduce((t, r) => t + Math.round(Number(r.budget_planned_lak ?? 0) / 12), 0);
    expect(plannedByGoal).toBe(planned);
  });
});
