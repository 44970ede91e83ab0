/**
 * The partner export: the case and victim-assistance tables for sharing outside government,
 * with small counts withheld. The Counter Trafficking Data Collaborative publishes
 * k-anonymised data with k = 11, hence the default: every count from 1 to 10 is written as
 * null with a `<column>_suppressed = true` flag. Zero stays zero (it identifies nobody).
 *
 * Withholding small cells alone is not enough here: the spec's `sum-equals` rules make a total
 * the sum of its breakdown, so a single withheld cell in a row whose total is shown equals the
 * total minus the other cells. Complementary suppression closes that (see {@link suppressPartnerRows}).
 */
import type { SectionKey } from '../reference/reference-schema.ts';
import type { TemplateSpec } from '../spec/field-types.ts';
import { TEMPLATE_SPEC } from '../spec/template-spec.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD } from './lake-rows.ts';
import {
  FACT_TABLE_NAMES,
  factTable,
  type LakeTable,
  PARTNER_SECTIONS,
  storedFields,
  tablePerSection,
} from './lake-schema.ts';
import type { LakeColumns, LakeRow, LakeTableData, LakeValue, ParquetEncoder } from './parquet-encode.ts';
import type { LakeFile } from './write-lake-snapshot.ts';

export { DEFAULT_SUPPRESSION_THRESHOLD };

/** Count columns of a partner section: the spec's whole-number person/case fields. */
function countColumns(section: SectionKey, spec: TemplateSpec): string[] {
  return storedFields(section, spec)
    .filter((f) => f.type === 'count')
    .map((f) => f.key);
}

/** A partner table: the fact table plus one BOOLEAN `<count>_suppressed` column per count. */
export const partnerTable = tablePerSection(makePartnerTable);

function makePartnerTable(section: SectionKey, spec: TemplateSpec): LakeTable {
  const base = factTable(section, spec);
  return {
    name: base.name,
    columns: [
      ...base.columns,
      ...countColumns(section, spec).map((name) => ({
        name: `${name}_suppressed`,
        type: 'BOOLEAN' as const,
      })),
    ],
  };
}

/** Storage key of a partner file (Hive-style, beside nothing else, so it can be shared as a folder). */
export function partnerKey(section: SectionKey, period: string, snapshotId: string): string {
  return `lake/partner/${FACT_TABLE_NAMES[section]}/period=${period}/part-${snapshotId}.parquet`;
}

const numberOf = (value: LakeValue | undefined): number | null => (typeof value === 'number' ? value : null);

/** A row's count, by column name. */
/** The count columns of a partner section and the `sum-equals` rules among them. */
interface Suppression {
  readonly counts: readonly string[];
  readonly groups: readonly { readonly total: string; readonly parts: readonly string[] }[];
  readonly threshold: number;
}

function suppressionOf(
  section: SectionKey,
  options: { threshold?: number; spec?: TemplateSpec },
): Suppression {
  const spec = options.spec ?? TEMPLATE_SPEC;
  const counts = countColumns(section, spec);
  const countSet = new Set(counts);
  const groups = (spec.tables.find((t) => t.section === section)?.rules ?? []).flatMap((rule) =>
    rule.kind === 'sum-equals' && countSet.has(rule.total) && rule.parts.every((p) => countSet.has(p))
      ? [rule]
      : [],
  );
  return { counts, groups, threshold: options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD };
}

/**
 * Partner rows of one section. Primary suppression: every count from 1 to `threshold` becomes
 * null. Complementary suppression, from the spec's `sum-equals` rules: where a shown total
 * would give a withheld cell away, the smallest other non-zero part (or the total) is withheld
 * too. Every withheld cell, primary or complementary, is null with its `_suppressed` flag true;
 * the flag is false for shown values, zeros and blanks.
 */
export function suppressPartnerRows(
  rows: readonly LakeRow[],
  section: SectionKey,
  options: { threshold?: number; spec?: TemplateSpec } = {},
): LakeRow[] {
  const suppression = indexedSuppressionOf(section, options);
  const { counts } = suppression;
  const value = new Array<number | null>(counts.length).fill(null);
  const hidden = new Uint8Array(counts.length);
  const primary = new Uint8Array(counts.length);
  return rows.map((row) => {
    for (const [c, column] of counts.entries()) value[c] = numberOf(row[column]);
    withholdByIndex(suppression, value, hidden, primary);
    const out: Record<string, LakeValue> = { ...row };
    for (const [c, column] of counts.entries()) {
      const withheld = hidden[c] === 1;
      out[column] = withheld ? null : (row[column] ?? null);
      out[`${column}_suppressed`] = withheld;
    }
    return out;
  });
}

