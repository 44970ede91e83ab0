import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { planVersionOf, type ReferenceContent } from './plan-version.ts';
import {
  type Activity,
  ALL_PROVINCES,
  type IndicatorsFile,
  indicatorsFileSchema,
  type PlanFile,
  PROVINCE_SOURCE,
  type Province,
  planFileSchema,
  type SectionKey,
  type SourceOfRecordRule,
  type SourcesOfRecordFile,
  sourcesOfRecordFileSchema,
  type Unit,
  type UnitsFile,
  unitsFileSchema,
} from './reference-schema.ts';

/** The plan and the reporting units, cross-checked and indexed for the core. */
export interface Catalogue {
  /** Content hash of plan + units (see plan-version.ts): names the plan everywhere it is used. */
  readonly version: string;
  readonly plan: PlanFile;
  /** The units file as loaded (units, provinces and its note). */
  readonly unitsFile: UnitsFile;
  readonly units: readonly Unit[];
  readonly provinces: readonly Province[];
  readonly unitByCode: ReadonlyMap<string, Unit>;
  readonly activityByCode: ReadonlyMap<string, Activity>;
  /** Indicators and targets of the plan (`indicators.json`); none when the file is absent. */
  readonly indicators: IndicatorsFile;
  /** Activities a unit leads or supports, in plan order. */
  activitiesOf(unitCode: string): readonly Activity[];
  /** True when the unit fills the given section of the monthly report. */
  fillsSection(unitCode: string, section: SectionKey): boolean;
  /** Which unit's number is the national one, per section and figure (`sources-of-record.json`). */
  readonly sourcesOfRecord: readonly SourceOfRecordRule[];
  /** The sources-of-record file as loaded (its rules and note). */
  readonly sourcesOfRecordFile: SourcesOfRecordFile;
}

/** A reference file failed to load: names the file, the path inside it and the problem. */
export class ReferenceDataError extends Error {
  override readonly name = 'ReferenceDataError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`${file}: ${problems.join('; ')}`, options);
  }
}

/** Folder of the reference files shipped with the code. */
export const DEFAULT_REFERENCE_DIR = fileURLToPath(new URL('.', import.meta.url));

function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map(
    (issue) => `at ${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`,
  );
}

function readJsonFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ReferenceDataError(file, [`cannot read as JSON: ${(cause as Error).message}`], { cause });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ReferenceDataError(file, describeZodIssues(parsed.error));
  return parsed.data;
}

function findDuplicates(codes: readonly string[]): string[] {
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const code of codes) {
    if (seen.has(code)) duplicates.push(code);
    seen.add(code);
  }
  return duplicates;
}

/**
 * Cross-checks the plan against the units: unique codes, every reference resolvable.
 * Returns the problems found; the caller turns them into a {@link ReferenceDataError}.
 */
export function crossCheck(
  plan: PlanFile,
  unitsFile: UnitsFile,
): { planProblems: string[]; unitProblems: string[] } {
  const planProblems: string[] = [];
  const unitProblems: string[] = [];
  const unitCodes = new Set(unitsFile.units.map((u) => u.code));
  const provinceCodes = new Set(unitsFile.provinces.map((p) => p.code));
  for (const duplicate of findDuplicates(unitsFile.units.map((u) => u.code)))
    unitProblems.push(`at units: code ${duplicate} appears twice`);
  unitsFile.units.forEach((unit, index) => {
    if (unit.kind === 'province' && (!unit.province || !provinceCodes.has(unit.province)))
      unitProblems.push(`at units.${index}.province: ${unit.code} needs a province listed under "provinces"`);
  });
  const goalCodes = new Set(plan.goals.map((g) => g.code));
  const programmeCodes = new Set(plan.programmes.map((p) => p.code));
  const projectCodes = new Set(plan.projects.map((p) => p.code));
  const allCodes = [...plan.goals, ...plan.programmes, ...plan.projects, ...plan.activities].map(
    (x) => x.code,
  );
  for (const duplicate of findDuplicates(allCodes)) planProblems.push(`code ${duplicate} appears twice`);
  plan.projects.forEach((project, index) => {
    if (!programmeCodes.has(project.programme))
      planProblems.push(`at projects.${index}.programme: unknown programme ${project.programme}`);
  });
  plan.activities.forEach((activity, index) => {
    const at = `at activities.${index}`;
    if (!projectCodes.has(activity.project))
      planProblems.push(`${at}.project: unknown project ${activity.project}`);
    else if (!activity.code.startsWith(`${activity.project}.`))
      planProblems.push(`${at}.code: ${activity.code} does not belong to project ${activity.project}`);
    if (!goalCodes.has(activity.goal)) planProblems.push(`${at}.goal: unknown goal ${activity.goal}`);
    if (!unitCodes.has(activity.lead)) planProblems.push(`${at}.lead: unknown unit ${activity.lead}`);
    activity.support.forEach((code, supportIndex) => {
      if (code !== ALL_PROVINCES && !unitCodes.has(code))
        planProblems.push(`${at}.support.${supportIndex}: unknown unit ${code}`);
    });
  });
  return { planProblems, unitProblems };
}

