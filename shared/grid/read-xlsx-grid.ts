/**
 * A lean .xlsx reader straight into the cell grid: fflate inflates the parts as streams, and
 * a small scanner reads cells (shared strings, inline strings, numbers, booleans, errors,
 * formula results, dates by number format) chunk by chunk, never holding a whole sheet as one
 * string. It reads only what validation needs, so a typical report parses in a few
 * milliseconds and `ingest` never loads exceljs (whose import alone takes most of a cold
 * start). Limits are enforced while inflating: rows that hold values are counted (a sheet
 * formatted down to row 1,048,576 costs nothing extra), and the inflated bytes of all parts
 * together are counted, so an oversize sheet or a zip bomb stops as soon as it passes.
 */
import { Unzip, type UnzipFile, UnzipInflate, unzipSync } from 'fflate';
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

/** The parts inflated to more bytes than allowed (a zip bomb, or simply far too much). */
export class TooMuchDataError extends Error {
  override readonly name = 'TooMuchDataError';
  constructor(readonly limitBytes: number) {
    super(`the workbook unpacks to more than ${limitBytes} bytes`);
  }
}

export interface ReadLimits {
  /** Most rows holding at least one value (header rows included) a sheet may have, by name. */
  readonly maxRows: (sheetName: string) => number;
  /** Most bytes all inflated parts may add up to; default 256 MiB. */
  readonly maxUnpackedBytes?: number;
  /**
   * Uploads of at most this many bytes whose parts declare at most 16 times as much are
   * inflated whole (faster for a typical report); larger ones stream. Whole inflation writes
   * into buffers of the declared sizes, so a lying directory only truncates, and the small
   * upload bounds the work (deflate expands at most ~1,000x). Default 256 KiB.
   */
  readonly wholeBelowBytes?: number;
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

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

/**
 * Index where the last element named `name` (any namespace prefix) opens, or -1. Text before
 * it holds only complete elements of that name, so a chunk can be cut there.
 */
function lastTagStart(text: string, name: string): number {
  for (let at = text.lastIndexOf(name); at > 0; at = text.lastIndexOf(name, at - 1)) {
    const after = text.charCodeAt(at + name.length);
    // Followed by space, '>' or '/', preceded by '<' or by 'prefix:' after '<'.
    if (!(after === 32 || after === 62 || after === 47 || after === 9 || after === 10 || after === 13))
      continue;
    if (text.charCodeAt(at - 1) === 60) return at - 1;
    if (text.charCodeAt(at - 1) === 58) {
      const open = text.lastIndexOf('<', at);
      if (open >= 0 && /^<\w+:$/.test(text.slice(open, at))) return open;
    }
  }
  return -1;
}

/** Longest run of XML allowed without a cut point (one row, one string item). */
const MAX_ELEMENT_CHARS = 16 * 1024 * 1024;

/**
 * Feeds decoded text to `consume` in pieces that end before an opening `name` tag, so each
 * piece holds whole elements; what follows the last such tag waits for the next chunk.
 */
class ElementChunker {
  private pending = '';
  private readonly decoder = new TextDecoder();
  constructor(
    private readonly name: string,
    private readonly consume: (text: string) => void,
  ) {}

  push(bytes: Uint8Array, final: boolean): void {
    const text = this.pending + this.decoder.decode(bytes, { stream: !final });
    if (final) {
      this.pending = '';
      this.consume(text);
      return;
    }
    const cut = lastTagStart(text, this.name);
    if (cut <= 0) {
      if (text.length > MAX_ELEMENT_CHARS) throw new XlsxFormatError(`a ${this.name} element is too long`);
      this.pending = text;
      return;
    }
    this.pending = text.slice(cut);
    this.consume(text.slice(0, cut));
  }
}

/** Reads one sheet's XML as it streams in, counting rows that hold values against the limit. */
class SheetScanner {
  private readonly builder: GridSheetBuilder;
  private rowNumber = 0;
  private columnCursor = 0;
  private valueRows = 0;
  private lastCountedRow = -1;

  constructor(
    private readonly name: string,
    hidden: boolean,
    private readonly context: SheetContext,
    private readonly maxRows: number,
  ) {
    this.builder = new GridSheetBuilder(name, hidden);
  }

