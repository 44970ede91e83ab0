/**
 * CRC-32 (the zip checksum) of bytes, continuing from `previous`. Node's own (zlib.crc32,
 * native, from Node 20.15 and 22.2) where there is one, else a table in JavaScript.
 */
import * as zlib from 'node:zlib';

type Crc32 = (bytes: Uint8Array, previous?: number) => number;

let table: Uint32Array | undefined;

function tableCrc32(bytes: Uint8Array, previous = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++)
    crc = (table[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const nativeCrc32 = (zlib as { crc32?: Crc32 }).crc32;

/** CRC-32 of `bytes`, continuing a running checksum `previous` (0 to start). */
export const crc32: Crc32 = typeof nativeCrc32 === 'function' ? nativeCrc32 : tableCrc32;

/** The JavaScript fallback, exported for tests to check against Node's. */
export const crc32InJavaScript: Crc32 = tableCrc32;