/** Every unit a source-of-record rule names must exist. */
export function checkSources(sources: SourcesOfRecordFile, unitsFile: UnitsFile): string[] {
  const unitCodes = new Set(unitsFile.units.map((u) => u.code));
  return sources.rules.flatMap((rule, index) =>
    rule.source === PROVINCE_SOURCE || unitCodes.has(rule.source)
      ? []
      : [`at rules.${index}.source: unknown unit ${rule.source}`],
  );
}

const SHIPPED_SOURCES_FILE = `${DEFAULT_REFERENCE_DIR.replace(/\/$/, '')}/sources-of-record.json`;
let shippedSources: SourcesOfRecordFile | undefined;

/** The sources of record shipped with the code, read once (a folder or stored plan without its own). */
function shippedSourcesOfRecord(): SourcesOfRecordFile {
  shippedSources ??= readJsonFile(SHIPPED_SOURCES_FILE, sourcesOfRecordFileSchema);
  return shippedSources;
}

/** No indicators: a reference folder without `indicators.json`. */
export const NO_INDICATORS: IndicatorsFile = { illustrative: false, indicators: [] };

/** Cross-checks indicators against the plan: unique codes, known goals and activities, spans in the plan. */
export function checkIndicators(plan: PlanFile, file: IndicatorsFile): string[] {
  const problems: string[] = [];
  const goals = new Set(plan.goals.map((g) => g.code));
  const activities = new Set(plan.activities.map((a) => a.code));
  for (const duplicate of findDuplicates(file.indicators.map((i) => i.code)))
    problems.push(`at indicators: code ${duplicate} appears twice`);
  file.indicators.forEach((indicator, index) => {
    const at = `at indicators.${index}`;
    if ('goal' in indicator.appliesTo && !goals.has(indicator.appliesTo.goal))
      problems.push(`${at}.appliesTo.goal: unknown goal ${indicator.appliesTo.goal}`);
    if ('activity' in indicator.appliesTo && !activities.has(indicator.appliesTo.activity))
      problems.push(`${at}.appliesTo.activity: unknown activity ${indicator.appliesTo.activity}`);
    indicator.targets.forEach((target, targetIndex) => {
      const [first, last = first] = target.span.split('-').map(Number) as [number, number?];
      if (first < plan.startYear || last > plan.endYear || first > last)
        problems.push(
          `${at}.targets.${targetIndex}.span: ${target.span} is outside the plan (${plan.startYear}-${plan.endYear})`,
        );
    });
  });
  return problems;
}

/**
 * Builds the indexed catalogue from already-validated file contents. Sources of record
 * default to the shipped `sources-of-record.json`.
 */
export function buildCatalogue(
  plan: PlanFile,
  unitsFile: UnitsFile,
  indicators: IndicatorsFile = NO_INDICATORS,
  sources: SourcesOfRecordFile = shippedSourcesOfRecord(),
): Catalogue {
  const unitByCode = new Map(unitsFile.units.map((u) => [u.code, u]));
  const activityByCode = new Map(plan.activities.map((a) => [a.code, a]));
  const activitiesByUnit = new Map<string, Activity[]>(unitsFile.units.map((u) => [u.code, []]));
  for (const activity of plan.activities) {
    const responsible = new Set([activity.lead]);
    for (const code of activity.support) {
      if (code === ALL_PROVINCES) {
        for (const unit of unitsFile.units) if (unit.kind === 'province') responsible.add(unit.code);
      } else responsible.add(code);
    }
    for (const code of responsible) activitiesByUnit.get(code)?.push(activity);
  }
  return {
    version: planVersionOf({ plan, units: unitsFile, indicators, sources }),
    plan,
    unitsFile,
    units: unitsFile.units,
    provinces: unitsFile.provinces,
    unitByCode,
    activityByCode,
    indicators,
    activitiesOf: (unitCode) => activitiesByUnit.get(unitCode) ?? [],
    fillsSection: (unitCode, section) => unitByCode.get(unitCode)?.sections.includes(section) ?? false,
    sourcesOfRecord: sources.rules,
    sourcesOfRecordFile: sources,
  };
}

/**
 * Loads `plan.json`, `units.json`, (when present) `indicators.json` and
 * `sources-of-record.json` (the shipped one when the folder has none) from a folder,
 * validates them with zod and cross-checks them. Any problem throws a
 * {@link ReferenceDataError} naming the file and the path in it.
 */
