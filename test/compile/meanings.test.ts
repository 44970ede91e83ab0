/**
 * The compile follows what the figures mean: one source of record per figure (a province
 * reported by four units counts its source once; the others go to Reconciliation), persons
 * assisted apart from services given, money over the same span under each template version's
 * declared meaning, execution above 100 % flagged, and nil sections told from missing ones.
 */
import { describe, expect, it } from 'vitest';
import type { AcceptedSubmission, ReportingStatusEntry } from '../../shared/compile/compile-input.ts';
import { buildNationalReport } from '../../shared/compile/national-report.ts';
import { parseScope } from '../../shared/compile/period-scope.ts';
import { RECONCILIATION_SHEET } from '../../shared/compile/sheets/reconciliation-sheet.ts';
import { NATIONAL_TABS } from '../../shared/compile/sheets/table-kit.ts';
import { writeNationalWorkbookToBuffer } from '../../shared/compile/write-national-workbook.ts';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import { externalTableDdl, factTable } from '../../shared/lake/lake-schema.ts';
import type { SubmissionData, SubmissionRow } from '../../shared/parse/submission.ts';
import { catalogue } from '../support/fixtures.ts';

const scope = (label: string) => {
  const parsed = parseScope(label);
  if (!parsed) throw new Error(label);
  return parsed;
};

const COVER = { unit_code: null, period: null, prepared_by: 'x', position: 'x', phone: '02055551234' };

function submission(
  unitCode: string,
  period: string,
  sections: SubmissionData['sections'],
  options: { version?: string; cover?: Record<string, string | null> } = {},
): AcceptedSubmission {
  return {
    sha256: `${unitCode}${period}`.replace(/[^0-9A-Z]/g, '').padEnd(64, '0'),
    submittedAt: `${period}-28T03:00:00.000Z`,
    submittedBy: unitCode,
    fileName: null,
    data: {
      templateId: 'laingan-monthly-report',
      templateVersion: options.version ?? '2',
      unitCode,
      period,
      cover: { ...COVER, ...options.cover },
      sections,
    },
    warnings: [],
  };
}

const onTime = (unitCode: string, period: string): ReportingStatusEntry => ({
  period,
  unitCode,
  status: 'on_time',
  submittedAt: `${period}-28T03:00:00.000Z`,
  submittedBy: unitCode,
  sha256: null,
  fileName: null,
});

/** A LA-SV case row: every figure the same number, so each reporter is recognisable. */
const caseRow = (n: number): SubmissionRow => ({
  province: 'LA-SV',
  cases_detected: n,
  cases_investigated: n,
  cases_prosecuted: n,
  cases_convicted: n,
  suspects_female: n,
  suspects_male: n,
  offenders_female: n,
  offenders_male: n,
  victims_total: n,
  victims_sex_unknown_age_unknown: n,
  victims_nationality_unknown: n,
  victims_form_unknown: n,
});

const assistanceRow = (type: string, female: number, province: string | null = 'LA-SV'): SubmissionRow => ({
  assistance_type: type,
  country_of_return: type === 'repatriated' ? 'TH' : null,
  province,
  female_adult: female,
  persons_total: female,
});

