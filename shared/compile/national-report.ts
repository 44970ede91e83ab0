/**
 * The national report as plain data: a pure function of the compile input and the catalogue.
 * Every table is driven by the template spec's fields, so a new field shows up here with no
 * edit. Quarter, year and whole-plan scopes use the same code: flows (people, cases, kip
 * spent) add up across months, stocks (status, percent, planned budget) take the latest.
 */
import type { FieldValue } from '../parse/coerce-cell.ts';
import type { SubmissionRow } from '../parse/submission.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import type { Activity, SectionKey } from '../reference/reference-schema.ts';
import { rollupOf } from '../spec/choices.ts';
import type { FieldSpec, TableSheetSpec, TemplateSpec } from '../spec/field-types.ts';
import { TEMPLATE_SPEC } from '../spec/template-spec.ts';
import type { Bilingual } from '../text/bilingual.ts';
import type { ValidationIssue } from '../validate/issue.ts';
import type { CompileInput, ReportingStatusEntry } from './compile-input.ts';
import type { PeriodScope } from './period-scope.ts';

export const ACTIVITY_STATUSES = ['not_started', 'in_progress', 'completed', 'delayed', 'cancelled'] as const;

/** Reporting and on-time rates as DHIS2 defines them: received (or on time) / expected x 100. */
export interface Rates {
  readonly period: string;
  readonly expected: number;
  readonly received: number;
  readonly onTime: number;
  readonly reportingRate: number | null;
  readonly onTimeRate: number | null;
}

/** Progress of a goal or programme. */
export interface ProgressSummary {
  readonly code: string;
  readonly title: Bilingual;
  readonly activities: number;
  readonly reported: number;
  /** Activities by status of the report used (lead unit first); `not_reported` for none. */
  readonly byStatus: Readonly<Record<(typeof ACTIVITY_STATUSES)[number] | 'not_reported', number>>;
  readonly averagePercent: number | null;
  readonly budgetPlannedLak: number;
  readonly budgetSpentLak: number;
  readonly executionRate: number | null;
}

/** One plan activity as reported by one unit (or not reported at all: unitCode null). */
export interface ActivityLine {
  readonly activity: Activity;
  readonly programme: string;
  readonly unitCode: string | null;
  readonly values: Readonly<Record<string, FieldValue>>;
}

/** A summed table row: its grouping keys and the summed numeric fields. */
export interface SummedRow {
  readonly keys: Readonly<Record<string, string | null>>;
  readonly values: Readonly<Record<string, number>>;
  readonly units: readonly string[];
}

export interface NationalReport {
  readonly scope: PeriodScope;
  readonly rates: Rates;
  readonly ratesByMonth: readonly Rates[];
  readonly statuses: readonly ReportingStatusEntry[];
  readonly goals: readonly ProgressSummary[];
  readonly programmes: readonly ProgressSummary[];
  readonly activities: readonly ActivityLine[];
  /** Numeric case fields (from the spec) in column order. */
  readonly caseFields: readonly FieldSpec[];
  readonly cases: readonly SummedRow[];
  readonly casesTotal: Readonly<Record<string, number>>;
  readonly assistanceFields: readonly FieldSpec[];
  readonly assistance: readonly SummedRow[];
  readonly assistanceTotal: Readonly<Record<string, number>>;
  readonly events: readonly { unitCode: string; period: string; row: SubmissionRow }[];
  readonly eventsByType: readonly { eventType: string; events: number; female: number; male: number }[];
  readonly warnings: readonly { unitCode: string; period: string; issue: ValidationIssue }[];
  readonly sources: readonly {
    unitCode: string;
    period: string;
    sha256: string;
    fileName: string | null;
    submittedAt: string;
    submittedBy: string;
  }[];
}

const isNumeric = (field: FieldSpec) => field.type === 'count' || field.type === 'money';
const num = (value: FieldValue | undefined) => (typeof value === 'number' ? value : 0);
const round1 = (n: number) => Math.round(n * 10) / 10;

function table(spec: TemplateSpec, section: SectionKey): TableSheetSpec {
  const found = spec.tables.find((t) => t.section === section);
  if (!found) throw new Error(`template spec has no ${section} section`);
  return found;
}

