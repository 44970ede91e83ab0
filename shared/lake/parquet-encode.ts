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

function columnValues(column: LakeColumn, rows: readonly LakeRow[]): unknown[] {
  return rows.map((row) => {
    const value = row[column.name] ?? null;
    if (value === null) return null;
    switch (column.type) {
      case 'INT64':
        return BigInt(Math.round(Number(value)));
      case 'DOUBLE':
        return Number(value);
      case 'BOOLEAN':
        return Boolean(value);
      case 'DATE':
      case 'TIMESTAMP':
        return new Date(column.type === 'DATE' ? `${value}T00:00:00Z` : String(value));
      default:
        return String(value).normalize('NFC');
    }
  });
}

/** Encodes rows of a table as a Parquet file (SNAPPY, explicit schema, nullable columns). */
export async function encodeParquet(table: LakeTable, rows: readonly LakeRow[]): Promise<Uint8Array> {
  writer ??= import('hyparquet-writer');
  const { parquetWriteBuffer } = await writer;
  const buffer = parquetWriteBuffer({
    columnData: table.columns.map((column) => ({
      name: column.name,
      data: columnValues(column, rows) as never,
    })),
    schema: [
      { name: 'root', num_children: table.columns.length },
      ...table.columns.map(schemaElement),
    ] as never,
    createdBy: 'laingan',
  });
  return new Uint8Array(buffer);
}
