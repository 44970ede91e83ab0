/**
 * Rows -> Parquet bytes with hyparquet-writer (chosen by measurement: docs/parquet-writer-choice.md).
 * Imported lazily so that functions which never write the lake never load it.
 */
import type { LakeColumn, LakeTable } from './lake-schema.ts';

export type LakeValue = string | number | boolean | null;
export type LakeRow = Readonly<Record<string, LakeValue>>;

type Writer = typeof import('hyparquet-writer');
let writer: Promise<Writer> | undefined;

function schemaElement(column: LakeColumn) {
  const base = { name: column.name, repetition_type: 'OPTIONAL' as const };
  switch (column.type) {
    case 'STRING':
      return { ...base, type: 'BYTE_ARRAY' as const, converted_type: 'UTF8' as const };
    case 'INT64':
      return { ...base, type: 'INT64' as const };
    case 'DOUBLE':
      return { ...base, type: 'DOUBLE' as const };
    case 'BOOLEAN':
      return { ...base, type: 'BOOLEAN' as const };
    // hyparquet-writer has no DATE basic type: an explicit INT32 + DATE schema element.
    case 'DATE':
      return { ...base, type: 'INT32' as const, converted_type: 'DATE' as const };
    case 'TIMESTAMP':
      return { ...base, type: 'INT64' as const, converted_type: 'TIMESTAMP_MILLIS' as const };
  }
}

/** Starts loading the Parquet writer (a compile calls this first, so the import overlaps its reads). */
export function preloadParquetWriter(): void {
  writer ??= import('hyparquet-writer');
  writer.catch(() => undefined);
}

type Convert = (value: string | number | boolean) => unknown;

/** NFC, skipping the normaliser for printable ASCII (codes, hashes, ids: most strings here). */
const ASCII = /^[ -~]*$/;
const nfc = (text: string) => (ASCII.test(text) ? text : text.normalize('NFC'));

/** The conversion of a lake type to what hyparquet-writer takes, chosen once per column. */
function converterOf(type: LakeColumn['type']): Convert {
  switch (type) {
    case 'INT64':
      return (value) => BigInt(Math.round(Number(value)));
    case 'DOUBLE':
      return (value) => Number(value);
    case 'BOOLEAN':
      return (value) => Boolean(value);
    case 'DATE':
      return (value) => new Date(`${value}T00:00:00Z`);
    case 'TIMESTAMP':
      return (value) => new Date(String(value));
    default:
      return (value) => nfc(String(value));
  }
}

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
 * One column's values, filled into a preallocated array with the column's converter: a pass
 * per column, no per-value type dispatch.
 */
function columnValues(column: LakeColumn, data: LakeTableData): unknown[] {
  const convert = converterOf(column.type);
  const name = column.name;
  const length = data.length;
  const values = new Array<unknown>(length);
  const source = Array.isArray(data) ? undefined : (data as LakeColumns).values[name];
  const rows = Array.isArray(data) ? (data as readonly LakeRow[]) : undefined;
  for (let index = 0; index < length; index++) {
    const value = rows ? (rows[index] as LakeRow)[name] : source?.[index];
    values[index] = value === null || value === undefined ? null : convert(value);
  }
  return values;
}

/** Encodes a table's rows or columns as Parquet bytes, synchronously (the writer is loaded). */
export type ParquetEncoder = (table: LakeTable, data: LakeTableData) => Uint8Array;

/**
 * The Parquet encoder, once its library has loaded. Synchronous from then on, so a caller can
 * turn rows into bytes and drop the rows before any file write awaits (see the lake writer).
 */
export async function loadParquetEncoder(): Promise<ParquetEncoder> {
  writer ??= import('hyparquet-writer');
  const { parquetWriteBuffer } = await writer;
  return (table, data) =>
    new Uint8Array(
      parquetWriteBuffer({
        columnData: table.columns.map((column) => ({
          name: column.name,
          data: columnValues(column, data) as never,
        })),
        schema: [
          { name: 'root', num_children: table.columns.length },
          ...table.columns.map(schemaElement),
        ] as never,
        createdBy: 'laingan',
        // One row group per file. The writer's default starts a second group after 1,000 rows,
        // so a month's activity table (about 1,100 rows) paid for every column's pages,
        // dictionary, statistics and metadata twice; a lake file holds one month, small enough.
        rowGroupSize: Math.max(1, data.length),
      }),
    );
}

/** Encodes rows of a table as a Parquet file (SNAPPY, explicit schema, nullable columns). */
export async function encodeParquet(table: LakeTable, rows: readonly LakeRow[]): Promise<Uint8Array> {
  return (await loadParquetEncoder())(table, rows);
}
