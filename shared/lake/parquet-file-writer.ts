/**
 * A Parquet file writer for flat tables of nullable columns, and nothing else: one row group,
 * one v1 data page per column (after a dictionary page where values repeat), definition levels
 * in the RLE/bit-packed hybrid, no compression, column statistics in the footer. Written by
 * hand, synchronously, because a general-purpose library (page splitting, codecs, nested
 * schemas, heuristics) cost a first compile more in warming its code than the lake's small
 * files are worth (docs/parquet-writer-choice.md).
 * Format: https://github.com/apache/parquet-format (parquet.thrift, Encodings.md).
 */
import { ByteWriter, CompactType, utf8 } from './thrift-compact.ts';

/** Physical types, numbered as in parquet.thrift's `Type`. */
const PHYSICAL_TYPE_IDS = { BOOLEAN: 0, INT32: 1, INT64: 2, DOUBLE: 5, BYTE_ARRAY: 6 } as const;
/** Converted types, numbered as in parquet.thrift's `ConvertedType`. */
const CONVERTED_TYPE_IDS = { UTF8: 0, DATE: 6, TIMESTAMP_MILLIS: 9 } as const;
const OPTIONAL = 1;
const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;
const ENCODING_RLE_DICTIONARY = 8;
const CODEC_UNCOMPRESSED = 0;
const PAGE_TYPE_DATA = 0;
const PAGE_TYPE_DICTIONARY = 2;
/** Past this many distinct values a column is written PLAIN (index bit width at most 16). */
const MAX_DICTIONARY_SIZE = 65_536;
const MAGIC = utf8('PAR1');
/**
 * Longest string kept as a min/max statistic. Longer bounds (free-text notes) would fatten the
 * footer for no pruning anyone does; the spec lets a writer leave them out.
 */
const MAX_STRING_STATISTIC_BYTES = 64;
const INT64_LIMIT = 2 ** 63;
const INT32_LIMIT = 2 ** 31;

/** A Parquet physical type the writer supports. */
export type PhysicalType = keyof typeof PHYSICAL_TYPE_IDS;
/** A converted (legacy logical) type the writer supports. */
export type ConvertedType = keyof typeof CONVERTED_TYPE_IDS;

/**
 * One OPTIONAL column, its values in row order (null for no value): whole numbers for INT32
 * and INT64, any number for DOUBLE, booleans, and strings already in the form to store.
 */
export type ParquetColumn = {
  readonly name: string;
  readonly convertedType?: ConvertedType;
  /** How many values are null, when the caller counted them (else the writer counts). */
  readonly nullCount?: number;
} & (
  | { readonly type: 'BOOLEAN'; readonly values: readonly (boolean | null)[] }
  | { readonly type: 'INT32' | 'INT64' | 'DOUBLE'; readonly values: readonly (number | null)[] }
  | { readonly type: 'BYTE_ARRAY'; readonly values: readonly (string | null)[] }
);

/** A column's PLAIN-encoded bounds, absent when there is no value to bound. */
interface Bounds {
  readonly min?: Uint8Array;
  readonly max?: Uint8Array;
}

/** A column's footer statistics. */
interface ColumnStatistics extends Bounds {
  readonly nullCount: number;
}

/** Where a column chunk landed in the file, for the footer. */
interface WrittenChunk {
  readonly column: ParquetColumn;
  readonly offset: number;
  /** Where the data page starts: after the dictionary page, if there is one. */
  readonly dataOffset: number;
  readonly dictionary: boolean;
  readonly size: number;
  readonly statistics: ColumnStatistics;
}

/**
 * The file and page buffers, reused from file to file (the writer is synchronous, so one file
 * is written at a time): a compile writes about fifty files, and two fresh buffers sized for
 * each (up to 200 KB for a month's activities) were garbage right after. They keep the size
 * of the largest file written, a few hundred KB at most; the file's bytes are copied out.
 */
const fileScratch = new ByteWriter(64 * 1024);
const pageScratch = new ByteWriter(16 * 1024);

/**
 * Encodes columns of equal length as a Parquet file: "PAR1", one column chunk per column, the
 * footer (FileMetaData), its length, "PAR1".
 */
