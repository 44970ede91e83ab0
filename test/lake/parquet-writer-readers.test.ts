/**
 * The lake's own Parquet writer against two independent readers (hyparquet and DuckDB): tables
 * of every column type with nulls everywhere, all-null columns, Lao and empty text, negatives,
 * large counts, dates before 1970, 0, 1 and 3,000 rows, each read back equal to the input, with
 * statistics that match it, and the column types DuckDB gives hyparquet-writer's file of the
 * same table (the writer the lake used before).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LakeColumn, LakeTable, LakeType } from '../../shared/lake/lake-schema.ts';
import {
  encodeParquet,
  type LakeColumns,
  type LakeRow,
  type LakeValue,
  loadParquetEncoder,
} from '../../shared/lake/parquet-encode.ts';
import { seededRandom } from '../support/seeded-random.ts';
import { encodeWithHyparquetWriter } from './hyparquet-writer-reference.ts';

const TYPES: readonly LakeType[] = ['STRING', 'INT64', 'DOUBLE', 'BOOLEAN', 'DATE', 'TIMESTAMP'];

/**
 * Per type: a column with some nulls and many distinct values (written PLAIN), one with few
 * distinct values (dictionary-encoded where the type allows) and one with nothing but nulls.
 */
const TABLE: LakeTable = {
  name: 'every_type',
  columns: TYPES.flatMap((type): LakeColumn[] => [
    { name: `${type.toLowerCase()}_many`, type },
    { name: `${type.toLowerCase()}_few`, type },
    { name: `${type.toLowerCase()}_null`, type },
  ]),
};

// Not in NFC (a tone mark typed before the vowel below it, a decomposed é): must come back NFC,
// as the lake stores text.
const LAO = ['ສະຫວັນນະເຂດ', 'ຫຼວງພະບາງ', 'ກົມຕຳຫຼວດ', 'ກ\u0ec8\u0eb8 Cafe\u0301', 'ໝາກມ່ວງ'];
const LONG = `${'ການຄ້າມະນຸດ '.repeat(12)}end`; // longer than a kept string statistic

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function sampleValue(type: LakeType, kind: 'many' | 'few', index: number, next: () => number): LakeValue {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T;
  if (kind === 'few') {
    const few: Record<LakeType, readonly LakeValue[]> = {
      STRING: ['2025-06', 'on_time', '', LAO[3] as string],
      INT64: [0, -1, 2 ** 53 - 1],
      DOUBLE: [0.5, -2.25, 0],
      BOOLEAN: [true],
      DATE: ['1969-12-31', '2025-06-30'],
      TIMESTAMP: ['2025-07-05T03:00:00.000Z'],
    };
    return pick(few[type]);
  }
  switch (type) {
    case 'STRING':
      return pick([`U-${index}`, `${pick(LAO)} ${index}`, '', LONG, `${index}`]);
    case 'INT64':
      return pick([index, -index * 7919, Math.floor(next() * 2 ** 53), -(2 ** 62), 2 ** 62, 0]);
    case 'DOUBLE':
      return pick([index / 3, -index * 1.5, next() * 1e12, 0, -0, -1e-9, 100]);
    case 'BOOLEAN':
      return next() < 0.5;
    case 'DATE':
      return isoDay(Date.UTC(1950, 0, 1) + Math.floor(next() * 60_000) * 86_400_000);
    case 'TIMESTAMP':
      return `${1960 + Math.floor(next() * 80)}-${pad(1 + Math.floor(next() * 12))}-0${1 + Math.floor(next() * 9)}T${pad(Math.floor(next() * 24))}:07:${pad(Math.floor(next() * 60))}.${String(index % 1000).padStart(3, '0')}Z`;
  }
}

/** `count` rows: a null in about one value in seven of every column, all-null columns null. */
function tableRows(count: number, seed: number): LakeRow[] {
  const next = seededRandom(seed);
  return Array.from({ length: count }, (_, index) =>
    Object.fromEntries(
      TABLE.columns.map((column) => {
        const kind = column.name.slice(column.name.lastIndexOf('_') + 1);
        if (kind === 'null' || (count > 1 && next() < 1 / 7)) return [column.name, null];
        return [column.name, sampleValue(column.type, kind as 'many' | 'few', index, next)];
      }),
    ),
  );
}

/** What a reader should give back for an input value, in a shape both readers can be mapped to. */
function expected(type: LakeType, value: LakeValue): unknown {
  if (value === null) return null;
  switch (type) {
    case 'STRING':
      return String(value).normalize('NFC');
    case 'INT64':
      return BigInt(value as number);
    case 'DOUBLE':
    case 'BOOLEAN':
      return value;
    case 'DATE':
      return value;
    case 'TIMESTAMP':
      return Date.parse(String(value));
  }
}

/** hyparquet's value mapped to `expected`'s shape (dates and timestamps come back as Date). */
function fromHyparquet(type: LakeType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'DATE') return (value as Date).toISOString().slice(0, 10);
  if (type === 'TIMESTAMP') return (value as Date).getTime();
  return value;
}

