/** Pure: the rows of every lake table for one month of a compile input. */
import type { CompileInput } from '../compile/compile-input.ts';
import type { SubmissionData, SubmissionRow } from '../parse/submission.ts';
import { upgradeSubmission } from '../parse/upgrade-submission.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { SECTION_KEYS, type SectionKey } from '../reference/reference-schema.ts';
import type { TemplateSpec } from '../spec/field-types.ts';
import { TEMPLATE_SPEC } from '../spec/template-spec.ts';
import { FACT_TABLE_NAMES, storedFields } from './lake-schema.ts';
import type { LakeColumns, LakeRow, LakeValue } from './parquet-encode.ts';

/** What every row of a month's fact tables carries besides its figures. */
export interface MonthRowContext {
  readonly period: string;
  readonly snapshotId: string;
  readonly createdAt: string;
  readonly spec?: TemplateSpec;
  /** The month's plan version: for submissions that predate plan versions, and missing reports. */
  readonly monthPlanVersion?: string | null;
}

/**
 * One section's fact table for one month, column by column: the values are the submissions'
 * own, gathered into one array per column. The lake writer makes a table, encodes it and
 * drops it before the next, and an object per row (about 1,100 a month for activities) was a
 * month's largest allocation.
 *
 * The rows are counted first, so every column is allocated once at its length and filled by
 * index: a submission's key columns are one value over its run of rows (filled, not pushed),
 * and the figures go into columns held in an array, by field index. Pushing value by value
 * into columns looked up by name was the lake's largest self time in a cold compile.
 */
export function sectionColumns(
  input: CompileInput,
  section: SectionKey,
  month: MonthRowContext,
): LakeColumns {
  const { period, snapshotId } = month;
  const keys = storedFields(section, month.spec ?? TEMPLATE_SPEC).map((f) => f.key);
  const parts: { data: SubmissionData; sha256: string; rows: readonly SubmissionRow[] }[] = [];
  let length = 0;
  for (const submission of input.submissions) {
    const { data } = submission;
    if (data.period !== period) continue;
    const rows = upgradeSubmission(data).sections[section];
    if (!rows?.length) continue;
    parts.push({ data, sha256: submission.sha256, rows });
    length += rows.length;
  }
  const filled = (value: LakeValue) => new Array<LakeValue>(length).fill(value);
  const unitCodes = filled(null);
  const planVersions = filled(null);
  const hashes = filled(null);
  const templateVersions = filled(null);
  const figures = keys.map(() => new Array<LakeValue>(length));
  let start = 0;
  for (const { data, sha256, rows } of parts) {
    const end = start + rows.length;
    unitCodes.fill(data.unitCode, start, end);
    planVersions.fill(data.planVersion ?? month.monthPlanVersion ?? null, start, end);
    hashes.fill(sha256, start, end);
    templateVersions.fill(data.templateVersion, start, end);
    for (const row of rows) {
      for (let field = 0; field < keys.length; field++)
        (figures[field] as LakeValue[])[start] =
          (row[keys[field] as string] as LakeValue | undefined) ?? null;
      start++;
    }
  }
  // The key columns (lake-schema.ts's KEY_COLUMNS), then the figures, in the table's order.
  const values: Record<string, readonly LakeValue[]> = {
    period: filled(period),
    unit_code: unitCodes,
    plan_version: planVersions,
    submission_sha256: hashes,
    template_version: templateVersions,
    snapshot_id: filled(snapshotId),
  };
  for (const [field, key] of keys.entries()) values[key] = figures[field] as LakeValue[];
  return { length, values };
}

/** The rows of a table given column by column (each row's keys in column order). */
export function rowsOfColumns(columns: LakeColumns): LakeRow[] {
  const entries = Object.entries(columns.values);
  const rows: LakeRow[] = [];
  for (let index = 0; index < columns.length; index++) {
    const row: Record<string, LakeValue> = {};
    for (const [name, values] of entries) row[name] = values[index] ?? null;
    rows.push(row);
  }
  return rows;
}

/** Rows of one section's fact table for one month. */
export function sectionRows(input: CompileInput, section: SectionKey, month: MonthRowContext): LakeRow[] {
  return rowsOfColumns(sectionColumns(input, section, month));
}

/** Rows of the `submissions` table for one month: every unit's status. */
export function submissionRows(input: CompileInput, month: MonthRowContext): LakeRow[] {
  const { period, snapshotId } = month;
  const bySha = new Map(input.submissions.map((s) => [s.sha256, s]));
  return input.statuses
    .filter((s) => s.period === period)
    .map((s) => {
      const submission = s.sha256 ? bySha.get(s.sha256) : undefined;
      return {
        period,
        unit_code: s.unitCode,
        plan_version: submission?.data.planVersion ?? month.monthPlanVersion ?? null,
        status: s.status,
        submitted_at: s.submittedAt,
        submitted_by: s.submittedBy,
        submission_sha256: s.sha256,
        file_name: s.fileName,
        warning_count: submission?.warnings.length ?? 0,
        // reviewed / unreviewed: whether the Secretariat accepted the figures' submission.
        review_state: s.review ?? null,
        snapshot_id: snapshotId,
        snapshot_created_at: month.createdAt,
      };
    });
}

/** Fact rows of one month, by table name (every fact table present, possibly empty). */
export function factRows(
  input: CompileInput,
  period: string,
  snapshotId: string,
  createdAt: string,
  spec: TemplateSpec = TEMPLATE_SPEC,
  /** The month's plan version: for submissions that predate plan versions, and missing reports. */
  monthPlanVersion: string | null = null,
): Record<string, LakeRow[]> {
  const month: MonthRowContext = { period, snapshotId, createdAt, spec, monthPlanVersion };
  const tables: Record<string, LakeRow[]> = {};
  for (const section of SECTION_KEYS) tables[FACT_TABLE_NAMES[section]] = sectionRows(input, section, month);
  tables.submissions = submissionRows(input, month);
  return tables;
}

/** Dimension rows from the catalogue, by table name. */
export function dimensionRows(catalogue: Catalogue): Record<string, LakeRow[]> {
  const programmeOf = new Map(catalogue.plan.projects.map((p) => [p.code, p.programme]));
  const plan_version = catalogue.version;
  return {
    goals: catalogue.plan.goals.map((g) => ({
      plan_version,
      code: g.code,
      title_lo: g.title.lo,
      title_en: g.title.en,
    })),
    programmes: catalogue.plan.programmes.map((p) => ({
      plan_version,
      code: p.code,
      title_lo: p.title.lo,
      title_en: p.title.en,
    })),
    projects: catalogue.plan.projects.map((p) => ({
      plan_version,
      code: p.code,
      programme: p.programme,
      title_lo: p.title.lo,
      title_en: p.title.en,
    })),
    activities: catalogue.plan.activities.map((a) => ({
      plan_version,
      code: a.code,
      project: a.project,
      programme: programmeOf.get(a.project) ?? null,
      goal: a.goal,
      title_lo: a.title.lo,
      title_en: a.title.en,
      lead_unit: a.lead,
      support_units: a.support.join(','),
    })),
    units: catalogue.units.map((u) => ({
      plan_version,
      code: u.code,
      kind: u.kind,
      province: u.province ?? null,
      name_lo: u.name.lo,
      name_en: u.name.en,
      sections: u.sections.join(','),
    })),
  };
}

/** Default suppression threshold: counts 1..10 hidden (CTDC publishes k-anonymised, k = 11). */
export const DEFAULT_SUPPRESSION_THRESHOLD = 10;
