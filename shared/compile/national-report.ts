/**
 * The national report as plain data: a pure function of the compile input and the catalogue
 * (no clock, no randomness, everything sorted by stable keys), so the same input always gives
 * the same report and the same workbook.
 *
 * Every table is driven by the template spec's fields: a field added to the spec becomes a
 * column here with no other edit. Quarter, year and whole-plan scopes run the same code over
 * more months: per field, `rollupOf` decides whether months add up (flows: people, cases, kip
 * spent) or the latest month stands (stocks: status, percent, planned budget).
 */
import type { FieldValue } from '../parse/coerce-cell.ts';
import type { SubmissionRow } from '../parse/submission.ts';
import { upgradeSubmission } from '../parse/upgrade-submission.ts';
import { type Catalogue, planSpan } from '../reference/catalogue.ts';
import type { Activity, SectionKey } from '../reference/reference-schema.ts';
import { resolveChoices, rollupOf } from '../spec/choices.ts';
import type { FieldSpec, TableSheetSpec, TemplateSpec } from '../spec/field-types.ts';
import { specForVersion, TEMPLATE_SPEC } from '../spec/template-spec.ts';
import type { Bilingual } from '../text/bilingual.ts';
import type { IssueCode } from '../validate/issue.ts';
import type {
  AcceptedSubmission,
  CompileInput,
  ReportingStatus,
  ReportingStatusEntry,
  SourceProblem,
} from './compile-input.ts';
import type { PeriodScope } from './period-scope.ts';
import { type SectionStatus, sectionStatuses } from './section-status.ts';
import { keepSourceOfRecord, provinceOfRow, sourceRuleFor, sourceUnitOf } from './source-of-record.ts';
import { mergeSortedRuns, type RowList, SpillBudget, SpilledList } from './spilled-list.ts';

/** Status code of a plan activity that no unit reported in the scope. */
export const NOT_REPORTED = 'not_reported';

/**
 * Activity fields the progress summary reads by meaning. The summary is the one place that
 * needs to know what a field is for; every other table just follows the spec.
 */
export const PROGRESS_FIELDS = {
  status: 'status',
  percent: 'percent_complete',
  budgetPlanned: 'budget_planned_lak',
  budgetSpent: 'budget_spent_lak',
} as const;

/** Reporting statuses, best first: the order of the workbook's columns and colours. */
export const REPORTING_STATUSES: readonly ReportingStatus[] = [
  'on_time',
  'late',
  'returned',
  'rejected',
  'missing',
];

/**
 * Completeness and timeliness as DHIS2 defines them, for one month or the whole scope:
 * reporting rate = received / expected x 100, on-time rate = received on time / expected x 100.
 * Expected is units x months; late counts as received but not on time; rejected-only,
 * returned (by the Secretariat, counted with rejected) and missing count as not received.
 */
export interface ReportingRates {
  /** A month (`2025-06`) or the scope label for the whole scope. */
  readonly period: string;
  readonly expected: number;
  readonly received: number;
  readonly onTime: number;
  readonly late: number;
  readonly rejected: number;
  readonly missing: number;
  /** Percent (0-100), null when nothing was expected. */
  readonly reportingRate: number | null;
  /** Percent (0-100), null when nothing was expected. */
  readonly onTimeRate: number | null;
}

/** A unit's month: its reporting status and, per section, complete, nil or missing. */
export interface ReportingLine extends ReportingStatusEntry {
  readonly sections: Readonly<Record<SectionKey, SectionStatus>>;
}

/** Who reported what, per unit x month. */
export interface ReportingSection {
  /** Every expected unit x every month of the scope, sorted by month then unit code. */
  readonly entries: readonly ReportingLine[];
  readonly byMonth: readonly ReportingRates[];
  readonly total: ReportingRates;
}

/** Progress of a goal, a programme or the whole plan. */
export interface ProgressSummary {
  /** Goal or programme code; `TOTAL` for the whole plan. */
  readonly code: string;
  readonly title: Bilingual;
  /** Activities of the plan under this heading. */
  readonly activities: number;
  /** Activities with at least one report that gives a status. */
  readonly reported: number;
  /**
   * Activities by status, one status per activity (see {@link buildNationalReport}); keyed
   * by the codes of {@link ProgressSection.statusCodes}. Adds up to `activities`.
   */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Mean percent complete over the reported activities, null when none. */
  readonly averagePercent: number | null;
  /** Sum over every reporting unit of its budget planned for the same span as the spending (kip). */
  readonly budgetPlannedLak: number;
  /** Sum over every reporting unit of its spending in the span (kip). */
  readonly budgetSpentLak: number;
  /** Spent / planned x 100 (percent), both over the same span; null when nothing was planned. */
  readonly executionRate: number | null;
  /** More spent than planned: shown and flagged in the workbook, never capped. */
  readonly executionAbove100: boolean;
}

export interface ProgressSection {
  /** `not_reported` first, then the spec's status codes in list order (then any unknown code). */
  readonly statusCodes: readonly string[];
  readonly goals: readonly ProgressSummary[];
  readonly programmes: readonly ProgressSummary[];
  readonly total: ProgressSummary;
}

/** One plan activity as reported by one unit, months rolled up; or a plan activity nobody reported. */
export interface ActivityLine {
  readonly activityCode: string;
  /** False for a reported code the plan does not know (a plan replaced mid-scope). */
  readonly inPlan: boolean;
  readonly title: Bilingual | null;
  readonly goal: string | null;
  readonly programme: string | null;
  readonly project: string | null;
  readonly lead: string | null;
  /** The reporting unit; null when nobody reported the activity. */
  readonly unitCode: string | null;
  /** Months this unit reported the activity, ascending. */
  readonly periods: readonly string[];
  /** Values by field key (the section's value fields); empty when not reported. */
  readonly values: Readonly<Record<string, FieldValue>>;
  /** Spending and plan over the same span (see {@link LineMoney}); null when not reported. */
  readonly money: LineMoney | null;
}

/**
 * Money of one activity line over one span, following each report's declared meaning:
 * - `period` (template version 2 on): spent is the sum of the months' spending; planned is a
 *   twelfth of the year's plan for each month reported, so both cover the same months;
 * - `to_date` (version 1): spent to date and the activity's whole budget, latest month.
 * When a line has both, the version 2 months stand (the bases do not mix).
 */
export interface LineMoney {
  readonly basis: 'period' | 'to_date';
  readonly spentLak: number | null;
  readonly plannedLak: number | null;
  /** Spent / planned x 100; null without a plan. */
  readonly executionRate: number | null;
}

