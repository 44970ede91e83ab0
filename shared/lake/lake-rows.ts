/** Pure: the rows of every lake table for one month of a compile input. */
import type { CompileInput } from '../compile/compile-input.ts';
import { upgradeSubmission } from '../parse/upgrade-submission.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { SECTION_KEYS } from '../reference/reference-schema.ts';
import type { TemplateSpec } from '../spec/field-types.ts';
import { TEMPLATE_SPEC } from '../spec/template-spec.ts';
import { FACT_TABLE_NAMES, storedFields } from './lake-schema.ts';
import type { LakeRow } from './parquet-encode.ts';

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
  const tables: Record<string, LakeRow[]> = {};
  for (const section of SECTION_KEYS) {
    const fields = storedFields(section, spec);
    tables[FACT_TABLE_NAMES[section]] = input.submissions
      .filter((s) => s.data.period === period)
      .flatMap((s) =>
        (upgradeSubmission(s.data).sections[section] ?? []).map((row) => ({
          period,
          unit_code: s.data.unitCode,
          plan_version: s.data.planVersion ?? monthPlanVersion,
          submission_sha256: s.sha256,
          template_version: s.data.templateVersion,
          snapshot_id: snapshotId,
          ...Object.fromEntries(fields.map((f) => [f.key, row[f.key] ?? null])),
        })),
      );
  }
  const warningsBySha = new Map(input.submissions.map((s) => [s.sha256, s.warnings.length]));
  tables.submissions = input.statuses
    .filter((s) => s.period === period)
    .map((s) => ({
      period,
      unit_code: s.unitCode,
      plan_version:
        input.submissions.find((sub) => sub.sha256 === s.sha256)?.data.planVersion ?? monthPlanVersion,
      status: s.status,
      submitted_at: s.submittedAt,
      submitted_by: s.submittedBy,
      submission_sha256: s.sha256,
      file_name: s.fileName,
      warning_count: (s.sha256 ? warningsBySha.get(s.sha256) : undefined) ?? 0,
      // reviewed / unreviewed: whether the Secretariat accepted the figures' submission.
      review_state: s.review ?? null,
      snapshot_id: snapshotId,
      snapshot_created_at: createdAt,
    }));
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
