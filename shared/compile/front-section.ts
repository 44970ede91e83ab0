/**
 * The front section of the national report as plain data: what a Committee member reads in
 * five minutes. A pure function of the scope's {@link NationalReport}, the headline figures
 * of every month from the plan's start to the end of the scope ({@link MonthFigures}), and the
 * catalogue's indicators. No layout here: the workbook sheet and the PDF both read it.
 *
 * Comparisons are windows of months: the previous period is as many months just before the
 * scope, the same period a year before is the scope's months minus twelve, plan to date runs
 * from the plan's first month to the scope's last. Headline figures are flows, so a window's
 * figure is the sum of its months; a window in which no report was received has no figure
 * (null), which is not the same as zero.
 */
import type { Catalogue } from '../reference/catalogue.ts';
import type { Indicator } from '../reference/reference-schema.ts';
import { TEMPLATE_SPEC } from '../spec/template-spec.ts';
import type { Bilingual } from '../text/bilingual.ts';
import type { CompileInput, ReportingStatusEntry } from './compile-input.ts';
import {
  type ActivityLine,
  buildNationalReport,
  type NationalReport,
  PROGRESS_FIELDS,
  type ProgressSection,
  type ReportingRates,
  reportingRates,
} from './national-report.ts';
import type { PeriodScope } from './period-scope.ts';

/** Headline figures of one month or window. Keys are stable (the sheet's key column). */
export type HeadlineFigures = Readonly<Record<string, number>>;

/** What one month contributes: its headline figures and who reported. */
export interface MonthFigures {
  readonly period: string;
  readonly figures: HeadlineFigures;
  /** Unit-month statuses of the month (for windows' reporting rates). */
  readonly statuses: readonly Pick<ReportingStatusEntry, 'unitCode' | 'status'>[];
}

/** A headline figure: what it is and how it is measured. */
export interface HeadlineDefinition {
  readonly key: string;
  readonly label: Bilingual;
  readonly unit: Bilingual;
}

export interface HeadlineGroup {
  readonly title: Bilingual;
  readonly rows: readonly HeadlineDefinition[];
}

/** A window of months a figure is compared over. */
export interface ComparisonWindow {
  readonly key: 'current' | 'previous' | 'yearBefore' | 'planToDate';
  readonly title: Bilingual;
  /** `2025-06`, `2025-Q1`, `2024`, or `2021-01 – 2025-06`. */
  readonly label: string;
  readonly months: readonly string[];
  /** Reporting over the window: figures of a window with nothing received are null. */
  readonly reporting: ReportingRates;
}

/** One indicator against one of its targets. */
export interface IndicatorLine {
  readonly code: string;
  readonly title: Bilingual;
  /** Goal or activity code the indicator belongs to. */
  readonly appliesTo: string;
  readonly unit: Bilingual;
  readonly baseline: { readonly year: number; readonly value: number };
  /** The target's span (`2025`, `2021-2025`) and what has been counted of it so far. */
  readonly span: string;
  readonly measuredOver: string;
  readonly target: number;
  /** Null when nothing was received over the span (flows) or nothing reported (stocks). */
  readonly achieved: number | null;
  /** Achieved / target x 100; null when either is missing or the target is 0. */
  readonly percentOfTarget: number | null;
}

/** A text a unit wrote, with who wrote it. Identical texts are merged and list every author. */
export interface NarrativeItem {
  readonly text: string;
  /** `unit code · activity code` of each author, sorted. */
  readonly authors: readonly string[];
}

export interface NarrativeGoal {
  readonly goal: string;
  readonly title: Bilingual;
  /** Shortest first, at most {@link FrontSectionOptions.itemsPerGoal}. */
  readonly highlights: readonly NarrativeItem[];
  readonly challenges: readonly NarrativeItem[];
  /** How many more each list holds (on the Activities sheet). */
  readonly moreHighlights: number;
  readonly moreChallenges: number;
}

/** A unit that did not report (or reported late) in some months of the scope. */
export interface UnitMonths {
  readonly unitCode: string;
  readonly name: Bilingual;
  readonly periods: readonly string[];
}

