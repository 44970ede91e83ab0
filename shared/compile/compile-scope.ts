/**
 * The compile: reads the records and parsed submissions of a scope (never the .xlsx), builds
 * the national workbook, and stores it as a new version only when its inputs changed. The
 * inputs hash covers which uploads are current and each unit's status, so a redelivered
 * scheduler message or a second click writes nothing new.
 *
 * Memory is flat in the span: the records of every month are read first (small: they decide
 * the statuses and the inputs hash), then the parsed submissions one month at a time, each
 * month going into the report's running totals and the lake before the next is read.
 */

import { mapBounded } from '../async/map-bounded.ts';
import { allSettledOrThrow, WritesInFlight } from '../async/writes-in-flight.ts';
import { loadStreamingWorkbookWriter } from '../grid/exceljs-workbook.ts';
import { type LakeSnapshotWriter, openLakeSnapshot, writeLakeSnapshot } from '../lake/write-lake-snapshot.ts';
import { PlanRegistry } from '../plan/plan-registry.ts';
import type { Clock } from '../ports/clock.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { compactHeap, MONTHS_BETWEEN_COMPACTIONS } from '../runtime/compile-heap.ts';
import { type MonthControl, NO_CONTROL } from '../store/review-state.ts';
import { latestFailedPulls } from '../store/sheet-pull-log.ts';
import { SingleFlight } from '../store/single-flight.ts';
import { layout } from '../store/storage-layout.ts';
import type { SubmissionRecord } from '../store/submission-record.ts';
import { type SubmissionStore, sha256Hex } from '../store/submission-store.ts';
import type {
  AcceptedSubmission,
  CompileInput,
  MonthlyCompileInput,
  ReportingStatusEntry,
  SourceProblem,
} from './compile-input.ts';
import { deriveStatuses } from './derive-statuses.ts';
import { buildFrontSection, type FrontSection, monthFiguresFrom } from './front-section.ts';
import { frontSectionHtml } from './front-section-html.ts';
import {
  figuresOfMonth,
  gatherMonthSeries,
  type ListedMonth,
  listMonthInputs,
  type MonthListing,
  type MonthSeriesEntry,
  type MonthSource,
  monthInputsHashOf,
  monthsFrom,
} from './month-series.ts';
import { type NationalReport, NationalReportBuilder, reportingRates } from './national-report.ts';
import { dueInstant, type PeriodScope } from './period-scope.ts';
import { writeNationalWorkbookToBuffer } from './write-national-workbook.ts';
import { loadPlanMappings, type PlanMapping, writeAcrossPlansWorkbook } from './write-plan-mapping.ts';

/** Settings the compile needs from configuration. */
export interface CompileSettings {
  readonly reportDueDay: number;
  readonly timeZone: string;
}

/** What a compile stored (or found already stored). */
export interface CompileManifest {
  readonly scope: string;
  readonly version: string;
  readonly inputsHash: string;
  readonly compiledAt: string;
  readonly compiledBy: string;
  readonly workbookKey: string;
  /** sha-256 of the stored workbook, sent as Repr-Digest on download (absent in older manifests). */
  readonly workbookSha256?: string;
  /**
   * The front section as a self-contained page (content-addressed): `download?format=pdf`
   * prints it with headless Chromium on first request, so no compile waits for a browser.
   */
  readonly frontHtmlSha256?: string;
  /** A PDF printed during the compile (versions compiled before PDFs were printed on demand). */
  readonly pdfKey?: string;
  /** The plan versions the workbook was built against, in time order (two or more across plans). */
  readonly planVersions?: readonly string[];
  readonly sources: readonly { period: string; unitCode: string; sha256: string }[];
  readonly reportingRate: number | null;
}

export interface CompileResult {
  readonly manifest: CompileManifest;
  /** False when the same inputs had already been compiled: nothing was written. */
  readonly created: boolean;
  /** The scope and every unit's status per month (submissions are read a month at a time). */
  readonly input: CompileStatuses;
}

/** A compile's scope and statuses: what decides its inputs hash, read before any submission. */
export type CompileStatuses = Omit<CompileInput, 'submissions'>;

/** Months whose records are listed at once, and parsed submissions read at once. */
const MONTHS_IN_FLIGHT = 4;
const READS_IN_FLIGHT = 48;

/**
 * A month's records and review and lock events, read from the keys its listing found (its
 * records are read concurrently: a few dozen small GETs on S3).
 */
