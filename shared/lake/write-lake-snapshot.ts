/**
 * Writes the data-lake snapshot of a compile: Parquet fact tables partitioned Hive-style by
 * month, dimension tables, and the partner export with small counts suppressed. Files first,
 * then each month's manifest, then `lake/_latest.json` last, so a reader never sees half a
 * snapshot. A snapshot id derives from the inputs: the same inputs write nothing new, changed
 * inputs write a new snapshot beside the old one (nothing is overwritten but the pointer).
 *
 * The writes of a month run in the background while the compile reads and encodes the next
 * month (at most {@link MONTHS_WRITING} months at a time); the order above holds within each
 * month, and every month's writes have landed before any pointer is written.
 */
import { mapBounded } from '../async/map-bounded.ts';
import { allSettledOrThrow, WritesInFlight } from '../async/writes-in-flight.ts';
import {
  type AcceptedSubmission,
  type CompileInput,
  type MonthlyCompileInput,
  monthOfInput,
  type ReportingStatusEntry,
} from '../compile/compile-input.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { SECTION_KEYS } from '../reference/reference-schema.ts';
import type { TemplateSpec } from '../spec/field-types.ts';
import { TEMPLATE_SPEC } from '../spec/template-spec.ts';
import { type ObjectStorage, StorageError } from '../storage/object-storage.ts';
import { sha256Hex } from '../store/submission-store.ts';
import {
  DEFAULT_SUPPRESSION_THRESHOLD,
  dimensionRows,
  type MonthRowContext,
  sectionColumns,
  submissionRows,
} from './lake-rows.ts';
import {
  DIMENSION_TABLES,
  FACT_TABLE_NAMES,
  factTable,
  LAKE_SCHEMA_VERSION,
  type LakeTable,
  lakeTables,
  PARTNER_SECTIONS,
  SUBMISSIONS_TABLE,
} from './lake-schema.ts';
import {
  encodeParquet,
  type LakeRow,
  type LakeTableData,
  loadParquetEncoder,
  type ParquetEncoder,
} from './parquet-encode.ts';
import { type EncodedLakeFile, encodePartnerExport } from './partner-export.ts';

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
  /** The month's Parquet files: only tables with rows have one. */
  readonly files: readonly LakeFile[];
  readonly partnerFiles: readonly LakeFile[];
  /**
   * Tables with no rows this month (nothing reported): no file is written for them, so a long
   * or unbounded span does not fill the lake with empty files. Absent in older manifests,
   * which wrote a zero-row file instead.
   */
  readonly emptyTables?: readonly string[];
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
const decoder = new TextDecoder();
const json = (value: unknown) => encoder.encode(`${JSON.stringify(value, null, 1)}\n`);

/** The table definitions' hash by spec: the same every month of a compile (specs are not changed in place). */
const tablesHashes = new WeakMap<TemplateSpec, string>();

function tablesHashOf(spec: TemplateSpec): string {
  const hash = tablesHashes.get(spec) ?? sha256Hex(JSON.stringify(lakeTables(spec))).slice(0, 16);
  tablesHashes.set(spec, hash);
  return hash;
}

/**
 * Snapshot id of one month: schema version, the table definitions (so a new spec field makes
 * a new snapshot), the partner threshold, the catalogue, and who reported what. Status and
 * sha256 decide every row; a submission's content is its sha256.
 */