export interface FrontSection {
  readonly scope: PeriodScope;
  readonly plan: { readonly title: Bilingual; readonly illustrative: boolean };
  readonly windows: readonly ComparisonWindow[];
  readonly headline: readonly HeadlineGroup[];
  /** Headline key -> window key -> value (null: nothing received in that window). */
  readonly values: Readonly<Record<string, Readonly<Record<ComparisonWindow['key'], number | null>>>>;
  readonly progress: ProgressSection;
  readonly indicators: {
    readonly illustrative: boolean;
    readonly note: Bilingual | null;
    readonly lines: readonly IndicatorLine[];
  };
  readonly reporting: {
    readonly total: ReportingRates;
    readonly missing: readonly UnitMonths[];
    readonly rejected: readonly UnitMonths[];
    readonly late: readonly UnitMonths[];
  };
  readonly narrative: readonly NarrativeGoal[];
  /** Monthly series for the charts: the twelve months ending with the scope (or the scope, if longer). */
  readonly trend: {
    readonly months: readonly string[];
    readonly victimsFemale: readonly (number | null)[];
    readonly victimsMale: readonly (number | null)[];
    readonly reportingRate: readonly (number | null)[];
    readonly onTimeRate: readonly (number | null)[];
  };
}

export interface FrontSectionOptions {
  /** Highlights and challenges kept per goal (the rest stay on the Activities sheet). */
  readonly itemsPerGoal?: number;
  /** Months in the charts' trend. */
  readonly trendMonths?: number;
}

const bi = (lo: string, en: string): Bilingual => ({ lo, en });
const PERSONS = bi('ຄົນ', 'persons');
const CASES = bi('ຄະດີ', 'cases');
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const CASE_STAGES: readonly [string, Bilingual][] = [
  ['cases_detected', bi('ຄະດີທີ່ກວດພົບ', 'Cases detected')],
  ['cases_investigated', bi('ຄະດີທີ່ສືບສວນ', 'Cases investigated')],
  ['cases_prosecuted', bi('ຄະດີທີ່ຟ້ອງຮ້ອງ', 'Cases prosecuted')],
  ['cases_convicted', bi('ຄະດີທີ່ຕັດສິນລົງໂທດ', 'Cases convicted')],
];

/**
 * Sex x age cells of the victims breakdown: the parts of the spec's "sex and age" rule
 * (`victims_female_child`, ..., `victims_sex_unknown_age_unknown`), labelled from the field
 * labels (`Victims, female, child`), so a value the spec adds becomes a row with no edit here.
 * Template version 1 records arrive in this layout too (see upgradeSubmission).
 */