  /** Scans text that holds only whole `<row>` elements (plus whatever precedes the first). */
  scan(xml: string): void {
    const name = this.name;
    CELL_OR_ROW.lastIndex = 0;
    for (let match = CELL_OR_ROW.exec(xml); match; match = CELL_OR_ROW.exec(xml)) {
      const attributes = match[2] ?? '';
      if (match[1] === 'row') {
        const declared = Number(attribute(attributes, 'r'));
        this.rowNumber = Number.isInteger(declared) && declared > 0 ? declared : this.rowNumber + 1;
        if (this.rowNumber > MAX_ROW) throw new XlsxFormatError(`row ${this.rowNumber} is outside the sheet`);
        this.columnCursor = 0;
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
      const column = reference ? columnNumber(reference) : this.columnCursor + 1;
      this.columnCursor = column;
      const rowOfReference = reference ? Number(reference.slice(reference.search(/\d/))) : this.rowNumber;
      // Outside Excel's grid (1,048,576 rows x 16,384 columns) a reference can only be hostile.
      if (rowOfReference > MAX_ROW || column > MAX_COLUMN)
        throw new XlsxFormatError(`cell ${reference} is outside the sheet`);
      const value = cellValue(
        attribute(attributes, 't'),
        Number(attribute(attributes, 's') ?? 0),
        content,
        this.context,
      );
      if (!value || column <= 0 || rowOfReference <= 0) continue;
      // Only rows holding a value count: formatting, heights and empty cells cost nothing.
      if (rowOfReference !== this.lastCountedRow) {
        this.lastCountedRow = rowOfReference;
        this.valueRows += 1;
        if (this.valueRows > this.maxRows) throw new TooManyRowsError(name, this.maxRows);
      }
      this.builder.set(rowOfReference, column, value);
    }
  }

  build(): GridSheet {
    return this.builder.build();
  }
}

const DEFAULT_MAX_UNPACKED = 256 * 1024 * 1024;
/** Compressed bytes handed to the inflater at a time: bounds one inflated chunk (~1000:1 at most). */
const INPUT_SLICE = 16 * 1024;
const METADATA_PARTS = new Set(['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml']);

/**
 * Streams the zip once, handing each wanted part's inflated chunks to its handler, and stops
 * with TooMuchDataError when the inflated total passes the limit.
 */
function streamParts(
  bytes: Uint8Array,
  handlerFor: (name: string) => ((chunk: Uint8Array, final: boolean) => void) | undefined,
  budget: { remaining: number; readonly limit: number },
): void {
  let failure: unknown;
  const started: UnzipFile[] = [];
  const unfinished = new Set<string>();
  const unzip = new Unzip((file) => {
    const handle = handlerFor(file.name);
    if (!handle) return;
    file.ondata = (error, chunk, final) => {
      if (failure) return;
      try {
        if (error) throw new XlsxFormatError(`${file.name}: ${error.message}`, { cause: error });
        budget.remaining -= chunk.byteLength;
        if (budget.remaining < 0) throw new TooMuchDataError(budget.limit);
        handle(chunk, final);
        if (final) unfinished.delete(file.name);
      } catch (cause) {
        failure = cause;
        for (const each of started) each.terminate();
      }
    };
    started.push(file);
    unfinished.add(file.name);
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let offset = 0; offset < bytes.byteLength && !failure; offset += INPUT_SLICE)
      unzip.push(bytes.subarray(offset, offset + INPUT_SLICE), offset + INPUT_SLICE >= bytes.byteLength);
  } catch (cause) {
    failure ??= new XlsxFormatError((cause as Error).message || 'not a zip', { cause });
  }
  if (failure) throw failure;
  // A part cut off before its end (a truncated upload) must not pass as a shorter sheet.
  if (unfinished.size) throw new XlsxFormatError(`${[...unfinished][0]} ends early`);
}

/** Collects a small part's text whole (workbook, relationships, styles). */
function textCollector(into: Map<string, string>, name: string) {
  const decoder = new TextDecoder();
  let text = '';
  return (chunk: Uint8Array, final: boolean) => {
    text += decoder.decode(chunk, { stream: !final });
    if (final) into.set(name, text);
  };
}

const WHOLE_BELOW = 256 * 1024;
const isSheetPart = (name: string) => /^xl\/worksheets\/[^/]+\.xml$/.test(name);
const isWantedPart = (name: string) =>
  METADATA_PARTS.has(name) || name === 'xl/sharedStrings.xml' || isSheetPart(name);

/** Declared unpacked size of the parts the grid needs, from the zip's directory (nothing inflated). */
function declaredWantedBytes(bytes: Uint8Array): number {
  let total = 0;
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (isWantedPart(file.name)) total += file.originalSize;
        return false;
      },
    });
  } catch (cause) {
    throw new XlsxFormatError((cause as Error).message || 'not a zip', { cause });
  }
  return total;
}

