/**
 * The lake against its contract, read back by independent readers (hyparquet, DuckDB): every
 * table of two months with on-time, late, missing and rejected units; types; Lao text in NFC;
 * no file for a table with no rows; idempotence; new snapshots for new uploads, a changed catalogue and a
 * changed spec, with the documented query still right; the partner export's suppression; the
 * documented Node command; the generated external-table DDL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type {
  AcceptedSubmission,
  CompileInput,
  ReportingStatus,
  ReportingStatusEntry,
} from '../../shared/compile/compile-input.ts';
import { externalTableDdl, lakeTables } from '../../shared/lake/lake-schema.ts';
import { partnerTable, suppressPartnerRows } from '../../shared/lake/partner-export.ts';
import {
  LAKE_LATEST_KEY,
  type LakeLatest,
  writeLakeSnapshot,
} from '../../shared/lake/write-lake-snapshot.ts';
import type { SubmissionData, SubmissionRow } from '../../shared/parse/submission.ts';
import { buildCatalogue, type Catalogue } from '../../shared/reference/catalogue.ts';
import type { SectionKey } from '../../shared/reference/reference-schema.ts';
import type { TableSheetSpec, TemplateSpec } from '../../shared/spec/field-types.ts';
import { TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { catalogue, unit } from '../support/fixtures.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const MONTHS = ['2025-05', '2025-06'] as const;
const REPORTERS = ['MPS', 'LA-VT', 'OSPP', 'MOLSW'];
/** Tone mark before the vowel below: canonically unordered, so NFC must reorder it. */
const NOT_NFC_TOPIC = 'ກ\u0ec8\u0eb8ມ ຊາວ\u0ecd\u0eb2'; // NFC keeps ໍາ (only NFKC would make it ຳ)

type Row = Record<string, unknown>;
type Status = { status: ReportingStatus; sha?: string };

/**
 * Who stands how: LA-VT late in May, MOLSW late in June, OSPP missing in June, LA-XA rejected
 * in June; every other unit missing.
 */
const PLAN: Record<string, Record<string, Status>> = {
  '2025-05': {
    MPS: { status: 'on_time' },
    'LA-VT': { status: 'late' },
    OSPP: { status: 'on_time' },
    MOLSW: { status: 'on_time' },
  },
  '2025-06': {
    MPS: { status: 'on_time' },
    'LA-VT': { status: 'on_time' },
    MOLSW: { status: 'late' },
    'LA-XA': { status: 'rejected', sha: 'f'.repeat(64) },
  },
};

const victimParts = TEMPLATE_SPEC.tables
  .find((t) => t.section === 'cases')
  ?.fields.filter((f) => f.type === 'count' && f.key.startsWith('victims_') && f.key !== 'victims_total')
  .map((f) => f.key) as string[];

/** A cases row with the given breakdown cells (everything else 0). */
function casesRow(province: string, detected: number, parts: Record<string, number>): SubmissionRow {
  const row: Record<string, string | number> = { province };
  for (const key of ['cases_detected', 'cases_investigated', 'cases_prosecuted', 'cases_convicted'])
    row[key] = 0;
  row.cases_detected = detected;
  for (const key of ['suspects_female', 'suspects_male', 'offenders_female', 'offenders_male']) row[key] = 11;
  for (const key of victimParts) row[key] = 0;
  Object.assign(row, parts);
  row.victims_total = Object.values(parts).reduce((a, b) => a + b, 0);
  return row;
}

const [p1, p2, p3, p4] = victimParts;
/** Partner cases: known small cells, for exact expectations. */
const CRAFTED_CASES: SubmissionRow[] = [
  casesRow('LA-PH', 3, { [p1 as string]: 3, [p2 as string]: 4, [p3 as string]: 11, [p4 as string]: 12 }),
  casesRow('LA-LM', 0, { [p1 as string]: 3, [p2 as string]: 22 }),
  casesRow('LA-OU', 11, { [p1 as string]: 1, [p2 as string]: 1, [p3 as string]: 20 }),
  casesRow('LA-BK', 0, {}),
];