async function readListedMonth(
  store: SubmissionStore,
  listed: ListedMonth,
): Promise<{ records: SubmissionRecord[]; control: MonthControl }> {
  const [records, control] = await Promise.all([
    store.readRecords(listed.recordKeys),
    store.readMonthControl(listed.reviewKeys, listed.lockKeys),
  ]);
  return { records, control };
}

/** Statuses of a listed month from its records, and its accepted records (no submission is loaded). */
async function gatherStatuses(
  store: SubmissionStore,
  catalogue: Catalogue,
  month: string,
  listed: ListedMonth,
  settings: CompileSettings,
): Promise<{ statuses: ReportingStatusEntry[]; accepted: SubmissionRecord[] }> {
  const { records, control } = await readListedMonth(store, listed);
  return deriveStatuses(
    [month],
    catalogue.units,
    new Map([[month, records]]),
    (period) => dueInstant(period, settings.reportDueDay, settings.timeZone),
    new Map([[month, control]]),
  );
}

/** The months of a scope compiled against one plan version (a section of the workbook). */
export interface PlanSegment {
  readonly catalogue: Catalogue;
  readonly input: { readonly scope: PeriodScope };
}

/**
 * The plan of a month: the version most of its accepted submissions were parsed against
 * (so a plan imported later never changes how an earlier month compiles); with none, the
 * plan in force. Ties go to the version imported last.
 */
function planOfMonth(
  month: string,
  versions: readonly (string | undefined)[],
  plans: PlanRegistry,
): Catalogue {
  const counts = new Map<string, { catalogue: Catalogue; count: number }>();
  for (const version of versions) {
    const catalogue = plans.catalogueFor(version);
    if (!catalogue) continue;
    const entry = counts.get(catalogue.version) ?? { catalogue, count: 0 };
    entry.count += 1;
    counts.set(catalogue.version, entry);
  }
  const rank = new Map(plans.versions().map((entry, index) => [entry.catalogue.version, index]));
  const best = [...counts.values()].sort(
    (a, b) =>
      b.count - a.count || (rank.get(a.catalogue.version) ?? 0) - (rank.get(b.catalogue.version) ?? 0),
  )[0];
  return best?.catalogue ?? plans.inForce(month);
}

/**
 * The statuses of a scope from its records, and its plan segments. No parsed submission is
 * read unless more than one plan version is known (then only to learn each month's plan).
 * Each month's folders are listed once ({@link listMonthInputs}): its records and events are
 * read from the keys listed, and the listings are returned (they key the months' figures).
 */
