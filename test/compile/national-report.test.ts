/** The national report against sums computed directly from the inputs. */
import { describe, expect, it } from 'vitest';
import type {
  AcceptedSubmission,
  CompileInput,
  ReportingStatusEntry,
} from '../../shared/compile/compile-input.ts';
import { buildNationalReport } from '../../shared/compile/national-report.ts';
import { parseScope } from '../../shared/compile/period-scope.ts';
import { buildNationalWorkbook, NATIONAL_SHEETS } from '../../shared/compile/write-national-workbook.ts';
import type { SubmissionData } from '../../shared/parse/submission.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { catalogue, unit } from '../support/fixtures.ts';

const accepted = (data: SubmissionData): AcceptedSubmission => ({
  sha256: `${data.unitCode}-${data.period}`.padEnd(64, '0'),
  submittedAt: `${data.period}-28T00:00:00.000Z`,
  submittedBy: `unit:${data.unitCode}`,
  fileName: null,
  data,
  warnings: [],
});

const status = (
  period: string,
  unitCode: string,
  s: ReportingStatusEntry['status'],
): ReportingStatusEntry => ({
  period,
  unitCode,
  status: s,
  submittedAt: null,
  submittedBy: null,
  sha256: null,
  fileName: null,
});

function input(scopeLabel: string, data: SubmissionData[], statuses: ReportingStatusEntry[]): CompileInput {
  const scope = parseScope(scopeLabel);
  if (!scope) throw new Error(scopeLabel);
  return { scope, statuses, submissions: data.map(accepted) };
}

const sum = (rows: readonly Record<string, unknown>[] | undefined, key: string) =>
  (rows ?? []).reduce((total, row) => total + (typeof row[key] === 'number' ? (row[key] as number) : 0), 0);

describe('national report', () => {
  const data = ['MPS', 'LA-VT', 'OSPP', 'MOLSW'].map((code, i) =>
    generateSampleData({ unit: unit(code), period: '2025-06', seed: i + 1 }, catalogue),
  );
  const statuses = [
    status('2025-06', 'MPS', 'on_time'),
    status('2025-06', 'LA-VT', 'late'),
    status('2025-06', 'OSPP', 'on_time'),
    status('2025-06', 'MOLSW', 'on_time'),
    status('2025-06', 'MOJ', 'missing'),
    status('2025-06', 'MOH', 'rejected'),
  ];
  const report = buildNationalReport(input('2025-06', data, statuses), catalogue);

  it('computes the reporting and on-time rates as DHIS2 does', () => {
    expect(report.rates).toMatchObject({
      expected: 6,
      received: 4,
      onTime: 3,
      reportingRate: 66.7,
      onTimeRate: 50,
    });
  });

  it('totals cases, victims and every disaggregation over all provinces', () => {
    const cases = data.flatMap((d) => d.sections.cases ?? []);
    expect(report.cases).toHaveLength(catalogue.provinces.length);
    for (const key of [
      'cases_detected',
      'victims_total',
      'victims_female_child_lao_sexual',
      'victims_male_adult_foreign_other',
    ])
      expect(report.casesTotal[key], key).toBe(sum(cases, key));
  });

  it('totals assistance, events and budgets', () => {
    expect(report.assistanceTotal.persons_total).toBe(
      sum(
        data.flatMap((d) => d.sections.assistance ?? []),
        'persons_total',
      ),
    );
    const events = data.flatMap((d) => d.sections.awareness ?? []);
    expect(report.events).toHaveLength(events.length);
    expect(report.eventsByType.reduce((s, t) => s + t.female, 0)).toBe(sum(events, 'participants_female'));
    const activities = data.flatMap((d) => d.sections.activities ?? []);
    expect(report.goals.reduce((s, g) => s + g.budgetSpentLak, 0)).toBe(sum(activities, 'budget_spent_lak'));
    expect(report.programmes.reduce((s, p) => s + p.budgetPlannedLak, 0)).toBe(
      sum(activities, 'budget_planned_lak'),
    );
    expect(report.goals.reduce((s, g) => s + g.activities, 0)).toBe(121);
    expect(new Set(report.activities.map((a) => a.activity.code)).size).toBe(121);
  });

  it('rolls a quarter up: flows add, stocks take the latest month', () => {
    const april = generateSampleData({ unit: unit('MPS'), period: '2025-04', seed: 1 }, catalogue);
    const may = generateSampleData({ unit: unit('MPS'), period: '2025-05', seed: 2 }, catalogue);
    const quarter = buildNationalReport(input('2025-Q2', [april, may], []), catalogue);
    const code = april.sections.activities?.find(
      (a, i) => a.status && may.sections.activities?.[i]?.status,
    )?.activity_code;
    const line = quarter.activities.find((l) => l.activity.code === code && l.unitCode === 'MPS');
    const a = april.sections.activities?.find((r) => r.activity_code === code);
    const m = may.sections.activities?.find((r) => r.activity_code === code);
    expect(line?.values.people_reached_female).toBe(
      Number(a?.people_reached_female) + Number(m?.people_reached_female),
    );
    expect(line?.values.percent_complete).toBe(m?.percent_complete);
    expect(line?.values.budget_planned_lak).toBe(m?.budget_planned_lak);
    expect(line?.values.budget_spent_lak).toBe(Number(a?.budget_spent_lak) + Number(m?.budget_spent_lak));
  });

  it('is deterministic and writes every sheet, with data bars on percent complete', async () => {
    expect(buildNationalReport(input('2025-06', data, statuses), catalogue)).toEqual(report);
    const workbook = await buildNationalWorkbook(report, catalogue);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([...NATIONAL_SHEETS]);
    const activities = workbook.getWorksheet('Activities') as unknown as {
      conditionalFormattings: { rules: { type: string }[] }[];
    };
    expect(activities.conditionalFormattings.flatMap((c) => c.rules.map((r) => r.type))).toContain('dataBar');
    expect(workbook.getWorksheet('Case statistics')?.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  });
});
