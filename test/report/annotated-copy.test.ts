/**
 * The annotated copy marks exactly the flagged cells, whatever wrote the file: exceljs,
 * openpyxl, LibreOffice, SheetJS and (in its package shape) Google Sheets' export. Compared cell by cell with openpyxl as the reader.
 */

import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import { ANNOTATION_FILLS, annotateWorkbook } from '../../shared/report/annotate-workbook.ts';
import { sheetReference } from '../../shared/spec/sheet-naming.ts';
import { ISSUES_SHEET } from '../../shared/spec/template-spec.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { catalogue, sampleWorkbook, setTableCell, TAB, toBytes } from '../support/fixtures.ts';
import { reshapeAsGoogleSheetsExport } from '../support/google-sheets-export.ts';
import {
  changedCells,
  convertWithLibreOffice,
  dumpCells,
  resaveWithOpenpyxl,
  resaveWithSheetJs,
  skipReason,
} from '../support/other-writers.ts';

async function annotateBytes(bytes: Uint8Array) {
  const report = await validateXlsx(bytes, catalogue);
  expect(report.unreadable).toBe(false);
  const copy = await annotateWorkbook(bytes, report.issues);
  return { report, copy };
}

/** A valid sample with one out-of-range percent; returns the bytes and the bad cell. */
async function oneBadCell() {
  const { workbook } = await sampleWorkbook('LA-XE');
  const cell = setTableCell(workbook, TAB.activities, 2, 'percent_complete', 180);
  return { bytes: await toBytes(workbook), cell: `${TAB.activities}!${cell}` };
}

describe.skipIf(skipReason('openpyxl', 'soffice'))('annotated copy of files from other writers', () => {
  let exceljsFile: Uint8Array;
  let badCell: string;
  const files: Record<string, Uint8Array> = {};

  beforeAll(async () => {
    const bad = await oneBadCell();
    exceljsFile = bad.bytes;
    badCell = bad.cell;
    files.exceljs = exceljsFile;
    // openpyxl, with a comment of the focal point's own on another cell (openpyxl's comment
    // parts made exceljs throw before).
    files.openpyxl = resaveWithOpenpyxl(
      exceljsFile,
      `wb[${JSON.stringify(TAB.activities)}]['L4'].comment = Comment('ກວດແລ້ວ checked', 'me')`,
    );
    files.libreoffice = convertWithLibreOffice(exceljsFile, 'xlsx');
    // Google Sheets' export cannot be made here: our file in its package shape (see the module).
    files.google = reshapeAsGoogleSheetsExport(exceljsFile);
  }, 180_000);

  for (const writer of ['exceljs', 'openpyxl', 'libreoffice', 'google'] as const) {
    it(`changes only the bad cell and adds the Issues sheet (${writer})`, async () => {
      const original = files[writer] as Uint8Array;
      const { report, copy } = await annotateBytes(original);
      expect(report.issues.map((i) => `${i.sheet}!${i.cell}`)).toEqual([badCell]);
      expect(copy.restyled).toBe(true);
      const before = dumpCells(original);
      const after = dumpCells(copy.bytes);
      expect(changedCells(before, after)).toEqual([badCell]);
      expect(Object.keys(after)).toEqual([...Object.keys(before), ISSUES_SHEET.sheetName]);
      const marked = after[TAB.activities]?.cells[badCell.split('!')[1] as string];
      expect(marked?.[1][6]).toBe(ANNOTATION_FILLS.error);
      const comment = marked?.[2] ?? '';
      // Lao first, then English.
      expect(comment.indexOf('ຢູ່ນອກຂອບເຂດ')).toBeGreaterThanOrEqual(0);
      expect(comment.indexOf('ຢູ່ນອກຂອບເຂດ')).toBeLessThan(comment.indexOf('out of range'));
      if (writer === 'openpyxl') expect(after[TAB.activities]?.cells.L4?.[2]).toContain('checked');
    });
  }

  it('marks exactly the cells of many issues, nothing that shares their style', async () => {
    const { workbook } = await sampleWorkbook('LA-XE');
    const flagged = new Set<string>();
    for (let row = 0; row < 7; row++) {
      flagged.add(
        `${TAB.activities}!${setTableCell(workbook, TAB.activities, row, 'percent_complete', 150 + row)}`,
      );
      flagged.add(`${TAB.activities}!${setTableCell(workbook, TAB.activities, row, 'budget_spent_lak', -5)}`);
    }
    const original = resaveWithOpenpyxl(await toBytes(workbook));
    const { report, copy } = await annotateBytes(original);
    const issueCells = new Set(report.issues.filter((i) => i.cell).map((i) => `${i.sheet}!${i.cell}`));
    for (const cell of flagged) expect(issueCells).toContain(cell);
    const changed = changedCells(dumpCells(original), dumpCells(copy.bytes));
    expect(changed).toEqual([...issueCells].sort());
  });

  it('validates and annotates a SheetJS file (no styles, no validations)', async () => {
    const original = await resaveWithSheetJs(exceljsFile);
    const { report, copy } = await annotateBytes(original);
    expect(report.issues.map((i) => `${i.sheet}!${i.cell}`)).toEqual([badCell]);
    expect(copy.restyled).toBe(true);
    const after = dumpCells(copy.bytes);
    expect(after[TAB.activities]?.cells[badCell.split('!')[1] as string]?.[1][6]).toBe(
      ANNOTATION_FILLS.error,
    );
  });
});

