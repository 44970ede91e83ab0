/**
 * A plan version is the content of the reference data (plan + units), addressed by its hash:
 * the same content always gives the same version, whichever file or workbook it came from and
 * whatever order its keys were written in.
 */
import { createHash } from 'node:crypto';
import type { IndicatorsFile, PlanFile, SourcesOfRecordFile, UnitsFile } from './reference-schema.ts';

/**
 * Everything a plan version holds: what `plan.json`, `units.json`, `indicators.json` and
 * `sources-of-record.json` hold.
 */
export interface ReferenceContent {
  readonly plan: PlanFile;
  readonly units: UnitsFile;
  readonly indicators: IndicatorsFile;
  readonly sources: SourcesOfRecordFile;
}

/** JSON with object keys sorted at every level (arrays keep their order: order is meaning). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)),
        )
      : inner,
  );
}

/** Length of a plan version id: 16 hex digits of sha256 (64 bits; collisions are not a concern). */
export const PLAN_VERSION_LENGTH = 16;

/** The version of some reference content: sha256 of its canonical JSON, 16 hex digits. */
export function planVersionOf(content: ReferenceContent): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        plan: content.plan,
        units: content.units,
        indicators: content.indicators,
        sources: content.sources,
      }),
    )
    .digest('hex')
    .slice(0, PLAN_VERSION_LENGTH);
}

/** True for a string shaped like a plan version id. */
export function isPlanVersion(text: string): boolean {
  return new RegExp(`^[0-9a-f]{${PLAN_VERSION_LENGTH}}$`).test(text);
}