export async function gatherCompileStatuses(
  store: SubmissionStore,
  plans: Catalogue | PlanRegistry,
  scope: PeriodScope,
  settings: CompileSettings,
): Promise<{
  input: CompileStatuses;
  accepted: SubmissionRecord[];
  segments: PlanSegment[];
  /** Each month's listing, made before its records were read. */
  listings: Map<string, MonthListing>;
}> {
  const registry = plans instanceof PlanRegistry ? plans : PlanRegistry.of(plans);
  const planFor = (version: string | undefined) => registry.catalogueFor(version);
  // Independent reads, fetched concurrently (hundreds of small GETs on S3) but boundedly, so
  // that a long span does not hold every file in memory at once. A month is listed before its
  // records are read, so figures stored under its listing are never older than it.
  const [monthInputs, monthProblems] = await Promise.all([
    mapBounded(scope.months, MONTHS_IN_FLIGHT, async (month) => {
      const listed = await listMonthInputs(store.storage, month);
      return { listed, ...(await readListedMonth(store, listed)) };
    }),
    mapBounded(scope.months, MONTHS_IN_FLIGHT, (month) => latestFailedPulls(store.storage, month)),
  ]);
  const sourceProblems: SourceProblem[] = monthProblems.flat().map((entry) => ({
    period: entry.period,
    unitCode: entry.unitCode,
    spreadsheetId: entry.spreadsheetId,
    at: entry.at,
    reason: entry.reason ?? 'unknown',
    message: entry.message ?? { lo: entry.reason ?? '', en: entry.reason ?? '' },
  }));
  const recordsByMonth = new Map(
    scope.months.map((month, index) => [month, monthInputs[index]?.records ?? []]),
  );
  const controlByMonth = new Map(
    scope.months.map((month, index) => [month, monthInputs[index]?.control ?? NO_CONTROL]),
  );
  const listings = new Map<string, MonthListing>();
  for (const [index, month] of scope.months.entries()) {
    const listed = monthInputs[index]?.listed;
    if (listed) listings.set(month, { keysHash: listed.keysHash, records: listed.records });
  }
  const dueOf = (period: string) => dueInstant(period, settings.reportDueDay, settings.timeZone);
  // Which upload is current (locks, reviews) does not depend on the plan: read those first,
  // over every unit any known plan has, to learn which plan each month was reported on.
  const everyUnit = [
    ...new Map(
      registry.versions().flatMap((v) => v.catalogue.units.map((u) => [u.code, u] as const)),
    ).values(),
  ];
  const current = deriveStatuses(scope.months, everyUnit, recordsByMonth, dueOf, controlByMonth).accepted;
  // With one plan known every month is on it: no parsed submission is read here. Across plans,
  // the plan versions of the current uploads are read a month at a time and only the versions
  // kept, so memory stays flat in the span.
  const versionsOfMonth = new Map<string, (string | undefined)[]>();
  if (registry.versions().length > 1)
    for (const month of scope.months)
      versionsOfMonth.set(
        month,
        await mapBounded(
          current.filter((record) => record.period === month),
          READS_IN_FLIGHT,
          async (record) => (await store.loadParsed(record.sha256, planFor)).planVersion,
        ),
      );
  const statuses: ReportingStatusEntry[] = [];
  const accepted: SubmissionRecord[] = [];
  const segments: PlanSegment[] = [];
  for (const month of scope.months) {
    const catalogue = planOfMonth(month, versionsOfMonth.get(month) ?? [], registry);
    // Who was expected to report is the month's plan's unit list.
    const derived = deriveStatuses([month], catalogue.units, recordsByMonth, dueOf, controlByMonth);
    statuses.push(...derived.statuses);
    accepted.push(...derived.accepted);
    const last = segments.at(-1);
    if (last && last.catalogue.version === catalogue.version)
      (last.input.scope.months as string[]).push(month);
    else segments.push({ catalogue, input: { scope: { label: scope.label, months: [month] } } });
  }
  const labelled = segments.map((segment) => ({
    catalogue: segment.catalogue,
    input: {
      scope: {
        label:
          segments.length === 1
            ? scope.label
            : `${scope.label} · ${segment.input.scope.months[0]}..${segment.input.scope.months.at(-1)}`,
        months: segment.input.scope.months,
      },
    },
  }));
  return { input: { scope, statuses, sourceProblems }, accepted, segments: labelled, listings };
}

/** Reads the parsed submissions of accepted records (a bounded number at a time). */
function loadAccepted(
  store: SubmissionStore,
  records: readonly SubmissionRecord[],
  planFor?: (version: string | undefined) => Catalogue | undefined,
): Promise<AcceptedSubmission[]> {
  return mapBounded(records, READS_IN_FLIGHT, async (record) => ({
    sha256: record.sha256,
    submittedAt: record.submittedAt,
    submittedBy: record.submittedBy,
    fileName: record.fileName,
    data: await store.loadParsed(record.sha256, planFor),
    warnings: record.issues.filter((issue) => issue.severity === 'warning'),
  }));
}

/** The statuses of a scope and its submissions read a month at a time, on demand. */
function monthlyInput(
  store: SubmissionStore,
  input: CompileStatuses,
  accepted: readonly SubmissionRecord[],
  planFor?: (version: string | undefined) => Catalogue | undefined,
): MonthlyCompileInput {
  return {
    ...input,
    submissionsOf: (period) =>
      loadAccepted(
        store,
        accepted.filter((record) => record.period === period),
        planFor,
      ),
  };
}

/**
 * Gathers the whole pure compile input of a scope from storage (every submission at once),
 * and its segments of consecutive months that share a plan version (one unless the scope
 * crosses plans), each with its part of the input.
 */
export async function gatherCompileInput(
  store: SubmissionStore,
  plans: Catalogue | PlanRegistry,
  scope: PeriodScope,
  settings: CompileSettings,
): Promise<{
  input: CompileInput;
  accepted: SubmissionRecord[];
  segments: { catalogue: Catalogue; input: CompileInput }[];
}> {
  const registry = plans instanceof PlanRegistry ? plans : PlanRegistry.of(plans);
  const { input, accepted, segments } = await gatherCompileStatuses(store, registry, scope, settings);
  const submissions = await loadAccepted(store, accepted, (v) => registry.catalogueFor(v));
  const whole: CompileInput = { ...input, submissions };
  return {
    input: whole,
    accepted,
    segments: segments.map((segment) => {
      const months = new Set(segment.input.scope.months);
      return {
        catalogue: segment.catalogue,
        input: {
          scope: segment.input.scope,
          statuses: input.statuses.filter((s) => months.has(s.period)),
          submissions: submissions.filter((s) => months.has(s.data.period)),
          sourceProblems: (input.sourceProblems ?? []).filter((p) => months.has(p.period)),
        },
      };
    }),
  };
}

