/**
 * Next month's template, prefilled from the unit's last accepted report: each activity's
 * status, percent, planned budget and outputs (the fields the spec marks `carryOver`), so
 * the focal point updates instead of retyping. Carried values are ordinary cell values, so
 * they are validated like typed ones; the template marks them until they are changed.
 * The CLI (`npm run templates -- --from-last`) and the portal both call this.
 */
import type { SubmissionData } from '../shared/parse/submission.ts';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import type { TemplateSpec } from '../shared/spec/field-types.ts';
import { specForVersion, TEMPLATE_SPEC } from '../shared/spec/template-spec.ts';
import type { ObjectStorage } from '../shared/storage/object-storage.ts';
import { currentAcceptedByUnit, SubmissionStore } from '../shared/store/submission-store.ts';
import { type CarriedOver, type TemplateRequest, writeXlsxTemplate } from './write-xlsx-template.ts';

/** How many months back to look for the last accepted report. */
const LOOKBACK_MONTHS = 24;

/** The month before a YYYY-MM month. */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * The unit's newest accepted submission for a month before `period` (the newest accepted
 * upload of the newest month that has one), or undefined within the look-back.
 */
export async function lastAcceptedSubmission(
  store: SubmissionStore,
  unitCode: string,
  period: string,
  lookbackMonths = LOOKBACK_MONTHS,
): Promise<SubmissionData | undefined> {
  let month = period;
  for (let i = 0; i < lookbackMonths; i++) {
    month = previousPeriod(month);
    const records = (await store.listRecords(month)).filter((r) => r.unitCode === unitCode);
    const current = currentAcceptedByUnit(records).get(unitCode);
    if (current) return store.loadParsed(current.sha256);
  }
  return undefined;
}

/**
 * The carried-over values of a submission: per activity, the fields the spec marks
 * `carryOver`, where the field means the same in the submission's template version (a
 * planned budget for the whole activity is not carried into a field for this year).
 */
export function carriedOverFrom(submission: SubmissionData, spec: TemplateSpec = TEMPLATE_SPEC): CarriedOver {
  const byActivity = new Map<string, Record<string, SubmissionData['cover'][string]>>();
  const theirs = specForVersion(submission.templateVersion, spec) ?? spec;
  for (const table of spec.tables) {
    if (!table.prefillActivities) continue;
    const before = theirs.tables.find((t) => t.section === table.section);
    const keys = table.fields
      .filter((field) => {
        if (!field.carryOver) return false;
        const old = before?.fields.find((f) => f.key === field.key);
        return old !== undefined && old.type === field.type && old.span === field.span;
      })
      .map((field) => field.key);
    for (const row of submission.sections[table.section] ?? []) {
      const code = row.activity_code;
      if (typeof code !== 'string') continue;
      const values: Record<string, SubmissionData['cover'][string]> = {};
      for (const key of keys) if (row[key] !== null && row[key] !== undefined) values[key] = row[key];
      if (Object.keys(values).length) byActivity.set(code, values);
    }
  }
  return { period: submission.period, byActivity };
}

/** A template and where its carried values come from (null: nothing accepted yet). */
export interface TemplateFromLast {
  readonly bytes: Uint8Array;
  readonly carriedFrom: string | null;
}

/**
 * Writes the unit's template for `period`, prefilled from its last accepted report in
 * `storage` (the same storage ingest writes to). Without one, it is the plain template.
 */
export async function writeTemplateFromLast(
  request: Omit<TemplateRequest, 'carriedOver'>,
  catalogue: Catalogue,
  storage: ObjectStorage,
  spec: TemplateSpec = TEMPLATE_SPEC,
): Promise<TemplateFromLast> {
  const store = new SubmissionStore(storage, catalogue);
  const last = await lastAcceptedSubmission(store, request.unit.code, request.period);
  const carriedOver = last ? carriedOverFrom(last, spec) : undefined;
  const bytes = await writeXlsxTemplate(
    { ...request, ...(carriedOver ? { carriedOver } : {}) },
    catalogue,
    spec,
  );
  return { bytes, carriedFrom: carriedOver?.period ?? null };
}