function rates(period: string, statuses: readonly ReportingStatusEntry[]): Rates {
  const expected = statuses.length;
  const received = statuses.filter((s) => s.status === 'on_time' || s.status === 'late').length;
  const onTime = statuses.filter((s) => s.status === 'on_time').length;
  return {
    period,
    expected,
    received,
    onTime,
    reportingRate: expected ? round1((received / expected) * 100) : null,
    onTimeRate: expected ? round1((onTime / expected) * 100) : null,
  };
}

/** Combines one unit's rows for one activity across months, field by field. */
function rollUp(rows: readonly SubmissionRow[], fields: readonly FieldSpec[]): Record<string, FieldValue> {
  const combined: Record<string, FieldValue> = {};
  for (const field of fields) {
    if (field.displayOnly) continue;
    if (rollupOf(field) === 'sum') {
      const present = rows.map((r) => r[field.key]).filter((v): v is number => typeof v === 'number');
      combined[field.key] = present.length ? present.reduce((a, b) => a + b, 0) : null;
    } else {
      const latest = [...rows].reverse().find((r) => r[field.key] !== null && r[field.key] !== undefined);
      combined[field.key] = latest?.[field.key] ?? null;
    }
  }
  return combined;
}

function sumRows(
  entries: readonly { unitCode: string; row: SubmissionRow }[],
  keyFields: readonly string[],
  numericFields: readonly FieldSpec[],
): SummedRow[] {
  const groups = new Map<
    string,
    { keys: Record<string, string | null>; values: Record<string, number>; units: Set<string> }
  >();
  for (const { unitCode, row } of entries) {
    const keys = Object.fromEntries(keyFields.map((k) => [k, (row[k] as string | null) ?? null]));
    const id = JSON.stringify(keys);
    let group = groups.get(id);
    if (!group) {
      group = { keys, values: Object.fromEntries(numericFields.map((f) => [f.key, 0])), units: new Set() };
      groups.set(id, group);
    }
    for (const field of numericFields)
      group.values[field.key] = (group.values[field.key] ?? 0) + num(row[field.key]);
    group.units.add(unitCode);
  }
  return [...groups.values()]
    .map((g) => ({ keys: g.keys, values: g.values, units: [...g.units].sort() }))
    .sort((a, b) => JSON.stringify(a.keys).localeCompare(JSON.stringify(b.keys)));
}

function totalOf(rows: readonly SummedRow[], fields: readonly FieldSpec[]): Record<string, number> {
  return Object.fromEntries(
    fields.map((f) => [f.key, rows.reduce((sum, row) => sum + (row.values[f.key] ?? 0), 0)]),
  );
}

function summarise(
  code: string,
  title: Bilingual,
  lines: readonly ActivityLine[],
  activities: readonly Activity[],
): ProgressSummary {
  const byStatus = Object.fromEntries([...ACTIVITY_STATUSES, 'not_reported'].map((s) => [s, 0])) as Record<
    string,
    number
  >;
  const percents: number[] = [];
  let reported = 0;
  let planned = 0;
  let spent = 0;
  for (const activity of activities) {
    const reports = lines.filter((l) => l.activity.code === activity.code && l.unitCode !== null);
    for (const line of reports) {
      planned += num(line.values.budget_planned_lak);
      spent += num(line.values.budget_spent_lak);
    }
    // One status per activity: the lead unit's report if it has one, else the furthest along.
    const chosen =
      reports.find((l) => l.unitCode === activity.lead && l.values.status) ??
      [...reports]
        .filter((l) => l.values.status)
        .sort((a, b) => num(b.values.percent_complete) - num(a.values.percent_complete))[0];
    const status = chosen?.values.status;
    if (typeof status !== 'string') {
      byStatus.not_reported = (byStatus.not_reported ?? 0) + 1;
      continue;
    }
    reported += 1;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (typeof chosen?.values.percent_complete === 'number') percents.push(chosen.values.percent_complete);
  }
  return {
    code,
    title,
    activities: activities.length,
    reported,
    byStatus: byStatus as ProgressSummary['byStatus'],
    averagePercent: percents.length ? round1(percents.reduce((a, b) => a + b, 0) / percents.length) : null,
    budgetPlannedLak: planned,
    budgetSpentLak: spent,
    executionRate: planned ? round1((spent / planned) * 100) : null,
  };
}

