/**
 * Plan versions in object storage, content-addressed. An accepted import writes the plan and
 * units files of its version (the same format as `plan.json` / `units.json`, so a stored
 * version can also be deployed with `REFERENCE_DIR`), the workbook as received, and a record
 * of who imported it and when. The same content imported again writes nothing new.
 *
 *   plans/<version>/plan.json, units.json, indicators.json, sources-of-record.json   its content
 *   plans/<version>/record.json                who, when, from which workbook, based on which version
 *   plans/workbooks/<sha256>.xlsx              every imported workbook, as received
 */
import { z } from 'zod';
import { type Catalogue, catalogueFromContent } from '../reference/catalogue.ts';
import { planVersionOf, type ReferenceContent } from '../reference/plan-version.ts';
import { StorageError } from '../storage/object-storage.ts';
import { type SubmissionStore, sha256Hex } from '../store/submission-store.ts';
import { PlanRegistry } from './plan-registry.ts';

/** Who stored a plan version, when, and from what. */
export interface PlanRecord {
  readonly version: string;
  readonly importedAt: string;
  readonly importedBy: string;
  readonly workbookSha256: string | null;
  readonly basedOn: string | null;
  readonly startYear: number;
  readonly endYear: number;
  readonly title: { readonly lo: string; readonly en: string };
}

const planRecordSchema = z.object({
  version: z.string(),
  importedAt: z.iso.datetime(),
  importedBy: z.string(),
  workbookSha256: z.string().nullable(),
  basedOn: z.string().nullable(),
  startYear: z.number().int(),
  endYear: z.number().int(),
  title: z.object({ lo: z.string(), en: z.string() }),
});