function victimCells(report: NationalReport): { key: string; label: Bilingual; fields: string[] }[] {
  const cases = TEMPLATE_SPEC.tables.find((t) => t.section === 'cases');
  const rule = cases?.rules.find(
    (r) => r.kind === 'sum-equals' && r.total === 'victims_total' && r.breakdown?.en === 'sex and age',
  );
  const parts = new Set(rule?.kind === 'sum-equals' ? rule.parts : []);
  return report.cases.fields
    .filter((field) => parts.has(field.key))
    .map((field) => {
      // "unknown / not recorded" reads as "unknown" on the front page: one line per row.
      const lo = field.label.lo.replace(' / ບໍ່ໄດ້ບັນທຶກ', '').split(', ');
      const en = field.label.en.replace(/ \/ not recorded/g, '').split(', ');
      return {
        key: field.key,
        label: bi(
          `${lo[1] ?? field.key}, ${lo[2] ?? ''}`,
          `${capitalise(en[1] ?? field.key)}, ${en[2] ?? ''}`,
        ),
        fields: [field.key],
      };
    });
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** The headline figures, grouped as the front page shows them. */
export function headlineGroups(report: NationalReport): HeadlineGroup[] {
  return [
    {
      title: bi('ຜູ້ຖືກເຄາະຮ້າຍທີ່ໄດ້ກຳນົດຕົວ ແຍກຕາມເພດ ແລະ ອາຍຸ', 'Victims identified, by sex and age'),
      rows: [
        ...victimCells(report).map((cell) => ({ key: cell.key, label: cell.label, unit: PERSONS })),
        { key: 'victims_total', label: bi('ຜູ້ຖືກເຄາະຮ້າຍ ລວມ', 'Victims, total'), unit: PERSONS },
      ],
    },
    {
      title: bi('ຄະດີ ແຍກຕາມຂັ້ນຕອນ', 'Cases by stage'),
      rows: CASE_STAGES.map(([key, label]) => ({ key, label, unit: CASES })),
    },
    {
      title: bi('ການຊ່ວຍເຫຼືອ ແລະ ການໂຄສະນາ', 'Assistance and awareness'),
      rows: [
        {
          key: 'persons_assisted',
          label: bi('ການຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍ', 'Persons assisted'),
          unit: PERSONS,
        },
        {
          key: 'people_reached',
          label: bi('ຜູ້ເຂົ້າຮ່ວມການໂຄສະນາ ແລະ ຝຶກອົບຮົມ', 'People reached by awareness and training'),
          unit: PERSONS,
        },
      ],
    },
  ];
}

/**
 * The headline figures of a report (of one month, or of any scope: they are flows). Victims
 * and cases are the national totals of the case statistics; persons assisted the assistance
 * total; people reached the participants of awareness and training events.
 */
export function headlineFiguresOf(report: NationalReport): HeadlineFigures {
  const cases = report.cases.total.values;
  const figures: Record<string, number> = {};
  for (const cell of victimCells(report))
    figures[cell.key] = cell.fields.reduce((sum, key) => sum + (cases[key] ?? 0), 0);
  figures.victims_total = cases.victims_total ?? 0;
  for (const [key] of CASE_STAGES) figures[key] = cases[key] ?? 0;
  // Persons assisted count each person once; the assistance total counts services.
  figures.persons_assisted =
    (report.assistance.personsAssisted ?? report.assistance.total).values.persons_total ?? 0;
  figures.people_reached = report.awareness.total.participantsTotal;
  return figures;
}

/**
 * What one month contributes to comparisons, from that month's own input. Activities do not
 * enter the headline figures, so the one-month report is built without them: about a quarter
 * of the work of the whole report (measured at national scale, 33 units), which every compile
 * does once per month it has not stored figures for.
 */
export function monthFiguresFrom(input: CompileInput, catalogue: Catalogue): MonthFigures {
  const submissions = input.submissions.map((submission) =>
    submission.data.sections.activities
      ? {
          ...submission,
          data: { ...submission.data, sections: { ...submission.data.sections, activities: [] } },
        }
      : submission,
  );
  return monthFiguresOf(buildNationalReport({ ...input, submissions }, catalogue));
}

/** What one month contributes to comparisons: built from that month's own report. */
export function monthFiguresOf(report: NationalReport): MonthFigures {
  const period = report.scope.months[0];
  if (report.scope.months.length !== 1 || !period)
    throw new Error(`month figures need a one-month report, not ${report.scope.label}`);
  return {
    period,
    figures: headlineFiguresOf(report),
    statuses: report.reporting.entries.map((e) => ({ unitCode: e.unitCode, status: e.status })),
  };
}

function shiftMonth(month: string, by: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + monthNumber - 1 + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last; month = shiftMonth(month, 1)) months.push(month);
  return months;
}

/** A readable label for a run of months: a month, a calendar quarter or year, or first – last. */
export function windowLabel(months: readonly string[]): string {
  const first = months[0];
  const last = months[months.length - 1];
  if (!first || !last) return '';
  if (months.length === 1) return first;
  const [year, startMonth] = first.split('-').map(Number) as [number, number];
  if (months.length === 3 && startMonth % 3 === 1 && last.startsWith(`${year}-`))
    return `${year}-Q${(startMonth + 2) / 3}`;
  if (months.length === 12 && startMonth === 1) return String(year);
  return `${first} – ${last}`;
}