export interface ActivitiesSection {
  /** The field holding the activity code (it identifies the line, it is not a value). */
  readonly codeField: string;
  /** Value columns, in spec order. */
  readonly fields: readonly FieldSpec[];
  readonly lines: readonly ActivityLine[];
}

/** A row of a summed table: its grouping codes, the summed numeric fields and who contributed. */
export interface SummedRow {
  /** Grouping field key -> code (null when the cell was blank). */
  readonly keys: Readonly<Record<string, string | null>>;
  /** Numeric field key -> sum (0 when nobody reported). */
  readonly values: Readonly<Record<string, number>>;
  /** Units whose reports were added into this row, sorted. */
  readonly units: readonly string[];
}

/** A table of numbers summed over units and months, grouped by the section's choice fields. */
export interface SummedSection {
  /** Grouping fields (the section's choice fields), in spec order. */
  readonly keyFields: readonly FieldSpec[];
  /** Summed fields (the section's count and money fields), in spec order. */
  readonly fields: readonly FieldSpec[];
  readonly rows: readonly SummedRow[];
  /** Sum of all rows; its `keys` are all null. */
  readonly total: SummedRow;
}

/**
 * Victim assistance: the summed table plus subtotals by the first grouping field (the type).
 * Persons assisted (each person once) and services given (one person may get several) are
 * separate figures: `total` adds the service rows only, `personsAssisted` the persons rows.
 */
export interface AssistanceSection extends SummedSection {
  /** One row per value of the first grouping field, list order, zeros included. */
  readonly byType: readonly SummedRow[];
  /** Total of the rows that count each person once; null when the spec has no such row. */
  readonly personsAssisted: SummedRow | null;
}

/**
 * What a reporter other than the source of record said about a figure, beside the national
 * (source of record) number: the Secretariat follows up the differences.
 */
export interface ReconciliationLine {
  readonly section: SectionKey;
  /** The row's grouping codes (province; assistance type, country and province). */
  readonly keys: Readonly<Record<string, string | null>>;
  /** Field key of the figure. */
  readonly figure: string;
  /** The unit of record; null when the rule names none for this row (no province given). */
  readonly sourceUnit: string | null;
  /** The national number; null when the unit of record did not report this row. */
  readonly sourceValue: number | null;
  readonly unitCode: string;
  readonly value: number;
  /** value - sourceValue; null when the source did not report. */
  readonly difference: number | null;
}

/** One awareness or training event as the unit reported it. */
export interface EventLine {
  readonly unitCode: string;
  readonly period: string;
  /** Values by field key (every stored field of the section). */
  readonly values: Readonly<Record<string, FieldValue>>;
  /** Sum of the participant fields (see {@link AwarenessSection.participantFields}). */
  readonly participantsTotal: number;
}

/** Totals of events of one type (or of all: `eventType` null). */
export interface EventTotals {
  readonly eventType: string | null;
  readonly events: number;
  /** Numeric field key -> sum. */
  readonly values: Readonly<Record<string, number>>;
  readonly participantsTotal: number;
}

export interface AwarenessSection {
  /** Every stored field of the section, in spec order. */
  readonly fields: readonly FieldSpec[];
  /** The numeric fields, summed in the totals. */
  readonly numericFields: readonly FieldSpec[];
  /** Count fields whose key starts with `participants_`: they add up to the participants total. */
  readonly participantFields: readonly FieldSpec[];
  /** The choice field events are totalled by (the event type), or null. */
  readonly typeField: FieldSpec | null;
  /** In the workbook's order (date, unit, month, then as reported); read lazily, not held. */
  readonly events: RowList<EventLine>;
  /** One row per event type in list order, zeros included. */
  readonly byType: readonly EventTotals[];
  readonly total: EventTotals;
}

/** A warning the validator gave an accepted submission, carried into the national workbook. */
export interface WarningLine {
  readonly unitCode: string;
  readonly period: string;
  readonly sheet: string | null;
  readonly cell: string | null;
  readonly field: string | null;
  readonly code: IssueCode;
  readonly message: Bilingual;
}

/** Where the figures came from: one line per accepted submission used. */
export interface SourceLine {
  readonly unitCode: string;
  readonly period: string;
  readonly sha256: string;
  readonly fileName: string | null;
  readonly submittedAt: string;
  readonly submittedBy: string;
}

/** The whole content of the national workbook, as plain (JSON-serialisable) data. */
export interface NationalReport {
  readonly scope: PeriodScope;
  readonly plan: {
    readonly title: Bilingual;
    readonly illustrative: boolean;
    /** The plan version the report was built against (content hash), and its span. */
    readonly version: string;
    readonly span: string;
  };
  /** The spec's choice lists, so the workbook labels codes exactly as the report's spec does. */
  readonly choiceLists: TemplateSpec['choiceLists'];
  readonly reporting: ReportingSection;
  readonly progress: ProgressSection;
  readonly activities: ActivitiesSection;
  /** Case statistics: one row per province of the catalogue (zeros where no data). */
  readonly cases: SummedSection;
  readonly assistance: AssistanceSection;
  readonly awareness: AwarenessSection;
  /** Other reporters' figures beside the source of record's, by section, then keys, figure, unit. */
  readonly reconciliation: readonly ReconciliationLine[];
  /** In month order, then unit, then as the validator gave them (read lazily, not held). */
  readonly warnings: RowList<WarningLine>;
  /** In month order, then unit (read lazily, not held). */
  readonly sources: RowList<SourceLine>;
  /** Registered Google Sheets that could not be read (shown in Sources with the reason). */
  readonly sourceProblems?: readonly SourceProblem[];
}

const isNumeric = (field: FieldSpec) => field.type === 'count' || field.type === 'money';
const asNumber = (value: FieldValue | undefined) => (typeof value === 'number' ? value : 0);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const percentOf = (part: number, whole: number) => (whole ? (part / whole) * 100 : null);

function tableOf(spec: TemplateSpec, section: SectionKey): TableSheetSpec {
  const table = spec.tables.find((t) => t.section === section);
  if (!table) throw new Error(`the template spec has no ${section} section`);
  return table;
}

/** Stored fields of a table (display-only columns are never parsed or kept). */
const storedFields = (table: TableSheetSpec) => table.fields.filter((f) => !f.displayOnly);

/**
 * The current accepted submission per unit of one month. The input should hold one already;
 * should it hold two, the latest upload wins, as it would in storage. Sorted by unit code.
 */
