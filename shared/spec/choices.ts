import type { Catalogue } from '../reference/catalogue.ts';
import { joinBilingual } from '../text/bilingual.ts';
import { matchKey } from '../text/lao-text.ts';
import type { Choice, ChoiceListKey, TemplateSpec } from './field-types.ts';

/** The allowed values of a list: catalogue lists (units, provinces) or the spec's own. */
export function resolveChoices(
  spec: TemplateSpec,
  catalogue: Catalogue,
  list: ChoiceListKey,
): readonly Choice[] {
  if (list === 'province') return catalogue.provinces.map((p) => ({ code: p.code, label: p.name }));
  if (list === 'unit') return catalogue.units.map((u) => ({ code: u.code, label: u.name }));
  return spec.choiceLists[list];
}

/** What a dropdown shows for a choice: Lao first, then English. */
export function displayChoice(choice: Choice): string {
  return joinBilingual(choice.label);
}

/**
 * Index that turns whatever a person typed or picked (code, Lao label, English label or the
 * dropdown's combined text, in either Lao spelling, any case, stray spaces) into the code.
 */
export function buildChoiceMatcher(choices: readonly Choice[]): (typed: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const choice of choices) {
    for (const form of [choice.code, choice.label.lo, choice.label.en, displayChoice(choice)])
      byKey.set(matchKey(form), choice.code);
  }
  return (typed) => byKey.get(matchKey(typed));
}

/** How a field combines across months (see {@link FieldSpec.rollup}). */
export function rollupOf(field: import('./field-types.ts').FieldSpec): 'sum' | 'latest' {
  if (field.rollup) return field.rollup;
  if (field.type === 'money') return field.span === undefined || field.span === 'month' ? 'sum' : 'latest';
  return field.type === 'count' ? 'sum' : 'latest';
}