/**
 * A {@link Suppression} by column index: each group's total and parts as indices into
 * `counts`, and each count's place in the names' `localeCompare` order (the tie-break between
 * equal parts).
 */
interface IndexedSuppression extends Suppression {
  readonly totals: readonly number[];
  readonly parts: readonly (readonly number[])[];
  readonly nameRank: readonly number[];
}

function indexSuppression(suppression: Suppression): IndexedSuppression {
  const { counts, groups } = suppression;
  const indexOf = new Map(counts.map((column, index) => [column, index] as const));
  const at = (column: string) => indexOf.get(column) as number;
  const nameRank = new Array<number>(counts.length);
  [...counts.keys()]
    .sort((a, b) => (counts[a] as string).localeCompare(counts[b] as string))
    .forEach((column, rank) => {
      nameRank[column] = rank;
    });
  return {
    ...suppression,
    totals: groups.map((group) => at(group.total)),
    parts: groups.map((group) => group.parts.map(at)),
    nameRank,
  };
}

/** Indexed suppressions made, by spec then section and threshold: a compile asks every month. */
const indexedSuppressions = new WeakMap<TemplateSpec, Map<string, IndexedSuppression>>();

function indexedSuppressionOf(
  section: SectionKey,
  options: { threshold?: number; spec?: TemplateSpec },
): IndexedSuppression {
  const spec = options.spec ?? TEMPLATE_SPEC;
  const made = indexedSuppressions.get(spec) ?? new Map<string, IndexedSuppression>();
  indexedSuppressions.set(spec, made);
  const key = `${section}|${options.threshold ?? DEFAULT_SUPPRESSION_THRESHOLD}`;
  const suppression = made.get(key) ?? indexSuppression(suppressionOf(section, { ...options, spec }));
  made.set(key, suppression);
  return suppression;
}

/**
 * The count cells of one row to withhold, the row given as counts by index (`value`): into
 * `hidden` (1 = withheld), with `primary` as scratch. Primary: every count from 1 to the
 * threshold. Complementary, group by group until nothing changes: a shown total with
 * withheld parts leaks them when exactly one part is withheld (it is the difference), so the
 * smallest shown non-zero part (by value, then name), or else the total, is withheld too; and
 * when the withheld parts add up to their own count (each is then 1), or every one is primary
 * and their sum is at least their count times the threshold, the total is withheld. A
 * withheld total has parts no larger than itself, so it needs nothing more. Each pass hides
 * at least one more cell, so this ends within `counts.length` passes.
 *
 * Arrays reused from row to row, no set, array or closure per row: every row of a month goes
 * through it (a Set-based pass was most of the partner export's time in a cold compile).
 */
function withholdByIndex(
  { totals, parts, nameRank, threshold }: IndexedSuppression,
  value: readonly (number | null)[],
  hidden: Uint8Array,
  primary: Uint8Array,
): void {
  let any = false;
  for (let c = 0; c < value.length; c++) {
    const v = value[c] as number | null;
    const small = v !== null && v >= 1 && v <= threshold ? 1 : 0;
    primary[c] = small;
    hidden[c] = small;
    if (small) any = true;
  }
  if (!any) return;
  let changed = true;
  while (changed) {
    changed = false;
    for (let g = 0; g < totals.length; g++) {
      const total = totals[g] as number;
      const totalValue = value[total] as number | null;
      if (hidden[total] || totalValue === null) continue;
      const groupParts = parts[g] as readonly number[];
      let withheld = 0;
      let allPrimary = true;
      let shown = 0;
      // The smallest shown non-zero part (by value, then name): the cell to hide beside a lone
      // withheld part.
      let partner = -1;
      for (const part of groupParts) {
        if (hidden[part]) {
          withheld++;
          if (!primary[part]) allPrimary = false;
          continue;
        }
        const v = value[part] as number | null;
        shown += v ?? 0;
        if ((v ?? 0) > 0) {
          const best = partner < 0 ? 0 : (value[partner] as number);
          if (
            partner < 0 ||
            (v as number) - best < 0 ||
            ((v as number) - best === 0 && (nameRank[part] as number) < (nameRank[partner] as number))
          )
            partner = part;
        }
      }
      if (withheld === 0) continue;
      if (withheld === 1) {
        hidden[partner < 0 ? total : partner] = 1;
        changed = true;
        continue;
      }
      const residual = totalValue - shown;
      if (residual <= withheld || (allPrimary && residual >= withheld * threshold)) {
        hidden[total] = 1;
        changed = true;
      }
    }
  }
}