function currentOfMonth(submissions: readonly AcceptedSubmission[]): AcceptedSubmission[] {
  const byUnit = new Map<string, AcceptedSubmission>();
  for (const submission of submissions) {
    const held = byUnit.get(submission.data.unitCode);
    if (
      !held ||
      compareText(held.submittedAt, submission.submittedAt) < 0 ||
      (held.submittedAt === submission.submittedAt && compareText(held.sha256, submission.sha256) < 0)
    )
      byUnit.set(submission.data.unitCode, submission);
  }
  // Older template versions come in the current layout; their version keeps their meaning.
  return [...byUnit.values()]
    .map((submission) => ({ ...submission, data: upgradeSubmission(submission.data) }))
    .sort((a, b) => compareText(a.data.unitCode, b.data.unitCode));
}

// ---------------------------------------------------------------------------------------
// Reporting status and rates

/** Reporting and on-time rates as DHIS2 defines them, over the given unit-months. */
export function reportingRates(period: string, entries: readonly ReportingStatusEntry[]): ReportingRates {
  const count = (status: ReportingStatus) => entries.filter((e) => e.status === status).length;
  const onTime = count('on_time');
  const late = count('late');
  const expected = entries.length;
  return {
    period,
    expected,
    received: onTime + late,
    onTime,
    late,
    // Returned by the Secretariat counts with rejected: not received until corrected.
    rejected: count('rejected') + count('returned'),
    missing: count('missing'),
    reportingRate: percentOf(onTime + late, expected),
    onTimeRate: percentOf(onTime, expected),
  };
}

/**
 * Every expected unit x every month. Expected units are those the statuses name (the compile
 * lists every unit of the catalogue); a unit listed for some months but not others is
 * missing for the others, so expected is always units x months.
 */
function buildReporting(
  scope: PeriodScope,
  allStatuses: readonly ReportingStatusEntry[],
  catalogue: Catalogue,
  acceptedSections: ReadonlyMap<string, Record<SectionKey, SectionStatus>>,
): ReportingSection {
  const months = scope.months;
  const inScope = allStatuses.filter((s) => months.includes(s.period));
  const units = [...new Set(inScope.map((s) => s.unitCode))].sort(compareText);
  const rank = (status: ReportingStatus) => REPORTING_STATUSES.indexOf(status);
  const byKey = new Map<string, ReportingStatusEntry>();
  for (const entry of inScope) {
    const key = `${entry.period}|${entry.unitCode}`;
    const held = byKey.get(key);
    // Two entries for one unit-month should not happen; keep the better one, whatever the order.
    if (!held || rank(entry.status) < rank(held.status)) byKey.set(key, entry);
  }
  const entries: ReportingLine[] = [];
  for (const period of months)
    for (const unitCode of units) {
      const key = `${period}|${unitCode}`;
      const entry = byKey.get(key) ?? {
        period,
        unitCode,
        status: 'missing' as const,
        submittedAt: null,
        submittedBy: null,
        sha256: null,
        fileName: null,
      };
      const received = entry.status === 'on_time' || entry.status === 'late';
      entries.push({
        ...entry,
        sections:
          (received ? acceptedSections.get(key) : undefined) ??
          sectionStatuses(catalogue.unitByCode.get(unitCode), undefined),
      });
    }
  return {
    entries,
    byMonth: months.map((month) =>
      reportingRates(
        month,
        entries.filter((e) => e.period === month),
      ),
    ),
    total: reportingRates(scope.label, entries),
  };
}

// ---------------------------------------------------------------------------------------
// Month roll-up

/**
 * Combines the rows of one unit for one line across months, fed in month order: `sum`
 * fields add (null when no month gave a number), `latest` fields take the latest month that
 * gave a value. A blank in a later month means "not stated", not "cleared". Running totals
 * only: a span of any length holds one value per field.
 */
class MonthRollup {
  readonly values: Record<string, FieldValue> = {};
  /** Keys of the fields that add up, and of those where the latest month stands. */
  private readonly rules: RollupKeys;
  constructor(fields: readonly FieldSpec[]) {
    this.rules = rollupKeysOf(fields);
    for (const field of fields) this.values[field.key] = null;
  }

  add(row: Readonly<Record<string, FieldValue | undefined>>): void {
    const values = this.values;
    for (const key of this.rules.sum) {
      const value = row[key];
      if (typeof value === 'number') values[key] = ((values[key] as number) ?? 0) + value;
    }
    for (const key of this.rules.latest) {
      const value = row[key];
      if (value !== null && value !== undefined && value !== '') values[key] = value;
    }
  }
}

/** A field list's keys split by roll-up rule, in field order. */
interface RollupKeys {
  readonly sum: readonly string[];
  readonly latest: readonly string[];
}

/**
 * Split once per field list: a roll-up is made per line and unit, and asking each field its
 * rule on every row showed in the compile's profile.
 */
const rollupKeys = new WeakMap<readonly FieldSpec[], RollupKeys>();
function rollupKeysOf(fields: readonly FieldSpec[]): RollupKeys {
  let keys = rollupKeys.get(fields);
  if (!keys) {
    keys = {
      sum: fields.filter((f) => rollupOf(f) === 'sum').map((f) => f.key),
      latest: fields.filter((f) => rollupOf(f) !== 'sum').map((f) => f.key),
    };
    rollupKeys.set(fields, keys);
  }
  return keys;
}

// ---------------------------------------------------------------------------------------
// Money over time

/** The declared span of a money field in a template version (current spec when unknown). */
function findSpan(version: string, key: string) {
  const spec = specForVersion(version) ?? TEMPLATE_SPEC;
  for (const table of spec.tables) {
    const field = table.fields.find((f) => f.key === key);
    if (field) return field.span;
  }
  return undefined;
}
/** How a template version declares its money: looked up once per version, not per row. */
interface MoneySpans {
  /** Spending is given per month (it adds up), not to date. */
  readonly spentPerMonth: boolean;
  /** The plan is given for the year (a twelfth of it per month). */
  readonly plannedPerYear: boolean;
}
const moneySpans = new Map<string, MoneySpans>();
function moneySpansOf(version: string): MoneySpans {
  let found = moneySpans.get(version);
  if (!found) {
    found = {
      spentPerMonth: findSpan(version, PROGRESS_FIELDS.budgetSpent) === 'month',
      plannedPerYear: findSpan(version, PROGRESS_FIELDS.budgetPlanned) === 'year',
    };
    moneySpans.set(version, found);
  }
  return found;
}

/**
 * Spending and plan of one line over the scope's months, each month read by its own meaning,
 * fed one row at a time in month order.
 * - months whose template declares spending per month (`month` span, version 2 on): spent
 *   adds up; planned adds a twelfth of the year's plan (or the plan as given) per month;
 * - otherwise (`to_date`, version 1): spent to date and the activity's budget, latest month.
 * When a line has both, the per-month months stand (the bases do not mix).
 */