/** DHIS2 reporting rates over some months, from the months' statuses (absent months: nothing expected). */
function ratesOver(label: string, months: readonly string[], byMonth: ReadonlyMap<string, MonthFigures>) {
  return reportingRates(
    label,
    months.flatMap((period) =>
      (byMonth.get(period)?.statuses ?? []).map((s) => ({
        period,
        unitCode: s.unitCode,
        status: s.status,
        submittedAt: null,
        submittedBy: null,
        sha256: null,
        fileName: null,
      })),
    ),
  );
}

function windowsOf(scope: PeriodScope, planStart: string, byMonth: ReadonlyMap<string, MonthFigures>) {
  const months = [...scope.months];
  const first = months[0] ?? planStart;
  const last = months[months.length - 1] ?? planStart;
  const length = months.length;
  const make = (key: ComparisonWindow['key'], title: Bilingual, of: string[]): ComparisonWindow => ({
    key,
    title,
    label: windowLabel(of),
    months: of,
    reporting: ratesOver(windowLabel(of), of, byMonth),
  });
  return [
    make('current', bi('ໄລຍະນີ້', 'This period'), months),
    make(
      'previous',
      bi('ໄລຍະກ່ອນ', 'Previous period'),
      monthRange(shiftMonth(first, -length), shiftMonth(first, -1)),
    ),
    make(
      'yearBefore',
      bi('ໄລຍະດຽວກັນ ປີກາຍ', 'Same period a year before'),
      months.map((m) => shiftMonth(m, -12)),
    ),
    make(
      'planToDate',
      bi('ແຕ່ເລີ່ມແຜນ ຮອດປັດຈຸບັນ', 'Plan to date'),
      monthRange(planStart < first ? planStart : first, last),
    ),
  ];
}

/** Sum of a figure over a window; null when no report was received in it. */
function windowValue(window: ComparisonWindow, key: string, byMonth: ReadonlyMap<string, MonthFigures>) {
  if (!window.reporting.received) return null;
  return window.months.reduce((sum, month) => sum + (byMonth.get(month)?.figures[key] ?? 0), 0);
}

// ---------------------------------------------------------------------------------------
// Indicators

const FLOW_FIGURE: Partial<Record<Indicator['measure'], string>> = {
  victims_identified: 'victims_total',
  cases_investigated: 'cases_investigated',
  cases_prosecuted: 'cases_prosecuted',
  cases_convicted: 'cases_convicted',
  persons_assisted: 'persons_assisted',
  people_reached: 'people_reached',
};

function spanMonths(span: string): [string, string] {
  const [first, last = first] = span.split('-');
  return [`${first}-01`, `${last}-12`];
}

/** The standing of the activities an indicator applies to (stock measures). */
function stockAchieved(indicator: Indicator, report: NationalReport): number | null {
  if ('goal' in indicator.appliesTo) {
    const goalCode = indicator.appliesTo.goal;
    const goal = report.progress.goals.find((g) => g.code === goalCode);
    if (!goal?.reported) return null;
    if (indicator.measure === 'activities_completed_percent')
      return ((goal.byStatus.completed ?? 0) / goal.activities) * 100;
    return goal.averagePercent;
  }
  const activityCode = indicator.appliesTo.activity;
  const lines = report.activities.lines.filter((l) => l.activityCode === activityCode && l.unitCode !== null);
  const standing = lines.find((l) => l.unitCode === l.lead) ?? lines[0];
  if (!standing) return null;
  if (indicator.measure === 'activities_completed_percent')
    return standing.values[PROGRESS_FIELDS.status] === 'completed' ? 100 : 0;
  const percent = standing.values[PROGRESS_FIELDS.percent];
  return typeof percent === 'number' ? percent : null;
}