const catalogueVersions = new WeakMap<Catalogue, string>();

/**
 * Content hash of what the compile reads from the catalogue: the plan and its indicators.
 * Worked out once per catalogue object (a compile asks for every month's inputs hash, and
 * serialising the plan each time showed in its profile); catalogues are not changed in place.
 */
export function catalogueVersionOf(catalogue: Catalogue): string {
  let version = catalogueVersions.get(catalogue);
  if (version === undefined) {
    version = sha256Hex(JSON.stringify({ plan: catalogue.plan, indicators: catalogue.indicators })).slice(
      0,
      16,
    );
    catalogueVersions.set(catalogue, version);
  }
  return version;
}

/**
 * What besides a month's listed keys decides its figures: the figures' format, the plan and
 * its indicators, and when reports are due (late or on time).
 */
function figuresSalt(catalogue: Catalogue, settings: CompileSettings): string {
  return `${catalogueVersionOf(catalogue)}|${settings.reportDueDay}|${settings.timeZone}`;
}

/**
 * Months for the front section's comparisons: hashed from their folder listings (one list
 * call per folder; no record is read), their records and submissions read only on demand.
 */
function monthSourceOf(
  store: SubmissionStore,
  catalogue: Catalogue,
  settings: CompileSettings,
  planFor?: (version: string | undefined) => Catalogue | undefined,
): MonthSource {
  return {
    open: async (month) => {
      // Listed before the records are read (see listMonthInputs), which are read from its keys.
      const listed = await listMonthInputs(store.storage, month);
      return {
        inputsHash: monthInputsHashOf(listed, figuresSalt(catalogue, settings)),
        accepted: listed.records,
        load: async () => {
          const scope: PeriodScope = { label: month, months: [month] };
          const { statuses, accepted } = await gatherStatuses(store, catalogue, month, listed, settings);
          return { scope, statuses, submissions: await loadAccepted(store, accepted, planFor) };
        },
      };
    },
  };
}

/**
 * Figures of every month from the plan's start (or the scope's, if earlier) to the scope's
 * end: the front section compares the scope with earlier windows of them. Months in `skip`
 * are left out (the compile works out its own scope's months as it streams them).
 */
export function gatherComparisonMonths(
  store: SubmissionStore,
  catalogue: Catalogue,
  scope: PeriodScope,
  settings: CompileSettings,
  skip: ReadonlySet<string> = new Set(),
  planFor?: (version: string | undefined) => Catalogue | undefined,
): Promise<MonthSeriesEntry[]> {
  const planStart = `${catalogue.plan.startYear}-01`;
  const first = scope.months[0] ?? planStart;
  const last = scope.months[scope.months.length - 1] ?? planStart;
  const months = monthsFrom(planStart < first ? planStart : first, last).filter((m) => !skip.has(m));
  return gatherMonthSeries(
    monthSourceOf(store, catalogue, settings, planFor),
    store.storage,
    catalogue,
    months,
  );
}

/** A scope month's figures: stored for its inputs (as listed), else from its submissions (already read). */
function scopeMonthEntry(
  store: SubmissionStore,
  catalogue: Catalogue,
  input: CompileStatuses,
  month: string,
  listing: MonthListing,
  salt: string,
  submissions: readonly AcceptedSubmission[],
  storeLater: (write: () => Promise<void>) => Promise<void>,
): Promise<MonthSeriesEntry> {
  return figuresOfMonth(
    store.storage,
    month,
    monthInputsHashOf(listing, salt),
    listing.records,
    () =>
      monthFiguresFrom(
        {
          scope: { label: month, months: [month] },
          statuses: input.statuses.filter((s) => s.period === month),
          submissions: [...submissions],
        },
        catalogue,
      ),
    storeLater,
  );
}

/** Hash of everything that decides the workbook's content. */
export function hashCompileInput(input: CompileStatuses, catalogueVersion: string): string {
  // The review state is in the workbook (Reporting status) and the lake, so it is an input.
  const statusLines = input.statuses.map(
    (s) => `${s.period}|${s.unitCode}|${s.status}|${s.sha256 ?? ''}|${s.review ?? ''}`,
  );
  // A sheet that could not be read shows in the workbook; the same failure again changes nothing.
  const problemLines = (input.sourceProblems ?? []).map(
    (p) => `sheet-problem|${p.period}|${p.unitCode}|${p.spreadsheetId}|${p.reason}`,
  );
  return sha256Hex(
    [`scope:${input.scope.label}`, `catalogue:${catalogueVersion}`, ...statusLines, ...problemLines].join(
      '\n',
    ),
  );
}

