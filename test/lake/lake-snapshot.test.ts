/**
 * The lake read back by independent readers (hyparquet and DuckDB): row counts, sums, types,
 * Lao text, idempotence, new snapshots beside old ones, and the partner suppression.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type {
  AcceptedSubmission,
  CompileInput,
  MonthlyCompileInput,
  ReportingStatusEntry,
} from '../../shared/compile/compile-input.ts';
import { parseScope } from '../../shared/compile/period-scope.ts';
import {
  LAKE_LATEST_KEY,
  type LakeLatest,
  type LakeManifest,
  MONTHS_WRITING,
  writeLakeSnapshot,
} from '../../shared/lake/write-lake-snapshot.ts';
import type { SubmissionData } from '../../shared/parse/submission.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { FaultyStorage } from '../support/faulty-storage.ts';
import { catalogue, unit } from '../support/fixtures.ts';

const months = ['2025-05', '2025-06'];
const span = ['2025-01', '2025-02', '2025-03', '2025-04', ...months, '2025-07', '2025-08'];
const codes = ['MPS', 'LA-VT', 'OSPP', 'MOLSW'];

function makeInput(extra: SubmissionData[] = []): CompileInput {
  const data = [
    ...months.flatMap((period, m) =>
      codes.map((code, i) => generateSampleData({ unit: unit(code), period, seed: m * 10 + i }, catalogue)),
    ),
    ...extra,
  ];
  const submissions: AcceptedSubmission[] = data.map((d) => ({
    sha256: `${d.unitCode}${d.period}${d.cover.prepared_by}`.padEnd(64, 'a').slice(0, 64),
    submittedAt: `${d.period}-28T00:00:00.000Z`,
    submittedBy: `unit:${d.unitCode}`,
    fileName: `${d.unitCode}.xlsx`,
    data: d,
    warnings: [],
  }));
  const statuses: ReportingStatusEntry[] = months.flatMap((period) =>
    catalogue.units.map((u) => {
      const s = submissions.filter((x) => x.data.period === period && x.data.unitCode === u.code).at(-1);
      return {
        period,
        unitCode: u.code,
        status: s ? 'on_time' : 'missing',
        submittedAt: s?.submittedAt ?? null,
        submittedBy: s?.submittedBy ?? null,
        sha256: s?.sha256 ?? null,
        fileName: s?.fileName ?? null,
      };
    }),
  );
  const scope = parseScope('2025-Q2');
  if (!scope) throw new Error('scope');
  return {
    scope: { label: 'test', months },
    statuses,
    submissions: submissions.filter((s) => statuses.some((st) => st.sha256 === s.sha256)),
  };
}

/**
 * The input over a longer span, months read on demand: only May and June were reported, every
 * unit is missing in the other months.
 */
function spanInput(span: readonly string[], asked: string[] = []): MonthlyCompileInput {
  const whole = makeInput();
  const missing = span
    .filter((p) => !months.includes(p))
    .flatMap((period) =>
      catalogue.units.map((u) => ({
        period,
        unitCode: u.code,
        status: 'missing' as const,
        submittedAt: null,
        submittedBy: null,
        sha256: null,
        fileName: null,
      })),
    );
  return {
    scope: { label: `${span[0]}..${span.at(-1)}`, months: span },
    statuses: [...whole.statuses, ...missing],
    submissionsOf: async (period) => {
      asked.push(period);
      return whole.submissions.filter((s) => s.data.period === period);
    },
  };
}

const sum = (rows: readonly Record<string, unknown>[], key: string) =>
  rows.reduce((t, r) => t + Number(r[key] ?? 0), 0);

async function readParquet(root: string, key: string): Promise<Record<string, unknown>[]> {
  const bytes = readFileSync(join(root, key));
  return (await parquetReadObjects({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  })) as Record<string, unknown>[];
}

async function duckdb(root: string, sql: string) {
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  await connection.run(`SET file_search_path = '${root}'`);
  return (await connection.runAndReadAll(sql)).getRowObjectsJson();
}