describe('one source of record per figure', () => {
  // Savannakhet reported by its committee and by MPS, OSPP and PSC, each with its own number.
  const input = {
    scope: scope('2025-06'),
    statuses: ['LA-SV', 'MPS', 'OSPP', 'PSC', 'MOLSW', 'MOH'].map((u) => onTime(u, '2025-06')),
    submissions: [
      submission('LA-SV', '2025-06', {
        cases: [caseRow(7)],
        assistance: [assistanceRow('assisted_persons', 4, null), assistanceRow('sheltered', 4, null)],
      }),
      submission('MPS', '2025-06', { cases: [caseRow(10)], assistance: [assistanceRow('identified', 6)] }),
      submission('OSPP', '2025-06', { cases: [caseRow(3)] }),
      submission('PSC', '2025-06', { cases: [caseRow(2)] }),
      submission('MOLSW', '2025-06', {
        assistance: [assistanceRow('sheltered', 3), assistanceRow('reintegration', 2)],
      }),
      submission('MOH', '2025-06', { assistance: [assistanceRow('medical', 4)] }),
    ],
  };
  const report = buildNationalReport(input, catalogue);
  const savannakhet = report.cases.rows.find((r) => r.keys.province === 'LA-SV');

  it('counts a province reported by four units once, each figure from its source of record', () => {
    expect(savannakhet?.values).toMatchObject({
      cases_detected: 10, // MPS
      cases_investigated: 10,
      suspects_female: 10,
      cases_prosecuted: 3, // OSPP
      cases_convicted: 2, // PSC
      offenders_male: 2,
      victims_total: 7, // the provincial committee
      victims_sex_unknown_age_unknown: 7,
    });
    // Not 7 + 10 + 3 + 2 = 22 victims.
    expect(report.cases.total.values.victims_total).toBe(7);
  });

  it('lists what every other reporter said on the Reconciliation, with the difference', () => {
    const victims = report.reconciliation.filter((l) => l.figure === 'victims_total');
    expect(victims.map((l) => [l.unitCode, l.sourceUnit, l.sourceValue, l.value, l.difference])).toEqual([
      ['MPS', 'LA-SV', 7, 10, 3],
      ['OSPP', 'LA-SV', 7, 3, -4],
      ['PSC', 'LA-SV', 7, 2, -5],
    ]);
    const detected = report.reconciliation.filter((l) => l.figure === 'cases_detected');
    expect(detected.map((l) => [l.unitCode, l.sourceUnit, l.difference])).toEqual([
      ['LA-SV', 'MPS', -3],
      ['OSPP', 'MPS', -7],
      ['PSC', 'MPS', -8],
    ]);
    expect(
      report.reconciliation.every((l) => l.keys.province === 'LA-SV' || l.section === 'assistance'),
    ).toBe(true);
  });

  it('keeps persons assisted apart from services given: a person counts once', () => {
    // Persons: the committee's 4, not MPS's "identified" nor a sum over services.
    expect(report.assistance.personsAssisted?.values.persons_total).toBe(4);
    // Services from their providers: MOLSW sheltered 3 + reintegration 2, MOH medical 4.
    expect(report.assistance.total.values.persons_total).toBe(9);
    const shelteredByProvince = report.reconciliation.filter(
      (l) => l.section === 'assistance' && l.keys.assistance_type === 'sheltered',
    );
    expect(shelteredByProvince.map((l) => [l.unitCode, l.sourceUnit, l.sourceValue, l.value])).toEqual([
      ['LA-SV', 'MOLSW', 3, 4],
    ]);
  });

  it('writes the Reconciliation sheet, and labels counts as cases, persons and LAK', async () => {
    const workbook = await loadWorkbook(await writeNationalWorkbookToBuffer(report, catalogue));
    const sheet = workbook.getWorksheet(RECONCILIATION_SHEET);
    expect(sheet).toBeDefined();
    const keys = sheet?.getRow(1).values as unknown[];
    const column = (key: string) => keys.indexOf(key);
    const rows: unknown[][] = [];
    sheet?.eachRow((row, n) => {
      if (n >= 3) rows.push(row.values as unknown[]);
    });
    expect(rows).toHaveLength(report.reconciliation.length);
    const mpsVictims = rows.find(
      (r) => r[column('figure')] === 'victims_total' && r[column('unit_code')] === 'MPS',
    );
    expect(mpsVictims?.[column('source_value')]).toBe(7);
    expect(mpsVictims?.[column('difference')]).toBe(3);
    expect(String(mpsVictims?.[column('figure_label')])).toMatch(/Victims, total \(persons\)/);

    const headers = (name: string) =>
      ((workbook.getWorksheet(name)?.getRow(2).values as unknown[]) ?? []).map(String).join(' | ');
    expect(headers(NATIONAL_TABS.cases)).toMatch(/Cases detected \(cases\)/);
    expect(headers(NATIONAL_TABS.cases)).toMatch(/Suspects, female \(persons\)/);
    expect(headers(NATIONAL_TABS.cases)).not.toMatch(/Cases detected \(persons\)/);
    expect(headers(NATIONAL_TABS.activities)).toMatch(/Budget spent this month \(LAK\)/);
    const assistance = workbook.getWorksheet(NATIONAL_TABS.assistance);
    const labels: string[] = [];
    assistance?.eachRow((row) => labels.push(String(row.getCell(1).value ?? '')));
    expect(labels.some((l) => l.includes('Persons assisted (each once)'))).toBe(true);
  });

  it('describes lake columns with their units', () => {
    const cases = factTable('cases');
    const describe = (key: string) => cases.columns.find((c) => c.name === key)?.description;
    expect(describe('cases_detected')).toBe('Cases detected (cases)');
    expect(describe('victims_total')).toBe('Victims, total (persons)');
    const money = factTable('activities').columns.find((c) => c.name === 'budget_spent_lak')?.description;
    expect(money).toMatch(/\(LAK\), spent during the month; template_version 1: running total to date/);
    expect(externalTableDdl(cases, 'athena', 's3://b/lake')).toMatch(
      /`cases_detected` bigint COMMENT 'Cases detected \(cases\)'/,
    );
  });
});

