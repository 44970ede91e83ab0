/**
 * The lean reader against exceljs, cell for cell, on files written by exceljs and re-saved by
 * SheetJS, including formulas, rich text, dates, booleans and errors.
 */
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { CellGrid } from '../../shared/grid/cell-grid.ts';
import { readGridWithExcelJs } from '../../shared/grid/exceljs-workbook.ts';
import { isDateFormatCode, readXlsxGrid, TooManyRowsError } from '../../shared/grid/read-xlsx-grid.ts';
import { sampleWorkbook, TAB, toBytes } from '../support/fixtures.ts';

function cells(grid: CellGrid) {
  return grid.sheets.map((sheet) => ({
    name: sheet.name,
    hidden: sheet.hidden,
    cells: sheet.rows.flatMap((row, r) => (row ?? []).flatMap((value, c) => (value ? [[r, c, value]] : []))),
  }));
}

async function awkwardWorkbook() {
  const { workbook } = await sampleWorkbook('MPS', '2025-06', 5);
  const sheet = workbook.getWorksheet(TAB.activities);
  if (!sheet) throw new Error('no sheet');
  sheet.getCell('F3').value = { formula: 'F4*0', result: 0 };
  sheet.getCell('F4').value = { formula: '1+1', result: 2 };
  sheet.getCell('I3').value = {
    richText: [{ text: 'ກອງປະຊຸມ ' }, { font: { bold: true }, text: '<ສຳເລັດ> & "ok"' }],
  };
  sheet.getCell('I4').value = 'line one\nline two';
  sheet.getCell('K3').value = true;
  sheet.getCell('K4').value = { error: '#N/A' };
  const awareness = workbook.getWorksheet(TAB.awareness);
  if (awareness) {
    awareness.getCell('A20').value = new Date(Date.UTC(2025, 5, 30));
    awareness.getCell('A20').numFmt = 'd mmmm yyyy';
  }
  return workbook;
}

describe('lean xlsx reader', () => {
  it.each(['MPS', 'LA-CH', 'MPI'])('reads the same grid as exceljs for a %s sample', async (code) => {
    const bytes = await toBytes((await sampleWorkbook(code, '2025-06', 3)).workbook);
    expect(cells(readXlsxGrid(bytes))).toEqual(cells(await readGridWithExcelJs(bytes)));
  });

  it('reads formulas by cached value, rich text, booleans, errors and custom date formats like exceljs', async () => {
    const bytes = await toBytes(await awkwardWorkbook());
    const lean = readXlsxGrid(bytes);
    expect(cells(lean)).toEqual(cells(await readGridWithExcelJs(bytes)));
    const activities = lean.sheets.find((s) => s.name === TAB.activities);
    expect(activities?.rows[3]?.[6]).toEqual({ kind: 'number', number: 0, format: '#,##0' });
    expect(activities?.rows[3]?.[9]).toEqual({ kind: 'text', text: 'ກອງປະຊຸມ <ສຳເລັດ> & "ok"' });
    expect(activities?.rows[4]?.[11]).toEqual({ kind: 'error', error: '#N/A' });
  });

  it('reads a file re-saved by SheetJS (shared strings, no cell styles kept) like exceljs does', async () => {
    const original = await toBytes(await awkwardWorkbook());
    const book = XLSX.read(original, { type: 'array', cellStyles: true });
    const resaved = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    expect(cells(readXlsxGrid(resaved))).toEqual(cells(await readGridWithExcelJs(resaved)));
  });

  // Large packages stream through the same scanner: read small ones that way too and compare.
  it.each(['MPS', 'LA-CH'])('streams a %s sample to the same grid as exceljs', async (code) => {
    const bytes = await toBytes((await sampleWorkbook(code, '2025-06', 3)).workbook);
    const streamed = readXlsxGrid(bytes, { maxRows: () => 1_048_576, wholeBelowBytes: 0 });
    expect(cells(streamed)).toEqual(cells(await readGridWithExcelJs(bytes)));
  });

  it('streams formulas, rich text, errors, dates and SheetJS files like exceljs reads them', async () => {
    const original = await toBytes(await awkwardWorkbook());
    const book = XLSX.read(original, { type: 'array', cellStyles: true });
    const resaved = new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    for (const bytes of [original, resaved])
      expect(cells(readXlsxGrid(bytes, { maxRows: () => 1_048_576, wholeBelowBytes: 0 }))).toEqual(
        cells(await readGridWithExcelJs(bytes)),
      );
  });

  it('stops at the row limit', async () => {
    const bytes = await toBytes((await sampleWorkbook('MPS')).workbook);
    expect(() =>
      readXlsxGrid(bytes, { maxRows: (sheet) => (sheet === TAB.activities ? 10 : 10_000) }),
    ).toThrowError(TooManyRowsError);
  });

  it.each([
    ['dd/mm/yyyy', true],
    ['d mmmm yyyy', true],
    ['[$-en-US]mmm d, yyyy', true],
    ['#,##0', false],
    ['0.##', false],
    ['"days"0', false],
    ['@', false],
    ['General', false],
  ])('number format %j is a date: %s', (code, expected) => {
    expect(isDateFormatCode(code)).toBe(expected);
  });
});
