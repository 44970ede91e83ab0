/**
 * Writes the data-lake snapshot of a compile: Parquet fact tables partitioned Hive-style by
 * month, dimension tables, and the partner export with small counts suppressed. Files first,
 * then each month's manifest, then `lake/_latest.json` last, so a reader never sees half a
 * snapshot. A snapshot id derives from the inputs: the same inputs write nothing new, changed
 * inputs write a new snapshot beside the old one (nothing is overwritten but the pointer).
 */
import type { CompileInput } from '../compile/compile-input.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { SECTION_KEYS } from '../reference/reference-schema.ts';
import type { TemplateSpec } from '../spec/field-types.ts';
import { TEMPLATE_SPEC } from '../spec/template-spec.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { sha256Hex } from '../store/submission-store.ts';
import { DEFAULT_SUPPRESSION_THRESHOLD, dimensionRows, factRows } from './lake-rows.ts';
import {
  DIMENSION_TABLES,
  FACT_TABLE_NAMES,
  factTable,
  LAKE_SCHEMA_VERSION,
  type LakeTable,
  lakeTables,
  SUBMISSIONS_TABLE,
} from './lake-schema.ts';
import { encodeParquet, type LakeRow } from './parquet-encode.ts';
import { writePartnerExport } from './partner-export.ts';

/** One Parquet file of a snapshot. */
export interface LakeFile {
  readonly table: string;
  readonly key: string;
  readonly rows: number;
}

/** One month's snapshot: written after its data files. */
export interface LakeManifest {
  readonly snapshotId: string;
  readonly period: string;
  readonly createdAt: string;
  readonly schemaVersion: number;
  readonly files: readonly LakeFile[];
  readonly partnerFiles: readonly LakeFile[];
  readonly suppressionThreshold: number;
  readonly sources: readonly { unitCode: string; sha256: string }[];
}

/** The pointer readers start from. */
export interface LakeLatest {
  readonly schemaVersion: number;
  readonly updatedAt: string;
  /** The dimension files of the newest plan version compiled (one per table). */
  readonly dimensions: readonly LakeFile[];
  /** Every plan version's dimension files: join a fact row's `plan_version` to its plan. */
  readonly planDimensions?: Readonly<Record<string, readonly LakeFile[]>>;
  /** Current snapshot ids, one per month: filter fact rows with `snapshot_id IN (...)`. */
  readonly currentSnapshots: readonly string[];
  readonly periods: Readonly<
    Record<
      string,
      {
        snapshotId: string;
        manifest: string;
        files: readonly LakeFile[];
        /** The files to share outside government (absent in pointers written before it existed). */
        partnerFiles?: readonly LakeFile[];
      }
    >
  >;
}

