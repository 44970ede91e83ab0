/**
 * A lean .xlsx reader straight into the cell grid: fflate unpacks the parts, and a small
 * scanner reads cells (shared strings, inline strings, numbers, booleans, errors, formula
 * results, dates by number format). It reads only what validation needs, so a typical
 * report parses in a few milliseconds and `ingest` never loads exceljs (whose import alone
 * takes most of a cold start). It also enforces row limits while scanning, so a sheet with
 * far too many rows is refused as soon as the limit is passed.
 */
import { unzipSync } from 'fflate';
import { excelSerialToIsoDay } from '../parse/read-date.ts';
import { type CellGrid, type GridSheet, GridSheetBuilder, type GridValue } from './cell-grid.ts';
import { attribute, decodeXmlText, listSheets } from './xlsx-parts.ts';

/** A sheet passed its row limit while being read. */
export class TooManyRowsError extends Error {
  override readonly name = 'TooManyRowsError';
  constructor(
    readonly sheet: string,
    readonly limit: number,
  ) {
    super(`sheet ${sheet} has more than ${limit} rows`);
  }
}

/** The package is not a readable SpreadsheetML workbook. */
export class XlsxFormatError extends Error {
  override readonly name = 'XlsxFormatError';
}

export interface ReadLimits {
  /** Most rows (counting header rows) a sheet may have, by sheet name. */
  readonly maxRows: (sheetName: string) => number;
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);
const decoder = new TextDecoder();

/** True for a custom number format that shows a date or time (d, m, y, h, s outside quotes and brackets). */
export function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/_./g, '');
  return /[dmyhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Built-in number formats that carry a meaning the value alone does not (ECMA-376 18.8.30). */
const BUILTIN_FORMAT_CODES: Readonly<Record<number, string>> = {
  1: '0',
  2: '0.00',
  3: '#,##0',
  4: '#,##0.00',
  9: '0%',
  10: '0.00%',
  11: '0.00E+00',
  12: '# ?/?',
  13: '# ??/??',
  37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00;(#,##0.00)',
  40: '#,##0.00;[Red](#,##0.00)',
  48: '##0.0E+0',
  49: '@',
};

/** Per style index (cellXfs): whether it formats numbers as dates, and its format code unless General. */
interface StyleFormats {
  readonly date: readonly boolean[];
  readonly code: readonly (string | undefined)[];
}

function styleFormats(stylesXml: string): StyleFormats {
  const customDates = new Set<number>();
  const customCodes = new Map<number, string>();
  for (const match of stylesXml.matchAll(/<(?:\w+:)?numFmt\b([^>]*?)\/?>/g)) {
    const id = Number(attribute(match[1] ?? '', 'numFmtId'));
    const code = attribute(match[1] ?? '', 'formatCode') ?? '';
    if (isDateFormatCode(code)) customDates.add(id);
    if (code && !/^general$/i.test(code)) customCodes.set(id, code);
  }
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
  const date: boolean[] = [];
  const code: (string | undefined)[] = [];
  for (const match of cellXfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)) {
    const id = Number(attribute(match[1] ?? '', 'numFmtId') ?? 0);
    date.push(BUILTIN_DATE_FORMATS.has(id) || customDates.has(id));
    code.push(customCodes.get(id) ?? BUILTIN_FORMAT_CODES[id]);
  }
  return { date, code };
}

/** Concatenated text runs of a string item, leaving out phonetic runs. */
function stringItemText(xml: string): string {
  const withoutPhonetics = xml.includes('rPh')
    ? xml.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '')
    : xml;
  let text = '';
  for (const match of withoutPhonetics.matchAll(/<(?:\w+:)?t\b[^>]*>([\s\S]*?)<\/(?:\w+:)?t>/g))
    text += match[1] ?? '';
  return decodeXmlText(text);
}

function sharedStrings(xml: string): string[] {
  return [...xml.matchAll(/<(?:\w+:)?si\b[^>]*>([\s\S]*?)<\/(?:\w+:)?si>|<(?:\w+:)?si\b[^>]*\/>/g)].map((m) =>
    stringItemText(m[1] ?? ''),
  );
}

function columnNumber(reference: string): number {
  let column = 0;
  for (let i = 0; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + (code - 64);
  }
  return column;
}

const MAX_ROW = 1_048_576;
const MAX_COLUMN = 16_384;
const CELL_OR_ROW = /<(?:\w+:)?(row|c)\b([^>]*?)(\/)?>/g;

interface SheetContext {
  readonly strings: readonly string[];
  readonly styles: StyleFormats;
  readonly date1904: boolean;
}

