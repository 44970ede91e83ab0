/**
 * Limits count rows that hold values, while the sheet inflates: formatting to the last row of
 * the sheet costs nothing, too many data rows stop early, and the bytes that really inflate
 * are counted whatever the zip's directory claims (a zip bomb).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { readXlsxGrid, TooManyRowsError, TooMuchDataError } from '../../shared/grid/read-xlsx-grid.ts';
import { defaultPackageLimits, validateXlsx } from '../../shared/validate/validate-upload.ts';
import { catalogue, sampleWorkbook, TAB, toBytes } from '../support/fixtures.ts';

/** Index of the Activities part in a sample written by exceljs (sheets in tab order). */
function activitiesPart(parts: Record<string, Uint8Array>): string {
  const workbook = strFromU8(parts['xl/workbook.xml'] ?? new Uint8Array());
  const names = [...workbook.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
  return `xl/worksheets/sheet${names.indexOf(TAB.activities) + 1}.xml`;
}

/** Appends empty but formatted rows (height, fill style, empty styled cells) up to `lastRow`. */
function formatDownTo(bytes: Uint8Array, lastRow: number): Uint8Array {
  const parts = unzipSync(bytes);
  const part = activitiesPart(parts);
  const xml = strFromU8(parts[part] ?? new Uint8Array());
  const lastDataRow = Math.max(...[...xml.matchAll(/<row r="(\d+)"/g)].map((m) => Number(m[1])));
  const rows: string[] = [];
  for (let r = lastDataRow + 1; r <= lastRow; r++)
    rows.push(`<row r="${r}" ht="30" customHeight="1"><c r="D${r}" s="5"/></row>`);
  parts[part] = strToU8(xml.replace('</sheetData>', `${rows.join('')}</sheetData>`));
  return zipSync(parts, { level: 1 });
}

describe('rows that hold values', () => {
  it('reads a sheet formatted down to row 1,048,576 as its data rows', async () => {
    const { workbook } = await sampleWorkbook('MPS');
    const original = await toBytes(workbook);
    const formatted = formatDownTo(original, 1_048_576);
    const [before, after] = [
      await validateXlsx(original, catalogue),
      await validateXlsx(formatted, catalogue),
    ];
    expect(before.accepted).toBe(true);
    expect(after.accepted).toBe(true);
    expect(after.issues).toEqual(before.issues);
    expect(after.submission).toEqual(before.submission);
  }, 60_000);

  it('still stops at the first data row past the limit', async () => {
    const { workbook } = await sampleWorkbook('MPS');
    const sheet = workbook.getWorksheet(TAB.activities);
    if (!sheet) throw new Error('no Activities sheet');
    for (let r = 3; r < 3 + 400; r++) sheet.getRow(r).getCell(4).value = 'ສຳເລັດແລ້ວ';
    const report = await validateXlsx(await toBytes(workbook), catalogue);
    expect(report.unreadable).toBe(true);
    expect(report.issues.map((i) => i.code)).toEqual(['file/too-many-rows']);
    expect(report.issues[0]?.message.en).toMatch(/300/);
    const bytes = await toBytes(workbook);
    expect(() => readXlsxGrid(bytes, { maxRows: () => 302 })).toThrowError(TooManyRowsError);
  });

  it('counts the bytes that really inflate, whatever the directory declares (zip bomb)', async () => {
    // 64 MiB of one repeated row compresses to well under 1 MiB.
    const row = '<row><c t="inlineStr"><is><t>x</t></is></c></row>';
    const sheet = `<worksheet><sheetData>${row.repeat(Math.ceil((64 * 1024 * 1024) / row.length))}</sheetData></worksheet>`;
    const bytes = zipSync({
      'xl/workbook.xml': strToU8(
        '<workbook xmlns:r="r"><sheets><sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    });
    expect(bytes.byteLength).toBeLessThan(1024 * 1024);
    // Lie in every size field: the local headers and the central directory say 1 KiB.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 4 <= bytes.byteLength; i++) {
      const signature = view.getUint32(i, true);
      if (signature === 0x04034b50) view.setUint32(i + 22, 1024, true);
      if (signature === 0x02014b50) view.setUint32(i + 24, 1024, true);
    }
    // Streamed, the real bytes are counted and the read stops at the limit.
    expect(() =>
      readXlsxGrid(bytes, {
        maxRows: () => 1_048_576,
        maxUnpackedBytes: 16 * 1024 * 1024,
        wholeBelowBytes: 0,
      }),
    ).toThrowError(TooMuchDataError);
    // Read whole (the directory claims a tiny file), inflating stops at the claimed size: the
    // truncated sheet is refused as damaged, never inflated in full.
    const report = await validateXlsx(bytes, catalogue, undefined, {
      ...defaultPackageLimits(),
      defaultMaxRows: 10_000_000,
    });
    expect(report.unreadable).toBe(true);
    expect(report.issues.map((i) => i.code)).toEqual(['file/corrupt']);
  });
});