export function snapshotIdFor(
  input: Pick<CompileInput, 'statuses'>,
  period: string,
  catalogueHash: string,
  options: { spec?: TemplateSpec; suppressionThreshold?: number } = {},
): string {
  const tablesHash = tablesHashOf(options.spec ?? TEMPLATE_SPEC);
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

const PARQUET_TYPE = 'application/vnd.apache.parquet';

async function writeTable(
  storage: ObjectStorage,
  table: LakeTable,
  key: string,
  rows: readonly LakeRow[],
): Promise<LakeFile> {
  await storage.put(key, await encodeParquet(table, rows), { contentType: PARQUET_TYPE });
  return { table: table.name, key, rows: rows.length };
}

/** One month of the lake as bytes, ready to store. */
interface EncodedMonth {
  /** Fact tables with rows (written first, concurrently). */
  readonly facts: EncodedLakeFile[];
  readonly partner: EncodedLakeFile[];
  /** The `submissions` table (written after the others), when the month has statuses. */
  readonly submissions?: EncodedLakeFile;
  readonly emptyTables: string[];
  readonly sources: { unitCode: string; sha256: string }[];
}

/**
 * Rows of one month and their Parquet bytes, synchronously and a table at a time: a table's
 * rows (and its partner rows) are made, encoded and dropped before the next table's, so only
 * one table's rows are alive while the encoder allocates. Only the bytes outlive the call.
 */
function encodeMonth(
  submissions: readonly AcceptedSubmission[],
  month: MonthRowContext & {
    statuses: readonly ReportingStatusEntry[];
    spec: TemplateSpec;
    threshold: number;
    encode: ParquetEncoder;
  },
): EncodedMonth {
  const { period, snapshotId, spec, encode } = month;
  const input: CompileInput = {
    scope: { label: period, months: [period] },
    statuses: month.statuses,
    submissions: submissions.filter((s) => s.data.period === period),
  };
  const encodeFile = (table: LakeTable, key: string, data: LakeTableData): EncodedLakeFile => ({
    table: table.name,
    key,
    rows: data.length,
    bytes: encode(table, data),
  });
  const facts: EncodedLakeFile[] = [];
  const partner: EncodedLakeFile[] = [];
  const emptyTables: string[] = [];
  for (const section of SECTION_KEYS) {
    const name = FACT_TABLE_NAMES[section];
    const columns = sectionColumns(input, section, month);
    // No file for a table without rows: the manifest names it in `emptyTables` instead.
    if (!columns.length) {
      emptyTables.push(name);
      continue;
    }
    facts.push(
      encodeFile(
        factTable(section, spec),
        `lake/${name}/period=${period}/part-${snapshotId}.parquet`,
        columns,
      ),
    );
    // The partner sections (cases, assistance) are suppressed from the same columns.
    if (PARTNER_SECTIONS.includes(section))
      partner.push(
        ...encodePartnerExport(
          {
            period,
            snapshotId,
            factRows: { [name]: columns },
            threshold: month.threshold,
            spec,
          },
          encode,
        ),
      );
  }
  const statusRows = submissionRows(input, month);
  if (!statusRows.length) emptyTables.push(SUBMISSIONS_TABLE.name);
  return {
    facts,
    partner,
    submissions: statusRows.length
      ? encodeFile(
          SUBMISSIONS_TABLE,
          `lake/submissions/period=${period}/part-${snapshotId}.parquet`,
          statusRows,
        )
      : undefined,
    emptyTables,
    sources: input.submissions.map((s) => ({ unitCode: s.data.unitCode, sha256: s.sha256 })),
  };
}

/** The months each plan version covers in a compile (one entry unless the scope crosses plans). */
export type LakePlans = readonly {
  readonly catalogue: Catalogue;
  readonly input: { readonly scope: { readonly months: readonly string[] } };
}[];

/** Writes (once) the dimension files of one plan version: `lake/<table>/plan-<version>.parquet`. */
async function writeDimensions(storage: ObjectStorage, catalogue: Catalogue): Promise<readonly LakeFile[]> {
  // The plan's pointer is written after its files: when it is there, so are they. One read
  // then stands for a check of every file and a create-only write of the pointer, which
  // every compile after a plan's first one made (on a local store, a temporary file written,
  // linked and removed to learn that the pointer exists).
  const pointer = await readJsonObject<{ planVersion: string; files: LakeFile[] }>(
    storage,
    planPointerKey(catalogue.version),
  );
  if (pointer) return pointer.files;
  const dimRows = dimensionRows(catalogue);
  const files = await allSettledOrThrow(
    DIMENSION_TABLES.map(async (table) => {
      const key = `lake/${table.name}/plan-${catalogue.version}.parquet`;
      const rows = dimRows[table.name] ?? [];
      return (await storage.exists(key))
        ? { table: table.name, key, rows: rows.length }
        : writeTable(storage, table, key, rows);
    }),
  );
  // One pointer per plan version, create-only: `_latest.json` lists every plan's dimensions.
  await storage.putIfAbsent(
    planPointerKey(catalogue.version),
    json({ planVersion: catalogue.version, files }),
    {
      contentType: 'application/json',
    },
  );
  return files;
}

const PLAN_POINTERS = 'lake/_plans/';
const planPointerKey = (version: string) => `${PLAN_POINTERS}${version}.json`;

/** Every plan version's dimension files, from the plan pointers. */
async function readPlanDimensions(storage: ObjectStorage): Promise<Record<string, readonly LakeFile[]>> {
  const keys = (await storage.list(PLAN_POINTERS)).filter((key) => key.endsWith('.json'));
  const pointers = await Promise.all(
    keys.map(async (key) => readJsonObject<{ planVersion: string; files: LakeFile[] }>(storage, key)),
  );
  return sortByKey(
    Object.fromEntries(pointers.flatMap((p) => (p ? [[p.planVersion, p.files] as const] : []))),
  );
}

/** What {@link writeLakeSnapshot} and {@link openLakeSnapshot} take besides storage. */
export interface LakeSnapshotOptions {
  readonly now?: Date;
  readonly suppressionThreshold?: number;
  readonly spec?: TemplateSpec;
}

/** A lake snapshot being written one month at a time (see {@link openLakeSnapshot}). */
export interface LakeSnapshotWriter {
  /**
   * Encodes one month's snapshot and starts writing it, or finds it already written for the
   * same inputs (then `submissionsOf` is not called). `statuses` may hold other months too.
   * Resolves with the month's manifest once its writes are under way, not done: they land in
   * the background (see {@link flush}). Throws an earlier month's write failure, if any.
   */
  writeMonth(
    period: string,
    statuses: readonly ReportingStatusEntry[],
    submissionsOf: () => Promise<readonly AcceptedSubmission[]> | readonly AcceptedSubmission[],
  ): Promise<LakeManifest>;
  /**
   * Waits until every month's files and manifest and the dimension files are written; throws
   * the first write failure (once every write still running has settled).
   */
  flush(): Promise<void>;
  /** Waits for the writes still running, whatever their outcome: for a caller failing anyway. */
  settle(): Promise<void>;
  /**
   * Flushes, points each month written at its snapshot, then rebuilds `_latest.json`: call
   * once, last.
   */
  finish(): Promise<{ created: boolean; latest: LakeLatest; manifests: LakeManifest[] }>;
}

/**
 * Months whose files are written at once while the next months are read and encoded. Each
 * holds its encoded bytes until written, so this bounds the memory too: a month of 33 units
 * encodes to about 130 KB, so six months hold under 1 MB. With two, a disk slow to create
 * files (every month makes about ten files in new folders) stalled the month loop on the
 * month before last; with six, the writes run on behind the months and the workbook instead
 * (198-submission cold compile on 2 cores: 6 months 401-433 ms, 2 months 399-461 ms, the
 * month loop 130 ms against 170-215 ms).
 */
export const MONTHS_WRITING = 6;

/** Months pointed at their snapshots at once by {@link LakeSnapshotWriter.finish}. */
const POINTERS_IN_FLIGHT = 8;

/**
 * Starts a snapshot: starts writing the dimension tables (once per catalogue; they are only
 * named by the pointers, so they need only be in place by {@link LakeSnapshotWriter.finish}),
 * then takes months one at a time, so a compile that walks a long span holds one month's
 * submissions (and at most {@link MONTHS_WRITING} months of encoded files) at a time.
 */
export async function openLakeSnapshot(
  plans: Catalogue | LakePlans,
  storage: ObjectStorage,
  options: LakeSnapshotOptions = {},
): Promise<LakeSnapshotWriter> {
  const now = options.now ?? new Date();
  const threshold = options.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
  const spec = options.spec ?? TEMPLATE_SPEC;
  // One catalogue covers every month written; plan segments name the months of each plan.
  const segments: LakePlans =
    'version' in plans ? [{ catalogue: plans, input: { scope: { months: [] } } }] : plans;
  const planOfMonth = new Map(
    segments.flatMap((segment) =>
      segment.input.scope.months.map((month) => [month, segment.catalogue] as const),
    ),
  );

  const writes = new WritesInFlight(MONTHS_WRITING);
  // The dimensions are written beside the months, not before them. Awaited (and their failure
  // thrown) in flush; until then a failure is only noted, or it would go unhandled.
  const catalogues = [...new Map(segments.map((s) => [s.catalogue.version, s.catalogue])).values()];
  const dimensionsWritten = allSettledOrThrow(
    catalogues.map((catalogue) => writeDimensions(storage, catalogue)),
  );
  dimensionsWritten.catch(() => undefined);
  const lastVersion = segments.at(-1)?.catalogue.version;
  const dimensionsOfLastPlan = async () =>
    (await dimensionsWritten)[catalogues.findIndex((c) => c.version === lastVersion)] ?? [];

  let created = false;
  const written: { manifest: LakeManifest; statuses: readonly ReportingStatusEntry[] }[] = [];

  /**
   * A month's files, then its manifest: the fact and partner files concurrently, `submissions`
   * after them, the manifest last (see writeMonth).
   */
  const storeMonth = async (encoded: EncodedMonth, manifest: LakeManifest): Promise<void> => {
    const put = (file: EncodedLakeFile): Promise<void> =>
      storage.put(file.key, file.bytes, { contentType: PARQUET_TYPE });
    // The month's fact tables and partner files are independent: written concurrently. A
    // partner file already present (a rerun after an interrupted snapshot) is left alone.
    await allSettledOrThrow([
      ...encoded.facts.map(put),
      ...encoded.partner.map(async (file) => {
        if (!(await storage.exists(file.key))) await put(file);
      }),
    ]);
    // `submissions` goes last of the data files: engines without _latest.json (Athena,
    // BigQuery views) take a month's newest snapshot_created_at from it, so they only see a
    // snapshot once all its other files are in place.
    if (encoded.submissions) await put(encoded.submissions);
    await storage.putIfAbsent(manifestKey(manifest.snapshotId), json(manifest), {
      contentType: 'application/json',
    });
  };

  const writeMonth: LakeSnapshotWriter['writeMonth'] = async (period, allStatuses, submissionsOf) => {
    const catalogue = planOfMonth.get(period) ?? (segments.at(-1)?.catalogue as Catalogue);
    const statuses = allStatuses.filter((s) => s.period === period);
    const snapshotId = snapshotIdFor({ statuses }, period, catalogue.version, {
      spec,
      suppressionThreshold: threshold,
    });
    const existing = await storage.get(manifestKey(snapshotId));
    if (existing) {
      const manifest = JSON.parse(new TextDecoder().decode(existing)) as LakeManifest;
      written.push({ manifest, statuses });
      return manifest;
    }
    created = true;
    const encode = await loadParquetEncoder();
    // The month is turned into rows and the rows into Parquet bytes in one synchronous step,
    // before any file is written: the submissions and rows then die young. Held across the
    // writes' awaits, they outlived the young generation every month and the heap grew with
    // the span (the lake was most of a five-year compile's growth).
    const encoded = encodeMonth(await submissionsOf(), {
      period,
      statuses,
      snapshotId,
      createdAt: now.toISOString(),
      spec,
      monthPlanVersion: catalogue.version,
      threshold,
      encode,
    });
    const describe = ({ table, key, rows }: EncodedLakeFile): LakeFile => ({ table, key, rows });
    const manifest: LakeManifest = {
      snapshotId,
      period,
      createdAt: now.toISOString(),
      schemaVersion: LAKE_SCHEMA_VERSION,
      files: [...encoded.facts, ...(encoded.submissions ? [encoded.submissions] : [])].map(describe),
      partnerFiles: encoded.partner.map(describe),
      emptyTables: encoded.emptyTables,
      suppressionThreshold: threshold,
      sources: encoded.sources,
    };
    // Written in the background: the caller reads the next month meanwhile. Months already
    // being written first make room (bounded memory), and an earlier failure is thrown here.
    await writes.add(() => storeMonth(encoded, manifest));
    written.push({ manifest, statuses });
    return manifest;
  };

  const flush: LakeSnapshotWriter['flush'] = async () => {
    await writes.drain();
    await dimensionsWritten;
  };

  const settle: LakeSnapshotWriter['settle'] = async () => {
    await writes.settle();
    await dimensionsWritten.catch(() => undefined);
  };

  const finish: LakeSnapshotWriter['finish'] = async () => {
    // No pointer before every file and manifest it may name is in place.
    await flush();
    // Each month's current snapshot is named by its own pointer (no shared read-modify-write),
    // then `_latest.json` is rebuilt from all pointers: concurrent compiles of different months
    // cannot drop each other's month. Months' pointers are independent: written concurrently.
    // A failure is thrown once every pointer write has settled.
    const failures = await mapBounded(written, POINTERS_IN_FLIGHT, ({ manifest, statuses }) =>
      pointPeriodAt(storage, manifest, now, { statuses }).then(
        () => undefined,
        (error: unknown) => ({ error }),
      ),
    );
    const failure = failures.find((f) => f !== undefined);
    if (failure) throw failure.error;
    const { latest, changed } = await rebuildLatest(storage, await dimensionsOfLastPlan());
    return { created: created || changed, latest, manifests: written.map((w) => w.manifest) };
  };

  return { writeMonth, flush, settle, finish };
}

/**
 * Writes the snapshot(s) of every month in the input's scope, then the pointer. `created` is
 * false when the same inputs were already written: then nothing at all is written. `spec`
 * is for tests of a changed template; production uses the shipped spec. A
 * {@link MonthlyCompileInput} is read one month at a time.
 */
export async function writeLakeSnapshot(
  input: CompileInput | MonthlyCompileInput,
  plans: Catalogue | LakePlans,
  storage: ObjectStorage,
  options: LakeSnapshotOptions = {},
): Promise<{ created: boolean; latest: LakeLatest; manifests: LakeManifest[] }> {
  const lake = await openLakeSnapshot(plans, storage, options);
  try {
    for (const period of input.scope.months)
      await lake.writeMonth(
        period,
        input.statuses,
        async () => (await monthOfInput(input, period)).submissions,
      );
    return await lake.finish();
  } catch (error) {
    // Nothing keeps writing after the caller has its answer.
    await lake.settle();
    throw error;
  }
}

/** One month's pointer: `lake/_periods/<period>/<compile start>-<newest input>-<snapshot>.json`. */
interface PeriodPointer {
  readonly period: string;
  readonly at: string;
  readonly snapshotId: string;
  readonly manifest: string;
  readonly files: readonly LakeFile[];
  readonly partnerFiles?: readonly LakeFile[];
}

const PERIOD_POINTERS = 'lake/_periods/';
const stamp = (iso: string) => iso.replace(/[-:]/g, '');

async function listCurrentPointerKeys(
  storage: ObjectStorage,
  prefix = PERIOD_POINTERS,
): Promise<Map<string, string>> {
  const current = new Map<string, string>();
  // Keys sort by compile start: the last key of each month is its current pointer.
  for (const key of await storage.list(prefix)) {
    const period = key.slice(PERIOD_POINTERS.length).split('/')[0];
    if (period && key.endsWith('.json')) current.set(period, key);
  }
  return current;
}

/**
 * Makes a month's snapshot its current one, unless a compile that started later already
 * did: pointers are never overwritten, and the newest start wins whatever order writes land in
 * (a compile that started later read at least every record an earlier one read).
 */
async function pointPeriodAt(
  storage: ObjectStorage,
  manifest: LakeManifest,
  now: Date,
  input: Pick<CompileInput, 'statuses'>,
) {
  const period = manifest.period;
  const currentKey = (await listCurrentPointerKeys(storage, `${PERIOD_POINTERS}${period}/`)).get(period);
  if (currentKey?.endsWith(`-${manifest.snapshotId}.json`)) return;
  const newestInput = input.statuses
    .filter((s) => s.period === period && s.submittedAt)
    .reduce((max, s) => (s.submittedAt && s.submittedAt > max ? s.submittedAt : max), '00000000T000000Z');
  const pointer: PeriodPointer = {
    period,
    at: now.toISOString(),
    snapshotId: manifest.snapshotId,
    manifest: manifestKey(manifest.snapshotId),
    files: manifest.files,
    partnerFiles: manifest.partnerFiles,
  };
  const key = `${PERIOD_POINTERS}${period}/${stamp(pointer.at)}-${stamp(newestInput)}-${manifest.snapshotId}.json`;
  await storage.putIfAbsent(key, json(pointer), { contentType: 'application/json' });
}

/**
 * Rebuilds `lake/_latest.json` from the current pointer of every month, writes it when it
 * changed, then lists the pointers again: if another compile added one meanwhile, it
 * rebuilds. The last writer therefore always wrote a pointer set that includes every month
 * whose pointer existed before it finished, so no month is lost, with or without
 * conditional writes. The content depends only on the pointers, so racing writers agree.
 */
async function rebuildLatest(
  storage: ObjectStorage,
  dimensions: readonly LakeFile[],
): Promise<{ latest: LakeLatest; changed: boolean }> {
  await adoptLegacyLatest(storage);
  let changed = false;
  for (let round = 0; ; round++) {
    const keys = await listCurrentPointerKeys(storage);
    // Independent reads: the pointers, the plans' dimensions and the pointer as it stands.
    const [pointers, planDimensions, previous] = await Promise.all([
      Promise.all(
        [...keys.values()].map(
          async (key) =>
            JSON.parse(decoder.decode((await storage.get(key)) ?? new Uint8Array())) as PeriodPointer,
        ),
      ),
      readPlanDimensions(storage),
      // Unreadable counts as absent: the rebuild replaces it.
      readJsonObject<LakeLatest>(storage, LAKE_LATEST_KEY).catch(() => undefined),
    ]);
    const periods = sortByKey(
      Object.fromEntries(
        pointers.map((p) => [
          p.period,
          { snapshotId: p.snapshotId, manifest: p.manifest, files: p.files, partnerFiles: p.partnerFiles },
        ]),
      ),
    );
    const latest: LakeLatest = {
      schemaVersion: LAKE_SCHEMA_VERSION,
      updatedAt:
        pointers
          .map((p) => p.at)
          .sort()
          .at(-1) ?? '',
      dimensions,
      planDimensions,
      currentSnapshots: Object.values(periods).map((p) => p.snapshotId),
      periods,
    };
    const same =
      previous &&
      JSON.stringify(previous.dimensions) === JSON.stringify(latest.dimensions) &&
      JSON.stringify(previous.planDimensions ?? {}) === JSON.stringify(latest.planDimensions) &&
      JSON.stringify(previous.periods) === JSON.stringify(latest.periods);
    if (!same) {
      // The pointer goes last: every file and manifest it names is already in place.
      await storage.put(LAKE_LATEST_KEY, json(latest), { contentType: 'application/json' });
      changed = true;
    }
    const after = await listCurrentPointerKeys(storage);
    const stable = after.size === keys.size && [...after].every(([period, key]) => keys.get(period) === key);
    if (stable || round >= 9) return { latest: same && previous ? previous : latest, changed };
  }
}

/**
 * Stores written before per-month pointers had only `_latest.json`: give each of its months a
 * pointer (at the time it was written) so a rebuild keeps them.
 */
async function adoptLegacyLatest(storage: ObjectStorage): Promise<void> {
  const legacy = await readJsonObject<LakeLatest>(storage, LAKE_LATEST_KEY).catch(() => undefined);
  if (!legacy) return;
  const pointed = await listCurrentPointerKeys(storage);
  for (const [period, entry] of Object.entries(legacy.periods ?? {})) {
    if (pointed.has(period)) continue;
    const pointer: PeriodPointer = { period, at: legacy.updatedAt, ...entry };
    await storage.putIfAbsent(
      `${PERIOD_POINTERS}${period}/${stamp(legacy.updatedAt)}-00000000T000000Z-${entry.snapshotId}.json`,
      json(pointer),
      { contentType: 'application/json' },
    );
  }
}

/**
 * Reads a small JSON object; a body that does not parse is read again a few times before
 * failing. A store without atomic PUTs (s3rver writes in place) can show a reader an object
 * that is still being written; AWS S3, GCS and MinIO never do.
 */
async function readJsonObject<T>(storage: ObjectStorage, key: string): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    const bytes = await storage.get(key);
    if (!bytes) return undefined;
    try {
      return JSON.parse(decoder.decode(bytes)) as T;
    } catch (error) {
      if (attempt >= 4) throw new StorageError(`stored object ${key} is damaged`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
    }
  }
}

function sortByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