class LineMoneyRollup {
  private flows = 0;
  private flowSpent: number | null = null;
  private flowPlanned: number | null = null;
  private latestSpent: number | null = null;
  private latestPlanned: number | null = null;

  add(version: string, row: SubmissionRow): void {
    const spentKey = PROGRESS_FIELDS.budgetSpent;
    const plannedKey = PROGRESS_FIELDS.budgetPlanned;
    const spent = typeof row[spentKey] === 'number' ? (row[spentKey] as number) : null;
    const planned = typeof row[plannedKey] === 'number' ? (row[plannedKey] as number) : null;
    const declared = moneySpansOf(version);
    if (declared.spentPerMonth) {
      this.flows++;
      if (spent !== null) this.flowSpent = (this.flowSpent ?? 0) + spent;
      if (planned !== null)
        this.flowPlanned = (this.flowPlanned ?? 0) + (declared.plannedPerYear ? planned / 12 : planned);
    }
    this.latestSpent = spent ?? this.latestSpent;
    this.latestPlanned = planned ?? this.latestPlanned;
  }

  result(): LineMoney | null {
    const spent = this.flows ? this.flowSpent : this.latestSpent;
    const planned = this.flows ? this.flowPlanned : this.latestPlanned;
    if (spent === null && planned === null) return null;
    return {
      basis: this.flows ? 'period' : 'to_date',
      spentLak: spent,
      plannedLak: planned === null ? null : Math.round(planned),
      executionRate: spent !== null && planned ? (spent / planned) * 100 : null,
    };
  }
}

// ---------------------------------------------------------------------------------------
// Activities and progress

/** One unit's line of one activity, months rolled up as they come. */
interface LineRollup {
  readonly periods: string[];
  readonly values: MonthRollup;
  readonly money: LineMoneyRollup;
}

/** Activities: per activity code, per reporting unit, running totals over the months. */
class ActivitiesRollup {
  readonly codeField: string;
  readonly valueFields: readonly FieldSpec[];
  /** activity code -> unit -> its line so far (units and codes in first-seen order). */
  private readonly reported = new Map<string, Map<string, LineRollup>>();

  constructor(private readonly table: TableSheetSpec) {
    const fields = storedFields(table);
    this.codeField =
      fields.find((f) => f.prefill === 'activity.code')?.key ?? table.uniqueBy ?? PROGRESS_FIELDS.status;
    this.valueFields = fields.filter((f) => f.key !== this.codeField);
  }

  add(submission: AcceptedSubmission): void {
    const { unitCode, period, templateVersion } = submission.data;
    for (const row of submission.data.sections[this.table.section] ?? []) {
      const code = row[this.codeField];
      if (typeof code !== 'string' || !code) continue;
      let byUnit = this.reported.get(code);
      if (!byUnit) {
        byUnit = new Map<string, LineRollup>();
        this.reported.set(code, byUnit);
      }
      let line = byUnit.get(unitCode);
      if (!line) {
        line = { periods: [], values: new MonthRollup(this.valueFields), money: new LineMoneyRollup() };
        byUnit.set(unitCode, line);
      }
      if (line.periods.at(-1) !== period) line.periods.push(period);
      line.values.add(row);
      line.money.add(templateVersion, row);
    }
  }

  section(catalogue: Catalogue): ActivitiesSection {
    const programmeOf = new Map(catalogue.plan.projects.map((p) => [p.code, p.programme]));
    const linesOf = (code: string, activity: Activity | undefined): ActivityLine[] => {
      const base = {
        activityCode: code,
        inPlan: activity !== undefined,
        title: activity?.title ?? null,
        goal: activity?.goal ?? null,
        programme: activity ? (programmeOf.get(activity.project) ?? null) : null,
        project: activity?.project ?? null,
        lead: activity?.lead ?? null,
      };
      const byUnit = this.reported.get(code);
      if (!byUnit?.size) return [{ ...base, unitCode: null, periods: [], values: {}, money: null }];
      return [...byUnit.keys()].sort(compareText).map((unitCode) => {
        const line = byUnit.get(unitCode) as LineRollup;
        const money = line.money.result();
        const values = { ...line.values.values };
        // Spending over the scope follows each month's declared meaning, not one roll-up rule.
        if (money) values[PROGRESS_FIELDS.budgetSpent] = money.spentLak;
        return { ...base, unitCode, periods: [...line.periods], values, money };
      });
    };
    const lines = catalogue.plan.activities.flatMap((activity) => linesOf(activity.code, activity));
    const unknown = [...this.reported.keys()]
      .filter((code) => !catalogue.activityByCode.has(code))
      .sort(compareText);
    for (const code of unknown) lines.push(...linesOf(code, undefined));
    return { codeField: this.codeField, fields: this.valueFields, lines };
  }
}

/**
 * The one status that stands for an activity: the lead unit's report when it gives a
 * status, else the supporting report furthest along (highest percent, then unit code), so
 * that one unit's delay does not hide the lead's progress and vice versa.
 */
export function standingLine(activity: Activity, lines: readonly ActivityLine[]): ActivityLine | undefined {
  const withStatus = lines.filter((l) => typeof l.values[PROGRESS_FIELDS.status] === 'string');
  return (
    withStatus.find((l) => l.unitCode === activity.lead) ??
    [...withStatus].sort(
      (a, b) =>
        asNumber(b.values[PROGRESS_FIELDS.percent]) - asNumber(a.values[PROGRESS_FIELDS.percent]) ||
        compareText(a.unitCode ?? '', b.unitCode ?? ''),
    )[0]
  );
}

function summarise(
  code: string,
  title: Bilingual,
  activities: readonly Activity[],
  linesByActivity: ReadonlyMap<string, readonly ActivityLine[]>,
  statusCodes: readonly string[],
): ProgressSummary {
  const byStatus: Record<string, number> = Object.fromEntries(statusCodes.map((s) => [s, 0]));
  const percents: number[] = [];
  let planned = 0;
  let spent = 0;
  for (const activity of activities) {
    const lines = linesByActivity.get(activity.code) ?? [];
    for (const line of lines) {
      planned += line.money?.plannedLak ?? 0;
      spent += line.money?.spentLak ?? 0;
    }
    const standing = standingLine(activity, lines);
    const status = standing ? String(standing.values[PROGRESS_FIELDS.status]) : NOT_REPORTED;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const percent = standing?.values[PROGRESS_FIELDS.percent];
    if (typeof percent === 'number') percents.push(percent);
  }
  return {
    code,
    title,
    activities: activities.length,
    reported: activities.length - (byStatus[NOT_REPORTED] ?? 0),
    byStatus,
    averagePercent: percents.length ? percents.reduce((a, b) => a + b, 0) / percents.length : null,
    budgetPlannedLak: planned,
    budgetSpentLak: spent,
    executionRate: percentOf(spent, planned),
    executionAbove100: planned > 0 && spent > planned,
  };
}