describe('Issues sheet', () => {
  it('is Lao first, bilingual, links each row to its cell and prints one page wide', async () => {
    const { bytes, cell } = await oneBadCell();
    const { copy } = await annotateBytes(bytes);
    const workbook = await loadWorkbook(copy.bytes);
    const sheet = workbook.getWorksheet(ISSUES_SHEET.sheetName);
    if (!sheet) throw new Error('no Issues sheet');
    expect(workbook.worksheets.at(-1)?.name).toBe(ISSUES_SHEET.sheetName);
    // Read the XML: exceljs does not read fitToPage back.
    const parts = unzipSync(copy.bytes);
    const xml = strFromU8(parts[`xl/worksheets/sheet${workbook.worksheets.length}.xml`] ?? new Uint8Array());
    expect(xml).toMatch(/<pageSetUpPr fitToPage="1"\/>/);
    expect(xml).toMatch(/<pageSetup [^>]*orientation="landscape"[^>]*fitToWidth="1" fitToHeight="0"/);
    const rows: string[][] = [];
    sheet.eachRow((row) => {
      rows.push(
        (row.values as unknown[])
          .slice(1)
          .map((v) => (typeof v === 'object' && v ? String((v as { text?: string }).text) : String(v ?? ''))),
      );
    });
    const header = rows.find((r) => r[0]?.includes('No.')) ?? [];
    expect(header[1]).toMatch(/^ລະດັບ\nSeverity$/);
    expect(header[3]?.startsWith('ບັນຫາ')).toBe(true);
    const issueRow = rows.find((r) => r[2] === sheetReference(TAB.activities, cell.split('!')[1] as string));
    expect(issueRow?.[1]).toBe('ຂໍ້ຜິດພາດ\nError');
    expect(issueRow?.[3]).toMatch(/[\u0E80-\u0EFF]/);
    expect(issueRow?.[4]).toMatch(/out of range/);
    let link: string | undefined;
    sheet.eachRow((row) => {
      const value = row.getCell(3).value as { hyperlink?: string } | null;
      if (value && typeof value === 'object' && value.hyperlink) link = value.hyperlink;
    });
    expect(link).toBe(`#${sheetReference(TAB.activities, cell.split('!')[1] as string)}`);
  });

  it('still comes with the original when exceljs cannot read it, and says why', async () => {
    const { bytes, cell } = await oneBadCell();
    const parts = unzipSync(bytes);
    // A hyperlink whose relationship is missing: Excel shrugs, exceljs throws on it.
    const sheetPart = 'xl/worksheets/sheet3.xml';
    parts[sheetPart] = strToU8(
      strFromU8(parts[sheetPart] ?? new Uint8Array()).replace(
        '<pageMargins',
        '<hyperlinks><hyperlink ref="A1" r:id="rIdGone"/></hyperlinks><pageMargins',
      ),
    );
    const broken = zipSync(parts);
    const { report, copy } = await annotateBytes(broken);
    expect(report.issues.map((i) => `${i.sheet}!${i.cell}`)).toEqual([cell]);
    expect(copy.restyled).toBe(false);
    expect(copy.notes[0]?.lo).toMatch(/ບໍ່ສາມາດໝາຍສີ/);
    expect(copy.notes[0]?.en).toMatch(/could not be marked/);
    // Every original part is kept byte for byte; only the new sheet and its registrations differ.
    const after = unzipSync(copy.bytes);
    for (const [name, body] of Object.entries(parts)) {
      if (['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', '[Content_Types].xml'].includes(name)) continue;
      expect(Buffer.from(after[name] ?? []).equals(Buffer.from(body)), name).toBe(true);
    }
    const grid = await validateXlsx(copy.bytes, catalogue);
    expect(grid.issues.map((i) => `${i.sheet}!${i.cell}`)).toEqual([cell]);
    const issuesXml = Object.entries(after).find(
      ([n, b]) => n.startsWith('xl/worksheets/') && strFromU8(b).includes('could not be marked'),
    );
    expect(issuesXml?.[1] && strFromU8(issuesXml[1])).toContain(
      `location="${sheetReference(TAB.activities, cell.split('!')[1] as string)}"`,
    );
  });
});