export function loadCatalogue(directory = DEFAULT_REFERENCE_DIR): Catalogue {
  const folder = directory.replace(/\/$/, '');
  const planFile = `${folder}/plan.json`;
  const unitsFile = `${folder}/units.json`;
  const indicatorsFile = `${folder}/indicators.json`;
  const sourcesFile = `${folder}/sources-of-record.json`;
  const plan = readJsonFile(planFile, planFileSchema);
  const units = readJsonFile(unitsFile, unitsFileSchema);
  const indicators = existsSync(indicatorsFile)
    ? readJsonFile(indicatorsFile, indicatorsFileSchema)
    : NO_INDICATORS;
  const sources = existsSync(sourcesFile)
    ? readJsonFile(sourcesFile, sourcesOfRecordFileSchema)
    : shippedSourcesOfRecord();
  const { planProblems, unitProblems } = crossCheck(plan, units);
  if (unitProblems.length) throw new ReferenceDataError(unitsFile, unitProblems);
  if (planProblems.length) throw new ReferenceDataError(planFile, planProblems);
  const indicatorProblems = checkIndicators(plan, indicators);
  if (indicatorProblems.length) throw new ReferenceDataError(indicatorsFile, indicatorProblems);
  const sourceProblems = checkSources(sources, units);
  if (sourceProblems.length) throw new ReferenceDataError(sourcesFile, sourceProblems);
  return buildCatalogue(plan, units, indicators, sources);
}

/**
 * A catalogue from reference content held elsewhere (a stored plan version): validated with
 * the same zod schemas and cross-checks as the files. `source` names it in errors.
 */
export function catalogueFromContent(
  content: { plan: unknown; units: unknown; indicators?: unknown; sources?: unknown },
  source: string,
): Catalogue {
  const plan = planFileSchema.safeParse(content.plan);
  if (!plan.success) throw new ReferenceDataError(`${source} plan`, describeZodIssues(plan.error));
  const units = unitsFileSchema.safeParse(content.units);
  if (!units.success) throw new ReferenceDataError(`${source} units`, describeZodIssues(units.error));
  const indicators = indicatorsFileSchema.safeParse(content.indicators ?? NO_INDICATORS);
  if (!indicators.success)
    throw new ReferenceDataError(`${source} indicators`, describeZodIssues(indicators.error));
  const sources = sourcesOfRecordFileSchema.safeParse(content.sources ?? shippedSourcesOfRecord());
  if (!sources.success)
    throw new ReferenceDataError(`${source} sources of record`, describeZodIssues(sources.error));
  const { planProblems, unitProblems } = crossCheck(plan.data, units.data);
  if (unitProblems.length) throw new ReferenceDataError(`${source} units`, unitProblems);
  if (planProblems.length) throw new ReferenceDataError(`${source} plan`, planProblems);
  const indicatorProblems = checkIndicators(plan.data, indicators.data);
  if (indicatorProblems.length) throw new ReferenceDataError(`${source} indicators`, indicatorProblems);
  const sourceProblems = checkSources(sources.data, units.data);
  if (sourceProblems.length) throw new ReferenceDataError(`${source} sources of record`, sourceProblems);
  return buildCatalogue(plan.data, units.data, indicators.data, sources.data);
}

let cachedDefault: Catalogue | undefined;

/**
 * The catalogue, loaded once per process: from `REFERENCE_DIR` when set (the Secretariat's
 * adopted plan, deployed beside the code), else the files shipped with the code.
 */
export function defaultCatalogue(): Catalogue {
  cachedDefault ??= loadCatalogue(process.env.REFERENCE_DIR || DEFAULT_REFERENCE_DIR);
  return cachedDefault;
}

/** A catalogue's content as files hold it (what a plan version is the hash of). */
export function contentOf(catalogue: Catalogue): ReferenceContent {
  return {
    plan: catalogue.plan,
    units: catalogue.unitsFile,
    indicators: catalogue.indicators,
    sources: catalogue.sourcesOfRecordFile,
  };
}

/** The years a plan covers, and its first and last month (`YYYY-MM`). */
export interface PlanSpan {
  readonly startYear: number;
  readonly endYear: number;
  readonly firstMonth: string;
  readonly lastMonth: string;
  /** As people write it: `2021-2025` (also a compile scope label). */
  readonly label: string;
}

/** The span of a catalogue's plan (Phase III: 2021-2025). */
export function planSpan(catalogue: Pick<Catalogue, 'plan'>): PlanSpan {
  const { startYear, endYear } = catalogue.plan;
  return {
    startYear,
    endYear,
    firstMonth: `${startYear}-01`,
    lastMonth: `${endYear}-12`,
    label: `${startYear}-${endYear}`,
  };
}

/** True when a month (`YYYY-MM`) falls inside the plan's span. */
export function planCoversMonth(catalogue: Pick<Catalogue, 'plan'>, month: string): boolean {
  const span = planSpan(catalogue);
  return month >= span.firstMonth && month <= span.lastMonth;
}