function buildProgress(
  catalogue: Catalogue,
  activities: ActivitiesSection,
  spec: TemplateSpec,
): ProgressSection {
  const linesByActivity = new Map<string, ActivityLine[]>();
  for (const line of activities.lines) {
    if (!line.inPlan || line.unitCode === null) continue;
    const lines = linesByActivity.get(line.activityCode) ?? [];
    linesByActivity.set(line.activityCode, lines);
    lines.push(line);
  }
  const listed = spec.choiceLists.status.map((c) => c.code);
  const found = [...linesByActivity.values()]
    .flat()
    .map((l) => l.values[PROGRESS_FIELDS.status])
    .filter((s): s is string => typeof s === 'string' && !listed.includes(s));
  const statusCodes = [NOT_REPORTED, ...listed, ...[...new Set(found)].sort(compareText)];
  const programmeOf = new Map(catalogue.plan.projects.map((p) => [p.code, p.programme]));
  const plan = catalogue.plan;
  return {
    statusCodes,
    goals: plan.goals.map((goal) =>
      summarise(
        goal.code,
        goal.title,
        plan.activities.filter((a) => a.goal === goal.code),
        linesByActivity,
        statusCodes,
      ),
    ),
    programmes: plan.programmes.map((programme) =>
      summarise(
        programme.code,
        programme.title,
        plan.activities.filter((a) => programmeOf.get(a.project) === programme.code),
        linesByActivity,
        statusCodes,
      ),
    ),
    total: summarise('TOTAL', { lo: 'ລວມທັງໝົດ', en: 'Total' }, plan.activities, linesByActivity, statusCodes),
  };
}

// ---------------------------------------------------------------------------------------
// Summed tables (cases, assistance)

/** Sort rank of a code within its choice list: list order, unknown codes after, blanks last. */
function choiceRank(order: readonly string[], code: string | null): [number, string] {
  if (code === null) return [order.length + 1, ''];
  const index = order.indexOf(code);
  return index >= 0 ? [index, ''] : [order.length, code];
}

function compareKeys(
  a: Readonly<Record<string, string | null>>,
  b: Readonly<Record<string, string | null>>,
  keyFields: readonly FieldSpec[],
  orders: ReadonlyMap<string, readonly string[]>,
): number {
  for (const field of keyFields) {
    const order = orders.get(field.key) ?? [];
    const [rankA, textA] = choiceRank(order, a[field.key] ?? null);
    const [rankB, textB] = choiceRank(order, b[field.key] ?? null);
    const compared = rankA - rankB || compareText(textA, textB);
    if (compared) return compared;
  }
  return 0;
}

const zeros = (fields: readonly FieldSpec[]) => Object.fromEntries(fields.map((f) => [f.key, 0]));

/** Group keys of a row: each grouping field's code, null when blank. */
function groupKeysOf(row: SubmissionRow, keyFields: readonly FieldSpec[]): Record<string, string | null> {
  const keys: Record<string, string | null> = {};
  for (const f of keyFields) {
    const value = row[f.key];
    keys[f.key] = value === null || value === undefined || value === '' ? null : String(value);
  }
  return keys;
}

/**
 * A row's group as one string, without making its keys: codes joined by a character no cell
 * holds (XML, and so a spreadsheet, cannot carry U+0000), a blank as U+0001 alone.
 */
function groupIdOf(row: SubmissionRow, keyFields: readonly FieldSpec[]): string {
  let id = '';
  for (const f of keyFields) {
    const value = row[f.key];
    id += `${value === null || value === undefined || value === '' ? '\u0001' : String(value)}\u0000`;
  }
  return id;
}

/** One unit's sums in one group: the month in progress, and the months before rolled up. */
interface UnitGroupSums {
  period: string;
  month: Record<string, number>;
  readonly rolled: MonthRollup;
}

/**
 * Sums a section by its grouping fields, fed row by row in month order: within one
 * unit-month rows of the same group add up; across months each field follows its roll-up;
 * across units everything adds up. Holds running totals only (per group, per unit: the
 * month in progress and the roll-up of the months before).
 */
class GroupSums {
  private readonly groups = new Map<
    string,
    { keys: Record<string, string | null>; byUnit: Map<string, UnitGroupSums> }
  >();

  constructor(
    private readonly keyFields: readonly FieldSpec[],
    private readonly fields: readonly FieldSpec[],
  ) {}

  add(unitCode: string, period: string, row: SubmissionRow): void {
    const id = groupIdOf(row, this.keyFields);
    let group = this.groups.get(id);
    if (!group) {
      group = { keys: groupKeysOf(row, this.keyFields), byUnit: new Map<string, UnitGroupSums>() };
      this.groups.set(id, group);
    }
    let sums = group.byUnit.get(unitCode);
    if (!sums) {
      sums = { period, month: {}, rolled: new MonthRollup(this.fields) };
      group.byUnit.set(unitCode, sums);
    } else if (sums.period !== period) {
      // A new month for this unit: the one before is complete.
      sums.rolled.add(sums.month);
      sums.period = period;
      sums.month = {};
    }
    for (const field of this.fields) {
      const value = row[field.key];
      if (typeof value === 'number') sums.month[field.key] = (sums.month[field.key] ?? 0) + value;
    }
  }

  /** The groups' rows (first-seen order), and the group ids in the same order. */
  rows(): SummedRow[] {
    return [...this.groups.values()].map(({ keys, byUnit }) => {
      const values = zeros(this.fields);
      for (const sums of byUnit.values()) {
        // Roll the month in progress into a copy: rows() may be asked more than once.
        const rolled = new MonthRollup(this.fields);
        Object.assign(rolled.values, sums.rolled.values);
        rolled.add(sums.month);
        for (const field of this.fields)
          values[field.key] = (values[field.key] ?? 0) + asNumber(rolled.values[field.key]);
      }
      return { keys, values, units: [...byUnit.keys()].sort(compareText) };
    });
  }
}

function totalOf(rows: readonly SummedRow[], keyFields: readonly FieldSpec[], fields: readonly FieldSpec[]) {
  const values = zeros(fields);
  for (const row of rows)
    for (const field of fields) values[field.key] = (values[field.key] ?? 0) + (row.values[field.key] ?? 0);
  return {
    keys: Object.fromEntries(keyFields.map((f) => [f.key, null])),
    values,
    units: [...new Set(rows.flatMap((r) => r.units))].sort(compareText),
  };
}