function withSection(data: SubmissionData, section: SectionKey, rows: SubmissionRow[]): SubmissionData {
  return { ...data, sections: { ...data.sections, [section]: rows } };
}

function sampleFor(code: string, period: string, seed: number): SubmissionData {
  let data = generateSampleData({ unit: unit(code), period, seed }, catalogue);
  if (code === 'MPS' && period === '2025-06') {
    data = withSection(data, 'cases', CRAFTED_CASES);
    const events = data.sections.awareness ?? [];
    data = withSection(data, 'awareness', [{ ...events[0], topic: NOT_NFC_TOPIC }, ...events.slice(1)]);
  }
  // May has no awareness events at all: its awareness file must still exist, with zero rows.
  if (period === '2025-05') data = withSection(data, 'awareness', []);
  return data;
}

/** A compile input for the plan above, plus `extra` accepted uploads. */
function makeInput(cat: Catalogue = catalogue, extra: SubmissionData[] = []): CompileInput {
  const submissions: AcceptedSubmission[] = [];
  const statuses: ReportingStatusEntry[] = [];
  for (const [m, period] of MONTHS.entries()) {
    const plan: Record<string, Status> = { ...PLAN[period] };
    for (const d of extra.filter((x) => x.period === period)) plan[d.unitCode] = { status: 'late' };
    for (const u of cat.units) {
      const entry = plan[u.code];
      let accepted: AcceptedSubmission | undefined;
      if (entry && entry.status !== 'rejected') {
        const data =
          extra.find((x) => x.period === period && x.unitCode === u.code) ??
          sampleFor(u.code, period, m * 10 + REPORTERS.indexOf(u.code));
        accepted = {
          sha256: `${u.code}-${period}`.padEnd(64, '0'),
          submittedAt: `${period}-0${(m % 2) + 4}T03:04:05.678Z`,
          submittedBy: `focal:${u.code}`,
          fileName: `${u.code} ລາຍງານ.xlsx`,
          data,
          warnings: u.code === 'MPS' ? [{} as never, {} as never] : [],
        };
        submissions.push(accepted);
      }
      statuses.push({
        period,
        unitCode: u.code,
        status: entry?.status ?? 'missing',
        submittedAt: accepted?.submittedAt ?? (entry ? '2025-07-01T00:00:00.000Z' : null),
        submittedBy: accepted?.submittedBy ?? null,
        sha256: accepted?.sha256 ?? entry?.sha ?? null,
        fileName: accepted?.fileName ?? null,
      });
    }
  }
  return {
    scope: { label: '2025-05..06', months: [...MONTHS] } as CompileInput['scope'],
    statuses,
    submissions,
  };
}

const sum = (rows: readonly Row[], key: string) => rows.reduce((t, r) => t + Number(r[key] ?? 0), 0);
const rowsOf = (input: CompileInput, period: string, section: SectionKey) =>
  input.submissions.filter((s) => s.data.period === period).flatMap((s) => s.data.sections[section] ?? []);

async function readParquet(root: string, key: string): Promise<Row[]> {
  const bytes = readFileSync(join(root, key));
  return (await parquetReadObjects({
    file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  })) as Row[];
}

async function duck(root: string, sql: string): Promise<Row[]> {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run(`SET file_search_path = '${root}'`);
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Row[];
}

const latestOf = (root: string) =>
  JSON.parse(readFileSync(join(root, LAKE_LATEST_KEY), 'utf8')) as LakeLatest;
const fileOf = (latest: LakeLatest, period: string, table: string) =>
  latest.periods[period]?.files.find((f) => f.table === table)?.key ?? `missing ${table}`;
const docSql = () =>
  /```sql\n-- tested: victims-by-province\n([\s\S]*?)```/.exec(
    readFileSync(join(REPO, 'docs/querying-the-lake.md'), 'utf8'),
  )?.[1] ?? '';
const victimsOf = (input: CompileInput) =>
  sum(
    input.submissions.flatMap((s) => s.data.sections.cases ?? []),
    'victims_total',
  );

function newLake() {
  const root = mkdtempSync(join(tmpdir(), 'laingan-lake-'));
  return { root, storage: new LocalFsStorage(root) };
}

