/**
 * Lake tables -> Parquet bytes: each lake type mapped to its Parquet column (the schema readers
 * see), values converted once per column, and the file written by the lake's own small writer
 * (parquet-file-writer.ts; why not a library: docs/parquet-writer-choice.md).
 */
import type { LakeColumn, LakeTable } from './lake-schema.ts';
import { type ParquetColumn, writeParquetFile } from './parquet-file-writer.ts';

export type LakeValue = string | number | boolean | null;
export type LakeRow = Readonly<Record<string, LakeValue>>;

/** NFC, skipping the normaliser for printable ASCII (codes, hashes, ids: most strings here). */
const ASCII = /^[ -~]*$/;
const nfc = (text: string) => (ASCII.test(text) ? text : text.normalize('NFC'));

const DAY_MS = 86_400_000;

/**
 * A table's values column by column, one array per column name, each `length` long (a column
 * the table has but the arrays lack is all null). What the lake's largest tables are built as:
 * arrays of values the submissions already hold, instead of an object per row.
 */
export interface LakeColumns {
  readonly length: number;
  readonly values: Readonly<Record<string, readonly LakeValue[]>>;
}

/** Rows or columns: what the encoder takes. */
export type LakeTableData = readonly LakeRow[] | LakeColumns;

/**
 * One column's values with the column's conversion: a pass per column, no per-value type
 * dispatch. A string equal to the one before reuses its
 * conversion: the lake's columns run in long runs (the month, a unit's code and hash, the
 * snapshot's time on every row), and NFC checks and date parsing were most of a cold encode.
 * The nulls are counted on the way, so the writer needs no pass of its own for them.
 */
function columnValues<T>(
  name: string,
  data: LakeTableData,
  convert: (value: string | number | boolean) => T,
): { values: readonly (T | null)[]; nullCount: number } {
  const length = data.length;
  const rows = Array.isArray(data) ? (data as readonly LakeRow[]) : undefined;
  const source = rows ? undefined : (data as LakeColumns).values[name];
  // A column's own array is passed on as it is while no value changes (ASCII text, whole
  // numbers, flags: most columns); a copy is made at the first value that does.
  let values: (T | null)[] | undefined = source ? undefined : new Array<T | null>(length);
  let nullCount = 0;
  let previous: LakeValue | undefined = null;
  let converted: T | null = null;
  for (let index = 0; index < length; index++) {
    const value = rows ? (rows[index] as LakeRow)[name] : source?.[index];
    // Strings only: for numbers === would take -0 for 0, and converting them costs nothing.
    if (value !== previous || typeof value !== 'string') {
      previous = value;
      converted = value === null || value === undefined ? null : convert(value);
    }
    if (values) values[index] = converted;
    else if ((converted as unknown) !== value) {
      values = (source as readonly (T | null)[]).slice(0, index);
      values.length = length;
      values[index] = converted;
    }
    if (converted === null) nullCount++;
  }
  return { values: values ?? (source as readonly (T | null)[]), nullCount };
}

/**
 * A lake column as a Parquet column: every column OPTIONAL; STRING is BYTE_ARRAY + UTF8 (NFC),
 * INT64 rounds to a whole number, DATE is INT32 + DATE (days since 1970-01-01), TIMESTAMP is
 * INT64 + TIMESTAMP_MILLIS. These are the schema elements the lake has always had: readers
 * (DuckDB: VARCHAR, BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP) see the same types.
 */
function parquetColumn(column: LakeColumn, data: LakeTableData): ParquetColumn {
  const { name } = column;
  switch (column.type) {
    case 'STRING':
      return {
        name,
        type: 'BYTE_ARRAY',
        convertedType: 'UTF8',
        ...columnValues(name, data, (v) => nfc(String(v))),
      };
    case 'INT64':
      return { name, type: 'INT64', ...columnValues(name, data, (v) => Math.round(Number(v))) };
    case 'DOUBLE':
      return { name, type: 'DOUBLE', ...columnValues(name, data, Number) };
    case 'BOOLEAN':
      return { name, type: 'BOOLEAN', ...columnValues(name, data, Boolean) };
    case 'DATE':
      return {
        name,
        type: 'INT32',
        convertedType: 'DATE',
        ...columnValues(name, data, (v) => Math.floor(Date.parse(`${v}T00:00:00Z`) / DAY_MS)),
      };
    case 'TIMESTAMP':
      return {
        name,
        type: 'INT64',
        convertedType: 'TIMESTAMP_MILLIS',
        ...columnValues(name, data, (v) => Date.parse(String(v))),
      };
  }
}

/** Encodes a table's rows or columns as Parquet bytes, synchronously. */
export type ParquetEncoder = (table: LakeTable, data: LakeTableData) => Uint8Array;

/**
 * Encodes a table's rows or columns as one Parquet file (one row group, nullable columns,
 * statistics, `created_by: laingan`). A value a column cannot hold (a count that is not a
 * number, a date that does not parse) throws a RangeError naming the column.
 */
export const encodeParquetSync: ParquetEncoder = (table, data) =>
  writeParquetFile(
    table.columns.map((column) => parquetColumn(column, data)),
    data.length,
    'laingan',
  );

/**
 * The Parquet encoder. Synchronous, so a caller can turn rows into bytes and drop the rows
 * before any file write awaits (see the lake writer). Async only for the callers written when
 * the encoder was a library loaded on first use.
 */
export async function loadParquetEncoder(): Promise<ParquetEncoder> {
  return encodeParquetSync;
}

/** Encodes rows of a table as a Parquet file. */
export async function encodeParquet(table: LakeTable, rows: readonly LakeRow[]): Promise<Uint8Array> {
  return encodeParquetSync(table, rows);
}