/**
 * {@link suppressPartnerRows} on a table given column by column: the same values, with the
 * count columns replaced and their `_suppressed` columns added. The other columns are the fact
 * table's own arrays, shared, not copied (the lake encodes the fact table and its partner
 * file from one set of columns, with no object per row). A row with no count from 1 to the
 * threshold (nothing withheld) is copied as it is.
 */
export function suppressPartnerColumns(
  columns: LakeColumns,
  section: SectionKey,
  options: { threshold?: number; spec?: TemplateSpec } = {},
): LakeColumns {
  const suppression = indexedSuppressionOf(section, options);
  const { counts } = suppression;
  const { length } = columns;
  const source = counts.map((c) => columns.values[c] ?? []);
  const shown = counts.map(() => new Array<LakeValue>(length));
  const flags = counts.map(() => new Array<LakeValue>(length));
  const value = new Array<number | null>(counts.length).fill(null);
  const hidden = new Uint8Array(counts.length);
  const primary = new Uint8Array(counts.length);
  for (let index = 0; index < length; index++) {
    for (let c = 0; c < counts.length; c++) value[c] = numberOf((source[c] as readonly LakeValue[])[index]);
    withholdByIndex(suppression, value, hidden, primary);
    for (let c = 0; c < counts.length; c++) {
      const withheld = hidden[c] === 1;
      (shown[c] as LakeValue[])[index] = withheld
        ? null
        : ((source[c] as readonly LakeValue[])[index] ?? null);
      (flags[c] as LakeValue[])[index] = withheld;
    }
  }
  const values: Record<string, readonly LakeValue[]> = { ...columns.values };
  for (const [c, column] of counts.entries()) {
    values[column] = shown[c] as LakeValue[];
    values[`${column}_suppressed`] = flags[c] as LakeValue[];
  }
  return { length, values };
}

/** What {@link encodePartnerExport} needs. */
export interface PartnerExportOptions {
  readonly period: string;
  /** The lake snapshot these rows belong to: partner files share its id. */
  readonly snapshotId: string;
  /** Fact rows (or columns) of the month by fact table name, as written to the internal lake. */
  readonly factRows: Readonly<Record<string, LakeTableData>>;
  readonly threshold?: number;
  readonly spec?: TemplateSpec;
}

/** A partner file made but not yet stored. */
export interface EncodedLakeFile extends LakeFile {
  readonly bytes: Uint8Array;
}

/**
 * The month's partner files, `lake/partner/<table>/period=YYYY-MM/part-<snapshot>.parquet`,
 * for the case and assistance tables that have rows this month (none for an empty table, like
 * the internal lake). Synchronous: the lake writer encodes a month whole, then stores it.
 */
export function encodePartnerExport(
  options: PartnerExportOptions,
  encode: ParquetEncoder,
): EncodedLakeFile[] {
  const spec = options.spec ?? TEMPLATE_SPEC;
  const files: EncodedLakeFile[] = [];
  for (const section of PARTNER_SECTIONS) {
    const table = partnerTable(section, spec);
    const source = options.factRows[table.name] ?? [];
    if (!source.length) continue;
    const suppression = { threshold: options.threshold, spec };
    const rows = Array.isArray(source)
      ? suppressPartnerRows(source as readonly LakeRow[], section, suppression)
      : suppressPartnerColumns(source as LakeColumns, section, suppression);
    files.push({
      table: table.name,
      key: partnerKey(section, options.period, options.snapshotId),
      rows: source.length,
      bytes: encode(table, rows),
    });
  }
  return files;
}
