/**
 * The compile: reads the records and parsed submissions of a scope (never the .xlsx), builds
 * the national workbook, and stores it as a new version only when its inputs changed. The
 * inputs hash covers which uploads are current and each unit's status, so a redelivered
 * scheduler message or a second click writes nothing new.
 */

import { loadStreamingWorkbookWriter } from '../grid/exceljs-workbook.ts';
import { preloadParquetWriter } from '../lake/parquet-encode.ts';
import { writeLakeSnapshot } from '../lake/write-lake-snapshot.ts';
import type { Clock } from '../ports/clock.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { latestFailedPulls } from '../store/sheet-pull-log.ts';
import { layout } from '../store/storage-layout.ts';
import type { SubmissionRecord } from '../store/submission-record.ts';
import { type SubmissionStore, sha256Hex } from '../store/submission-store.ts';
import type { AcceptedSubmission, CompileInput, SourceProblem } from './compile-input.ts';
import { deriveStatuses } from './derive-statuses.ts';
import { buildNationalReport } from './national-report.ts';
import { dueInstant, type PeriodScope } from './period-scope.ts';
import { writeNationalWorkbookToBuffer } from './write-national-workbook.ts';

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
  readonly sources: readonly { period: string; unitCode: string; sha256: string }[];
  readonly reportingRate: number | null;
}

export interface CompileResult {
  readonly manifest: CompileManifest;
  /** False when the same inputs had already been compiled: nothing was written. */
  readonly created: boolean;
  readonly input: CompileInput;
}

/** Gathers the pure compile input of a scope from storage. */
export async function gatherCompileInput(
  store: SubmissionStore,
  catalogue: Catalogue,
  scope: PeriodScope,
  settings: CompileSettings,
): Promise<{ input: CompileInput; accepted: SubmissionRecord[] }> {
  // Independent reads: fetched concurrently (hundreds of small GETs on S3).
  const [monthRecords, monthProblems] = await Promise.all([
    Promise.all(scope.months.map((month) => store.listRecords(month))),
    Promise.all(scope.months.map((month) => latestFailedPulls(store.storage, month))),
  ]);
  const sourceProblems: SourceProblem[] = monthProblems.flat().map((entry) => ({
    period: entry.period,
    unitCode: entry.unitCode,
    spreadsheetId: entry.spreadsheetId,
    at: entry.at,
    reason: entry.reason ?? 'unknown',
    message: entry.message ?? { lo: entry.reason ?? '', en: entry.reason ?? '' },
  }));
  const recordsByMonth = new Map(scope.months.map((month, index) => [month, monthRecords[index] ?? []]));
  const { statuses, accepted } = deriveStatuses(scope.months, catalogue.units, recordsByMonth, (period) =>
    dueInstant(period, settings.reportDueDay, settings.timeZone),
  );
  const submissions: AcceptedSubmission[] = await Promise.all(
    accepted.map(async (record) => ({
      sha256: record.sha256,
      submittedAt: record.submittedAt,
      submittedBy: record.submittedBy,
      fileName: record.fileName,
      data: await store.loadParsed(record.sha256),
      warnings: record.issues.filter((issue) => issue.severity === 'warning'),
    })),
  );
  return { input: { scope, statuses, submissions, sourceProblems }, accepted };
}

/** Hash of everything that decides the workbook's content. */
export function hashCompileInput(input: CompileInput, catalogueVersion: string): string {
  const statusLines = input.statuses.map((s) => `${s.period}|${s.unitCode}|${s.status}|${s.sha256 ?? ''}`);
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

/** Compiles a scope into a national workbook version (or returns the existing one). */
export async function compileScope(
  deps: { store: SubmissionStore; catalogue: Catalogue; clock: Clock },
  scope: PeriodScope,
  settings: CompileSettings,
  actor: string,
): Promise<CompileResult> {
  const { store, catalogue, clock } = deps;
  // A first compile's largest fixed cost is loading the two writers: start now, so the
  // imports overlap the reads of records and parsed submissions.
  preloadParquetWriter();
  loadStreamingWorkbookWriter().catch(() => undefined);
  const { input } = await gatherCompileInput(store, catalogue, scope, settings);
  const inputsHash = hashCompileInput(input, sha256Hex(JSON.stringify(catalogue.plan)).slice(0, 16));
  const pointerKey = layout.nationalByInputs(scope.label, inputsHash);
  const pointer = await store.storage.get(pointerKey);
  if (pointer) {
    // Same inputs: nothing new. The lake is re-checked (cheap, idempotent) in case an earlier
    // run stopped between the workbook and the lake.
    await writeLakeSnapshot(input, catalogue, store.storage, { now: clock.now() });
    const manifest = JSON.parse(new TextDecoder().decode(pointer)) as CompileManifest;
    await store.appendAudit({
      at: clock.now().toISOString(),
      action: 'compile-unchanged',
      actor,
      details: { scope: scope.label, version: manifest.version },
    });
    return { manifest, created: false, input };
  }
  const now = clock.now();
  const version = `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${inputsHash.slice(0, 8)}`;
  const report = buildNationalReport(input, catalogue);
  const workbook = await writeNationalWorkbookToBuffer(report, catalogue);
  const workbookKey = layout.nationalWorkbook(scope.label, version);
  const manifest: CompileManifest = {
    scope: scope.label,
    version,
    inputsHash,
    compiledAt: now.toISOString(),
    compiledBy: actor,
    workbookKey,
    sources: input.submissions.map((s) => ({
      period: s.data.period,
      unitCode: s.data.unitCode,
      sha256: s.sha256,
    })),
    // The same figure the workbook shows, rounded for people reading the manifest.
    reportingRate:
      report.reporting.total.reportingRate === null
        ? null
        : Math.round(report.reporting.total.reportingRate * 10) / 10,
  };
  const manifestBytes = `${JSON.stringify(manifest, null, 1)}\n`;
  // Workbook, manifest, lake, then the inputs pointer: a reader never finds a pointer to nothing.
  await store.storage.put(workbookKey, workbook, {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  await store.storage.put(layout.nationalManifest(scope.label, version), manifestBytes, {
    contentType: 'application/json',
  });
  await writeLakeSnapshot(input, catalogue, store.storage, { now });
  await store.storage.put(pointerKey, manifestBytes, { contentType: 'application/json' });
  await store.appendAudit({
    at: now.toISOString(),
    action: 'compile',
    actor,
    details: { scope: scope.label, version },
  });
  return { manifest, created: true, input };
}

/** Every stored version of a scope, oldest first. */
export async function listVersions(store: SubmissionStore, scopeLabel: string): Promise<CompileManifest[]> {
  const keys = (await store.storage.list(layout.nationalPrefix(scopeLabel))).filter((k) =>
    k.endsWith('/manifest.json'),
  );
  const manifests = await Promise.all(
    keys.map(
      async (key) =>
        JSON.parse(
          new TextDecoder().decode((await store.storage.get(key)) ?? new Uint8Array()),
        ) as CompileManifest,
    ),
  );
  return manifests.sort((a, b) => a.compiledAt.localeCompare(b.compiledAt));
}

/** Scopes that have at least one compiled version. */
export async function listCompiledScopes(store: SubmissionStore): Promise<string[]> {
  const keys = await store.storage.list('national/');
  return [
    ...new Set(keys.filter((k) => k.endsWith('/manifest.json')).map((k) => k.split('/')[1] ?? '')),
  ].sort();
}