describe('money over time', () => {
  const activity = catalogue.activitiesOf('MPS')[0]?.code ?? '';
  const activityRow = (planned: number, spent: number): SubmissionRow => ({
    activity_code: activity,
    status: 'in_progress',
    percent_complete: 40,
    budget_planned_lak: planned,
    budget_spent_lak: spent,
  });
  const quarter = (submissions: AcceptedSubmission[]) =>
    buildNationalReport(
      {
        scope: scope('2025-Q2'),
        statuses: ['2025-04', '2025-05', '2025-06'].map((p) => onTime('MPS', p)),
        submissions,
      },
      catalogue,
    );
  const lineOf = (report: ReturnType<typeof quarter>) =>
    report.activities.lines.find((l) => l.activityCode === activity && l.unitCode === 'MPS');

  it('gives a quarter execution rate that follows from the declared meanings (version 2)', () => {
    // 120 M planned for the year; 8 M, 10 M, 12 M spent in April, May, June.
    const report = quarter(
      [8, 10, 12].map((spent, i) =>
        submission('MPS', `2025-0${i + 4}`, { activities: [activityRow(120_000_000, spent * 1_000_000)] }),
      ),
    );
    expect(lineOf(report)?.money).toEqual({
      basis: 'period',
      spentLak: 30_000_000,
      plannedLak: 30_000_000,
      executionRate: 100,
    });
    const goal = report.progress.goals.find((g) => g.code === catalogue.activityByCode.get(activity)?.goal);
    expect(goal?.executionRate).toBe(100);
    expect(goal?.executionAbove100).toBe(false);
  });

  it('reads version 1 "spent" as a running total: the latest month stands, months are not added', () => {
    const report = quarter(
      [10, 25, 40].map((spent, i) =>
        submission(
          'MPS',
          `2025-0${i + 4}`,
          { activities: [activityRow(200_000_000, spent * 1_000_000)] },
          { version: '1' },
        ),
      ),
    );
    expect(lineOf(report)?.money).toEqual({
      basis: 'to_date',
      spentLak: 40_000_000,
      plannedLak: 200_000_000,
      executionRate: 20,
    });
  });

  it('flags execution above 100 % in the workbook instead of hiding it', async () => {
    const report = quarter([
      submission('MPS', '2025-06', { activities: [activityRow(12_000_000, 3_000_000)] }),
    ]);
    const goal = report.progress.goals.find((g) => g.executionRate !== null);
    expect(goal?.executionRate).toBe(300);
    expect(goal?.executionAbove100).toBe(true);
    const bytes = await writeNationalWorkbookToBuffer(report, catalogue);
    const workbook = await loadWorkbook(bytes);
    const summary = workbook.getWorksheet(NATIONAL_TABS.summary);
    let flagged = '';
    summary?.eachRow((row) => {
      if (row.getCell(1).value === goal?.code) flagged = (row.values as unknown[]).map(String).join(' | ');
    });
    expect(flagged).toMatch(/\| 300 \|/);
    expect(flagged).toMatch(/Above 100 %/);
    const xml = await (await import('jszip')).default
      .loadAsync(bytes)
      .then((zip) => zip.file('xl/worksheets/sheet1.xml')?.async('string'));
    expect(xml).toMatch(/&gt;100\)/);
  });
});

describe('complete, nil and missing sections', () => {
  it('tells a nil section from a missing one in the reporting status and the workbook', async () => {
    const report = buildNationalReport(
      {
        scope: scope('2025-06'),
        statuses: [onTime('LA-SV', '2025-06'), { ...onTime('MOJ', '2025-06'), status: 'missing' }],
        submissions: [
          submission(
            'LA-SV',
            '2025-06',
            { activities: [], cases: [], assistance: [assistanceRow('assisted_persons', 1)], awareness: [] },
            { cover: { nil_cases: 'nil', nil_awareness: 'nil' } },
          ),
        ],
      },
      catalogue,
    );
    const sv = report.reporting.entries.find((e) => e.unitCode === 'LA-SV');
    expect(sv?.sections).toEqual({
      activities: 'missing',
      cases: 'nil',
      assistance: 'complete',
      awareness: 'nil',
    });
    const moj = report.reporting.entries.find((e) => e.unitCode === 'MOJ');
    expect(moj?.sections).toMatchObject({ activities: 'missing', cases: 'not_assigned' });
    const workbook = await loadWorkbook(await writeNationalWorkbookToBuffer(report, catalogue));
    const sheet = workbook.getWorksheet(NATIONAL_TABS.reporting);
    const keys = sheet?.getRow(1).values as unknown[];
    let cell = '';
    sheet?.eachRow((row) => {
      if (row.getCell(2).value === 'LA-SV') cell = String(row.getCell(keys.indexOf('section_cases')).value);
    });
    expect(cell).toBe('ບໍ່ມີ / Nil');
  });
});