/** The by-inputs pointer: the same bytes whoever writes it, so racing writers agree. */
interface InputsPointer {
  readonly scope: string;
  readonly version: string;
  readonly inputsHash: string;
  readonly manifest: string;
}

/**
 * Version id of a set of inputs: when the newest input arrived (so file names sort and read
 * as dates) and the inputs hash. The same inputs always name the same version, whoever
 * compiles them and however often: two concurrent compiles, a redelivered event and a retry
 * after a crash all write to the same keys.
 */
export function versionFor(input: Pick<CompileInput, 'statuses'>, inputsHash: string): string {
  const newest = input.statuses.reduce<string>(
    (max, s) => (s.submittedAt && s.submittedAt > max ? s.submittedAt : max),
    '',
  );
  const stamp = newest ? newest.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z') : '00000000T000000Z';
  return `${stamp}-${inputsHash.slice(0, 12)}`;
}

const decoder = new TextDecoder();
const parseJson = <T>(bytes: Uint8Array): T => JSON.parse(decoder.decode(bytes)) as T;

/** Reads the manifest a pointer names (pointers written before version ids changed held the manifest itself). */
async function manifestOfPointer(
  store: SubmissionStore,
  bytes: Uint8Array,
): Promise<CompileManifest | undefined> {
  const pointer = parseJson<Partial<InputsPointer> & Partial<CompileManifest>>(bytes);
  if (pointer.workbookKey) return pointer as CompileManifest;
  const manifest = pointer.manifest ? await store.storage.get(pointer.manifest) : undefined;
  return manifest ? parseJson<CompileManifest>(manifest) : undefined;
}

/** What a compile works with. */
export interface CompileDeps {
  readonly store: SubmissionStore;
  readonly catalogue: Catalogue;
  readonly clock: Clock;
  /** Plan versions; without it every month is compiled against `catalogue`. */
  readonly registry?: PlanRegistry;
  /**
   * A full garbage collection, run every {@link MONTHS_BETWEEN_COMPACTIONS} months of a long
   * compile so its peak does not grow with the span (see compile-heap.ts); V8's by default.
   */
  readonly compactHeap?: () => unknown;
}

/** Compiles in flight in this process, by store and inputs: a second caller waits for the first. */
const inFlight = new WeakMap<object, SingleFlight<CompileResult>>();

/**
 * Compiles a scope into a national workbook version (or returns the existing one).
 *
 * Crash- and race-safe without locks. The version id derives from the inputs; the workbook,
 * the manifest, the lake and the by-inputs pointer are written create-only in that order, and
 * a version is listed only once its pointer exists, so nothing is half visible. A retry after
 * a crash at any write finds what is already there and completes the rest; a concurrent
 * compile of the same inputs in this process joins the running one, and one in another
 * process writes the same keys (create-only where the store can, equivalent bytes where not).
 */
