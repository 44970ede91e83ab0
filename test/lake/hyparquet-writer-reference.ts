/**
 * The lake's previous Parquet encoder, hyparquet-writer with the schema elements the lake
 * declares: the reference the lake's own writer is compared with, for the column types readers
 * see (test/lake/parquet-writer-readers.test.ts) and for speed (bench/cases/parquet-writers.ts).
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { LakeColumn, LakeTable, LakeType } from '../../shared/lake/lake-schema.ts';
import type { LakeRow, LakeValue } from '../../shared/lake/parquet-encode.ts';

const PHYSICAL: Record<LakeType, object> = {
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8' },
  INT64: { type: 'INT64' },
  DOUBLE: { type: 'DOUBLE' },
  BOOLEAN: { type: 'BOOLEAN' },
  DATE: { type: 'INT32', converted_type: 'DATE' },
  TIMESTAMP: { type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' },
};

function convert(type: LakeType, value: LakeValue): unknown {
  if (value === null) return null;
  if (type === 'INT64') return BigInt(Math.round(Number(value)));
  if (type === 'DATE') return new Date(`${value}T00:00:00Z`);
  if (type === 'TIMESTAMP') return new Date(String(value));
  if (type === 'STRING') return String(value).normalize('NFC');
  return value;
}

/** Encodes rows as the lake did with hyparquet-writer: one row group, SNAPPY, OPTIONAL columns. */
export function encodeWithHyparquetWriter(table: LakeTable, rows: readonly LakeRow[]): Uint8Array {
  const element = (column: LakeColumn) => ({
    name: column.name,
    repetition_type: 'OPTIONAL',
    ...PHYSICAL[column.type],
  });
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: table.columns.map((column) => ({
        name: column.name,
        data: rows.map((row) => convert(column.type, row[column.name] ?? null)) as never,
      })),
      schema: [{ name: 'root', num_children: table.columns.length }, ...table.columns.map(element)] as never,
      createdBy: 'laingan',
      rowGroupSize: Math.max(1, rows.length),
    }),
  );
}