/** A DuckDB select list that returns each column in `expected`'s shape. */
function duckdbSelect(columns: readonly LakeColumn[]): string {
  return columns
    .map(({ name, type }) =>
      type === 'DATE'
        ? `strftime(${name}, '%Y-%m-%d') AS ${name}`
        : type === 'TIMESTAMP'
          ? `CAST(epoch_ms(${name}) AS DOUBLE) AS ${name}`
          : name,
    )
    .join(', ');
}

const asArrayBuffer = (bytes: Uint8Array) =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

const dir = mkdtempSync(join(tmpdir(), 'laingan-pq-readers-'));
let duck: Awaited<ReturnType<DuckDBInstance['connect']>>;
const query = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjects();

beforeAll(async () => {
  duck = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => duck?.closeSync());

describe.each([
  { count: 0, seed: 1 },
  { count: 1, seed: 2 },
  { count: 3000, seed: 3 },
])('the lake Parquet writer, $count rows', ({ count, seed }) => {
  const rows = tableRows(count, seed);
  const file = join(dir, `ours-${count}.parquet`);
  let bytes: Uint8Array;

  beforeAll(async () => {
    bytes = await encodeParquet(TABLE, rows);
    writeFileSync(file, bytes);
  });

  it('covers what it claims: nulls in every column, all-null columns, both encodings', () => {
    if (count < 3000) return;
    for (const column of TABLE.columns) expect(rows.some((r) => r[column.name] === null)).toBe(true);
    for (const column of TABLE.columns.filter((c) => !c.name.endsWith('_null')))
      expect(
        rows.some((r) => r[column.name] !== null),
        column.name,
      ).toBe(true);
    const encodings = parquetMetadata(asArrayBuffer(bytes)).row_groups[0]?.columns.map((c) =>
      c.meta_data?.encodings.includes('RLE_DICTIONARY'),
    );
    expect(encodings).toContain(true);
    expect(encodings).toContain(false);
  });

  it('gives the same bytes from columns as from rows', async () => {
    const encode = await loadParquetEncoder();
    const columns: LakeColumns = {
      length: rows.length,
      values: Object.fromEntries(TABLE.columns.map((c) => [c.name, rows.map((r) => r[c.name] ?? null)])),
    };
    expect(Buffer.compare(encode(TABLE, columns), bytes)).toBe(0);
  });

  it('reads back equal to the input in hyparquet', async () => {
    const back = await parquetReadObjects({ file: asArrayBuffer(bytes) });
    expect(back).toHaveLength(count);
    for (const column of TABLE.columns)
      expect(
        back.map((row) => fromHyparquet(column.type, row[column.name])),
        column.name,
      ).toEqual(rows.map((row) => expected(column.type, row[column.name] ?? null)));
  });

  it('reads back equal to the input in DuckDB', async () => {
    const back = await query(`SELECT ${duckdbSelect(TABLE.columns)} FROM read_parquet('${file}')`);
    expect(back).toHaveLength(count);
    for (const column of TABLE.columns)
      expect(
        back.map((row) => row[column.name] ?? null),
        column.name,
      ).toEqual(rows.map((row) => expected(column.type, row[column.name] ?? null)));
  });

  it('keeps statistics that bound the values (null counts; min/max where kept)', async () => {
    const stats = await query(
      `SELECT path_in_schema AS name, stats_null_count AS nulls, stats_min_value AS min, stats_max_value AS max
       FROM parquet_metadata('${file}')`,
    );
    for (const column of TABLE.columns) {
      const values = rows.map((r) => r[column.name] ?? null);
      const present = values.filter((v) => v !== null);
      const stat = stats.find((s) => s.name === column.name);
      expect(stat?.nulls, column.name).toBe(BigInt(values.length - present.length));
      if (present.length === 0) {
        expect(stat?.min, column.name).toBeNull();
        continue;
      }
      if (stat?.min === null) {
        // Only long strings lose their bounds.
        expect(column.type, column.name).toBe('STRING');
        expect(present).toContain(LONG);
        continue;
      }
      // DuckDB skips a row group whose bounds exclude a constant it filters on: bounds that were
      // too narrow would lose the rows equal to the column's true minimum or maximum.
      const sorted = present.map((v) => expected(column.type, v)).sort(compare);
      const [bounds] = await query(
        `SELECT CAST(min(${column.name}) AS VARCHAR) AS min, CAST(max(${column.name}) AS VARCHAR) AS max,
           typeof(min(${column.name})) AS type FROM read_parquet('${file}')`,
      );
      for (const [bound, value] of [
        [bounds?.min, sorted[0]],
        [bounds?.max, sorted.at(-1)],
      ]) {
        const literal = `CAST('${String(bound).replaceAll("'", "''")}' AS ${String(bounds?.type)})`;
        const [found] = await query(
          `SELECT count(*) AS n FROM read_parquet('${file}') WHERE ${column.name} = ${literal}`,
        );
        const matching = present.filter((v) => expected(column.type, v) === value).length;
        expect(found?.n, `${column.name} = ${String(bound)}`).toBe(BigInt(matching));
      }
    }
    // The bounds themselves, decoded by hyparquet, against the input's extremes.
    const metadata = parquetMetadata(asArrayBuffer(bytes));
    for (const chunk of metadata.row_groups[0]?.columns ?? []) {
      const name = chunk.meta_data?.path_in_schema[0] as string;
      const type = TABLE.columns.find((c) => c.name === name)?.type as LakeType;
      const statistics = chunk.meta_data?.statistics;
      if (statistics?.min_value === undefined) continue;
      const present = rows.map((r) => expected(type, r[name] ?? null)).filter((v) => v !== null);
      const sorted = type === 'STRING' ? present.sort(compareUtf8) : present.sort(compare);
      // Zero bounds of doubles are -0 and +0 by the spec, whatever the zeros in the column.
      const zeroAsZero = (value: unknown) => (typeof value === 'number' ? value + 0 : value);
      expect(
        [fromHyparquet(type, statistics.min_value), fromHyparquet(type, statistics.max_value)].map(
          zeroAsZero,
        ),
        name,
      ).toEqual([sorted[0], sorted.at(-1)].map(zeroAsZero));
    }
  });

  it('gives DuckDB the column types of hyparquet-writer’s file of the same table', async () => {
    const reference = join(dir, `hyparquet-writer-${count}.parquet`);
    writeFileSync(reference, encodeWithHyparquetWriter(TABLE, rows));
    const describe = async (path: string) =>
      (await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).map(
        (c) => `${c.column_name} ${c.column_type}`,
      );
    const types = await describe(file);
    expect(types).toEqual(await describe(reference));
    expect(types).toContain('timestamp_many TIMESTAMP');
    expect(types).toContain('date_few DATE');
    expect(types).toContain('int64_null BIGINT');
    const created = parquetMetadata(asArrayBuffer(bytes)).created_by;
    expect(created).toBe('laingan');
  });
});

describe('the lake Parquet writer, edge values', () => {
  it('keeps -0 apart from 0 in a column of few distinct doubles', async () => {
    const table: LakeTable = { name: 't', columns: [{ name: 'x', type: 'DOUBLE' }] };
    const values = Array.from({ length: 40 }, (_, i) => [0, -0, 1.5, null][i % 4] as LakeValue);
    const bytes = await encodeParquet(
      table,
      values.map((x) => ({ x })),
    );
    const back = await parquetReadObjects({ file: asArrayBuffer(bytes) });
    expect(back.map((row) => row.x)).toEqual(values);
  });

  it('names columns in any script, after a larger file, and leaves the given columns as they were', async () => {
    const encode = await loadParquetEncoder();
    // A larger file first: the writer reuses its buffers from file to file.
    encode(TABLE, tableRows(3000, 4));
    const table: LakeTable = {
      name: 't',
      columns: [
        { name: 'ແຂວງ', type: 'STRING' },
        { name: 'café_count', type: 'INT64' },
        { name: 'plain', type: 'STRING' },
      ],
    };
    const text = ['ກ\u0ec8\u0eb8', null, 'ຫຼວງພະບາງ', 'ກ\u0ec8\u0eb8'];
    const counts = [1, 2.6, null, 4];
    const plain = ['a', 'a', null, 'b'];
    const columns: LakeColumns = { length: 4, values: { ແຂວງ: text, café_count: counts, plain } };
    const back = await parquetReadObjects({ file: asArrayBuffer(encode(table, columns)) });
    expect(back).toEqual([
      { ແຂວງ: 'ກ\u0eb8\u0ec8', café_count: 1n, plain: 'a' },
      { ແຂວງ: null, café_count: 3n, plain: 'a' },
      { ແຂວງ: 'ຫຼວງພະບາງ', café_count: null, plain: null },
      { ແຂວງ: 'ກ\u0eb8\u0ec8', café_count: 4n, plain: 'b' },
    ]);
    // Converted values went to a copy: the caller's arrays still hold what they held.
    expect(text).toEqual(['ກ\u0ec8\u0eb8', null, 'ຫຼວງພະບາງ', 'ກ\u0ec8\u0eb8']);
    expect(counts).toEqual([1, 2.6, null, 4]);
  });

  it.each([
    ['INT64', 'twelve'],
    ['INT64', 2 ** 64],
    ['DATE', 'not a date'],
    ['TIMESTAMP', 'yesterday'],
  ] as const)('refuses a %s of %s with an error naming the column', async (type, value) => {
    const table: LakeTable = { name: 't', columns: [{ name: 'bad_column', type }] };
    await expect(encodeParquet(table, [{ bad_column: value }])).rejects.toThrow(/bad_column/);
  });
});

/** Ascending order of numbers, bigints and strings (as JS compares them). */
function compare(a: unknown, b: unknown): number {
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

/** Ascending order of strings as UTF-8 bytes, Parquet's order for UTF8 bounds. */
function compareUtf8(a: unknown, b: unknown): number {
  return Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)));
}
