/**
 * Parquet writers compared on the lake's widest table (case_statistics, 49 INT64 columns plus
 * strings): the lake's own writer (shared/lake/parquet-file-writer.ts, chosen), hyparquet-writer
 * (the lake's writer before it) and DuckDB's COPY TO.
 *
 * First, the first call of each JS writer in this process on a month-sized table (1,100 rows):
 * what a cold compile pays, mostly warming the writer's code (hyparquet-writer's import is
 * timed apart). Then 12,000 and 100,000 rows, after a warm-up call. Every file is read back by
 * a reader other than its writer (DuckDB and hyparquet) to check the sums.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { factTable } from '../../shared/lake/lake-schema.ts';
import { encodeParquet, type LakeRow } from '../../shared/lake/parquet-encode.ts';
import { report, round } from '../bench-support.ts';

const table = factTable('cases');
const dir = mkdtempSync(join(tmpdir(), 'laingan-pq-'));

function rowsOf(count: number): LakeRow[] {
  return Array.from({ length: count }, (_, i) =>
    Object.fromEntries(
      table.columns.map((c) => [
        c.name,
        c.type === 'INT64' ? (i * 7 + c.name.length) % 13 : c.name === 'period' ? '2025-06' : `LA-${i % 18}`,
      ]),
    ),
  );
}

const start = () => process.hrtime.bigint();
const since = (t: bigint) => round(Number(process.hrtime.bigint() - t) / 1e6);

const monthRows = rowsOf(1_100);
let t = start();
await encodeParquet(table, monthRows);
const lainganFirstMs = since(t);
t = start();
// The reference lives with the tests that compare against it; imported here, after the timing
// of our first call, so hyparquet-writer's load is timed on its own.
const { encodeWithHyparquetWriter } = await import('../../test/lake/hyparquet-writer-reference.ts');
const hyparquetImportMs = since(t);
t = start();
encodeWithHyparquetWriter(table, monthRows);
report({
  case: 'parquet write, first call in a process, case_statistics x 1100 rows',
  lainganMs: lainganFirstMs,
  hyparquetWriterImportMs: hyparquetImportMs,
  hyparquetWriterMs: since(t),
});

const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const duckSum = async (file: string) =>
  Number(
    (
      await connection.runAndReadAll(`SELECT sum(victims_total) AS s FROM read_parquet('${file}')`)
    ).getRowObjectsJson()[0]?.s,
  );
const hyparquetSum = async (bytes: Uint8Array) =>
  (
    (await parquetReadObjects({
      file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    })) as { victims_total: bigint }[]
  ).reduce((s, r) => s + Number(r.victims_total), 0);

for (const count of [12_000, 100_000]) {
  const rows = rowsOf(count);
  await encodeParquet(table, rows.slice(0, 100));
  t = start();
  const ours = await encodeParquet(table, rows);
  const lainganMs = since(t);
  const oursFile = join(dir, `laingan-${count}.parquet`);
  writeFileSync(oursFile, ours);

  encodeWithHyparquetWriter(table, rows.slice(0, 100));
  t = start();
  const hyparquet = encodeWithHyparquetWriter(table, rows);
  const hyparquetMs = since(t);
  const hyFile = join(dir, `hy-${count}.parquet`);
  writeFileSync(hyFile, hyparquet);

  const jsonFile = join(dir, `rows-${count}.json`);
  writeFileSync(jsonFile, JSON.stringify(rows));
  const duckFile = join(dir, `duck-${count}.parquet`);
  const casts = table.columns
    .map((c) => `${c.type === 'INT64' ? `CAST(${c.name} AS BIGINT)` : c.name} AS ${c.name}`)
    .join(', ');
  t = start();
  await connection.run(
    `COPY (SELECT ${casts} FROM read_json_auto('${jsonFile}')) TO '${duckFile}' (FORMAT parquet)`,
  );
  const duckdbMs = since(t);

  // Cross-check: each file read by readers other than its writer.
  const expected = rows.reduce((s, r) => s + Number(r.victims_total), 0);
  const sums = [
    await duckSum(oursFile),
    await hyparquetSum(ours),
    await duckSum(hyFile),
    await hyparquetSum(readFileSync(duckFile)),
  ];
  report({
    case: `parquet write, case_statistics x ${count} rows`,
    lainganMs,
    lainganKiB: Math.round(ours.byteLength / 1024),
    hyparquetWriterMs: hyparquetMs,
    hyparquetKiB: Math.round(hyparquet.byteLength / 1024),
    duckdbCopyMs: duckdbMs,
    duckdbKiB: Math.round(statSync(duckFile).size / 1024),
    sumsAgree: sums.every((sum) => sum === expected),
  });
}
