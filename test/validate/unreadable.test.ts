/** Files that cannot be read as a report: each gets one bilingual issue that names the fix. */
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { catalogue, sampleWorkbook, toBytes } from '../support/fixtures.ts';

const OLE_HEADER = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function oleFile(streamName: string): Uint8Array {
  const bytes = new Uint8Array(4096);
  bytes.set(OLE_HEADER);
  bytes.set(Buffer.from(streamName, 'utf16le'), 1024);
  return bytes;
}

/** A minimal .xlsx whose Awareness sheet has `rows` rows, built as raw XML (no exceljs). */
function workbookWithRows(rows: number): Uint8Array {
  return workbookWithSheetXml(
    Array.from({ length: rows }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`).join(
      '',
    ),
  );
}

/** A minimal .xlsx with one sheet, Awareness, holding the given sheetData content. */
function workbookWithSheetXml(rowXml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'xl/workbook.xml': strToU8(
      '<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Awareness" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<Relationships><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(`<worksheet><sheetData>${rowXml}</sheetData></worksheet>`),
  });
}

/** The same package with more parts added (a second zip writer, not exceljs). */
function withExtraParts(xlsx: Uint8Array, parts: Record<string, Uint8Array>): Uint8Array {
  return zipSync({ ...unzipSync(xlsx), ...parts });
}

const cases: { name: string; bytes: () => Promise<Uint8Array> | Uint8Array; code: string; hint: RegExp }[] = [
  { name: 'empty file', bytes: () => new Uint8Array(), code: 'file/empty', hint: /save it as \.xlsx/ },
  {
    name: 'a CSV',
    bytes: () => strToU8('unit,period\nMPS,2025-06\n'),
    code: 'file/not-xlsx',
    hint: /Save As/,
  },
  { name: 'a PDF', bytes: () => strToU8('%PDF-1.7 ...'), code: 'file/not-xlsx', hint: /Save As/ },
  { name: 'an old .xls', bytes: () => oleFile('Workbook'), code: 'file/old-xls', hint: /\.xlsx/ },
  {
    name: 'a password-encrypted .xlsx',
    bytes: () => oleFile('EncryptedPackage'),
    code: 'file/encrypted',
    hint: /password/,
  },
  {
    name: 'a macro-enabled workbook (.xlsm, with xl/vbaProject.bin)',
    bytes: async () =>
      withExtraParts(await toBytes((await sampleWorkbook()).workbook), {
        'xl/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]),
      }),
    code: 'file/macro-enabled',
    hint: /macros/,
  },
  {
    name: 'an Excel Binary workbook (.xlsb)',
    bytes: () =>
      zipSync({
        '[Content_Types].xml': strToU8('<Types/>'),
        'xl/workbook.bin': new Uint8Array([0x83, 0x01, 0x00]),
        'xl/worksheets/sheet1.bin': new Uint8Array([0x81, 0x01, 0x00]),
      }),
    code: 'file/xlsb',
    hint: /\.xlsb/,
  },
  {
    name: 'a truncated upload',
    bytes: async () => (await toBytes((await sampleWorkbook()).workbook)).slice(0, 5000),
    code: 'file/corrupt',
    hint: /upload again/,
  },
  {
    name: 'a zip that is not a workbook',
    bytes: () => zipSync({ 'word/document.xml': strToU8('<w/>') }),
    code: 'file/not-xlsx',
    hint: /Word/,
  },
  {
    name: 'a 100,000-row sheet',
    bytes: () => workbookWithRows(100_000),
    code: 'file/too-many-rows',
    hint: /at most 10,000/,
  },
  {
    name: 'a workbook without the _meta sheet',
    bytes: async () => {
      const { workbook } = await sampleWorkbook();
      const meta = workbook.getWorksheet('_meta');
      if (meta) workbook.removeWorksheet(meta.id);
      return toBytes(workbook);
    },
    code: 'template/unknown',
    hint: /Download your unit's template/,
  },
];

describe('unreadable files', () => {
  it.each(cases)('$name -> one $code issue', async ({ bytes, code, hint }) => {
    const report = await validateXlsx(await bytes(), catalogue);
    expect(report.unreadable).toBe(true);
    expect(report.accepted).toBe(false);
    expect(report.issues).toHaveLength(1);
    expect(report.issues[0]?.code).toBe(code);
    expect(report.issues[0]?.message.en).toMatch(hint);
    expect(report.issues[0]?.message.lo).toMatch(/[\u0E80-\u0EFF]/);
  });
});
