/**
 * Which plan applies where: every known plan version (the deployment's baseline and the
 * imported ones), by version and by month. Pure and synchronous, so the parser and the
 * compile can ask it; {@link PlanStore.registry} builds one from storage.
 */
import { type Catalogue, type PlanSpan, planCoversMonth, planSpan } from '../reference/catalogue.ts';

/** A plan version the registry knows, and when it was adopted (baseline: never imported). */
export interface RegisteredPlan {
  readonly catalogue: Catalogue;
  /** ISO time of the import; empty for the baseline, which ranks below every import. */
  readonly importedAt: string;
}

export class PlanRegistry {
  private readonly byVersion: ReadonlyMap<string, RegisteredPlan>;
  /** Newest import first; the baseline last. */
  private readonly ranked: readonly RegisteredPlan[];

  constructor(
    readonly baseline: Catalogue,
    imported: readonly RegisteredPlan[] = [],
  ) {
    const all = [{ catalogue: baseline, importedAt: '' }, ...imported];
    this.byVersion = new Map(all.map((entry) => [entry.catalogue.version, entry]));
    this.ranked = [...this.byVersion.values()].sort((a, b) => b.importedAt.localeCompare(a.importedAt));
  }

  /** A registry that knows one plan only (tests, scripts without storage). */
  static of(catalogue: Catalogue): PlanRegistry {
    return new PlanRegistry(catalogue);
  }

  /** The catalogue of a version; an absent version (older records) means the baseline. */
  catalogueFor(version: string | undefined): Catalogue | undefined {
    if (version === undefined) return this.baseline;
    return this.byVersion.get(version)?.catalogue;
  }

  /**
   * The plan in force in a month: the newest import whose span covers it, else the baseline
   * when it covers it, else (a month outside every span) the newest plan that starts before it.
   */
  inForce(month: string): Catalogue {
    const covering = this.ranked.find((entry) => planCoversMonth(entry.catalogue, month));
    if (covering) return covering.catalogue;
    const before = [...this.ranked]
      .filter((entry) => planSpan(entry.catalogue).firstMonth <= month)
      .sort((a, b) => planSpan(b.catalogue).firstMonth.localeCompare(planSpan(a.catalogue).firstMonth));
    return before[0]?.catalogue ?? this.baseline;
  }

  /** Every known version, newest import first. */
  versions(): readonly RegisteredPlan[] {
    return this.ranked;
  }

  /** The spans of the plans in force, in time order, one per distinct span (Phase III, Phase IV...). */
  spans(): PlanSpan[] {
    const spans = new Map<string, PlanSpan>();
    for (const entry of this.ranked) {
      const span = planSpan(entry.catalogue);
      if (!spans.has(span.label)) spans.set(span.label, span);
    }
    return [...spans.values()].sort((a, b) => a.firstMonth.localeCompare(b.firstMonth));
  }
}