/** The workbook's sheets, each with a scanner, once the small parts are known. */
function sheetScanners(texts: ReadonlyMap<string, string>, strings: readonly string[], limits: ReadLimits) {
  const workbookXml = texts.get('xl/workbook.xml');
  if (!workbookXml) throw new XlsxFormatError('no xl/workbook.xml');
  const context: SheetContext = {
    strings,
    styles: styleFormats(texts.get('xl/styles.xml') ?? ''),
    date1904: /<(?:\w+:)?workbookPr\b[^>]*\bdate1904="(1|true)"/.test(workbookXml),
  };
  const entries = listSheets(workbookXml, texts.get('xl/_rels/workbook.xml.rels') ?? '');
  const scanners = new Map(
    entries.map((entry) => [
      entry.part,
      new SheetScanner(entry.name, entry.hidden, context, limits.maxRows(entry.name)),
    ]),
  );
  const grid = (): CellGrid => ({
    sheets: entries.map((entry) => (scanners.get(entry.part) as SheetScanner).build()),
  });
  return { scanners, grid };
}

/** A small package: every needed part inflated whole, then scanned in one go. */
function readWhole(bytes: Uint8Array, limits: ReadLimits): CellGrid {
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, { filter: (file) => isWantedPart(file.name) });
  } catch (cause) {
    throw new XlsxFormatError((cause as Error).message || 'not a zip', { cause });
  }
  const texts = new Map<string, string>();
  const decoder = new TextDecoder();
  for (const [name, body] of Object.entries(parts)) texts.set(name, decoder.decode(body));
  const { scanners, grid } = sheetScanners(
    texts,
    sharedStrings(texts.get('xl/sharedStrings.xml') ?? ''),
    limits,
  );
  for (const [part, scanner] of scanners) scanner.scan(texts.get(part) ?? '');
  return grid();
}

/** A large package: parts inflate as streams, limits checked chunk by chunk. */
function readStreaming(bytes: Uint8Array, limits: ReadLimits): CellGrid {
  const limit = limits.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED;
  const budget = { remaining: limit, limit };
  // Pass 1: the small parts that say which part is which sheet, and the shared strings.
  // Zip order varies by writer (exceljs and openpyxl put sheets first), so sheets wait.
  const texts = new Map<string, string>();
  const strings: string[] = [];
  streamParts(
    bytes,
    (name) => {
      if (METADATA_PARTS.has(name)) return textCollector(texts, name);
      if (name !== 'xl/sharedStrings.xml') return undefined;
      const chunker = new ElementChunker('si', (xml) => strings.push(...sharedStrings(xml)));
      return (chunk, final) => chunker.push(chunk, final);
    },
    budget,
  );
  const { scanners, grid } = sheetScanners(texts, strings, limits);
  // Pass 2: every sheet, scanned as it inflates.
  streamParts(
    bytes,
    (name) => {
      const scanner = scanners.get(name);
      if (!scanner) return undefined;
      const chunker = new ElementChunker('row', (xml) => scanner.scan(xml));
      return (chunk, final) => chunker.push(chunk, final);
    },
    budget,
  );
  return grid();
}

/**
 * Reads .xlsx bytes into the cell grid. Throws XlsxFormatError for packages that are not
 * workbooks, TooManyRowsError when a sheet passes its limit and TooMuchDataError when the
 * parts unpack to more than allowed.
 */
export function readXlsxGrid(bytes: Uint8Array, limits: ReadLimits = { maxRows: () => MAX_ROW }): CellGrid {
  const small = limits.wholeBelowBytes ?? WHOLE_BELOW;
  const whole = bytes.byteLength <= small && declaredWantedBytes(bytes) <= 16 * small;
  return whole ? readWhole(bytes, limits) : readStreaming(bytes, limits);
}
