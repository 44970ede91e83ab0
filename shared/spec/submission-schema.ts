/**
 * zod schemas derived from the template spec: the shape of a stored, typed submission. The
 * compile validates every stored submission with them before merging, so a record written by
 * an older version or edited by hand cannot slip malformed data into the national figures.
 */
import { z } from 'zod';
import type { Catalogue } from '../reference/catalogue.ts';
import { resolveChoices } from './choices.ts';
import type { FieldSpec, TemplateSpec } from './field-types.ts';
import { TEMPLATE_SPEC } from './template-spec.ts';

/** A reporting month, `YYYY-MM`. */
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

function fieldSchema(field: FieldSpec, spec: TemplateSpec, catalogue: Catalogue): z.ZodType {
  let schema: z.ZodType;
  switch (field.type) {
    case 'count':
    case 'money':
      schema = z
        .number()
        .int()
        .min(field.min ?? 0);
      break;
    case 'percent':
      schema = z
        .number()
        .min(field.min ?? 0)
        .max(field.max ?? 100);
      break;
    case 'date':
      schema = z.iso.date();
      break;
    case 'period':
      schema = z.string().regex(PERIOD);
      break;
    case 'choice': {
      const codes = resolveChoices(spec, catalogue, field.list ?? 'status').map((c) => c.code);
      schema = z.enum(codes as [string, ...string[]]);
      break;
    }
    default:
      schema = z.string();
  }
  // Rejected submissions are stored too, so a required field may still be empty here; a
  // section's nil mark is absent for units that do not fill that section.
  return field.nilFor ? schema.nullable().optional() : schema.nullable();
}

function objectOf(fields: readonly FieldSpec[], spec: TemplateSpec, catalogue: Catalogue) {
  return z.object(
    Object.fromEntries(
      fields.filter((f) => !f.displayOnly).map((f) => [f.key, fieldSchema(f, spec, catalogue)]),
    ),
  );
}

/** Schema of one table sheet's rows, by section. */
export function buildRowSchemas(catalogue: Catalogue, spec: TemplateSpec = TEMPLATE_SPEC) {
  return Object.fromEntries(
    spec.tables.map((table) => [table.section, objectOf(table.fields, spec, catalogue)]),
  );
}

/** Schema of a whole typed submission ({@link SubmissionData}). */
export function buildSubmissionSchema(catalogue: Catalogue, spec: TemplateSpec = TEMPLATE_SPEC) {
  const rows = buildRowSchemas(catalogue, spec);
  return z.object({
    templateId: z.literal(spec.templateId),
    templateVersion: z.string(),
    unitCode: z.enum(catalogue.units.map((u) => u.code) as [string, ...string[]]),
    period: z.string().regex(PERIOD),
    planVersion: z.string().optional(),
    cover: objectOf(spec.cover.fields, spec, catalogue),
    sections: z.object(
      Object.fromEntries(
        spec.tables.map((table) => [table.section, z.array(rows[table.section] as z.ZodType).optional()]),
      ),
    ),
  });
}

/** A check that a field's value is one its zod schema accepts unchanged. */
type ValueCheck = (value: unknown) => boolean;

function fieldCheck(field: FieldSpec, spec: TemplateSpec, catalogue: Catalogue): ValueCheck {
  const min = field.min ?? 0;
  let check: ValueCheck;
  switch (field.type) {
    case 'count':
    case 'money':
      check = (v) => Number.isSafeInteger(v) && (v as number) >= min;
      break;
    case 'percent': {
      const max = field.max ?? 100;
      check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
      break;
    }
    case 'date': {
      // Rare (event dates): zod's own rule, for exactly its calendar.
      const date = z.iso.date();
      check = (v) => typeof v === 'string' && date.safeParse(v).success;
      break;
    }
    case 'period':
      check = (v) => typeof v === 'string' && PERIOD.test(v);
      break;
    case 'choice': {
      const codes = new Set(resolveChoices(spec, catalogue, field.list ?? 'status').map((c) => c.code));
      check = (v) => typeof v === 'string' && codes.has(v);
      break;
    }
    default:
      check = (v) => typeof v === 'string';
  }
  return field.nilFor ? (v) => v === null || v === undefined || check(v) : (v) => v === null || check(v);
}

/** A check of a plain object holding exactly the fields' keys (no other), each value accepted. */
function objectCheck(fields: readonly FieldSpec[], spec: TemplateSpec, catalogue: Catalogue): ValueCheck {
  const checks = fields
    .filter((f) => !f.displayOnly)
    .map((f) => [f.key, fieldCheck(f, spec, catalogue)] as const);
  const known = new Set(checks.map(([key]) => key));
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    for (const key in record) if (!known.has(key)) return false;
    for (const [key, check] of checks) if (!check(record[key])) return false;
    return true;
  };
}

/**
 * A fast check that a stored submission is one {@link buildSubmissionSchema}'s schema accepts
 * and returns unchanged: every value valid, no key the schema would strip. The compile reads
 * every parsed submission of its scope, and zod took three times as long as JSON.parse for
 * them (the largest cost of reading a month). It only ever says yes where zod would; on a no
 * (a key zod strips, an unknown code, anything doubtful), the caller parses with zod, which
 * gives the same result it always did or the error that says what is wrong.
 */
export function buildSubmissionCheck(
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): (value: unknown) => boolean {
  const units = new Set(catalogue.units.map((u) => u.code));
  const cover = objectCheck(spec.cover.fields, spec, catalogue);
  const rows = new Map(
    spec.tables.map((table) => [table.section, objectCheck(table.fields, spec, catalogue)]),
  );
  const topKeys = new Set([
    'templateId',
    'templateVersion',
    'unitCode',
    'period',
    'planVersion',
    'cover',
    'sections',
  ]);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const data = value as Record<string, unknown>;
    for (const key in data) if (!topKeys.has(key)) return false;
    if (data.templateId !== spec.templateId || typeof data.templateVersion !== 'string') return false;
    if (typeof data.unitCode !== 'string' || !units.has(data.unitCode)) return false;
    if (typeof data.period !== 'string' || !PERIOD.test(data.period)) return false;
    if (data.planVersion !== undefined && typeof data.planVersion !== 'string') return false;
    if (!cover(data.cover)) return false;
    const sections = data.sections;
    if (typeof sections !== 'object' || sections === null || Array.isArray(sections)) return false;
    for (const key in sections) if (!rows.has(key as never)) return false;
    for (const [section, row] of rows) {
      const list = (sections as Record<string, unknown>)[section];
      if (list === undefined) continue;
      if (!Array.isArray(list)) return false;
      for (const item of list) if (!row(item)) return false;
    }
    return true;
  };
}
