/**
 * A growable byte buffer with the little-endian and Thrift Compact Protocol writes a Parquet
 * file needs: its page headers and footer are Thrift structs, its values plain little-endian.
 * Only what the lake's writer uses is here (no maps, sets, i16 or doubles in structs).
 */

/** Thrift Compact Protocol field and list element types. */
export const CompactType = {
  BooleanTrue: 1,
  BooleanFalse: 2,
  I32: 5,
  I64: 6,
  Binary: 8,
  List: 9,
  Struct: 12,
} as const;

/** One of the compact types above. */
export type CompactType = (typeof CompactType)[keyof typeof CompactType];

const TWO_32 = 4_294_967_296;

/**
 * Bytes written front to back into one buffer that doubles when full. One instance serves a
 * whole file, so a month's encode allocates a handful of buffers, not one per value.
 */
export class ByteWriter {
  bytes: Uint8Array;
  private view: DataView;
  /** Bytes written so far: the next write goes here. */
  offset = 0;
  /** Last field id of each open struct: compact field headers store the id as a delta. */
  private readonly lastFieldIds: number[] = [];
  private lastFieldId = 0;

  constructor(capacity = 4096) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
    this.view = new DataView(this.bytes.buffer);
  }

  /** Empties the buffer for reuse (keeping its capacity) and returns it. */
  restart(): this {
    this.offset = 0;
    this.lastFieldIds.length = 0;
    this.lastFieldId = 0;
    return this;
  }

  /** Makes room for `count` more bytes. */
  reserve(count: number): void {
    const needed = this.offset + count;
    if (needed <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.offset));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  /** The bytes written so far (a view, not a copy). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.offset);
  }

  u8(value: number): void {
    this.reserve(1);
    this.bytes[this.offset++] = value;
  }

  u32(value: number): void {
    this.reserve(4);
    this.view.setUint32(this.offset, value, true);
    this.offset += 4;
  }

  i32(value: number): void {
    this.reserve(4);
    this.view.setInt32(this.offset, value, true);
    this.offset += 4;
  }

  /**
   * A whole number as a signed 64-bit little-endian integer, without BigInt: the high word is
   * the floor of value / 2^32 and the low word what is left, exact for any integral double in
   * range (division by a power of two and the remainder lose nothing).
   */
  i64(value: number): void {
    this.reserve(8);
    const high = Math.floor(value / TWO_32);
    this.view.setUint32(this.offset, value - high * TWO_32, true);
    this.view.setInt32(this.offset + 4, high, true);
    this.offset += 8;
  }

  f64(value: number): void {
    this.reserve(8);
    this.view.setFloat64(this.offset, value, true);
    this.offset += 8;
  }

  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.bytes.set(bytes, this.offset);
    this.offset += bytes.length;
  }

  /** An unsigned LEB128 varint; arithmetic, not bit operators, so values past 2^31 stay exact. */
  varint(value: number): void {
    this.reserve(10);
    let rest = value;
    while (rest >= 0x80) {
      this.bytes[this.offset++] = (rest % 0x80) | 0x80;
      rest = Math.floor(rest / 0x80);
    }
    this.bytes[this.offset++] = rest;
  }

  /** A zigzag varint: Thrift's i32 and i64 (safe-integer range here). */
  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  /** Starts a struct nested in a list or at the top (a struct field starts with `fieldStruct`). */
  beginStruct(): void {
    this.lastFieldIds.push(this.lastFieldId);
    this.lastFieldId = 0;
  }

  /** Ends the innermost open struct. */
  endStruct(): void {
    this.u8(0);
    this.lastFieldId = this.lastFieldIds.pop() ?? 0;
  }

  private fieldHeader(id: number, type: CompactType): void {
    const delta = id - this.lastFieldId;
    if (delta > 0 && delta <= 15) this.u8((delta << 4) | type);
    else {
      this.u8(type);
      this.zigzag(id);
    }
    this.lastFieldId = id;
  }

  /** An i32 field (Thrift enums are i32 too). */
  fieldI32(id: number, value: number): void {
    this.fieldHeader(id, CompactType.I32);
    this.zigzag(value);
  }

  fieldI64(id: number, value: number): void {
    this.fieldHeader(id, CompactType.I64);
    this.zigzag(value);
  }

  /** A boolean field: the value is the field's type, no payload. */
  fieldBool(id: number, value: boolean): void {
    this.fieldHeader(id, value ? CompactType.BooleanTrue : CompactType.BooleanFalse);
  }

  fieldBinary(id: number, value: Uint8Array): void {
    this.fieldHeader(id, CompactType.Binary);
    this.binary(value);
  }

  fieldString(id: number, value: string): void {
    this.fieldHeader(id, CompactType.Binary);
    this.string(value);
  }

  /** A struct field: call `endStruct` after its fields. */
  fieldStruct(id: number): void {
    this.fieldHeader(id, CompactType.Struct);
    this.beginStruct();
  }

  /** A list field's header: then write `size` elements of `elementType`. */
  fieldList(id: number, elementType: CompactType, size: number): void {
    this.fieldHeader(id, CompactType.List);
    if (size < 15) this.u8((size << 4) | elementType);
    else {
      this.u8(0xf0 | elementType);
      this.varint(size);
    }
  }

  /** A binary list element (or any length-prefixed bytes). */
  binary(value: Uint8Array): void {
    this.varint(value.length);
    this.append(value);
  }

  /**
   * A string as length-prefixed UTF-8 bytes. ASCII (every column name and the writer's name)
   * is copied char by char: a TextEncoder call per name of every file's footer showed in a
   * cold compile's profile.
   */
  string(value: string): void {
    const length = value.length;
    if (length > 0x7f) {
      this.binary(utf8(value));
      return;
    }
    this.reserve(1 + length);
    const bytes = this.bytes;
    const start = this.offset + 1;
    for (let index = 0; index < length; index++) {
      const code = value.charCodeAt(index);
      if (code >= 0x80) {
        this.binary(utf8(value));
        return;
      }
      bytes[start + index] = code;
    }
    // One byte of length: a varint below 0x80 is the number itself.
    bytes[this.offset] = length;
    this.offset = start + length;
  }
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