/** Builds the whole national report. Deterministic: the same input gives the same report. */
export function buildNationalReport(
  input: CompileInput,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): NationalReport {
  const submissions = [...input.submissions].sort(
    (a, b) => a.data.period.localeCompare(b.data.period) || a.data.unitCode.localeCompare(b.data.unitCode),
  );
  const programmeOf = new Map(catalogue.plan.projects.map((p) => [p.code, p.programme]));

  // Activities: one line per activity x reporting unit, months rolled up.
  const activityTable = table(spec, 'activities');
  const rowsByPair = new Map<string, SubmissionRow[]>();
  for (const submission of submissions) {
    for (const row of submission.data.sections.activities ?? []) {
      if (typeof row.activity_code !== 'string' || !row.status) continue;
      const key = `${row.activity_code}|${submission.data.unitCode}`;
      rowsByPair.set(key, [...(rowsByPair.get(key) ?? []), row]);
    }
  }
  const activities: ActivityLine[] = [];
  for (const activity of catalogue.plan.activities) {
    const programme = programmeOf.get(activity.project) ?? '';
    const units = [...rowsByPair.keys()]
      .filter((k) => k.startsWith(`${activity.code}|`))
      .map((k) => k.split('|')[1] ?? '')
      .sort();
    if (!units.length) activities.push({ activity, programme, unitCode: null, values: {} });
    for (const unitCode of units)
      activities.push({
        activity,
        programme,
        unitCode,
        values: rollUp(rowsByPair.get(`${activity.code}|${unitCode}`) ?? [], activityTable.fields),
      });
  }

  const goals = catalogue.plan.goals.map((goal) =>
    summarise(
      goal.code,
      goal.title,
      activities,
      catalogue.plan.activities.filter((a) => a.goal === goal.code),
    ),
  );
  const programmes = catalogue.plan.programmes.map((programme) =>
    summarise(
      programme.code,
      programme.title,
      activities,
      catalogue.plan.activities.filter((a) => programmeOf.get(a.project) === programme.code),
    ),
  );

  const entriesOf = (section: SectionKey) =>
    submissions.flatMap((s) =>
      (s.data.sections[section] ?? []).map((row) => ({
        unitCode: s.data.unitCode,
        period: s.data.period,
        row,
      })),
    );

  // Case statistics: every province, zeros where nobody reported.
  const caseFields = table(spec, 'cases').fields.filter(isNumeric);
  const reportedCases = sumRows(entriesOf('cases'), ['province'], caseFields);
  const cases = catalogue.provinces.map(
    (province) =>
      reportedCases.find((row) => row.keys.province === province.code) ?? {
        keys: { province: province.code },
        values: Object.fromEntries(caseFields.map((f) => [f.key, 0])),
        units: [],
      },
  );

  const assistanceTable = table(spec, 'assistance');
  const assistanceFields = assistanceTable.fields.filter(isNumeric);
  const assistanceKeys = assistanceTable.fields.filter((f) => f.type === 'choice').map((f) => f.key);
  const assistance = sumRows(entriesOf('assistance'), assistanceKeys, assistanceFields);

  const events = entriesOf('awareness').sort(
    (a, b) =>
      String(a.row.event_date).localeCompare(String(b.row.event_date)) ||
      a.unitCode.localeCompare(b.unitCode),
  );
  const typeCodes = [...new Set(events.map((e) => String(e.row.event_type)))].sort();
  const eventsByType = typeCodes.map((eventType) => {
    const ofType = events.filter((e) => e.row.event_type === eventType);
    return {
      eventType,
      events: ofType.length,
      female: ofType.reduce((sum, e) => sum + num(e.row.participants_female), 0),
      male: ofType.reduce((sum, e) => sum + num(e.row.participants_male), 0),
    };
  });

  return {
    scope: input.scope,
    rates: rates(input.scope.label, input.statuses),
    ratesByMonth: input.scope.months.map((month) =>
      rates(
        month,
        input.statuses.filter((s) => s.period === month),
      ),
    ),
    statuses: input.statuses,
    goals,
    programmes,
    activities,
    caseFields,
    cases,
    casesTotal: totalOf(cases, caseFields),
    assistanceFields,
    assistance,
    assistanceTotal: totalOf(assistance, assistanceFields),
    events,
    eventsByType,
    warnings: submissions.flatMap((s) =>
      s.warnings.map((issue) => ({ unitCode: s.data.unitCode, period: s.data.period, issue })),
    ),
    sources: submissions.map((s) => ({
      unitCode: s.data.unitCode,
      period: s.data.period,
      sha256: s.sha256,
      fileName: s.fileName,
      submittedAt: s.submittedAt,
      submittedBy: s.submittedBy,
    })),
  };
}