/** The pointer's key: written last, after every file it names. */
export const LAKE_LATEST_KEY = 'lake/_latest.json';
const manifestKey = (snapshotId: string) => `lake/_snapshots/${snapshotId}.json`;
const encoder = new TextEncoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 1)}\n`);

/**
 * Snapshot id of one month: schema version, the table definitions (so a new spec field makes
 * a new snapshot), the partner threshold, the catalogue, and who reported what. Status and
 * sha256 decide every row; a submission's content is its sha256.
 */
export function snapshotIdFor(
  input: CompileInput,
  period: string,
  catalogueHash: string,
  options: { spec?: TemplateSpec; suppressionThreshold?: number } = {},
): string {
  const tablesHash = sha256Hex(JSON.stringify(lakeTables(options.spec ?? TEMPLATE_SPEC))).slice(0, 16);
  const threshold = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const lines = input.statuses
    .filter((s) => s.period === period)
    .map((s) => `${s.period}|${s.unitCode}|${s.status}|${s.sha256 ?? ''}`)
    .sort();
  return sha256Hex(
    [
      `lake-schema:${LAKE_SCHEMA_VERSION}`,
      `tables:${tablesHash}`,
      `partner-threshold:${threshold}`,
      `catalogue:${catalogueHash}`,
      `period:${period}`,
      ...lines,
    ].join('\n'),
  ).slice(0, 16);
}

async function writeTable(
  storage: ObjectStorage,
  table: LakeTable,
  key: string,
  rows: readonly LakeRow[],
): Promise<LakeFile> {
  await storage.put(key, await encodeParquet(table, rows), { contentType: 'application/vnd.apache.parquet' });
  return { table: table.name, key, rows: rows.length };
}

/**
 * Writes the snapshot(s) of every month in the input's scope, then the pointer. `created` is
 * false when the same inputs were already written: then nothing at all is written. `spec`
 * is for tests of a changed template; production uses the shipped spec.
 */
/** The months each plan version covers in a compile (one entry unless the scope crosses plans). */
export type LakePlans = readonly {
  readonly catalogue: Catalogue;
  readonly input: { readonly scope: { readonly months: readonly string[] } };
}[];

/** Writes (once) the dimension files of one plan version: `lake/<table>/plan-<version>.parquet`. */
async function writeDimensions(storage: ObjectStorage, catalogue: Catalogue): Promise<LakeFile[]> {
  const files: LakeFile[] = [];
  const dimRows = dimensionRows(catalogue);
  for (const table of DIMENSION_TABLES) {
    const key = `lake/${table.name}/plan-${catalogue.version}.parquet`;
    const rows = dimRows[table.name] ?? [];
    if (await storage.exists(key)) files.push({ table: table.name, key, rows: rows.length });
    else files.push(await writeTable(storage, table, key, rows));
  }
  return files;
}

export async function writeLakeSnapshot(
  input: CompileInput,
  plans: Catalogue | LakePlans,
  storage: ObjectStorage,
  options: { now?: Date; suppressionThreshold?: number; spec?: TemplateSpec } = {},
): Promise<{ created: boolean; latest: LakeLatest; manifests: LakeManifest[] }> {
  const now = options.now ?? new Date();
  const threshold = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const spec = options.spec ?? TEMPLATE_SPEC;
  const segments: LakePlans = 'version' in plans ? [{ catalogue: plans, input }] : plans;
  const planOfMonth = new Map(
    segments.flatMap((segment) =>
      segment.input.scope.months.map((month) => [month, segment.catalogue] as const),
    ),
  );

  const planDimensions: Record<string, LakeFile[]> = {};
  for (const segment of segments)
    planDimensions[segment.catalogue.version] ??= await writeDimensions(storage, segment.catalogue);
  const dimensions = planDimensions[segments.at(-1)?.catalogue.version ?? ''] ?? [];

  let created = false;
  const manifests: LakeManifest[] = [];
  for (const period of input.scope.months) {
    const catalogue = planOfMonth.get(period) ?? (segments.at(-1)?.catalogue as Catalogue);
    const snapshotId = snapshotIdFor(input, period, catalogue.version, {
      spec,
      suppressionThreshold: threshold,
    });
    const existing = await storage.get(manifestKey(snapshotId));
    if (existing) {
      manifests.push(JSON.parse(new TextDecoder().decode(existing)) as LakeManifest);
      continue;
    }
    created = true;
    const rows = factRows(input, period, snapshotId, now.toISOString(), spec, catalogue.version);
    const files: LakeFile[] = [];
    // A file even for zero rows: readers that glob a partition, or list _latest's files, find
    // every table of every month, and an empty file says "nothing reported" explicitly.
    for (const section of SECTION_KEYS) {
      const name = FACT_TABLE_NAMES[section];
      files.push(
        await writeTable(
          storage,
          factTable(section, spec),
          `lake/${name}/period=${period}/part-${snapshotId}.parquet`,
          rows[name] ?? [],
        ),
      );
    }
    const partnerFiles = await writePartnerExport(storage, {
      period,
      snapshotId,
      factRows: rows,
      threshold,
      spec,
    });
    // `submissions` goes last of the data files: engines without _latest.json (Athena,
    // BigQuery views) take a month's newest snapshot_created_at from it, so they only see a
    // snapshot once all its other files are in place.
    files.push(
      await writeTable(
        storage,
        SUBMISSIONS_TABLE,
        `lake/submissions/period=${period}/part-${snapshotId}.parquet`,
        rows.submissions ?? [],
      ),
    );
    const manifest: LakeManifest = {
      snapshotId,
      period,
      createdAt: now.toISOString(),
      schemaVersion: LAKE_SCHEMA_VERSION,
      files,
      partnerFiles,
      suppressionThreshold: threshold,
      sources: input.submissions
        .filter((s) => s.data.period === period)
        .map((s) => ({ unitCode: s.data.unitCode, sha256: s.sha256 })),
    };
    await storage.put(manifestKey(snapshotId), json(manifest), { contentType: 'application/json' });
    manifests.push(manifest);
  }

  const previousBytes = await storage.get(LAKE_LATEST_KEY);
  const previous = previousBytes
    ? (JSON.parse(new TextDecoder().decode(previousBytes)) as LakeLatest)
    : undefined;
  const periods = { ...(previous?.periods ?? {}) };
  for (const manifest of manifests)
    periods[manifest.period] = {
      snapshotId: manifest.snapshotId,
      manifest: manifestKey(manifest.snapshotId),
      files: manifest.files,
      partnerFiles: manifest.partnerFiles,
    };
  const allPlanDimensions = sortByKey({ ...(previous?.planDimensions ?? {}), ...planDimensions });
  const changed =
    !previous ||
    JSON.stringify(previous.dimensions) !== JSON.stringify(dimensions) ||
    JSON.stringify(previous.planDimensions ?? {}) !== JSON.stringify(allPlanDimensions) ||
    JSON.stringify(previous.periods) !== JSON.stringify(sortByKey(periods));
  const latest: LakeLatest = changed
    ? {
        schemaVersion: LAKE_SCHEMA_VERSION,
        updatedAt: now.toISOString(),
        dimensions,
        planDimensions: allPlanDimensions,
        currentSnapshots: Object.values(sortByKey(periods)).map((p) => p.snapshotId),
        periods: sortByKey(periods),
      }
    : (previous as LakeLatest);
  // The pointer goes last: every file and manifest it names is already in place.
  if (changed) await storage.put(LAKE_LATEST_KEY, json(latest), { contentType: 'application/json' });
  return { created: created || changed, latest, manifests };
}

function sortByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