export async function compileScope(
  deps: CompileDeps,
  scope: PeriodScope,
  settings: CompileSettings,
  actor: string,
): Promise<CompileResult> {
  const { store, catalogue, clock } = deps;
  // The start time orders versions and lake snapshots: a compile that started later read
  // at least the records an earlier one read, so the later one wins.
  const startedAt = clock.now();
  // A first compile's largest fixed cost is loading the workbook writer: start now, so the
  // import overlaps the reads of records and parsed submissions.
  loadStreamingWorkbookWriter().catch(() => undefined);
  const planFor = (version: string | undefined) => deps.registry?.catalogueFor(version);
  // The scope's own months are read once, in the month-by-month pass below; only the earlier
  // months the front section compares with are gathered here (stored figures, or computed),
  // against the plan of the scope's last section. With one plan known that is known at once
  // and both reads overlap.
  const scopeMonths = [...new Set(scope.months)].sort();
  // The scope's months are listed once: their listings key their figures, and their records
  // are read from the keys listed (see gatherCompileStatuses).
  const gathering = gatherCompileStatuses(store, deps.registry ?? catalogue, scope, settings);
  const onePlan = deps.registry ? deps.registry.versions().length <= 1 : true;
  const frontCatalogue = onePlan
    ? (deps.registry?.inForce(scopeMonths.at(-1) ?? '') ?? catalogue)
    : ((await gathering).segments.at(-1)?.catalogue ?? catalogue);
  const [{ input, accepted, segments, listings: listingOf }, earlier] = await Promise.all([
    gathering,
    gatherComparisonMonths(store, frontCatalogue, scope, settings, new Set(scopeMonths), planFor),
  ]);
  const salt = figuresSalt(frontCatalogue, settings);
  const planVersions = segments.map((segment) => segment.catalogue.version);
  const mappings = segments.length > 1 ? await loadPlanMappings(store.storage, segments) : [];
  // The front section compares with earlier months: a late upload for one of them changes it.
  // The version follows what the report is made of (the scope's statuses and the earlier
  // months' figures), not the folder listings the figures are stored under: an upload kept
  // after a lock adds a key but changes neither, so a locked month compiles to the same version.
  const inputsHash = sha256Hex(
    [
      hashCompileInput(
        input,
        [...planVersions, ...mappings.map((m) => m.sha256), catalogueVersionOf(frontCatalogue), salt].join(
          '+',
        ),
      ),
      ...earlier.map((m) => `${m.figures.period}|${sha256Hex(JSON.stringify(m.figures))}`),
    ].join('\n'),
  );
  const running = inFlight.get(store.storage) ?? new SingleFlight<CompileResult>();
  inFlight.set(store.storage, running);
  const { value, joined } = await running.run(`${scope.label}|${inputsHash}`, () =>
    compileInputs(
      {
        store,
        clock,
        segments,
        mappings,
        planFor,
        frontCatalogue,
        listingOf,
        salt,
        compactHeap: deps.compactHeap ?? compactHeap,
      },
      input,
      accepted,
      earlier,
      inputsHash,
      startedAt,
      actor,
    ),
  );
  return joined ? { ...value, created: false } : value;
}

/** What {@link compileInputs} works with besides the inputs. */
interface CompileInputsDeps {
  readonly store: SubmissionStore;
  readonly clock: Clock;
  readonly segments: readonly PlanSegment[];
  readonly mappings: readonly PlanMapping[];
  readonly planFor: (version: string | undefined) => Catalogue | undefined;
  readonly frontCatalogue: Catalogue;
  /** The scope's months as listed before their records were read, and their figures' salt. */
  readonly listingOf: ReadonlyMap<string, MonthListing>;
  readonly salt: string;
  readonly compactHeap: () => unknown;
}

async function compileInputs(
  deps: CompileInputsDeps,
  input: CompileStatuses,
  accepted: readonly SubmissionRecord[],
  earlier: readonly MonthSeriesEntry[],
  inputsHash: string,
  startedAt: Date,
  actor: string,
): Promise<CompileResult> {
  const { store, clock, segments } = deps;
  const scope = input.scope;
  const pointerKey = layout.nationalByInputs(scope.label, inputsHash);
  const pointerBytes = await store.storage.get(pointerKey);
  const existing = pointerBytes ? await manifestOfPointer(store, pointerBytes) : undefined;
  if (existing) {
    // Same inputs: nothing new. The lake is re-checked (cheap, idempotent) in case an earlier
    // run stopped between the workbook and the lake.
    await writeLakeSnapshot(monthlyInput(store, input, accepted, deps.planFor), segments, store.storage, {
      now: startedAt,
    });
    // ...and so is the version's own audit event, in case it stopped just before it.
    await auditCompile(store, existing);
    await store.appendAudit({
      at: clock.now().toISOString(),
      action: 'compile-unchanged',
      actor,
      details: { scope: scope.label, version: existing.version },
    });
    return { manifest: existing, created: false, input };
  }
  const version = versionFor(input, inputsHash);
  const lake = await openLakeSnapshot(segments, store.storage, { now: startedAt });
  try {
    return await compileMonths(deps, lake, input, accepted, earlier, {
      inputsHash,
      version,
      startedAt,
      actor,
    });
  } catch (error) {
    // The lake writes the months in the background: none is still landing when the caller
    // hears of the failure (and retries, or reports it).
    await lake.settle();
    throw error;
  }
}

/**
 * The month-by-month pass: one month at a time, its submissions go into its plan section's
 * running totals and the lake's month snapshot, then are dropped; then each section's report
 * and the front section. The lake's months only become current in its pointers, which are
 * written after the workbook and manifest. One section per plan version: a scope across plans
 * gets each plan's sheets and the mapping.
 *
 * A function of its own so that the running totals and the months' figures are garbage once
 * the reports are made: an async function keeps every local that lives across an await until
 * it returns, and the workbook is written after this one has.
 */
