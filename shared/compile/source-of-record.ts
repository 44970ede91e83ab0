/**
 * One source of record per figure: which unit's number is the national one, read from the
 * reference data (`sources-of-record.json`). Pure helpers for the national report.
 */
import type { FieldValue } from '../parse/coerce-cell.ts';
import type { SubmissionRow } from '../parse/submission.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import {
  PROVINCE_SOURCE,
  type SectionKey,
  type SourceOfRecordRule,
  type Unit,
} from '../reference/reference-schema.ts';

const matchesField = (pattern: string, key: string) =>
  pattern.endsWith('*') ? key.startsWith(pattern.slice(0, -1)) : key === pattern;

/**
 * The rules of a section that name a field, in file order: found once per rule set, section
 * and field, since a compile asks for every figure of every row (it showed in its profile).
 * Nested maps, so a lookup makes no key string.
 */
const rulesByFigure = new WeakMap<
  readonly SourceOfRecordRule[],
  Map<SectionKey, Map<string, readonly SourceOfRecordRule[]>>
>();
function rulesNaming(
  rules: readonly SourceOfRecordRule[],
  section: SectionKey,
  field: string,
): readonly SourceOfRecordRule[] {
  let bySection = rulesByFigure.get(rules);
  if (!bySection) {
    bySection = new Map();
    rulesByFigure.set(rules, bySection);
  }
  let byField = bySection.get(section);
  if (!byField) {
    byField = new Map();
    bySection.set(section, byField);
  }
  let naming = byField.get(field);
  if (!naming) {
    naming = rules.filter(
      (rule) => rule.section === section && rule.fields.some((pattern) => matchesField(pattern, field)),
    );
    byField.set(field, naming);
  }
  return naming;
}

/** The rule that decides a figure of a row, or undefined when every reporter's number adds up. */
export function sourceRuleFor(
  rules: readonly SourceOfRecordRule[],
  section: SectionKey,
  field: string,
  row: SubmissionRow,
): SourceOfRecordRule | undefined {
  return rulesNaming(rules, section, field).find(
    (rule) => !rule.when || rule.when.in.includes(String(row[rule.when.field] ?? '')),
  );
}

/** The province a row is about: its province column, else the reporting committee's own province. */
export function provinceOfRow(row: SubmissionRow, unit: Unit | undefined): string | null {
  const stated = row.province;
  return typeof stated === 'string' && stated ? stated : (unit?.province ?? null);
}

/** The unit whose number is the national one for a rule and a province (null when none is named). */
export function sourceUnitOf(
  rule: SourceOfRecordRule,
  province: string | null,
  catalogue: Catalogue,
): string | null {
  if (rule.source !== PROVINCE_SOURCE) return rule.source;
  if (!province) return null;
  return catalogue.units.find((u) => u.kind === 'province' && u.province === province)?.code ?? null;
}

/** True when this unit's number for this figure of this row is the national one. */
export function isSourceOfRecord(
  rule: SourceOfRecordRule | undefined,
  unit: Unit | undefined,
  row: SubmissionRow,
): boolean {
  if (!rule) return true;
  if (rule.source !== PROVINCE_SOURCE) return unit?.code === rule.source;
  return unit?.kind === 'province' && provinceOfRow(row, unit) === unit.province;
}

/**
 * The row with every figure this unit is not the source of record for blanked out; null when
 * nothing of the row is national (e.g. a province's count of a service MOLSW reports).
 */
export function keepSourceOfRecord(
  catalogue: Catalogue,
  section: SectionKey,
  unitCode: string,
  row: SubmissionRow,
  numericKeys: readonly string[],
): SubmissionRow | null {
  const rules = catalogue.sourcesOfRecord;
  if (!rules.some((rule) => rule.section === section)) return row;
  const unit = catalogue.unitByCode.get(unitCode);
  // Copied only when a figure is blanked: most rows are kept whole.
  let kept: Record<string, FieldValue> | undefined;
  let anyKept = false;
  // Figures next to each other mostly share their rule: each rule is decided once in a row.
  let lastRule: SourceOfRecordRule | undefined | null = null;
  let lastDecision = true;
  for (const key of numericKeys) {
    if (row[key] === null || row[key] === undefined) continue;
    const rule = sourceRuleFor(rules, section, key, row);
    if (rule !== lastRule) {
      lastRule = rule;
      lastDecision = isSourceOfRecord(rule, unit, row);
    }
    if (lastDecision) anyKept = true;
    else {
      kept ??= { ...row };
      kept[key] = null;
    }
  }
  return anyKept ? (kept ?? row) : null;
}