describe('lake snapshot read back', () => {
  it('keeps every row, sum, status, date, timestamp and Lao string of the input', async () => {
    const { root, storage } = newLake();
    const input = makeInput();
    const result = await writeLakeSnapshot(input, catalogue, storage, {
      now: new Date('2025-07-11T01:00:00Z'),
    });
    expect(result.created).toBe(true);
    const latest = latestOf(root);
    expect(Object.keys(latest.periods)).toEqual([...MONTHS]);
    expect(latest.currentSnapshots).toEqual(result.manifests.map((m) => m.snapshotId));

    for (const period of MONTHS) {
      const facts = {
        activity_progress: ['activities', 'budget_spent_lak'],
        case_statistics: ['cases', 'victims_total'],
        victim_assistance: ['assistance', 'persons_total'],
        awareness_events: ['awareness', 'participants_female'],
      } as const;
      for (const [table, [section, column]] of Object.entries(facts)) {
        const expected = rowsOf(input, period, section);
        if (!expected.length) {
          // Nothing reported: no file, and the manifest says so.
          expect(latest.periods[period]?.files.some((f) => f.table === table)).toBe(false);
          expect(await storage.list(`lake/${table}/period=${period}/`)).toEqual([]);
          const manifest = result.manifests.find((m) => m.period === period);
          expect(manifest?.emptyTables).toContain(table);
          continue;
        }
        const rows = await readParquet(root, fileOf(latest, period, table));
        expect(rows, `${table} ${period}`).toHaveLength(expected.length);
        expect(sum(rows, column), `${table}.${column} ${period}`).toBe(sum(expected, column));
        expect(new Set(rows.map((r) => r.snapshot_id))).toEqual(
          new Set(expected.length ? [latest.periods[period]?.snapshotId] : []),
        );
        expect(latest.periods[period]?.files.find((f) => f.table === table)?.rows).toBe(expected.length);
      }
      const expectedEvents = rowsOf(input, period, 'awareness');
      const events = expectedEvents.length
        ? await readParquet(root, fileOf(latest, period, 'awareness_events'))
        : [];
      expect(sum(events, 'participants_male')).toBe(sum(expectedEvents, 'participants_male'));
      expect(events.map((e) => (e.event_date as Date).toISOString().slice(0, 10)).sort()).toEqual(
        expectedEvents.map((e) => String(e.event_date)).sort(),
      );
      for (const row of events) expect(String(row.topic)).toBe(String(row.topic).normalize('NFC'));

      const submissions = await readParquet(root, fileOf(latest, period, 'submissions'));
      expect(submissions).toHaveLength(catalogue.units.length);
      const expectedStatuses = input.statuses.filter((s) => s.period === period);
      expect(Object.fromEntries(submissions.map((s) => [s.unit_code, s.status]))).toEqual(
        Object.fromEntries(expectedStatuses.map((s) => [s.unitCode, s.status])),
      );
      const mps = submissions.find((s) => s.unit_code === 'MPS');
      expect((mps?.submitted_at as Date | undefined)?.toISOString()).toBe(
        input.submissions.find((s) => s.data.period === period && s.data.unitCode === 'MPS')?.submittedAt,
      );
      expect(Number(mps?.warning_count)).toBe(2);
      expect(mps?.file_name).toBe('MPS ລາຍງານ.xlsx'.normalize('NFC'));
      expect(submissions.find((s) => s.unit_code === 'MOH')?.submitted_at).toBeNull();
    }
    // May: nobody's awareness events, so no file (an unbounded span writes no empty files).
    expect(latest.periods['2025-05']?.files.find((f) => f.table === 'awareness_events')).toBeUndefined();
    expect(result.manifests.find((m) => m.period === '2025-05')?.emptyTables).toEqual(['awareness_events']);

    const june = await readParquet(root, fileOf(latest, '2025-06', 'awareness_events'));
    expect(june.map((e) => e.topic)).toContain(NOT_NFC_TOPIC.normalize('NFC'));
    expect(NOT_NFC_TOPIC.normalize('NFC')).not.toBe(NOT_NFC_TOPIC);
    expect(NOT_NFC_TOPIC.normalize('NFC')).toContain('\u0ecd\u0eb2');

    // DuckDB over exactly the current files: counts, sums and types.
    const caseFiles = MONTHS.map((p) => `'${fileOf(latest, p, 'case_statistics')}'`).join(', ');
    const [totals] = await duck(
      root,
      `SELECT count(*) AS n, sum(victims_total) AS victims FROM read_parquet([${caseFiles}])`,
    );
    expect(Number(totals?.n)).toBe(MONTHS.reduce((t, p) => t + rowsOf(input, p, 'cases').length, 0));
    expect(Number(totals?.victims)).toBe(victimsOf(input));
    // The months that have events (May has none, so no file): what _latest lists is what exists.
    const eventFiles = MONTHS.flatMap((p) => latest.periods[p]?.files ?? [])
      .filter((f) => f.table === 'awareness_events')
      .map((f) => `'${f.key}'`)
      .join(', ');
    const [types] = await duck(
      root,
      `SELECT typeof(any_value(event_date)) AS d, typeof(any_value(participants_female)) AS n, count(*) AS rows
       FROM read_parquet([${eventFiles}])`,
    );
    expect(types).toMatchObject({ d: 'DATE', n: 'BIGINT', rows: String(june.length) });
    const [more] = await duck(
      root,
      `SELECT typeof(percent_complete) AS p, typeof(budget_spent_lak) AS k
       FROM read_parquet('${fileOf(latest, '2025-06', 'activity_progress')}') LIMIT 1`,
    );
    expect(more).toEqual({ p: 'DOUBLE', k: 'BIGINT' });
    const [ts] = await duck(
      root,
      `SELECT typeof(submitted_at) AS t FROM read_parquet('${fileOf(latest, '2025-06', 'submissions')}') LIMIT 1`,
    );
    expect(ts).toEqual({ t: 'TIMESTAMP' });

    // Dimensions: the whole plan and every unit.
    const dims = Object.fromEntries(
      await Promise.all(
        latest.dimensions.map(async (d) => [d.table, await readParquet(root, d.key)] as const),
      ),
    );
    expect(Object.fromEntries(Object.entries(dims).map(([k, v]) => [k, v.length]))).toEqual({
      goals: 9,
      programmes: 6,
      projects: 26,
      activities: 121,
      units: catalogue.units.length,
    });
    expect(dims.units?.map((u) => u.code).sort()).toEqual(catalogue.units.map((u) => u.code).sort());
    expect(dims.units?.find((u) => u.code === 'MPS')?.name_lo).toBe(catalogue.unitByCode.get('MPS')?.name.lo);

    // The documented query and the documented Node command.
    const rows = await duck(root, docSql());
    expect(sum(rows, 'victims')).toBe(victimsOf(input));
    const printed = execFileSync(
      'sh',
      [
        '-c',
        /```sh\n(node --input-type=module[\s\S]*?)\n```\n/
          .exec(readFileSync(join(REPO, 'docs/querying-the-lake.md'), 'utf8'))?.[1]
          ?.replace('out/demo/data', root) ?? 'false',
      ],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(printed).toContain('Ministry of Public Security');
  });

  it('writes nothing for the same input, and a new snapshot beside the old for a new upload', async () => {
    const { root, storage } = newLake();
    const first = await writeLakeSnapshot(makeInput(), catalogue, storage);
    const keys = await storage.list('');
    const pointer = readFileSync(join(root, LAKE_LATEST_KEY), 'utf8');
    const again = await writeLakeSnapshot(makeInput(), catalogue, storage);
    expect(again.created).toBe(false);
    expect(await storage.list('')).toEqual(keys);
    expect(readFileSync(join(root, LAKE_LATEST_KEY), 'utf8')).toBe(pointer);

    const extra = generateSampleData({ unit: unit('MOJ'), period: '2025-06', seed: 7 }, catalogue);
    const input = makeInput(catalogue, [extra]);
    const changed = await writeLakeSnapshot(input, catalogue, storage);
    expect(changed.created).toBe(true);
    const [may, june] = changed.manifests;
    expect(may?.snapshotId).toBe(first.manifests[0]?.snapshotId);
    expect(june?.snapshotId).not.toBe(first.manifests[1]?.snapshotId);
    const after = await storage.list('');
    expect(after).toEqual(expect.arrayContaining(keys));
    const latest = latestOf(root);
    expect(latest.periods['2025-06']?.snapshotId).toBe(june?.snapshotId);
    expect(latest.periods['2025-06']?.partnerFiles?.map((f) => f.key)).toEqual(
      june?.partnerFiles.map((f) => f.key),
    );
    const submissions = await readParquet(root, fileOf(latest, '2025-06', 'submissions'));
    expect(submissions.find((s) => s.unit_code === 'MOJ')?.status).toBe('late');
    expect(sum(await duck(root, docSql()), 'victims')).toBe(victimsOf(input));
  });

  it('keeps the documented query right after the catalogue and the spec change', async () => {
    const { root, storage } = newLake();
    const input = makeInput();
    const first = await writeLakeSnapshot(input, catalogue, storage);

    const renamed = buildCatalogue(catalogue.plan, {
      units: catalogue.units.map((u) =>
        u.code === 'MPS' ? { ...u, name: { ...u.name, en: 'MPS (renamed)' } } : u,
      ),
      provinces: [...catalogue.provinces],
    });
    const second = await writeLakeSnapshot(input, renamed, storage);
    expect(second.created).toBe(true);
    expect(await storage.list('lake/units/')).toHaveLength(2);
    let rows = await duck(root, docSql());
    expect(sum(rows, 'victims')).toBe(victimsOf(input));
    expect(rows.map((r) => r.reported_by)).toContain('MPS (renamed)');
    expect(rows.map((r) => r.reported_by)).not.toContain('Ministry of Public Security');

    // A new count field in the Cases sheet: a new column, and new snapshots for both months.
    const cases = TEMPLATE_SPEC.tables.find((t) => t.section === 'cases') as TableSheetSpec;
    const victimsField = cases.fields.find((f) => f.key === 'victims_total');
    const spec: TemplateSpec = {
      ...TEMPLATE_SPEC,
      tables: TEMPLATE_SPEC.tables.map((t) =>
        t === cases
          ? { ...t, fields: [...t.fields, { ...(victimsField as object), key: 'referrals' } as never] }
          : t,
      ),
    };
    const widened = makeInput(renamed);
    const third = await writeLakeSnapshot(widened, renamed, storage, { spec });
    expect(third.created).toBe(true);
    expect(third.manifests.map((m) => m.snapshotId)).not.toEqual(second.manifests.map((m) => m.snapshotId));
    expect(first.manifests.map((m) => m.snapshotId)).not.toEqual(second.manifests.map((m) => m.snapshotId));
    const latest = latestOf(root);
    const june = await readParquet(root, fileOf(latest, '2025-06', 'case_statistics'));
    expect(Object.keys(june[0] ?? {})).toContain('referrals');
    rows = await duck(root, docSql());
    expect(sum(rows, 'victims')).toBe(victimsOf(widened));
    const widenedCases = lakeTables(spec).find((t) => t.name === 'case_statistics');
    expect(externalTableDdl(widenedCases as never, 'athena', 's3://b/lake')).toContain('`referrals` bigint');
  });

  it('withholds small partner counts, and the cells a shown total would give away', async () => {
    const { root, storage } = newLake();
    const result = await writeLakeSnapshot(makeInput(), catalogue, storage);
    const june = result.manifests[1];
    const cases = await readParquet(
      root,
      june?.partnerFiles.find((f) => f.table === 'case_statistics')?.key ?? '',
    );
    const mps = cases.filter((r) => r.unit_code === 'MPS');
    const byProvince = Object.fromEntries(mps.map((r) => [String(r.province), r]));
    const [a, b, c, d] = [p1, p2, p3, p4] as string[];

    // 3 and 4 withheld, 11 and 12 shown; the total stays (the two withheld add up to 7).
    const ph = byProvince['LA-PH'] as Row;
    expect([ph[a as string], ph[`${a}_suppressed`], ph[b as string], ph[`${b}_suppressed`]]).toEqual([
      null,
      true,
      null,
      true,
    ]);
    expect([ph[c as string], ph[`${c}_suppressed`], ph[d as string], ph.victims_total]).toEqual([
      11n,
      false,
      12n,
      30n,
    ]);
    expect([ph.cases_detected, ph.cases_detected_suppressed]).toEqual([null, true]);
    expect([ph.cases_investigated, ph.cases_investigated_suppressed]).toEqual([0n, false]);
    expect([ph.suspects_male, ph.suspects_male_suppressed]).toEqual([11n, false]);
    // One withheld cell under a shown total of 25: 22 is withheld too, else 3 = 25 - 22.
    const lm = byProvince['LA-LM'] as Row;
    expect([lm[a as string], lm[b as string], lm[`${b}_suppressed`], lm.victims_total]).toEqual([
      null,
      null,
      true,
      25n,
    ]);
    // Two withheld cells adding up to 2 are both 1: the total is withheld.
    const ou = byProvince['LA-OU'] as Row;
    expect([
      ou[a as string],
      ou[b as string],
      ou[c as string],
      ou.victims_total,
      ou.victims_total_suppressed,
    ]).toEqual([null, null, 20n, null, true]);
    // Zero everywhere stays zero, unflagged.
    const bk = byProvince['LA-BK'] as Row;
    expect([bk.victims_total, bk.victims_total_suppressed, bk[a as string]]).toEqual([0n, false, 0n]);

    // Over every partner file: shown counts are 0 or above 10, flags match nulls, and no shown
    // total sits over exactly one withheld part.
    for (const month of result.manifests)
      for (const file of month.partnerFiles) {
        const section = file.table === 'case_statistics' ? 'cases' : 'assistance';
        const table = partnerTable(section);
        const counts = table.columns
          .filter((col) => col.name.endsWith('_suppressed'))
          .map((col) => col.name.slice(0, -11));
        const rows = await readParquet(root, file.key);
        expect(rows).toHaveLength(file.rows);
        for (const row of rows) {
          for (const column of counts) {
            const value = row[column];
            if (value !== null) expect(Number(value) === 0 || Number(value) > 10).toBe(true);
            if (row[`${column}_suppressed`]) expect(value).toBeNull();
          }
          const [total, parts] =
            section === 'cases'
              ? ['victims_total', victimParts]
              : ['persons_total', ['female_child', 'female_adult', 'male_child', 'male_adult']];
          if (row[total] !== null) expect(parts.filter((p) => row[`${p}_suppressed`]).length).not.toBe(1);
        }
      }

    // The function alone, with another threshold.
    const [row] = suppressPartnerRows(
      [{ cases_detected: 3, cases_convicted: 0, suspects_male: 11 }],
      'cases',
      {
        threshold: 2,
      },
    );
    expect(row).toMatchObject({ cases_detected: 3, cases_convicted: 0, suspects_male: 11 });
  });

  it('generates engine DDL from the same table definitions', () => {
    const submissions = lakeTables().find((t) => t.name === 'submissions');
    const athena = externalTableDdl(submissions as never, 'athena', 's3://b/prod/lake');
    expect(athena).toContain('PARTITIONED BY (`period` string)');
    expect(athena).not.toMatch(/`period` string,/);
    // Athena's own placeholder, not a JavaScript one.
    const template = ['s3://b/prod/lake/submissions/period=$', '{period}/'].join('');
    expect(athena).toContain(`'storage.location.template' = '${template}'`);
    expect(athena).toContain('`submitted_at` timestamp');
    const bigquery = externalTableDdl(submissions as never, 'bigquery', 'gs://b/prod/lake/');
    expect(bigquery).toContain('period STRING');
    expect(bigquery).not.toContain('hive_partition');
    expect(bigquery).toContain("uris = ['gs://b/prod/lake/submissions/*']");
    const units = externalTableDdl(
      lakeTables().find((t) => t.name === 'units') as never,
      'athena',
      's3://b/lake',
    );
    expect(units).not.toContain('PARTITIONED');
  });
});
