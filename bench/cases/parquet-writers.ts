/**
 * Parquet writers compared on the lake's widest table (case_statistics, 49 INT64 columns plus
 * strings), 12,000 and 100,000 rows: hyparquet-writer (chosen) against DuckDB's COPY TO.
 * Both files are read back by the other reader to check correctness.
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

for (const count of [12_000, 100_000]) {
  const rows = rowsOf(count);
  await encodeParquet(table, rows.slice(0, 100)); // load the module
  let t = start();
  const bytes = await encodeParquet(table, rows);
  const hyparquetMs = since(t);
  const hyFile = join(dir, `hy-${count}.parquet`);
  writeFileSync(hyFile, bytes);

  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
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

  // Cross-check: DuckDB reads hyparquet-writer's file, hyparquet reads DuckDB's.
  const duckSum = (
    await connection.runAndReadAll(`SELECT sum(victims_total) AS s FROM read_parquet('${hyFile}')`)
  ).getRowObjectsJson()[0]?.s;
  const duckBytes = readFileSync(duckFile);
  const hySum = (
    (await parquetReadObjects({ file: duckBytes.buffer.slice(duckBytes.byteOffset) })) as {
      victims_total: bigint;
    }[]
  ).reduce((s, r) => s + Number(r.victims_total), 0);
  const expected = rows.reduce((s, r) => s + Number(r.victims_total), 0);
  report({
    case: `parquet write, case_statistics x ${count} rows`,
    hyparquetWriterMs: hyparquetMs,
    hyparquetKiB: Math.round(bytes.byteLength / 1024),
    duckdbCopyMs: duckdbMs,
    duckdbKiB: Math.round(statSync(duckFile).size / 1024),
    sumsAgree: Number(duckSum) === expected && hySum === expected,
  });
}