describe('lake snapshot', () => {
  it('writes every table, readable by hyparquet and DuckDB, with sums equal to the input', async () => {
    const root = mkdtempSync(join(tmpdir(), 'laingan-lake-'));
    const storage = new LocalFsStorage(root);
    const input = makeInput();
    const result = await writeLakeSnapshot(input, catalogue, storage, {
      now: new Date('2025-07-11T00:00:00Z'),
    });
    expect(result.created).toBe(true);
    const latest = JSON.parse(readFileSync(join(root, LAKE_LATEST_KEY), 'utf8')) as LakeLatest;
    expect(Object.keys(latest.periods)).toEqual(months);

    for (const period of months) {
      const inPeriod = input.submissions.filter((s) => s.data.period === period).map((s) => s.data);
      const files = latest.periods[period]?.files ?? [];
      const file = (table: string) => files.find((f) => f.table === table)?.key ?? '';
      const cases = await readParquet(root, file('case_statistics'));
      const expectedCases = inPeriod.flatMap((d) => d.sections.cases ?? []);
      expect(cases).toHaveLength(expectedCases.length);
      expect(sum(cases, 'victims_total')).toBe(sum(expectedCases, 'victims_total'));
      const assistance = await readParquet(root, file('victim_assistance'));
      expect(sum(assistance, 'persons_total')).toBe(
        sum(
          inPeriod.flatMap((d) => d.sections.assistance ?? []),
          'persons_total',
        ),
      );
      const events = await readParquet(root, file('awareness_events'));
      const expectedEvents = inPeriod.flatMap((d) => d.sections.awareness ?? []);
      expect(sum(events, 'participants_female')).toBe(sum(expectedEvents, 'participants_female'));
      expect(events.map((e) => (e.event_date as Date).toISOString().slice(0, 10)).sort()).toEqual(
        expectedEvents.map((e) => e.event_date).sort(),
      );
      expect(events.map((e) => e.topic).sort()).toEqual(
        expectedEvents.map((e) => String(e.topic).normalize('NFC')).sort(),
      );
      const activities = await readParquet(root, file('activity_progress'));
      expect(sum(activities, 'budget_spent_lak')).toBe(
        sum(
          inPeriod.flatMap((d) => d.sections.activities ?? []),
          'budget_spent_lak',
        ),
      );
      expect(await readParquet(root, file('submissions'))).toHaveLength(catalogue.units.length);
    }

    const dims = Object.fromEntries(
      await Promise.all(
        latest.dimensions.map(async (d) => [d.table, (await readParquet(root, d.key)).length]),
      ),
    );
    expect(dims).toEqual({ goals: 9, programmes: 6, projects: 26, activities: 121, units: 33 });

    const typed = await duckdb(
      root,
      `SELECT typeof(event_date) AS d, typeof(participants_female) AS n FROM read_parquet('lake/awareness_events/*/*.parquet') LIMIT 1`,
    );
    expect(typed[0]).toEqual({ d: 'DATE', n: 'BIGINT' });
    const doc = readFileSync(new URL('../../docs/querying-the-lake.md', import.meta.url), 'utf8');
    const sql = /```sql\n-- tested: victims-by-province\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(sql).toBeDefined();
    const rows = await duckdb(root, sql ?? '');
    const allCases = input.submissions.flatMap((s) => s.data.sections.cases ?? []);
    expect(rows.reduce((t, r) => t + Number(r.victims), 0)).toBe(sum(allCases, 'victims_total'));
  });

  it('writes nothing new for the same input, and a new snapshot beside the old one for changed input', async () => {
    const root = mkdtempSync(join(tmpdir(), 'laingan-lake-'));
    const storage = new LocalFsStorage(root);
    await writeLakeSnapshot(makeInput(), catalogue, storage);
    const before = await storage.list('lake/');
    const again = await writeLakeSnapshot(makeInput(), catalogue, storage);
    expect(again.created).toBe(false);
    expect(await storage.list('lake/')).toEqual(before);

    const extra = generateSampleData({ unit: unit('MOJ'), period: '2025-06', seed: 99 }, catalogue);
    const changed = await writeLakeSnapshot(makeInput([extra]), catalogue, storage);
    expect(changed.created).toBe(true);
    const after = await storage.list('lake/');
    expect(after).toEqual(expect.arrayContaining(before.filter((k) => k !== LAKE_LATEST_KEY)));
    const latest = JSON.parse(readFileSync(join(root, LAKE_LATEST_KEY), 'utf8')) as LakeLatest;
    const juneFiles = after.filter((k) => k.startsWith('lake/case_statistics/period=2025-06/'));
    expect(juneFiles).toHaveLength(2);
    expect(juneFiles).toContain(
      latest.periods['2025-06']?.files.find((f) => f.table === 'case_statistics')?.key,
    );
    // Queries that filter on the current snapshots see each row once.
    const rows = await duckdb(
      root,
      `SELECT count(DISTINCT snapshot_id) AS snapshots FROM read_parquet('lake/case_statistics/*/*.parquet', hive_partitioning = true)
       WHERE snapshot_id IN (SELECT unnest("currentSnapshots") FROM read_json_auto('lake/_latest.json'))`,
    );
    expect(Number(rows[0]?.snapshots)).toBe(2);
  });

  it("writes a plan's dimension files and pointer once: a later snapshot of the plan writes neither", async () => {
    const storage = new FaultyStorage(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-lake-'))));
    const first = await writeLakeSnapshot(makeInput(), catalogue, storage);
    const dimensions = first.latest.dimensions.map((f) => f.key);
    expect(dimensions).toHaveLength(5);
    expect(storage.written).toEqual(expect.arrayContaining(dimensions));
    expect(storage.written.filter((k) => k.startsWith('lake/_plans/'))).toHaveLength(1);

    storage.written.length = 0;
    const extra = generateSampleData({ unit: unit('MOJ'), period: '2025-06', seed: 99 }, catalogue);
    const changed = await writeLakeSnapshot(makeInput([extra]), catalogue, storage);
    expect(changed.created).toBe(true);
    expect(storage.written.some((k) => k.includes('period=2025-06'))).toBe(true);
    expect(storage.written.filter((k) => dimensions.includes(k) || k.startsWith('lake/_plans/'))).toEqual([]);
    expect(changed.latest.dimensions).toEqual(first.latest.dimensions);
  });

  it('writes a partner file whose totals are 0, above 10, or suppressed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'laingan-lake-'));
    const result = await writeLakeSnapshot(makeInput(), catalogue, new LocalFsStorage(root));
    const partner = result.manifests[0]?.partnerFiles.find((f) => f.table === 'case_statistics');
    const written = await readParquet(root, partner?.key ?? '');
    for (const row of written) {
      const total = row.victims_total as bigint | number | null;
      if (total !== null) expect(Number(total) === 0 || Number(total) > 10).toBe(true);
      else expect(row.victims_total_suppressed).toBe(true);
    }
  });

  it('writes no Parquet file for a table without rows, and reads months one at a time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'laingan-lake-'));
    // Eight months of which only May and June were reported; months read on demand.
    const asked: string[] = [];
    const result = await writeLakeSnapshot(spanInput(span, asked), catalogue, new LocalFsStorage(root));
    expect(asked).toEqual(span);
    const keys = await new LocalFsStorage(root).list('lake/');
    const parquetIn = (period: string) => keys.filter((k) => k.includes(`period=${period}/`));
    // A month nobody reported: only its submissions table (who was missing), no fact file.
    expect(parquetIn('2025-01')).toEqual([expect.stringMatching(/^lake\/submissions\/period=2025-01\//)]);
    const january = result.manifests.find((m) => m.period === '2025-01');
    expect(january?.files.map((f) => f.table)).toEqual(['submissions']);
    expect(january?.emptyTables).toEqual([
      'activity_progress',
      'case_statistics',
      'victim_assistance',
      'awareness_events',
    ]);
    expect(january?.partnerFiles).toEqual([]);
    // Reported months keep every table with rows, and every file listed exists.
    expect(parquetIn('2025-06').length).toBeGreaterThan(4);
    for (const manifest of result.manifests)
      for (const file of [...manifest.files, ...manifest.partnerFiles]) expect(keys).toContain(file.key);
  });

  it("writes a month's files while the next month is read: its data files, then its manifest, every month before any pointer", async () => {
    const storage = new FaultyStorage(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-lake-'))));
    // Slow Parquet writes (a distant store): the next months are read and encoded meanwhile.
    storage.delayMs = (key) => (key.endsWith('.parquet') ? 25 : 0);
    const input = spanInput(span);
    const result = await writeLakeSnapshot(
      {
        ...input,
        submissionsOf: (period) => {
          storage.note(`read ${period}`);
          return input.submissionsOf(period);
        },
      },
      catalogue,
      storage,
    );
    const log = storage.log;
    const at = (event: 'start' | 'end' | 'note', key: string) =>
      log.findIndex((e) => e.event === event && e.key === key);
    expect(log.every((e) => e.event !== 'end' || e.ok)).toBe(true);
    const snapshot = (id: string) => `lake/_snapshots/${id}.json`;
    for (const manifest of result.manifests) {
      const submissionsFile = manifest.files.find((f) => f.table === 'submissions')?.key ?? '';
      expect(at('start', submissionsFile), manifest.period).toBeGreaterThan(-1);
      // Fact and partner files, then `submissions`, then the month's manifest.
      for (const file of [...manifest.files, ...manifest.partnerFiles].filter(
        (f) => f.key !== submissionsFile,
      ))
        expect(at('end', file.key), file.key).toBeLessThan(at('start', submissionsFile));
      expect(at('end', submissionsFile)).toBeLessThan(at('start', snapshot(manifest.snapshotId)));
    }
    // Every month's manifest before the first month pointer; `_latest.json` after every other write.
    const firstPointer = log.findIndex((e) => e.event === 'start' && e.key.startsWith('lake/_periods/'));
    for (const manifest of result.manifests)
      expect(at('end', snapshot(manifest.snapshotId))).toBeLessThan(firstPointer);
    const latest = at('start', LAKE_LATEST_KEY);
    expect(log.findLastIndex((e) => e.event === 'end' && e.key !== LAKE_LATEST_KEY)).toBeLessThan(latest);
    // Overlap: May's manifest was not yet written when June was read...
    const may = result.manifests.find((m) => m.period === '2025-05')?.snapshotId ?? '';
    expect(at('note', 'read 2025-06')).toBeLessThan(at('end', snapshot(may)));
    // ...but never more than MONTHS_WRITING months were being written at once.
    const writing = new Set<string>();
    let most = 0;
    for (const entry of log) {
      const month = /period=(\d{4}-\d{2})\//.exec(entry.key)?.[1];
      const done = result.manifests.find((m) => snapshot(m.snapshotId) === entry.key)?.period;
      if (entry.event === 'start' && month) writing.add(month);
      if (entry.event === 'end' && done) writing.delete(done);
      most = Math.max(most, writing.size);
    }
    expect(most).toBe(MONTHS_WRITING);
  });

  it('a failed write leaves its month without a manifest, the lake without new pointers, and nothing writing after the error', async () => {
    const inner = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-lake-')));
    const storage = new FaultyStorage(inner);
    storage.delayMs = (key) => (key.endsWith('.parquet') ? 10 : 0);
    storage.failWrite = (key) => key.startsWith('lake/case_statistics/period=2025-05/');
    await expect(writeLakeSnapshot(spanInput(span), catalogue, storage)).rejects.toThrow(
      /injected failure writing lake\/case_statistics\/period=2025-05/,
    );
    const writesAtError = storage.log.length;
    const started = storage.log.filter((e) => e.event === 'start').length;
    expect(storage.log.filter((e) => e.event === 'end')).toHaveLength(started);
    const keys = await inner.list('lake/');
    expect(keys.filter((k) => k.startsWith('lake/_periods/') || k === LAKE_LATEST_KEY)).toEqual([]);
    expect(keys.filter((k) => k.startsWith('lake/submissions/period=2025-05/'))).toEqual([]);
    const manifests = await Promise.all(
      keys
        .filter((k) => k.startsWith('lake/_snapshots/'))
        .map(async (k) => JSON.parse(new TextDecoder().decode(await inner.get(k))) as LakeManifest),
    );
    expect(manifests.map((m) => m.period)).not.toContain('2025-05');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(storage.log.length).toBe(writesAtError);
    // A retry completes the snapshot.
    storage.failWrite = () => false;
    const retried = await writeLakeSnapshot(spanInput(span), catalogue, storage);
    expect(Object.keys(retried.latest.periods)).toEqual(span);
  });

  it('a month that cannot be read while the months before it are being written: the error, and nothing writing after it', async () => {
    const storage = new FaultyStorage(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-lake-'))));
    storage.delayMs = (key) => (key.endsWith('.parquet') ? 20 : 0);
    const input = spanInput(span);
    await expect(
      writeLakeSnapshot(
        {
          ...input,
          submissionsOf: (period) =>
            period === '2025-06' ? Promise.reject(new Error('unreadable June')) : input.submissionsOf(period),
        },
        catalogue,
        storage,
      ),
    ).rejects.toThrow(/unreadable June/);
    const writesAtError = storage.log.length;
    const started = storage.log.filter((e) => e.event === 'start').length;
    expect(storage.log.filter((e) => e.event === 'end')).toHaveLength(started);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(storage.log.length).toBe(writesAtError);
    expect(await storage.list('lake/_periods/')).toEqual([]);
  });
});
