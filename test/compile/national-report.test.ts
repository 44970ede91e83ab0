/** The national report against figures computed directly from the inputs. */
import { describe, expect, it } from 'vitest';
import type {
  AcceptedSubmission,
  CompileInput,
  ReportingStatusEntry,
} from '../../shared/compile/compile-input.ts';
import {
  buildNationalReport,
  type NationalReport,
  NOT_REPORTED,
} from '../../shared/compile/national-report.ts';
import { type PeriodScope, parseScope } from '../../shared/compile/period-scope.ts';
import type { SubmissionData, SubmissionRow } from '../../shared/parse/submission.ts';
import type { SectionKey } from '../../shared/reference/reference-schema.ts';
import type { TemplateSpec } from '../../shared/spec/field-types.ts';
import { TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import type { ValidationIssue } from '../../shared/validate/issue.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { catalogue, unit } from '../support/fixtures.ts';
import { nationalSum } from '../support/national-oracle.ts';

const scopeOf = (label: string): PeriodScope => {
  const scope = parseScope(label);
  if (!scope) throw new Error(`bad scope ${label}`);
  return scope;
};

const accepted = (data: SubmissionData, warnings: ValidationIssue[] = []): AcceptedSubmission => ({
  sha256: `${data.unitCode}${data.period}`.replace(/[^0-9A-Z]/g, '').padEnd(64, '0'),
  submittedAt: `${data.period}-28T03:00:00.000Z`,
  submittedBy: `focal.${data.unitCode.toLowerCase()}`,
  fileName: `${data.unitCode}-${data.period}.xlsx`,
  data,
  warnings,
});

const status = (
  period: string,
  unitCode: string,
  value: ReportingStatusEntry['status'],
): ReportingStatusEntry => ({
  period,
  unitCode,
  status: value,
  submittedAt: value === 'missing' ? null : `${period}-28T03:00:00.000Z`,
  submittedBy: value === 'missing' ? null : `focal.${unitCode.toLowerCase()}`,
  sha256: null,
  fileName: null,
});

const sample = (code: string, period: string, seed = 1) =>
  generateSampleData({ unit: unit(code), period, seed }, catalogue);

const rowsOf = (data: readonly SubmissionData[], section: SectionKey): SubmissionRow[] =>
  data.flatMap((d) => [...(d.sections[section] ?? [])]);

const sum = (rows: readonly SubmissionRow[], key: string) =>
  rows.reduce((total, row) => total + (typeof row[key] === 'number' ? (row[key] as number) : 0), 0);

const WARNING: ValidationIssue = {
  severity: 'warning',
  code: 'row/above-limit',
  sheet: 'Activities',
  cell: 'H7',
  field: 'budget_spent_lak',
  message: { lo: 'ໃຊ້ຈ່າຍເກີນງົບປະມານ', en: 'Spent more than planned' },
};

/** One status per plan activity, computed from the raw rows: the lead's, else the furthest along. */
function directStatusCounts(data: readonly SubmissionData[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const activity of catalogue.plan.activities) {
    const reports = data.flatMap((d) =>
      (d.sections.activities ?? [])
        .filter((r) => r.activity_code === activity.code)
        .map((row) => ({ unit: d.unitCode, row })),
    );
    const chosen =
      reports.find((r) => r.unit === activity.lead) ??
      [...reports].sort(
        (a, b) =>
          Number(b.row.percent_complete ?? 0) - Number(a.row.percent_complete ?? 0) ||
          a.unit.localeCompare(b.unit),
      )[0];
    const key = chosen ? String(chosen.row.status) : NOT_REPORTED;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('national report, one month', () => {
  const data = ['MPS', 'LA-VT', 'OSPP', 'MOLSW'].map((code, i) => sample(code, '2025-06', i + 1));
  const statuses = [
    status('2025-06', 'MPS', 'on_time'),
    status('2025-06', 'LA-VT', 'late'),
    status('2025-06', 'OSPP', 'on_time'),
    status('2025-06', 'MOLSW', 'on_time'),
    status('2025-06', 'MOJ', 'missing'),
    status('2025-06', 'MOH', 'rejected'),
  ];
  const input: CompileInput = {
    scope: scopeOf('2025-06'),
    statuses,
    submissions: data.map((d, i) => accepted(d, i === 0 ? [WARNING] : [])),
  };
  const report = buildNationalReport(input, catalogue);

  it('lists every plan activity, with a line per reporting unit or one not-reported line', () => {
    expect(report.activities.lines.length).toBeGreaterThanOrEqual(121);
    expect(new Set(report.activities.lines.map((l) => l.activityCode)).size).toBe(121);
    const reportedPairs = new Set(
      data.flatMap((d) => (d.sections.activities ?? []).map((r) => `${r.activity_code}|${d.unitCode}`)),
    );
    const linePairs = report.activities.lines
      .filter((l) => l.unitCode)
      .map((l) => `${l.activityCode}|${l.unitCode}`);
    expect(new Set(linePairs)).toEqual(reportedPairs);
    const reportedCodes = new Set(
      data.flatMap((d) => (d.sections.activities ?? []).map((r) => r.activity_code)),
    );
    for (const line of report.activities.lines.filter((l) => !l.unitCode))
      expect(reportedCodes.has(line.activityCode)).toBe(false);
    const first = report.activities.lines[0];
    expect(first).toMatchObject({
      goal: expect.stringMatching(/^G\d+$/),
      programme: expect.stringMatching(/^P\d+$/),
    });
  });

  it('summarises budgets and statuses exactly as the inputs add up', () => {
    const activities = rowsOf(data, 'activities');
    const { total, goals, programmes } = report.progress;
    // One month: spent this month against a twelfth of the year's plan (same span).
    const plannedForMonth = activities.reduce(
      (t, r) => t + (typeof r.budget_planned_lak === 'number' ? Math.round(r.budget_planned_lak / 12) : 0),
      0,
    );
    expect(total.budgetPlannedLak).toBe(plannedForMonth);
    expect(total.budgetSpentLak).toBe(sum(activities, 'budget_spent_lak'));
    expect(goals.reduce((s, g) => s + g.budgetSpentLak, 0)).toBe(sum(activities, 'budget_spent_lak'));
    expect(programmes.reduce((s, p) => s + p.budgetPlannedLak, 0)).toBe(plannedForMonth);
    expect(total.executionRate).toBeCloseTo((sum(activities, 'budget_spent_lak') / plannedForMonth) * 100, 9);
    expect(total.executionAbove100).toBe(total.budgetSpentLak > plannedForMonth);
    expect(total.activities).toBe(121);
    expect(goals.reduce((s, g) => s + g.activities, 0)).toBe(121);
    expect(programmes.reduce((s, p) => s + p.activities, 0)).toBe(121);
    const direct = directStatusCounts(data);
    for (const code of report.progress.statusCodes) {
      expect(total.byStatus[code], code).toBe(direct.get(code) ?? 0);
      expect(goals.reduce((s, g) => s + (g.byStatus[code] ?? 0), 0)).toBe(direct.get(code) ?? 0);
    }
    expect(total.reported).toBe(121 - (direct.get(NOT_REPORTED) ?? 0));
    expect(report.progress.statusCodes[0]).toBe(NOT_REPORTED);
  });

  it('totals cases by province, victims and every disaggregation, driven by the spec', () => {
    const cases = rowsOf(data, 'cases');
    expect(report.cases.rows.map((r) => r.keys.province)).toEqual(catalogue.provinces.map((p) => p.code));
    const caseTable = TEMPLATE_SPEC.tables.find((t) => t.section === 'cases');
    const numeric = caseTable?.fields.filter((f) => f.type === 'count') ?? [];
    expect(report.cases.fields.map((f) => f.key)).toEqual(numeric.map((f) => f.key));
    expect(cases.length).toBeGreaterThan(1);
    // Each figure from its source of record only (MPS detects, OSPP prosecutes, a province's
    // committee counts its victims), never added over every reporter.
    for (const field of numeric)
      expect(report.cases.total.values[field.key], field.key).toBe(nationalSum(data, 'cases', field.key));
    for (const key of [
      'victims_total',
      'cases_detected',
      'cases_prosecuted',
      'victims_sex_unknown_age_unknown',
    ])
      expect(report.cases.total.values[key], key).toBe(nationalSum(data, 'cases', key));
    const vientiane = report.cases.rows.find((r) => r.keys.province === 'LA-VT');
    const vtOwn = data.find((d) => d.unitCode === 'LA-VT')?.sections.cases ?? [];
    expect(vientiane?.values.victims_total).toBe(sum(vtOwn, 'victims_total'));
  });

  it('totals assistance by type, country and province', () => {
    const services = (r: SubmissionRow) => r.assistance_type !== 'assisted_persons';
    const persons = (r: SubmissionRow) => r.assistance_type === 'assisted_persons';
    for (const key of ['female_child', 'female_adult', 'male_child', 'male_adult', 'persons_total']) {
      // Services given and persons assisted are separate: a person counts once in persons.
      expect(report.assistance.total.values[key], key).toBe(nationalSum(data, 'assistance', key, services));
      expect(report.assistance.personsAssisted?.values[key], key).toBe(
        nationalSum(data, 'assistance', key, persons),
      );
    }
    const repatriated = report.assistance.byType.find((r) => r.keys.assistance_type === 'repatriated');
    expect(repatriated?.values.persons_total).toBe(
      nationalSum(data, 'assistance', 'persons_total', (r) => r.assistance_type === 'repatriated'),
    );
    expect(report.assistance.byType.map((r) => r.keys.assistance_type)).toEqual(
      TEMPLATE_SPEC.choiceLists.assistance_type.map((c) => c.code),
    );
    const byGroup = report.assistance.rows.map((r) => JSON.stringify(r.keys));
    expect(new Set(byGroup).size).toBe(byGroup.length);
  });

  it('lists every awareness event and totals them by type', () => {
    const events = rowsOf(data, 'awareness');
    const { awareness } = report;
    expect(awareness.events).toHaveLength(events.length);
    expect(awareness.total.events).toBe(events.length);
    expect(awareness.total.values.participants_female).toBe(sum(events, 'participants_female'));
    expect(awareness.total.values.participants_male).toBe(sum(events, 'participants_male'));
    expect(awareness.total.participantsTotal).toBe(
      sum(events, 'participants_female') + sum(events, 'participants_male'),
    );
    const training = awareness.byType.find((t) => t.eventType === 'training');
    expect(training?.events).toBe(events.filter((e) => e.event_type === 'training').length);
    const dates = [...awareness.events].map((e) => String(e.values.event_date));
    expect(dates).toEqual([...dates].sort());
  });

  it('orders awareness events by date, unit, month, then as reported, across months', () => {
    const months = ['2025-04', '2025-05', '2025-06'];
    const units = ['MPS', 'LA-VT', 'MOLSW'];
    // Dates that cross months, repeat within and across units and months, and are missing.
    const dates = ['2025-05-01', '2025-04-30', '2025-05-01', null, '2025-06-15', '2025-04-30', '2025-05-01'];
    const submissions = months.flatMap((period, m) =>
      units.map((code, u) => {
        const data = sample(code, period, 10 * m + u + 1);
        const template = data.sections.awareness?.[0] ?? {};
        const awareness = dates.map((date, i) => ({
          ...template,
          event_date: date,
          topic: `ກອງປະຊຸມ ${period} ${code} ${i}`,
        }));
        return accepted({ ...data, sections: { ...data.sections, awareness } });
      }),
    );
    const report = buildNationalReport(
      { scope: { label: '2025-Q2', months }, statuses: [], submissions: [...submissions].reverse() },
      catalogue,
    );
    // The order the workbook has always had: one stable sort of every event, as the months
    // came in (units by code), by date, then unit, then month.
    const asReported = months.flatMap((period) =>
      [...units].sort().flatMap((code) =>
        dates.map((date, i) => ({
          date: date ?? '',
          code,
          period,
          topic: `ກອງປະຊຸມ ${period} ${code} ${i}`,
        })),
      ),
    );
    const text = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const expected = [...asReported].sort(
      (a, b) => text(a.date, b.date) || text(a.code, b.code) || text(a.period, b.period),
    );
    const events = [...report.awareness.events];
    expect(events.map((e) => e.values.topic)).toEqual(expected.map((e) => e.topic));
    expect(report.awareness.events).toHaveLength(expected.length);
    expect(report.awareness.total.events).toBe(expected.length);
  });

  it('carries warnings and sources', () => {
    expect([...report.warnings]).toEqual([
      {
        unitCode: 'MPS',
        period: '2025-06',
        sheet: 'Activities',
        cell: 'H7',
        field: 'budget_spent_lak',
        code: 'row/above-limit',
        message: WARNING.message,
      },
    ]);
    expect([...report.sources].map((s) => s.unitCode)).toEqual(['LA-VT', 'MOLSW', 'MPS', 'OSPP']);
    expect([...report.sources][0]).toMatchObject({ period: '2025-06', fileName: 'LA-VT-2025-06.xlsx' });
  });

  it('is deterministic, whatever the order of the input', () => {
    const shuffled: CompileInput = {
      scope: input.scope,
      statuses: [...statuses].reverse(),
      submissions: [...input.submissions].reverse(),
    };
    // Plain data once written out: the lists kept off the heap serialise as arrays.
    const plain = (of: NationalReport) => JSON.parse(JSON.stringify(of)) as NationalReport;
    expect(plain(buildNationalReport(shuffled, catalogue))).toEqual(plain(report));
    expect([...plain(report).awareness.events]).toEqual([...report.awareness.events]);
    expect([...plain(report).sources]).toEqual([...report.sources]);
  });

  it('adds a column for a field added to the spec, with no other edit', () => {
    const spec: TemplateSpec = {
      ...TEMPLATE_SPEC,
      tables: TEMPLATE_SPEC.tables.map((t) =>
        t.section === 'cases'
          ? {
              ...t,
              fields: [
                ...t.fields,
                {
                  key: 'routes_disrupted',
                  label: { lo: 'ເສັ້ນທາງທີ່ຖືກສະກັດ', en: 'Routes disrupted' },
                  help: { lo: '-', en: '-' },
                  type: 'count',
                  required: false,
                },
              ],
            }
          : t,
      ),
    };
    const withExtra: CompileInput = {
      ...input,
      submissions: input.submissions.map((s) => ({
        ...s,
        data: {
          ...s.data,
          sections: {
            ...s.data.sections,
            cases: s.data.sections.cases?.map((r) => ({ ...r, routes_disrupted: 2 })),
          },
        },
      })),
    };
    const extended = buildNationalReport(withExtra, catalogue, spec);
    expect(extended.cases.fields.at(-1)?.key).toBe('routes_disrupted');
    // No source of record is declared for it, so every reporter's figure adds up.
    expect(extended.cases.total.values.routes_disrupted).toBe(2 * rowsOf(data, 'cases').length);
  });
});

describe('reporting rates (DHIS2)', () => {
  it('divides received and on-time reports by units x months', () => {
    const statuses = [
      status('2025-04', 'MPS', 'on_time'),
      status('2025-04', 'MOJ', 'late'),
      status('2025-04', 'LA-VT', 'missing'),
      status('2025-05', 'MPS', 'on_time'),
      status('2025-05', 'MOJ', 'rejected'),
      status('2025-05', 'LA-VT', 'on_time'),
      status('2025-06', 'MPS', 'late'),
      // MOJ has no entry for June: expected all the same, so missing.
      status('2025-06', 'LA-VT', 'on_time'),
      // Outside the scope: ignored.
      status('2025-07', 'MPS', 'on_time'),
    ];
    const report = buildNationalReport({ scope: scopeOf('2025-Q2'), statuses, submissions: [] }, catalogue);
    const { total, byMonth, entries } = report.reporting;
    expect(total).toMatchObject({
      period: '2025-Q2',
      expected: 9,
      received: 6,
      onTime: 4,
      late: 2,
      rejected: 1,
    });
    expect(total.missing).toBe(2);
    expect(total.reportingRate).toBeCloseTo((6 / 9) * 100, 9);
    expect(total.onTimeRate).toBeCloseTo((4 / 9) * 100, 9);
    expect(byMonth.map((m) => [m.period, m.expected, m.received, m.onTime])).toEqual([
      ['2025-04', 3, 2, 1],
      ['2025-05', 3, 2, 2],
      ['2025-06', 3, 2, 1],
    ]);
    expect(byMonth[0]?.onTimeRate).toBeCloseTo(100 / 3, 9);
    expect(entries).toHaveLength(9);
    expect(entries.find((e) => e.period === '2025-06' && e.unitCode === 'MOJ')?.status).toBe('missing');
    expect(entries.map((e) => `${e.period} ${e.unitCode}`)).toEqual(
      [...entries.map((e) => `${e.period} ${e.unitCode}`)].sort(),
    );
  });

  it('gives null rates when nothing was expected', () => {
    const report = buildNationalReport(
      { scope: scopeOf('2025-06'), statuses: [], submissions: [] },
      catalogue,
    );
    expect(report.reporting.total).toMatchObject({ expected: 0, reportingRate: null, onTimeRate: null });
    expect(report.progress.total.byStatus[NOT_REPORTED]).toBe(121);
    expect(report.cases.total.values.victims_total).toBe(0);
  });
});

describe('quarter roll-up', () => {
  const april = sample('MPS', '2025-04', 1);
  const may = sample('MPS', '2025-05', 2);
  const code = catalogue.activitiesOf('MPS')[0]?.code ?? '';
  /** Replaces the figures of one activity row so the expected roll-up is known. */
  const craft = (data: SubmissionData, figures: Record<string, string | number | null>): SubmissionData => ({
    ...data,
    sections: {
      ...data.sections,
      activities: data.sections.activities?.map((r) => (r.activity_code === code ? { ...r, ...figures } : r)),
    },
  });
  const aprilCrafted = craft(april, {
    status: 'in_progress',
    percent_complete: 30,
    budget_planned_lak: 100_000_000,
    budget_spent_lak: 10_000_000,
    people_reached_female: 10,
    people_reached_male: 4,
    outputs: 'ຮ່າງເອກະສານ',
  });
  const mayCrafted = craft(may, {
    status: 'delayed',
    percent_complete: 50,
    budget_planned_lak: 120_000_000,
    budget_spent_lak: 20_000_000,
    people_reached_female: 5,
    people_reached_male: null,
    outputs: null,
  });
  const report = buildNationalReport(
    {
      scope: scopeOf('2025-Q2'),
      statuses: [status('2025-04', 'MPS', 'on_time'), status('2025-05', 'MPS', 'late')],
      submissions: [accepted(aprilCrafted), accepted(mayCrafted)],
    },
    catalogue,
  );

  it('adds flows and takes the latest month for stocks', () => {
    const line = report.activities.lines.find((l) => l.activityCode === code && l.unitCode === 'MPS');
    expect(line?.periods).toEqual(['2025-04', '2025-05']);
    expect(line?.values).toMatchObject({
      status: 'delayed',
      percent_complete: 50,
      budget_planned_lak: 120_000_000,
      budget_spent_lak: 30_000_000,
      people_reached_female: 15,
      people_reached_male: 4,
      // A blank in May does not erase April's outputs.
      outputs: 'ຮ່າງເອກະສານ',
    });
  });

  it('sums both months of spending against the plan of the same two months', () => {
    // Planned for the year: a twelfth per month reported, per line, so both cover April-May.
    const plannedOf = (activityCode: unknown) =>
      Math.round(
        [aprilCrafted, mayCrafted]
          .flatMap((d) => d.sections.activities ?? [])
          .filter((r) => r.activity_code === activityCode)
          .reduce((t, r) => t + Number(r.budget_planned_lak ?? 0) / 12, 0),
      );
    const codes = new Set((mayCrafted.sections.activities ?? []).map((r) => r.activity_code));
    const planned = [...codes].reduce<number>((t, c) => t + plannedOf(c), 0);
    const spent =
      sum(aprilCrafted.sections.activities ?? [], 'budget_spent_lak') +
      sum(mayCrafted.sections.activities ?? [], 'budget_spent_lak');
    expect(report.progress.total.budgetPlannedLak).toBe(planned);
    expect(report.progress.total.budgetSpentLak).toBe(spent);
    const line = report.activities.lines.find((l) => l.activityCode === code && l.unitCode === 'MPS');
    expect(line?.money).toEqual({
      basis: 'period',
      spentLak: 30_000_000,
      plannedLak: Math.round(220_000_000 / 12),
      executionRate: (30_000_000 / (220_000_000 / 12)) * 100,
    });
    expect(report.cases.total.values.victims_total).toBe(
      nationalSum([aprilCrafted, mayCrafted], 'cases', 'victims_total'),
    );
    expect(report.awareness.events).toHaveLength(rowsOf([april, may], 'awareness').length);
    // One unit named in the statuses x three months; June has no entry, so it is missing.
    expect(report.reporting.total).toMatchObject({ expected: 3, received: 2, onTime: 1, missing: 1 });
  });
});
