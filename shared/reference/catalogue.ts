import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import {
  type Activity,
  ALL_PROVINCES,
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
  readonly plan: PlanFile;
  readonly units: readonly Unit[];
  readonly provinces: readonly Province[];
  readonly unitByCode: ReadonlyMap<string, Unit>;
  readonly activityByCode: ReadonlyMap<string, Activity>;
  /** Activities a unit leads or supports, in plan order. */
  activitiesOf(unitCode: string): readonly Activity[];
  /** True when the unit fills the given section of the monthly report. */
  fillsSection(unitCode: string, section: SectionKey): boolean;
  /** Which unit's number is the national one, per section and figure (`sources-of-record.json`). */
  readonly sourcesOfRecord: readonly SourceOfRecordRule[];
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
function crossCheck(
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
function checkSources(sources: SourcesOfRecordFile, unitsFile: UnitsFile): string[] {
  const unitCodes = new Set(unitsFile.units.map((u) => u.code));
  return sources.rules.flatMap((rule, index) =>
    rule.source === PROVINCE_SOURCE || unitCodes.has(rule.source)
      ? []
      : [`at rules.${index}.source: unknown unit ${rule.source}`],
  );
}

/**
 * Builds the indexed catalogue from already-validated file contents. Without sources of
 * record every unit's figures add up, as they did before the file existed.
 */
export function buildCatalogue(
  plan: PlanFile,
  unitsFile: UnitsFile,
  sources: SourcesOfRecordFile = { rules: [] },
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
    plan,
    units: unitsFile.units,
    provinces: unitsFile.provinces,
    unitByCode,
    activityByCode,
    activitiesOf: (unitCode) => activitiesByUnit.get(unitCode) ?? [],
    fillsSection: (unitCode, section) => unitByCode.get(unitCode)?.sections.includes(section) ?? false,
    sourcesOfRecord: sources.rules,
  };
}

/**
 * Loads `plan.json`, `units.json` and `sources-of-record.json` from a folder (the last one
 * falls back to the shipped file when the folder has none), validates them with zod and
 * cross-checks them. Any problem throws a {@link ReferenceDataError} naming the file and the
 * path in it.
 */
export function loadCatalogue(directory = DEFAULT_REFERENCE_DIR): Catalogue {
  const folder = directory.replace(/\/$/, '');
  const planFile = `${folder}/plan.json`;
  const unitsFile = `${folder}/units.json`;
  const own = `${folder}/sources-of-record.json`;
  const sourcesFile = existsSync(own)
    ? own
    : `${DEFAULT_REFERENCE_DIR.replace(/\/$/, '')}/sources-of-record.json`;
  const plan = readJsonFile(planFile, planFileSchema);
  const units = readJsonFile(unitsFile, unitsFileSchema);
  const sources = readJsonFile(sourcesFile, sourcesOfRecordFileSchema);
  const { planProblems, unitProblems } = crossCheck(plan, units);
  if (unitProblems.length) throw new ReferenceDataError(unitsFile, unitProblems);
  if (planProblems.length) throw new ReferenceDataError(planFile, planProblems);
  const sourceProblems = checkSources(sources, units);
  if (sourceProblems.length) throw new ReferenceDataError(sourcesFile, sourceProblems);
  return buildCatalogue(plan, units, sources);
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
