/**
 * The entry-level zip editor the chart writer uses: untouched entries are carried over with
 * their compressed bytes as they were, changed and added entries are readable, and Python's
 * zipfile (an independent reader) finds every entry's CRC right.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openZipEntries } from '../../shared/compile/xlsx-charts/zip-entries.ts';
import { loadExcelJs } from '../../shared/grid/exceljs-workbook.ts';

/** A package as exceljs's streaming writer makes it (data descriptors after each entry). */
async function streamedWorkbook(): Promise<Uint8Array> {
  const ExcelJS = await loadExcelJs();
  const chunks: Buffer[] = [];
  const { Writable } = await import('node:stream');
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink });
  const sheet = workbook.addWorksheet('Data');
  for (let row = 1; row <= 2000; row++) sheet.addRow([row, `ແຖວ ${row}`, row / 7]).commit();
  sheet.commit();
  await workbook.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

describe('openZipEntries', () => {
  it('rewrites a streamed workbook: untouched entries byte for byte, edits readable, CRCs right', async () => {
    const original = await streamedWorkbook();
    const entries = openZipEntries(original);
    if (!entries) throw new Error('expected a plain zip');
    const before = unzipSync(original);
    const types = strFromU8(entries.get('[Content_Types].xml') as Uint8Array);
    entries.set('[Content_Types].xml', strToU8(types.replace('</Types>', '<!-- edited --></Types>')));
    entries.set('xl/extra/part.xml', strToU8('<added>ລາວ</added>'));
    const rewritten = entries.write('[Content_Types].xml');

    const after = unzipSync(rewritten);
    expect(Object.keys(after)[0]).toBe('[Content_Types].xml');
    expect(Object.keys(after).sort()).toEqual([...Object.keys(before), 'xl/extra/part.xml'].sort());
    for (const name of Object.keys(before))
      if (name !== '[Content_Types].xml') expect(after[name], name).toEqual(before[name]);
    expect(strFromU8(after['[Content_Types].xml'] as Uint8Array)).toContain('<!-- edited --></Types>');
    expect(strFromU8(after['xl/extra/part.xml'] as Uint8Array)).toBe('<added>ລາວ</added>');
    // The sheet was not re-compressed: its compressed bytes are in the output as they were.
    expect(
      Buffer.from(rewritten).includes(Buffer.from(compressedBytesOf(original, 'xl/worksheets/sheet1.xml'))),
    ).toBe(true);

    const dir = mkdtempSync(join(tmpdir(), 'laingan-zip-'));
    writeFileSync(join(dir, 'book.xlsx'), rewritten);
    const bad = execFileSync(
      'python3',
      ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())', join(dir, 'book.xlsx')],
      { encoding: 'utf8' },
    ).trim();
    expect(bad).toBe('None');
  });

  it('reads a package fflate wrote (no data descriptors) and leaves it unchanged when nothing is edited', () => {
    const zip = zipSync({ 'a.txt': strToU8('alpha'.repeat(100)), 'b/c.xml': strToU8('<c/>') }, { level: 6 });
    const entries = openZipEntries(zip);
    expect(entries?.names()).toEqual(['a.txt', 'b/c.xml']);
    expect(strFromU8(entries?.get('b/c.xml') as Uint8Array)).toBe('<c/>');
    expect(unzipSync(entries?.write() as Uint8Array)).toEqual(unzipSync(zip));
  });
});

/** An entry's compressed bytes, located through the central directory. */
function compressedBytesOf(zip: Uint8Array, name: string): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.byteLength - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  for (let at = view.getUint32(end + 16, true); view.getUint32(at, true) === 0x02014b50; ) {
    const nameLength = view.getUint16(at + 28, true);
    const entryName = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const size = view.getUint32(at + 20, true);
    const offset = view.getUint32(at + 42, true);
    if (entryName === name) {
      const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
      return zip.subarray(start, start + size);
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  throw new Error(`no entry ${name}`);
}