function choiceOrders(
  keyFields: readonly FieldSpec[],
  spec: TemplateSpec,
  catalogue: Catalogue,
): Map<string, readonly string[]> {
  return new Map(
    keyFields.map((f) => [f.key, f.list ? resolveChoices(spec, catalogue, f.list).map((c) => c.code) : []]),
  );
}

/** A summed section (cases, assistance) in progress: the national figures' running sums. */
class SummedRollup {
  readonly keyFields: readonly FieldSpec[];
  readonly fields: readonly FieldSpec[];
  private readonly sums: GroupSums;
  private readonly numericKeys: readonly string[];

  constructor(
    readonly table: TableSheetSpec,
    private readonly catalogue: Catalogue,
  ) {
    const stored = storedFields(table);
    this.keyFields = stored.filter((f) => f.type === 'choice');
    this.fields = stored.filter(isNumeric);
    this.numericKeys = this.fields.map((f) => f.key);
    this.sums = new GroupSums(this.keyFields, this.fields);
  }

  add(submission: AcceptedSubmission): void {
    const { unitCode, period } = submission.data;
    for (const source of submission.data.sections[this.table.section] ?? []) {
      // National figures come from their source of record only; the others go to reconciliation.
      const row = keepSourceOfRecord(this.catalogue, this.table.section, unitCode, source, this.numericKeys);
      if (row) this.sums.add(unitCode, period, row);
    }
  }

  section(spec: TemplateSpec): SummedSection {
    const { keyFields, fields } = this;
    const orders = choiceOrders(keyFields, spec, this.catalogue);
    const rows = this.sums.rows().sort((a, b) => compareKeys(a.keys, b.keys, keyFields, orders));
    return { keyFields, fields, rows, total: totalOf(rows, keyFields, fields) };
  }
}

/** Case statistics: every province of the catalogue gets a row, reported or not. */
function buildCases(rollup: SummedRollup, spec: TemplateSpec, catalogue: Catalogue): SummedSection {
  const summed = rollup.section(spec);
  const provinceField = summed.keyFields.find((f) => f.list === 'province');
  if (!provinceField || summed.keyFields.length !== 1) return summed;
  const key = provinceField.key;
  const rows = catalogue.provinces.map(
    (province) =>
      summed.rows.find((row) => row.keys[key] === province.code) ?? {
        keys: { [key]: province.code },
        values: zeros(summed.fields),
        units: [],
      },
  );
  // Reports naming no province or one the catalogue lost still count in the national total.
  const known = new Set(catalogue.provinces.map((p) => p.code));
  rows.push(...summed.rows.filter((row) => !known.has(row.keys[key] ?? '')));
  return { ...summed, rows };
}

function buildAssistance(rollup: SummedRollup, spec: TemplateSpec, catalogue: Catalogue): AssistanceSection {
  const summed = rollup.section(spec);
  const table = rollup.table;
  const typeField = summed.keyFields[0];
  if (!typeField) return { ...summed, byType: [], personsAssisted: null };
  const listed = typeField.list ? resolveChoices(spec, catalogue, typeField.list).map((c) => c.code) : [];
  const found = summed.rows.map((r) => r.keys[typeField.key] ?? null);
  const codes = [...listed, ...[...new Set(found)].filter((c) => c === null || !listed.includes(c))];
  const byType = codes.map((code) => {
    const total = totalOf(
      summed.rows.filter((r) => (r.keys[typeField.key] ?? null) === code),
      summed.keyFields,
      summed.fields,
    );
    return { ...total, keys: { ...total.keys, [typeField.key]: code } };
  });
  // Persons assisted count each person once; services may count one person several times.
  const personsRow = table.personsRow;
  if (!personsRow) return { ...summed, byType, personsAssisted: null };
  const isPersons = (row: SummedRow) => row.keys[personsRow.field] === personsRow.code;
  return {
    ...summed,
    byType,
    total: totalOf(
      summed.rows.filter((r) => !isPersons(r)),
      summed.keyFields,
      summed.fields,
    ),
    personsAssisted: totalOf(summed.rows.filter(isPersons), summed.keyFields, summed.fields),
  };
}

// ---------------------------------------------------------------------------------------
// Reconciliation: what other reporters said beside the source of record

/** Headline figures: numeric fields that are not parts of a breakdown (their totals are). */
function headlineFields(table: TableSheetSpec): FieldSpec[] {
  const parts = new Set(table.rules.flatMap((r) => (r.kind === 'sum-equals' ? r.parts : [])));
  return storedFields(table).filter((f) => isNumeric(f) && !parts.has(f.key));
}

/** Reconciliation in progress: per table with a source of record, each unit's own running sums. */
class ReconciliationRollup {
  private readonly tables: {
    readonly table: TableSheetSpec;
    readonly keyFields: readonly FieldSpec[];
    readonly figures: readonly FieldSpec[];
    readonly byUnit: Map<string, GroupSums>;
  }[];

  constructor(
    spec: TemplateSpec,
    private readonly catalogue: Catalogue,
  ) {
    this.tables = spec.tables
      .filter((table) => catalogue.sourcesOfRecord.some((rule) => rule.section === table.section))
      .map((table) => ({
        table,
        keyFields: storedFields(table).filter((f) => f.type === 'choice'),
        figures: headlineFields(table),
        byUnit: new Map<string, GroupSums>(),
      }));
  }

  add(submission: AcceptedSubmission): void {
    const { unitCode, period } = submission.data;
    const unit = this.catalogue.unitByCode.get(unitCode);
    for (const { table, keyFields, figures, byUnit } of this.tables) {
      const rows = submission.data.sections[table.section] ?? [];
      if (!rows.length) continue;
      let sums = byUnit.get(unitCode);
      if (!sums) {
        sums = new GroupSums(keyFields, figures);
        byUnit.set(unitCode, sums);
      }
      const withProvince = keyFields.some((f) => f.key === 'province');
      // A committee's row with no province is about its own province (copied only then).
      for (const row of rows) {
        if (!withProvince) {
          sums.add(unitCode, period, row);
          continue;
        }
        const province = provinceOfRow(row, unit);
        sums.add(unitCode, period, row.province === province ? row : { ...row, province });
      }
    }
  }