export function writeParquetFile(
  columns: readonly ParquetColumn[],
  rowCount: number,
  createdBy: string,
): Uint8Array {
  const out = fileScratch.restart();
  const page = pageScratch.restart();
  out.append(MAGIC);
  const chunks: WrittenChunk[] = [];
  for (const column of columns) {
    if (column.values.length !== rowCount)
      throw new RangeError(
        `parquet column ${column.name}: ${column.values.length} values for ${rowCount} rows`,
      );
    chunks.push(writeColumnChunk(out, page, column));
  }
  const footerStart = out.offset;
  writeFileMetaData(out, chunks, rowCount, createdBy);
  out.u32(out.offset - footerStart);
  out.append(MAGIC);
  return out.bytes.slice(0, out.offset);
}

/**
 * One column chunk: a dictionary page and a data page of indices when values repeat enough
 * for the dictionary to pay (period, unit, hash, status: most of the lake's text and many
 * counts), else one data page of PLAIN values. `page` is scratch space for a page's body,
 * whose size the page header must state before it.
 */
function writeColumnChunk(out: ByteWriter, page: ByteWriter, column: ParquetColumn): WrittenChunk {
  const { values } = column;
  let nullCount = column.nullCount ?? 0;
  if (column.nullCount === undefined) for (const value of values) if (value === null) nullCount++;
  const offset = out.offset;
  // Booleans are a bit each already.
  const dictionary =
    column.type === 'BOOLEAN' ? undefined : buildDictionary(values, values.length - nullCount);
  // A dictionary holds every distinct value, so its bounds are the column's.
  let bounds: Bounds = {};
  if (dictionary) {
    page.offset = 0;
    bounds = writePlain(page, {
      name: column.name,
      type: column.type,
      values: dictionary.entries,
    } as ParquetColumn);
    writePageHeader(out, page.offset, PAGE_TYPE_DICTIONARY, dictionary.entries.length, ENCODING_PLAIN);
    out.append(page.written());
  }
  const dataOffset = out.offset;
  page.offset = 0;
  writeDefinitionLevels(page, values, nullCount);
  if (dictionary) writeDictionaryIndices(page, dictionary);
  else bounds = writePlain(page, column);
  writePageHeader(
    out,
    page.offset,
    PAGE_TYPE_DATA,
    values.length,
    dictionary ? ENCODING_RLE_DICTIONARY : ENCODING_PLAIN,
  );
  out.append(page.written());
  return {
    column,
    offset,
    dataOffset,
    dictionary: dictionary !== undefined,
    size: out.offset - offset,
    statistics: { nullCount, ...bounds },
  };
}

/** A column's distinct non-null values in first-seen order, and each value's index. */
interface Dictionary {
  readonly entries: (string | number)[];
  readonly indices: Int32Array;
}

/**
 * The column's dictionary, or undefined when fewer than half the values repeat an earlier one
 * (then the indices would cost more than they save), or there are too many distinct values.
 */
function buildDictionary(values: readonly unknown[], nonNullCount: number): Dictionary | undefined {
  const limit = Math.min(nonNullCount / 2, MAX_DICTIONARY_SIZE);
  const positions = new Map<string | number, number>();
  const entries: (string | number)[] = [];
  const indices = new Int32Array(nonNullCount);
  let at = 0;
  let previous: unknown;
  let previousIndex = -1;
  for (const value of values) {
    if (value === null) continue;
    // Map keys and === make -0 and 0 one value: a column holding -0 is written PLAIN to keep it.
    if (value === 0 && Object.is(value, -0)) return undefined;
    // Runs of one value (the month, a submission's hash) skip the map.
    if (value !== previous || previousIndex < 0) {
      let index = positions.get(value as string | number);
      if (index === undefined) {
        index = entries.length;
        if (index >= limit) return undefined;
        positions.set(value as string | number, index);
        entries.push(value as string | number);
      }
      previous = value;
      previousIndex = index;
    }
    indices[at++] = previousIndex;
  }
  return at > 0 ? { entries, indices } : undefined;
}