function indicatorLines(
  catalogue: Catalogue,
  report: NationalReport,
  byMonth: ReadonlyMap<string, MonthFigures>,
): IndicatorLine[] {
  const last = report.scope.months[report.scope.months.length - 1] ?? '';
  const lines: IndicatorLine[] = [];
  // Indicators share targets' spans (the year, the plan): each window's rates are worked out
  // once, not once per indicator (each is every unit's status of every month in the window).
  const rates = new Map<string, ReturnType<typeof ratesOver>>();
  const ratesOfWindow = (label: string, months: readonly string[]) => {
    const key = `${label}|${months[0]}|${months.length}`;
    let found = rates.get(key);
    if (!found) {
      found = ratesOver(label, months, byMonth);
      rates.set(key, found);
    }
    return found;
  };
  for (const indicator of catalogue.indicators.indicators) {
    // The target of the scope's year, then the plan's (or any longer span that holds the scope).
    const targets = indicator.targets
      .filter((t) => {
        const [from, to] = spanMonths(t.span);
        return from <= last && last <= to;
      })
      .sort((a, b) => a.span.length - b.span.length || compareText(a.span, b.span));
    for (const target of targets) {
      const [from] = spanMonths(target.span);
      const months = monthRange(from, last);
      const flow = FLOW_FIGURE[indicator.measure];
      let achieved: number | null;
      let measuredOver = windowLabel(months);
      if (flow) {
        achieved = ratesOfWindow(measuredOver, months).received
          ? months.reduce((sum, m) => sum + (byMonth.get(m)?.figures[flow] ?? 0), 0)
          : null;
      } else if (indicator.measure === 'reporting_rate') {
        achieved = ratesOfWindow(measuredOver, months).reportingRate;
      } else {
        achieved = stockAchieved(indicator, report);
        measuredOver = report.scope.label;
      }
      lines.push({
        code: indicator.code,
        title: indicator.title,
        appliesTo: 'goal' in indicator.appliesTo ? indicator.appliesTo.goal : indicator.appliesTo.activity,
        unit: indicator.unit,
        baseline: indicator.baseline,
        span: target.span,
        measuredOver,
        target: target.value,
        achieved,
        percentOfTarget: achieved === null || !target.value ? null : (achieved / target.value) * 100,
      });
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------------------
// Reporting and narrative

function unitsWith(
  entries: readonly ReportingStatusEntry[],
  statuses: readonly ReportingStatusEntry['status'][],
  catalogue: Catalogue,
): UnitMonths[] {
  const byUnit = new Map<string, string[]>();
  for (const entry of entries)
    if (statuses.includes(entry.status))
      byUnit.set(entry.unitCode, [...(byUnit.get(entry.unitCode) ?? []), entry.period]);
  return [...byUnit.entries()]
    .map(([unitCode, periods]) => ({
      unitCode,
      name: catalogue.unitByCode.get(unitCode)?.name ?? bi(unitCode, unitCode),
      periods,
    }))
    .sort((a, b) => b.periods.length - a.periods.length || compareText(a.unitCode, b.unitCode));
}

const textOf = (line: ActivityLine, key: string) => {
  const value = line.values[key];
  return typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : '';
};

/** Texts of one field, merged when identical, shortest first (then alphabetical, for stability). */
function itemsOf(lines: readonly ActivityLine[], key: string): NarrativeItem[] {
  const byText = new Map<string, Set<string>>();
  for (const line of lines) {
    const text = textOf(line, key);
    if (!text || !line.unitCode) continue;
    const authors = byText.get(text) ?? new Set<string>();
    byText.set(text, authors);
    authors.add(`${line.unitCode} · ${line.activityCode}`);
  }
  return [...byText.entries()]
    .map(([text, authors]) => ({ text, authors: [...authors].sort(compareText) }))
    .sort((a, b) => a.text.length - b.text.length || compareText(a.text, b.text));
}

function narrativeOf(report: NationalReport, catalogue: Catalogue, itemsPerGoal: number): NarrativeGoal[] {
  // The lines of each goal, in the report's order: one pass over the lines, not one per goal.
  const linesOf = new Map<string | null, ActivityLine[]>();
  for (const line of report.activities.lines) {
    const lines = linesOf.get(line.goal);
    if (lines) lines.push(line);
    else linesOf.set(line.goal, [line]);
  }
  return catalogue.plan.goals.map((goal) => {
    const lines = linesOf.get(goal.code) ?? [];
    const highlights = itemsOf(lines, 'outputs');
    const challenges = itemsOf(lines, 'challenges');
    return {
      goal: goal.code,
      title: goal.title,
      highlights: highlights.slice(0, itemsPerGoal),
      challenges: challenges.slice(0, itemsPerGoal),
      moreHighlights: Math.max(0, highlights.length - itemsPerGoal),
      moreChallenges: Math.max(0, challenges.length - itemsPerGoal),
    };
  });
}

// ---------------------------------------------------------------------------------------

/**
 * Builds the front section. `months` should hold every month from the plan's start to the
 * end of the scope (months absent count as nothing received); extra months are ignored.
 *
 * Months before the first one anybody reported are before reporting began: nothing was
 * expected then, so they give no rate and no figure ("–"), not every unit missing (which
 * would put the plan-to-date reporting rate at a few percent and draw a year of 0 % in the
 * trend). The scope's own months always count.
 */
export function buildFrontSection(
  report: NationalReport,
  months: readonly MonthFigures[],
  catalogue: Catalogue,
  options: FrontSectionOptions = {},
): FrontSection {
  const scopeFirst = report.scope.months[0];
  const firstReported = months
    .filter((m) => m.statuses.some((s) => s.status !== 'missing'))
    .map((m) => m.period)
    .sort()[0];
  const reportingBegan =
    firstReported && (!scopeFirst || firstReported < scopeFirst) ? firstReported : scopeFirst;
  const byMonth = new Map(
    months.filter((m) => !reportingBegan || m.period >= reportingBegan).map((m) => [m.period, m]),
  );
  const planStart = `${catalogue.plan.startYear}-01`;
  const windows = windowsOf(report.scope, planStart, byMonth);
  const values: Record<string, Record<ComparisonWindow['key'], number | null>> = {};
  for (const row of headlineGroups(report).flatMap((g) => g.rows)) {
    const byWindow = {} as Record<ComparisonWindow['key'], number | null>;
    for (const window of windows) byWindow[window.key] = windowValue(window, row.key, byMonth);
    values[row.key] = byWindow;
  }
  // "Unknown / not recorded" rows are shown only where some window has such victims.
  const headline = headlineGroups(report).map((group) => ({
    ...group,
    rows: group.rows.filter(
      (row) => !row.key.includes('unknown') || Object.values(values[row.key] ?? {}).some((v) => v),
    ),
  }));
  const last = report.scope.months[report.scope.months.length - 1] ?? planStart;
  const trendLength = Math.max(options.trendMonths ?? 12, report.scope.months.length);
  const trendMonths = monthRange(shiftMonth(last, -(trendLength - 1)), last);
  const trendRates = trendMonths.map((month) => ratesOver(month, [month], byMonth));
  const sexTotal = (month: string, sex: string) => {
    const figures = byMonth.get(month)?.figures;
    if (!figures) return null;
    return Object.entries(figures)
      .filter(([key]) => key.startsWith(`victims_${sex}_`))
      .reduce((sum, [, value]) => sum + value, 0);
  };
  return {
    scope: report.scope,
    plan: report.plan,
    windows,
    headline,
    values,
    progress: report.progress,
    indicators: {
      illustrative: catalogue.indicators.illustrative,
      note: catalogue.indicators.note ?? null,
      lines: indicatorLines(catalogue, report, byMonth),
    },
    reporting: {
      total: report.reporting.total,
      missing: unitsWith(report.reporting.entries, ['missing'], catalogue),
      rejected: unitsWith(report.reporting.entries, ['rejected', 'returned'], catalogue),
      late: unitsWith(report.reporting.entries, ['late'], catalogue),
    },
    narrative: narrativeOf(report, catalogue, options.itemsPerGoal ?? 2),
    trend: {
      months: trendMonths,
      victimsFemale: trendMonths.map((m, i) => (trendRates[i]?.received ? sexTotal(m, 'female') : null)),
      victimsMale: trendMonths.map((m, i) => (trendRates[i]?.received ? sexTotal(m, 'male') : null)),
      reportingRate: trendRates.map((r) => (r.expected ? r.reportingRate : null)),
      onTimeRate: trendRates.map((r) => (r.expected ? r.onTimeRate : null)),
    },
  };
}