export const planLayout = {
  prefix: 'plans/',
  plan: (version: string) => `plans/${version}/plan.json`,
  units: (version: string) => `plans/${version}/units.json`,
  indicators: (version: string) => `plans/${version}/indicators.json`,
  sources: (version: string) => `plans/${version}/sources-of-record.json`,
  record: (version: string) => `plans/${version}/record.json`,
  workbook: (sha256: string) => `plans/workbooks/${sha256}.xlsx`,
} as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 2)}\n`);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class PlanStore {
  private readonly loaded = new Map<string, Promise<Catalogue | undefined>>();
  private cached?: { readonly at: number; readonly registry: Promise<PlanRegistry> };

  /** `baseline` is the plan shipped with the deployment (or `REFERENCE_DIR`): always a known version. */
  constructor(
    private readonly store: SubmissionStore,
    readonly baseline: Catalogue,
  ) {}

  /**
   * Stores an accepted import as a plan version. Returns its record and whether it is new;
   * importing the same content again keeps the first record and only notes it in the audit log.
   */
  async save(
    content: ReferenceContent,
    who: { by: string; at: Date; workbook?: Uint8Array; basedOn?: string | null },
  ): Promise<{ record: PlanRecord; created: boolean }> {
    const storage = this.store.storage;
    const version = planVersionOf(content);
    const workbookSha256 = who.workbook ? sha256Hex(who.workbook) : null;
    if (who.workbook && workbookSha256 && !(await storage.exists(planLayout.workbook(workbookSha256))))
      await storage.put(planLayout.workbook(workbookSha256), who.workbook, { contentType: XLSX_TYPE });
    const existing = await this.record(version);
    if (existing) {
      await this.store.appendAudit({
        at: who.at.toISOString(),
        action: 'plan-import-duplicate',
        actor: who.by,
        details: { version, workbookSha256 },
      });
      return { record: existing, created: false };
    }
    const record: PlanRecord = {
      version,
      importedAt: who.at.toISOString(),
      importedBy: who.by,
      workbookSha256,
      basedOn: who.basedOn ?? null,
      startYear: content.plan.startYear,
      endYear: content.plan.endYear,
      title: content.plan.title,
    };
    this.cached = undefined;
    // Content first, the record last: a record never points at a version that is not there.
    await storage.put(planLayout.plan(version), json(content.plan), { contentType: 'application/json' });
    await storage.put(planLayout.units(version), json(content.units), { contentType: 'application/json' });
    await storage.put(planLayout.indicators(version), json(content.indicators), {
      contentType: 'application/json',
    });
    await storage.put(planLayout.sources(version), json(content.sources), {
      contentType: 'application/json',
    });
    await storage.put(planLayout.record(version), json(record), { contentType: 'application/json' });
    await this.store.appendAudit({
      at: record.importedAt,
      action: 'plan-import',
      actor: who.by,
      details: { version, workbookSha256, span: `${record.startYear}-${record.endYear}` },
    });
    return { record, created: true };
  }

  /** The record of a stored version, or undefined. */
  async record(version: string): Promise<PlanRecord | undefined> {
    const bytes = await this.store.storage.get(planLayout.record(version));
    if (!bytes) return undefined;
    try {
      return planRecordSchema.parse(JSON.parse(decoder.decode(bytes)));
    } catch (cause) {
      throw new StorageError(`stored plan record ${version} is damaged: ${(cause as Error).message}`, {
        cause,
      });
    }
  }

  /** Every stored version's record, oldest import first. */
  async list(): Promise<PlanRecord[]> {
    const keys = (await this.store.storage.list(planLayout.prefix)).filter((key) =>
      key.endsWith('/record.json'),
    );
    const records = await Promise.all(keys.map((key) => this.record(key.split('/')[1] ?? '')));
    return records
      .filter((r): r is PlanRecord => r !== undefined)
      .sort((a, b) => a.importedAt.localeCompare(b.importedAt) || a.version.localeCompare(b.version));
  }

  /** The catalogue of a version: the baseline, or a stored version (loaded once). */
  load(version: string): Promise<Catalogue | undefined> {
    if (version === this.baseline.version) return Promise.resolve(this.baseline);
    let loading = this.loaded.get(version);
    if (!loading) {
      loading = (async () => {
        const [plan, units, indicators, sources] = await Promise.all([
          this.store.storage.get(planLayout.plan(version)),
          this.store.storage.get(planLayout.units(version)),
          this.store.storage.get(planLayout.indicators(version)),
          this.store.storage.get(planLayout.sources(version)),
        ]);
        if (!plan || !units) return undefined;
        return catalogueFromContent(
          {
            plan: JSON.parse(decoder.decode(plan)),
            units: JSON.parse(decoder.decode(units)),
            indicators: indicators ? JSON.parse(decoder.decode(indicators)) : undefined,
            sources: sources ? JSON.parse(decoder.decode(sources)) : undefined,
          },
          `plans/${version}`,
        );
      })();
      this.loaded.set(version, loading);
    }
    return loading;
  }

  /**
   * The registry, re-read at most every `maxAgeMs` (a warm function does not list storage on
   * every upload; a plan imported elsewhere is seen within a minute, one saved here at once).
   */
  registry(now = Date.now(), maxAgeMs = 60_000): Promise<PlanRegistry> {
    if (!this.cached || now - this.cached.at > maxAgeMs) {
      const registry = this.readRegistry();
      registry.catch(() => {
        this.cached = undefined;
      });
      this.cached = { at: now, registry };
    }
    return this.cached.registry;
  }

  /** Every known version (baseline and stored) as a registry the pure core can ask. */
  private async readRegistry(): Promise<PlanRegistry> {
    const records = await this.list();
    const entries = await Promise.all(
      records.map(async (record) => ({
        importedAt: record.importedAt,
        catalogue: await this.load(record.version),
      })),
    );
    return new PlanRegistry(
      this.baseline,
      entries.flatMap((e) => (e.catalogue ? [{ importedAt: e.importedAt, catalogue: e.catalogue }] : [])),
    );
  }
}