/**
 * A dictionary data page's values: the index bit width, then the indices in the hybrid
 * encoding: one RLE run when there is a single entry, else bit-packed groups of 8.
 */
function writeDictionaryIndices(page: ByteWriter, { entries, indices }: Dictionary): void {
  const width = Math.max(1, 32 - Math.clz32(entries.length - 1));
  page.u8(width);
  const count = indices.length;
  if (entries.length === 1) {
    page.varint(count * 2);
    page.u8(0);
    return;
  }
  const groups = Math.ceil(count / 8);
  page.varint(groups * 2 + 1);
  page.reserve(groups * width);
  // Little-endian bit order: each index's low bits first. At most 7 + 16 bits are pending.
  // Straight into the reserved bytes: this loop runs for every row of most columns.
  const bytes = page.bytes;
  let at = page.offset;
  let pending = 0;
  let pendingBits = 0;
  for (let index = 0; index < groups * 8; index++) {
    pending |= (index < count ? (indices[index] as number) : 0) << pendingBits;
    pendingBits += width;
    while (pendingBits >= 8) {
      bytes[at++] = pending & 0xff;
      pending >>>= 8;
      pendingBits -= 8;
    }
  }
  page.offset = at;
}

/**
 * Definition levels (bit width 1: 1 = value, 0 = null), length-prefixed as v1 pages want. One
 * RLE run when the column has no nulls or only nulls (the common cases: 3 bytes), otherwise
 * one bit-packed run of 8-value groups (n/8 bytes, whatever the pattern).
 */
function writeDefinitionLevels(page: ByteWriter, values: readonly unknown[], nullCount: number): void {
  const lengthAt = page.offset;
  page.u32(0);
  const count = values.length;
  if (count > 0 && (nullCount === 0 || nullCount === count)) {
    page.varint(count * 2);
    page.u8(nullCount === 0 ? 1 : 0);
  } else if (count > 0) {
    const groups = Math.ceil(count / 8);
    page.varint(groups * 2 + 1);
    page.reserve(groups);
    let byte = 0;
    for (let index = 0; index < count; index++) {
      if (values[index] !== null) byte |= 1 << (index & 7);
      if ((index & 7) === 7) {
        page.u8(byte);
        byte = 0;
      }
    }
    if (count & 7) page.u8(byte);
  }
  new DataView(page.bytes.buffer).setUint32(lengthAt, page.offset - lengthAt - 4, true);
}

/** Writes the column's non-null values, PLAIN, and returns their bounds. */
function writePlain(page: ByteWriter, column: ParquetColumn): Bounds {
  switch (column.type) {
    case 'BOOLEAN':
      return writeBooleans(page, column.values);
    case 'BYTE_ARRAY':
      return writeStrings(page, column.values);
    default:
      return writeNumbers(page, column.name, column.type, column.values);
  }
}

/** PLAIN booleans: one bit each, least significant bit first. */
function writeBooleans(page: ByteWriter, values: readonly (boolean | null)[]): Bounds {
  page.reserve(Math.ceil(values.length / 8));
  let position = 0;
  let byte = 0;
  let seenTrue = false;
  let seenFalse = false;
  for (const value of values) {
    if (value === null) continue;
    if (value) {
      byte |= 1 << (position & 7);
      seenTrue = true;
    } else seenFalse = true;
    if ((position & 7) === 7) {
      page.u8(byte);
      byte = 0;
    }
    position++;
  }
  if (position & 7) page.u8(byte);
  if (!seenTrue && !seenFalse) return {};
  return { min: Uint8Array.of(seenFalse ? 0 : 1), max: Uint8Array.of(seenTrue ? 1 : 0) };
}