async function reportMonths(
  deps: CompileInputsDeps,
  lake: LakeSnapshotWriter,
  input: CompileStatuses,
  accepted: readonly SubmissionRecord[],
  earlier: readonly MonthSeriesEntry[],
  storeLater: (write: () => Promise<void>) => Promise<void>,
): Promise<{ reports: NationalReport[]; front: FrontSection }> {
  const { store, segments, frontCatalogue } = deps;
  const scope = input.scope;
  const builders = segments.map(
    (segment) => new NationalReportBuilder(segment.input.scope, segment.catalogue),
  );
  const segmentOf = new Map(
    segments.flatMap((segment, index) => segment.input.scope.months.map((month) => [month, index] as const)),
  );
  const source = monthlyInput(store, input, accepted, deps.planFor);
  // Each month's own figures (for the front section) are taken from the same read.
  const months = [...earlier];
  for (const [index, period] of [...new Set(scope.months)].sort().entries()) {
    let submissions: readonly AcceptedSubmission[] | undefined = await source.submissionsOf(period);
    builders[segmentOf.get(period) ?? builders.length - 1]?.addMonth(period, submissions);
    const listing = deps.listingOf.get(period) ?? { keysHash: '', records: 0 };
    months.push(
      await scopeMonthEntry(
        store,
        frontCatalogue,
        input,
        period,
        listing,
        deps.salt,
        submissions,
        storeLater,
      ),
    );
    // Handed to the lake, not kept here: the lake encodes them and drops them before its file
    // writes, and a reference held in this frame across those awaits would keep each month's
    // submissions alive into the old generation.
    await lake.writeMonth(period, input.statuses, () => {
      const month = submissions ?? [];
      submissions = undefined;
      return month;
    });
    // Every year of months, and so just before the workbook of a compile of a year or more:
    // the months' survivors are collected, not left to pile up with the span.
    if ((index + 1) % MONTHS_BETWEEN_COMPACTIONS === 0) deps.compactHeap();
  }
  const reports: NationalReport[] = segments.map((segment, index) => {
    const months = new Set(segment.input.scope.months);
    return (builders[index] as NationalReportBuilder).finish(
      input.statuses.filter((s) => months.has(s.period)),
      (input.sourceProblems ?? []).filter((p) => months.has(p.period)),
    );
  });
  const front = buildFrontSection(
    reports.at(-1) as NationalReport,
    months.map((m) => m.figures),
    frontCatalogue,
  );
  return { reports, front };
}

/**
 * The workbook of the reports, and the front section's printable page. The reports are
 * garbage once this returns: only the bytes are kept for the writes that follow.
 */
async function writeWorkbookAndPage(
  deps: CompileInputsDeps,
  scope: PeriodScope,
  { reports, front }: { reports: readonly NationalReport[]; front: FrontSection },
): Promise<{ workbook: Uint8Array; frontHtml: string }> {
  const { segments, mappings } = deps;
  const lastReport = reports.at(-1) as NationalReport;
  // The front section's printable page, not its PDF: printing launches a browser (seconds),
  // so it happens on the first download and is kept by the page's hash (see download).
  const frontHtml = frontSectionHtml(front, lastReport.choiceLists.status);
  const workbook =
    segments.length === 1
      ? await writeNationalWorkbookToBuffer(lastReport, segments[0]?.catalogue as Catalogue, { front })
      : await writeAcrossPlansWorkbook(scope, segments, reports, mappings, front);
  return { workbook, frontHtml };
}