function cellValue(
  type: string | undefined,
  styleIndex: number,
  content: string,
  context: SheetContext,
): GridValue | undefined {
  if (type === 'inlineStr') {
    const inline = /<(?:\w+:)?is\b[^>]*>([\s\S]*?)<\/(?:\w+:)?is>/.exec(content)?.[1];
    const text = inline === undefined ? '' : stringItemText(inline);
    return text.trim() ? { kind: 'text', text } : undefined;
  }
  const raw = /<(?:\w+:)?v\b[^>]*>([\s\S]*?)<\/(?:\w+:)?v>/.exec(content)?.[1];
  if (raw === undefined) return undefined;
  switch (type) {
    case 's': {
      const text = context.strings[Number(raw)];
      return text?.trim() ? { kind: 'text', text } : undefined;
    }
    case 'str': {
      const text = decodeXmlText(raw);
      return text.trim() ? { kind: 'text', text } : undefined;
    }
    case 'b':
      return { kind: 'boolean', boolean: raw.trim() === '1' };
    case 'e':
      return { kind: 'error', error: decodeXmlText(raw) };
    case 'd': {
      const iso = /^\d{4}-\d{2}-\d{2}/.exec(raw)?.[0];
      return iso ? { kind: 'date', date: iso } : undefined;
    }
    default: {
      const number = Number(raw);
      if (!Number.isFinite(number)) return undefined;
      if (context.styles.date[styleIndex]) {
        const iso = excelSerialToIsoDay(context.date1904 ? number + 1462 : number);
        if (iso) return { kind: 'date', date: iso };
      }
      const format = context.styles.code[styleIndex];
      return format ? { kind: 'number', number, format } : { kind: 'number', number };
    }
  }
}

function readSheet(
  name: string,
  hidden: boolean,
  xml: string,
  context: SheetContext,
  maxRows: number,
): GridSheet {
  const builder = new GridSheetBuilder(name, hidden);
  let rowNumber = 0;
  let rowCount = 0;
  let columnCursor = 0;
  CELL_OR_ROW.lastIndex = 0;
  for (let match = CELL_OR_ROW.exec(xml); match; match = CELL_OR_ROW.exec(xml)) {
    const attributes = match[2] ?? '';
    if (match[1] === 'row') {
      rowCount += 1;
      if (rowCount > maxRows) throw new TooManyRowsError(name, maxRows);
      const declared = Number(attribute(attributes, 'r'));
      rowNumber = Number.isInteger(declared) && declared > 0 ? declared : rowNumber + 1;
      if (rowNumber > MAX_ROW) throw new XlsxFormatError(`row ${rowNumber} is outside the sheet`);
      columnCursor = 0;
      continue;
    }
    let content = '';
    if (!match[3]) {
      const tagStart = match[0].indexOf('c');
      const close = `</${match[0].slice(1, tagStart)}c>`;
      const end = xml.indexOf(close, CELL_OR_ROW.lastIndex);
      if (end < 0) throw new XlsxFormatError(`unterminated cell in sheet ${name}`);
      content = xml.slice(CELL_OR_ROW.lastIndex, end);
      CELL_OR_ROW.lastIndex = end + close.length;
    }
    const reference = attribute(attributes, 'r');
    const column = reference ? columnNumber(reference) : columnCursor + 1;
    columnCursor = column;
    const rowOfReference = reference ? Number(reference.slice(reference.search(/\d/))) : rowNumber;
    const value = cellValue(
      attribute(attributes, 't'),
      Number(attribute(attributes, 's') ?? 0),
      content,
      context,
    );
    // Outside Excel's grid (1,048,576 rows x 16,384 columns) a reference can only be hostile.
    if (rowOfReference > MAX_ROW || column > MAX_COLUMN)
      throw new XlsxFormatError(`cell ${reference} is outside the sheet`);
    if (value && column > 0 && rowOfReference > 0) builder.set(rowOfReference, column, value);
  }
  return builder.build();
}

/**
 * Reads .xlsx bytes into the cell grid. Throws XlsxFormatError for packages that are not
 * workbooks and TooManyRowsError when a sheet passes its limit.
 */
export function readXlsxGrid(bytes: Uint8Array, limits: ReadLimits = { maxRows: () => 1_048_576 }): CellGrid {
  let parts: Record<string, Uint8Array>;
  try {
    // Only the parts a grid needs are inflated: pictures, comments and drawings are skipped.
    parts = unzipSync(bytes, {
      filter: (file) =>
        file.name === 'xl/workbook.xml' ||
        file.name === 'xl/_rels/workbook.xml.rels' ||
        file.name === 'xl/sharedStrings.xml' ||
        file.name === 'xl/styles.xml' ||
        /^xl\/worksheets\/[^/]+\.xml$/.test(file.name),
    });
  } catch (cause) {
    throw new XlsxFormatError((cause as Error).message || 'not a zip', { cause });
  }
  const text = (name: string) => (parts[name] ? decoder.decode(parts[name]) : '');
  const workbookXml = text('xl/workbook.xml');
  if (!workbookXml) throw new XlsxFormatError('no xl/workbook.xml');
  const context: SheetContext = {
    strings: sharedStrings(text('xl/sharedStrings.xml')),
    styles: styleFormats(text('xl/styles.xml')),
    date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbookXml),
  };
  const sheets = listSheets(workbookXml, text('xl/_rels/workbook.xml.rels')).map((entry) =>
    readSheet(entry.name, entry.hidden, text(entry.part), context, limits.maxRows(entry.name)),
  );
  return { sheets };
}
