/**
 * The `period` parameter of compile, status and download: one parser, one bound, one bilingual
 * 400. A scope must be well-formed and lie within the plan's span (read from the catalogue,
 * so it follows a new plan) or the span configured in SCOPE_SPAN.
 */
import { type PeriodScope, parseScope, scopeWithin, type YearSpan } from '../shared/compile/period-scope.ts';
import { planSpan } from '../shared/reference/catalogue.ts';
import type { AppContext } from './app-context.ts';
import { errors } from './http-support.ts';

/** The years scopes may cover: SCOPE_SPAN when set, else the plan's own span. */
export function allowedSpan(context: AppContext): YearSpan {
  if (context.config.scopeSpan) return context.config.scopeSpan;
  const plan = planSpan(context.catalogue);
  return { firstYear: plan.startYear, lastYear: plan.endYear };
}

/** Parses and bounds a scope label; throws a 400 that names the expected form and the span. */
export function requireScope(context: AppContext, label: string, code: string): PeriodScope {
  const span = allowedSpan(context);
  const shown = label.length > 40 ? `${label.slice(0, 40)}…` : label;
  // JSON.stringify escapes control characters (a NUL byte is shown as \u0000, not sent raw).
  const quoted = JSON.stringify(shown);
  const scope = parseScope(label);
  if (!scope)
    throw errors.badRequest(code, {
      lo: `ໄລຍະ ${quoted} ບໍ່ຖືກຕ້ອງ. ໃຊ້ເດືອນ (2025-06), ໄຕມາດ (2025-Q2), ປີ (2025) ຫຼື ໄລຍະປີ (${span.firstYear}-${span.lastYear}).`,
      en: `Period ${quoted} is not valid. Use a month (2025-06), a quarter (2025-Q2), a year (2025) or a span of years (${span.firstYear}-${span.lastYear}).`,
    });
  if (!scopeWithin(scope, span))
    throw errors.badRequest(code.replace(/bad-period$/, 'period-out-of-span'), {
      lo: `ໄລຍະ ${quoted} ຢູ່ນອກແຜນງານ (${span.firstYear}-${span.lastYear}). ເລືອກໄລຍະພາຍໃນປີ ${span.firstYear} ຫາ ${span.lastYear}.`,
      en: `Period ${quoted} is outside the plan (${span.firstYear}-${span.lastYear}). Choose a period within ${span.firstYear} to ${span.lastYear}.`,
    });
  return scope;
}