/** The month-by-month pass, the workbook, and the writes of a new version (see compileInputs). */
async function compileMonths(
  deps: CompileInputsDeps,
  lake: LakeSnapshotWriter,
  input: CompileStatuses,
  accepted: readonly SubmissionRecord[],
  earlier: readonly MonthSeriesEntry[],
  run: { inputsHash: string; version: string; startedAt: Date; actor: string },
): Promise<CompileResult> {
  const { store, segments } = deps;
  const { inputsHash, version, startedAt, actor } = run;
  const scope = input.scope;
  const pointerKey = layout.nationalByInputs(scope.label, inputsHash);
  // The scope months' newly computed figures are stored beside the months and the workbook,
  // not one after the other in the month loop (each a small file, so all at once); all are in
  // place before the manifest.
  const figureWrites = new WritesInFlight(Number.POSITIVE_INFINITY);
  const { workbook, frontHtml } = await reportMonths(deps, lake, input, accepted, earlier, (write) =>
    figureWrites.add(write),
  )
    .then((reported) => writeWorkbookAndPage(deps, scope, reported))
    .catch(async (error: unknown) => {
      // Nothing of this compile is still writing when its caller hears of the failure.
      await figureWrites.settle();
      throw error;
    });
  const reportingRate = reportingRates(scope.label, input.statuses).reportingRate;
  const workbookKey = layout.nationalWorkbook(scope.label, version);
  const frontHtmlSha256 = sha256Hex(frontHtml);
  // The lake's month files and the months' figures were written while the months were read
  // and the workbook built: all are in place before the version's own files, or the first
  // failure is thrown once every one of them has settled (nothing still writing after it).
  await allSettledOrThrow([lake.flush(), figureWrites.drain()]);
  const manifestKey = layout.nationalManifest(scope.label, version);
  // Lake files, workbook (and front page), manifest, lake pointers, then the inputs pointer:
  // a reader never finds a pointer to nothing. Create-only: after a crash or beside a
  // concurrent compile, the workbook already there is the same version's, and the manifest
  // already there describes it.
  const [, wroteWorkbook] = await allSettledOrThrow([
    store.storage.putIfAbsent(layout.frontHtml(frontHtmlSha256), frontHtml, {
      contentType: 'text/html; charset=utf-8',
    }),
    store.storage.putIfAbsent(workbookKey, workbook, {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    }),
  ]);
  // The stored workbook is read back (to hash what is stored) unless this call created it
  // atomically: then it is these bytes, and a second copy in memory is for nothing.
  const storedWorkbook =
    wroteWorkbook && store.storage.atomicCreate ? undefined : await store.storage.get(workbookKey);
  const fresh: CompileManifest = {
    scope: scope.label,
    version,
    inputsHash,
    compiledAt: startedAt.toISOString(),
    compiledBy: actor,
    workbookKey,
    workbookSha256: sha256Hex(storedWorkbook ?? workbook),
    frontHtmlSha256,
    planVersions: segments.map((segment) => segment.catalogue.version),
    sources: accepted.map((record) => ({
      // Accepted records are listed under their month: their period is never null.
      period: record.period as string,
      unitCode: record.unitCode,
      sha256: record.sha256,
    })),
    // The same figure the workbook shows, rounded for people reading the manifest.
    reportingRate: reportingRate === null ? null : Math.round(reportingRate * 10) / 10,
  };
  const created = await store.storage.putIfAbsent(manifestKey, `${JSON.stringify(fresh, null, 1)}\n`, {
    contentType: 'application/json',
  });
  const manifestBytes = created ? undefined : await store.storage.get(manifestKey);
  const manifest = manifestBytes ? parseJson<CompileManifest>(manifestBytes) : fresh;
  await lake.finish();
  const pointer: InputsPointer = { scope: scope.label, version, inputsHash, manifest: manifestKey };
  await store.storage.putIfAbsent(pointerKey, `${JSON.stringify(pointer, null, 1)}\n`, {
    contentType: 'application/json',
  });
  await auditCompile(store, manifest);
  return { manifest, created, input };
}

/** One event per version, under a key derived from it: a retry re-writes nothing. */
async function auditCompile(store: SubmissionStore, manifest: CompileManifest): Promise<void> {
  await store.appendAuditOnce(`compile-${manifest.version}`, {
    at: manifest.compiledAt,
    action: 'compile',
    actor: manifest.compiledBy,
    details: { scope: manifest.scope, version: manifest.version },
  });
}

/** Every complete version of a scope (its by-inputs pointer written), oldest first. */
export async function listVersions(store: SubmissionStore, scopeLabel: string): Promise<CompileManifest[]> {
  const keys = (await store.storage.list(layout.nationalPrefix(scopeLabel))).filter((k) =>
    k.includes('/by-inputs/'),
  );
  const manifests = await Promise.all(
    keys.map(async (key) => {
      const bytes = await store.storage.get(key);
      return bytes ? manifestOfPointer(store, bytes) : undefined;
    }),
  );
  const unique = new Map<string, CompileManifest>();
  for (const manifest of manifests) if (manifest) unique.set(manifest.version, manifest);
  return [...unique.values()].sort(
    (a, b) => a.compiledAt.localeCompare(b.compiledAt) || a.version.localeCompare(b.version),
  );
}

/** Scopes that have at least one compiled version. */
export async function listCompiledScopes(store: SubmissionStore): Promise<string[]> {
  const keys = await store.storage.list('national/');
  return [...new Set(keys.filter((k) => k.includes('/by-inputs/')).map((k) => k.split('/')[1] ?? ''))].sort();
}
