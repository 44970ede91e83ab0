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
      schema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
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
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    planVersion: z.string().optional(),
    cover: objectOf(spec.cover.fields, spec, catalogue),
    sections: z.object(
      Object.fromEntries(
        spec.tables.map((table) => [table.section, z.array(rows[table.section] as z.ZodType).optional()]),
      ),
    ),
  });
}