/** PLAIN numbers: 4- or 8-byte little-endian. Integers out of the type's range throw. */
function writeNumbers(
  page: ByteWriter,
  name: string,
  type: 'INT32' | 'INT64' | 'DOUBLE',
  values: readonly (number | null)[],
): Bounds {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  page.reserve(values.length * (type === 'INT32' ? 4 : 8));
  if (type === 'DOUBLE') {
    for (const value of values) {
      if (value === null) continue;
      page.f64(value);
      // NaN takes no part in the bounds (the spec's ordering leaves it out).
      if (value < min) min = value;
      if (value > max) max = value;
    }
  } else {
    const limit = type === 'INT32' ? INT32_LIMIT : INT64_LIMIT;
    for (const value of values) {
      if (value === null) continue;
      if (!Number.isInteger(value) || value < -limit || value >= limit)
        throw new RangeError(`parquet ${type} column ${name}: ${value} is not a whole number in range`);
      if (type === 'INT32') page.i32(value);
      else page.i64(value);
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  // No value, or only NaN (no bound), leaves min above max.
  if (!(min <= max)) return {};
  const bound = new ByteWriter(8);
  // The spec asks for -0 as a zero minimum and +0 as a zero maximum of floating-point columns.
  const write = (value: number, zero: number) => {
    if (type === 'INT32') bound.i32(value);
    else if (type === 'INT64') bound.i64(value);
    else bound.f64(value === 0 ? zero : value);
    return bound.written().slice(bound.offset - (type === 'INT32' ? 4 : 8));
  };
  return { min: write(min, -0), max: write(max, 0) };
}

/**
 * PLAIN byte arrays: a 4-byte length then the UTF-8 bytes. ASCII (codes, ids, hashes: most of
 * the lake's text) is copied char by char; anything else goes through TextEncoder. The bounds
 * are compared as unsigned bytes where they were written, the order Parquet defines for UTF8.
 */
function writeStrings(page: ByteWriter, values: readonly (string | null)[]): Bounds {
  let minAt = -1;
  let minLength = 0;
  let maxAt = -1;
  let maxLength = 0;
  let minText: string | undefined;
  let maxText: string | undefined;
  for (const value of values) {
    if (value === null) continue;
    page.reserve(4 + value.length * 3);
    const bytes = page.bytes;
    const start = page.offset + 4;
    let length = 0;
    const chars = value.length;
    while (length < chars) {
      const code = value.charCodeAt(length);
      if (code >= 0x80) break;
      bytes[start + length] = code;
      length++;
    }
    if (length < chars) length = encoder.encodeInto(value, bytes.subarray(start)).written;
    bytes[start - 4] = length & 0xff;
    bytes[start - 3] = (length >>> 8) & 0xff;
    bytes[start - 2] = (length >>> 16) & 0xff;
    bytes[start - 1] = length >>> 24;
    page.offset = start + length;
    // The same string object row after row (a unit code, a hash): no need to compare again.
    if (value === minText || value === maxText) continue;
    if (minAt < 0 || compareBytes(bytes, start, length, minAt, minLength) < 0) {
      minAt = start;
      minLength = length;
      minText = value;
    }
    if (maxAt < 0 || compareBytes(bytes, start, length, maxAt, maxLength) > 0) {
      maxAt = start;
      maxLength = length;
      maxText = value;
    }
  }
  if (minAt < 0 || minLength > MAX_STRING_STATISTIC_BYTES || maxLength > MAX_STRING_STATISTIC_BYTES)
    return {};
  return {
    min: page.bytes.slice(minAt, minAt + minLength),
    max: page.bytes.slice(maxAt, maxAt + maxLength),
  };
}

const encoder = new TextEncoder();

/** Unsigned lexicographic order of two byte ranges of one buffer. */
function compareBytes(bytes: Uint8Array, a: number, aLength: number, b: number, bLength: number): number {
  const length = Math.min(aLength, bLength);
  for (let index = 0; index < length; index++) {
    const difference = (bytes[a + index] as number) - (bytes[b + index] as number);
    if (difference !== 0) return difference;
  }
  return aLength - bLength;
}

/**
 * PageHeader { type, uncompressed_page_size, compressed_page_size, and a data_page_header or a
 * dictionary_page_header }: the sizes are equal, nothing is compressed.
 */
function writePageHeader(
  out: ByteWriter,
  pageSize: number,
  pageType: typeof PAGE_TYPE_DATA | typeof PAGE_TYPE_DICTIONARY,
  valueCount: number,
  encoding: number,
): void {
  out.beginStruct();
  out.fieldI32(1, pageType);
  out.fieldI32(2, pageSize);
  out.fieldI32(3, pageSize);
  if (pageType === PAGE_TYPE_DATA) {
    out.fieldStruct(5);
    out.fieldI32(1, valueCount); // num_values counts nulls too
    out.fieldI32(2, encoding);
    out.fieldI32(3, ENCODING_RLE); // definition levels
    out.fieldI32(4, ENCODING_RLE); // repetition levels (none: the columns are flat)
  } else {
    out.fieldStruct(7);
    out.fieldI32(1, valueCount);
    out.fieldI32(2, encoding);
  }
  out.endStruct();
  out.endStruct();
}

/** FileMetaData { version, schema, num_rows, row_groups, created_by, column_orders }. */
function writeFileMetaData(
  out: ByteWriter,
  chunks: readonly WrittenChunk[],
  rowCount: number,
  createdBy: string,
) {
  out.beginStruct();
  out.fieldI32(1, 2);
  out.fieldList(2, CompactType.Struct, chunks.length + 1);
  out.beginStruct();
  out.fieldString(4, 'root');
  out.fieldI32(5, chunks.length);
  out.endStruct();
  for (const { column } of chunks) {
    out.beginStruct();
    out.fieldI32(1, PHYSICAL_TYPE_IDS[column.type]);
    out.fieldI32(3, OPTIONAL);
    out.fieldString(4, column.name);
    if (column.convertedType) out.fieldI32(6, CONVERTED_TYPE_IDS[column.convertedType]);
    out.endStruct();
  }
  out.fieldI64(3, rowCount);
  out.fieldList(4, CompactType.Struct, 1);
  writeRowGroup(out, chunks, rowCount);
  out.fieldString(6, createdBy);
  // TYPE_DEFINED_ORDER for every column: readers then trust min_value/max_value of strings.
  out.fieldList(7, CompactType.Struct, chunks.length);
  for (let index = 0; index < chunks.length; index++) {
    out.beginStruct();
    out.fieldStruct(1);
    out.endStruct();
    out.endStruct();
  }
  out.endStruct();
}

/** RowGroup { columns, total_byte_size, num_rows, file_offset, total_compressed_size }. */
function writeRowGroup(out: ByteWriter, chunks: readonly WrittenChunk[], rowCount: number): void {
  let totalSize = 0;
  for (const chunk of chunks) totalSize += chunk.size;
  out.beginStruct();
  out.fieldList(1, CompactType.Struct, chunks.length);
  for (const chunk of chunks) writeColumnMetaData(out, chunk, rowCount);
  out.fieldI64(2, totalSize);
  out.fieldI64(3, rowCount);
  out.fieldI64(5, chunks[0]?.offset ?? MAGIC.length);
  out.fieldI64(6, totalSize);
  out.endStruct();
}

/** ColumnChunk { file_offset, meta_data: ColumnMetaData { ..., statistics } }. */
function writeColumnMetaData(
  out: ByteWriter,
  { column, offset, dataOffset, dictionary, size, statistics }: WrittenChunk,
  rowCount: number,
) {
  out.beginStruct();
  out.fieldI64(2, offset);
  out.fieldStruct(3);
  out.fieldI32(1, PHYSICAL_TYPE_IDS[column.type]);
  out.fieldList(2, CompactType.I32, dictionary ? 3 : 2);
  out.zigzag(ENCODING_PLAIN);
  out.zigzag(ENCODING_RLE);
  if (dictionary) out.zigzag(ENCODING_RLE_DICTIONARY);
  out.fieldList(3, CompactType.Binary, 1);
  out.string(column.name);
  out.fieldI32(4, CODEC_UNCOMPRESSED);
  out.fieldI64(5, rowCount);
  out.fieldI64(6, size);
  out.fieldI64(7, size);
  out.fieldI64(9, dataOffset);
  if (dictionary) out.fieldI64(11, offset);
  out.fieldStruct(12);
  out.fieldI64(3, statistics.nullCount);
  if (statistics.max && statistics.min) {
    out.fieldBinary(5, statistics.max);
    out.fieldBinary(6, statistics.min);
  }
  out.endStruct();
  out.endStruct();
  out.endStruct();
}