  lines(spec: TemplateSpec): ReconciliationLine[] {
    const catalogue = this.catalogue;
    const lines: ReconciliationLine[] = [];
    for (const { table, keyFields, figures, byUnit: sumsByUnit } of this.tables) {
      const orders = choiceOrders(keyFields, spec, catalogue);
      // Each unit's own sums per row group, months rolled up.
      const byUnit = new Map<string, Map<string, SummedRow>>();
      for (const unitCode of [...sumsByUnit.keys()].sort(compareText)) {
        const groups = sumsByUnit.get(unitCode)?.rows() ?? [];
        byUnit.set(
          unitCode,
          new Map(groups.map((g) => [JSON.stringify(keyFields.map((f) => g.keys[f.key])), g])),
        );
      }
      // Each group's keys are parsed from its id once, not on every comparison of the sort
      // (that showed in the compile's profile: a JSON.parse per field per comparison).
      const keysById = new Map<string, Record<string, string | null>>();
      for (const groups of byUnit.values())
        for (const id of groups.keys())
          if (!keysById.has(id)) {
            const values = JSON.parse(id) as (string | null)[];
            keysById.set(id, Object.fromEntries(keyFields.map((f, i) => [f.key, values[i] ?? null])));
          }
      const keysOf = (id: string) => keysById.get(id) as Record<string, string | null>;
      const groupIds = [...keysById.keys()];
      groupIds.sort((a, b) => compareKeys(keysOf(a), keysOf(b), keyFields, orders));
      for (const id of groupIds) {
        const keys = keysOf(id);
        for (const figure of figures) {
          const rule = sourceRuleFor(catalogue.sourcesOfRecord, table.section, figure.key, keys);
          if (!rule) continue;
          const sourceUnit = sourceUnitOf(rule, keys.province ?? null, catalogue);
          const sourceRow = sourceUnit ? byUnit.get(sourceUnit)?.get(id) : undefined;
          const sourceValue = sourceRow ? (sourceRow.values[figure.key] ?? 0) : null;
          for (const [unitCode, groups] of byUnit) {
            if (unitCode === sourceUnit) continue;
            const row = groups.get(id);
            if (!row) continue;
            const value = row.values[figure.key] ?? 0;
            if (value === 0 && !sourceValue) continue;
            lines.push({
              section: table.section,
              keys,
              figure: figure.key,
              sourceUnit,
              sourceValue,
              unitCode,
              value,
              difference: sourceValue === null ? null : value - sourceValue,
            });
          }
        }
      }
    }
    return lines;
  }
}

// ---------------------------------------------------------------------------------------
// Awareness and training

/** Events in the workbook's order: by date, then unit, then month (then as reported). */
const compareEvents = (a: EventLine, b: EventLine, dateKey: string | undefined) =>
  compareText(eventDate(a, dateKey), eventDate(b, dateKey)) ||
  compareText(a.unitCode, b.unitCode) ||
  compareText(a.period, b.period);

const eventDate = (event: EventLine, dateKey: string | undefined) =>
  dateKey === undefined ? '' : String(event.values[dateKey] ?? '');

/** Running totals of the events of one type (null: of all). */
interface Tally {
  eventType: string | null;
  events: number;
  values: Record<string, number>;
  participantsTotal: number;
}

/** An event type's totals and its first event in the workbook's order (see byTypeInOrder). */
interface TypeTally {
  readonly totals: Tally;
  first: EventLine;
  /** When `first` was added: ties of the workbook's order go to the event added first. */
  firstAdded: number;
}

/**
 * Awareness and training in progress. Each event is a line of the workbook, so their number
 * grows with the span: each month's events are sorted and spilled as one run (see
 * {@link SpilledList}) when the month closes, and the workbook's order is a merge of the runs.
 * The totals run as events are added: the events are read back once, by the sheet.
 */
class AwarenessRollup {
  readonly fields: readonly FieldSpec[];
  readonly numericFields: readonly FieldSpec[];
  readonly participantFields: readonly FieldSpec[];
  readonly typeField: FieldSpec | null;
  private readonly dateKey: string | undefined;
  /** The month in progress, as reported. */
  private month: EventLine[] = [];
  /** One sorted run per month closed. */
  private readonly runs: SpilledList<EventLine>[] = [];
  private readonly total: Tally;
  private readonly byType = new Map<string | null, TypeTally>();
  private added = 0;

  constructor(
    readonly table: TableSheetSpec,
    /** Shared with the report's other lists: the runs are held as objects until it is spent. */
    private readonly budget: SpillBudget,
  ) {
    this.fields = storedFields(table);
    this.numericFields = this.fields.filter(isNumeric);
    this.participantFields = this.numericFields.filter(
      (f) => f.type === 'count' && f.key.startsWith('participants_'),
    );
    this.typeField = this.fields.find((f) => f.type === 'choice' && f.list === 'event_type') ?? null;
    this.dateKey = this.fields.find((f) => f.type === 'date')?.key;
    this.total = this.tally(null);
  }

  private tally(eventType: string | null): Tally {
    return { eventType, events: 0, values: zeros(this.numericFields), participantsTotal: 0 };
  }

  private addTo(totals: Tally, event: EventLine): void {
    totals.events += 1;
    for (const field of this.numericFields)
      totals.values[field.key] = (totals.values[field.key] ?? 0) + asNumber(event.values[field.key]);
    totals.participantsTotal += event.participantsTotal;
  }

  add(submission: AcceptedSubmission): void {
    const { unitCode, period } = submission.data;
    for (const row of submission.data.sections[this.table.section] ?? []) {
      const values: Record<string, FieldValue> = {};
      for (const field of this.fields) values[field.key] = row[field.key] ?? null;
      let participantsTotal = 0;
      for (const field of this.participantFields) participantsTotal += asNumber(values[field.key]);
      const event: EventLine = { unitCode, period, values, participantsTotal };
      this.month.push(event);
      const added = this.added++;
      this.addTo(this.total, event);
      if (!this.typeField) continue;
      const value = values[this.typeField.key];
      const code = value === null || value === undefined || value === '' ? null : String(value);
      const known = this.byType.get(code);
      if (!known) this.byType.set(code, { totals: this.tally(code), first: event, firstAdded: added });
      else if (compareEvents(event, known.first, this.dateKey) < 0) {
        known.first = event;
        known.firstAdded = added;
      }
      this.addTo((this.byType.get(code) as TypeTally).totals, event);
    }
  }

  /**
   * Spills the month's events as a run sorted like the workbook (a stable sort: ties keep the
   * order reported). Runs hold one month each, so across runs the month decides any tie.
   */
  closeMonth(): void {
    if (!this.month.length) return;
    const run = new SpilledList<EventLine>(this.budget);
    for (const event of this.month.sort((a, b) => compareEvents(a, b, this.dateKey))) run.push(event);
    run.seal();
    this.runs.push(run);
    this.month = [];
  }

  /**
   * One row per event type: the listed types in list order (zeros included), then any other
   * type in the order its first event comes in the workbook.
   */
  private byTypeInOrder(listed: readonly string[]): EventTotals[] {
    const others = [...this.byType.values()]
      .filter(({ totals }) => totals.eventType === null || !listed.includes(totals.eventType))
      .sort((a, b) => compareEvents(a.first, b.first, this.dateKey) || a.firstAdded - b.firstAdded);
    return [
      ...listed.map((code) => this.byType.get(code)?.totals ?? this.tally(code)),
      ...others.map(({ totals }) => totals),
    ];
  }

  section(spec: TemplateSpec, catalogue: Catalogue): AwarenessSection {
    this.closeMonth();
    const { fields, numericFields, participantFields, typeField } = this;
    const listed = typeField?.list ? resolveChoices(spec, catalogue, typeField.list).map((c) => c.code) : [];
    return {
      fields,
      numericFields,
      participantFields,
      typeField,
      // Every event by date, unit, month, then as reported: the runs merged, read lazily.
      events: mergeSortedRuns(this.runs, (a, b) => compareEvents(a, b, this.dateKey)),
      byType: typeField ? this.byTypeInOrder(listed) : [],
      total: this.total,
    };
  }
}

// ---------------------------------------------------------------------------------------

/**
 * The national report built one month at a time: each month's submissions go in (months in
 * ascending order) and are reduced to running totals at once, so a compile of any span holds
 * one month's submissions at a time; {@link finish} then makes the report. The result is the
 * same as {@link buildNationalReport} over the whole input (which is this builder).
 */
export class NationalReportBuilder {
  private readonly activities: ActivitiesRollup;
  private readonly cases: SummedRollup;
  private readonly assistance: SummedRollup;
  private readonly awareness: AwarenessRollup;
  private readonly reconciliation: ReconciliationRollup;
  private readonly sections = new Map<string, Record<SectionKey, SectionStatus>>();
  /** Rows of the lists below held as objects, up to a bound: a short span never spills. */
  private readonly spillBudget = new SpillBudget();
  private readonly warnings = new SpilledList<WarningLine>(this.spillBudget);
  private readonly sources = new SpilledList<SourceLine>(this.spillBudget);
  private lastMonth = '';

  constructor(
    readonly scope: PeriodScope,
    private readonly catalogue: Catalogue,
    private readonly spec: TemplateSpec = TEMPLATE_SPEC,
  ) {
    this.activities = new ActivitiesRollup(tableOf(spec, 'activities'));
    this.cases = new SummedRollup(tableOf(spec, 'cases'), catalogue);
    this.assistance = new SummedRollup(tableOf(spec, 'assistance'), catalogue);
    this.awareness = new AwarenessRollup(tableOf(spec, 'awareness'), this.spillBudget);
    this.reconciliation = new ReconciliationRollup(spec, catalogue);
  }

  /**
   * Adds one month of the scope: its accepted submissions (others' periods are ignored; of
   * two for one unit the latest upload counts). Months come in ascending order, each once.
   */
  addMonth(period: string, submissions: readonly AcceptedSubmission[]): void {
    if (period <= this.lastMonth)
      throw new Error(
        `months go into the national report in ascending order: ${period} after ${this.lastMonth}`,
      );
    this.lastMonth = period;
    if (!this.scope.months.includes(period)) return;
    const current = currentOfMonth(submissions.filter((s) => s.data.period === period));
    for (const submission of current) {
      const { unitCode } = submission.data;
      this.sections.set(
        `${period}|${unitCode}`,
        sectionStatuses(this.catalogue.unitByCode.get(unitCode), submission.data),
      );
      this.activities.add(submission);
      this.cases.add(submission);
      this.assistance.add(submission);
      this.awareness.add(submission);
      this.reconciliation.add(submission);
      for (const issue of submission.warnings)
        this.warnings.push({
          unitCode,
          period,
          sheet: issue.sheet,
          cell: issue.cell,
          field: issue.field,
          code: issue.code,
          message: issue.message,
        });
      this.sources.push({
        unitCode,
        period,
        sha256: submission.sha256,
        fileName: submission.fileName,
        submittedAt: submission.submittedAt,
        submittedBy: submission.submittedBy,
      });
    }
    this.awareness.closeMonth();
  }

  /**
   * The report, given the statuses of every unit x month of the scope and the registered
   * sheets that could not be read.
   */
  finish(
    statuses: readonly ReportingStatusEntry[],
    sourceProblems: readonly SourceProblem[] = [],
  ): NationalReport {
    const { scope, catalogue, spec } = this;
    const activities = this.activities.section(catalogue);
    return {
      scope: { label: scope.label, months: [...scope.months] },
      plan: {
        title: catalogue.plan.title,
        illustrative: catalogue.plan.illustrative,
        version: catalogue.version,
        span: planSpan(catalogue).label,
      },
      choiceLists: spec.choiceLists,
      reporting: buildReporting(scope, statuses, catalogue, this.sections),
      progress: buildProgress(catalogue, activities, spec),
      activities,
      cases: buildCases(this.cases, spec, catalogue),
      assistance: buildAssistance(this.assistance, spec, catalogue),
      awareness: this.awareness.section(spec, catalogue),
      reconciliation: this.reconciliation.lines(spec),
      warnings: this.warnings,
      sources: this.sources,
      sourceProblems: [...sourceProblems],
    };
  }
}

/**
 * Builds the whole national report from the compile input. Pure and deterministic: the same
 * input, catalogue and spec give the same report (deep-equal), whatever the input order.
 *
 * - Summary: per goal and programme, one status per activity (the lead unit's report, else
 *   the report furthest along); budgets add over every reporting unit.
 * - Activities: every plan activity, one line per reporting unit (or one `not reported` line).
 * - Cases and assistance: numeric fields summed by the section's choice fields.
 * - Only months of the scope count; statuses outside it are ignored.
 *
 * It runs the month-at-a-time {@link NationalReportBuilder} over the input's months.
 */
export function buildNationalReport(
  input: CompileInput,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): NationalReport {
  const builder = new NationalReportBuilder(input.scope, catalogue, spec);
  const byMonth = new Map<string, AcceptedSubmission[]>();
  for (const submission of input.submissions) {
    const month = byMonth.get(submission.data.period) ?? [];
    byMonth.set(submission.data.period, month);
    month.push(submission);
  }
  for (const period of [...new Set(input.scope.months)].sort(compareText))
    builder.addMonth(period, byMonth.get(period) ?? []);
  return builder.finish(input.statuses, input.sourceProblems);
}
