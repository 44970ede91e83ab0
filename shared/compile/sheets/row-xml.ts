/**
 * The rows of the national workbook's table and front sheets as SpreadsheetML, written straight into
 * exceljs's streaming worksheet. exceljs builds a Row, a Cell per value (each with a merged
 * copy of its column's style), a model of each, then serialises them node by node: most of
 * a compile's workbook time for ~56,000 cells. The same XML is one string per row here.
 *
 * The output is the XML exceljs 4.4 writes for the same row, byte for byte (strings as
 * `t="str"`, or `t="s"` into the workbook's shared strings when the sheet uses them; `spans`;
 * `x14ac:dyDescent`; a null cell kept when it has a style), so every reader sees what it saw
 * before; test/compile/row-xml checks it against exceljs's own row writer, both ways. Styles
 * still go through the workbook's one styles table.
 *
 * Shared strings, unlike exceljs's, stop taking new texts once the table holds
 * {@link SHARED_TEXT_BUDGET} characters or {@link SHARED_STRINGS_BUDGET} texts: the table
 * stays in memory until the workbook's end, so past that a new text is written in its cell
 * (`t="str"`), as before, and memory stays flat in the span however much free text it holds.
 * Texts of cells exceljs writes itself (the plan mapping sheets of a workbook across plans)
 * go into the table uncounted: their number follows the plans, not the span.
 * Everything else of the sheet (columns, views, conditional formats, page set-up, commit)
 * stays exceljs's.
 */
import type { Style, Worksheet } from 'exceljs';
import { columnLetter } from './sheet-kit.ts';

/** What a table cell holds: text, a number, a yes/no, a date, or nothing. */
export type SheetValue = string | number | boolean | Date | null | undefined;

/** A cell covered by a merge that starts to its left: empty, styled as the merge's first cell. */
export const MERGED = Symbol('merged cell');

/** A cell of a row: a value, or covered by a merge. */
export type RowCell = SheetValue | typeof MERGED;

/** exceljs's cell value types (its `Enums.ValueType`), which its styles table keys dates by. */
const VALUE_TYPE = { null: 0, merge: 1, number: 2, string: 3, date: 4, boolean: 9 } as const;

/** Serial of 1970-01-01 in Excel's 1900 date system (exceljs `utils.dateToExcel`). */
const UNIX_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;

/** Characters exceljs escapes or drops in XML text (its `xmlEncode`): the control characters too. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const NEEDS_ESCAPE = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;

/**
 * Text escaped for XML as exceljs does: the five entities, and control characters XML 1.0
 * cannot hold (all below 0x20 but tab, line feed and carriage return; and DEL) dropped.
 */
export function escapeXmlText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let replacement: string;
    if (code === 34) replacement = '&quot;';
    else if (code === 38) replacement = '&amp;';
    else if (code === 39) replacement = '&apos;';
    else if (code === 60) replacement = '&lt;';
    else if (code === 62) replacement = '&gt;';
    else if (code === 127 || code <= 8 || (code >= 11 && code <= 31 && code !== 13)) replacement = '';
    else continue;
    out += text.slice(from, i) + replacement;
    from = i + 1;
  }
  return out + text.slice(from);
}

/** exceljs's internals of a streaming worksheet and its workbook that the rows go through. */
interface StreamingSheetInternals {
  startedData: boolean;
  _rowZero: number;
  /** Merged ranges, written by the sheet's commit (`<mergeCell ref="...">` each). */
  readonly _merges: unknown[];
  /** Whether the sheet's strings go into the workbook's shared strings (exceljs's option). */
  readonly useSharedStrings?: boolean;
  readonly _workbook: {
    readonly styles: { addStyleModel(style: Partial<Style>, cellType?: number): number };
    readonly sharedStrings?: SharedStringsTable;
  };
  _writeColumns(): void;
  _writeOpenSheetData(): void;
  readonly stream: { write(text: string): unknown };
}

/** exceljs's shared strings table (`utils/shared-strings`): texts by index, added once each. */
interface SharedStringsTable {
  readonly count: number;
  /** Index of each text already in the table. */
  readonly _hash: Record<string, number | undefined>;
  add(value: string): number;
}

/**
 * Characters the shared strings of one workbook take at most. A 198-submission workbook's
 * 38,756 text cells hold 1,101 distinct texts of about 40,000 characters; this leaves room for
 * every label, title and unit name of a plan, and stops free text of years piling up.
 */
export const SHARED_TEXT_BUDGET = 1 << 19;
/** Texts the shared strings of one workbook take at most (see {@link SHARED_TEXT_BUDGET}). */
export const SHARED_STRINGS_BUDGET = 1 << 15;

/** Characters already in each workbook's shared strings (kept beside exceljs's table). */
const sharedTextHeld = new WeakMap<SharedStringsTable, number>();

/**
 * The shared-strings index of `text`, or undefined when it is to be written in its cell: the
 * table is full (see {@link SHARED_TEXT_BUDGET}) and does not hold it yet.
 */
function sharedIndexOf(table: SharedStringsTable, text: string): number | undefined {
  if (table._hash[text] !== undefined) return table.add(text);
  const held = sharedTextHeld.get(table) ?? 0;
  if (held + text.length > SHARED_TEXT_BUDGET || table.count >= SHARED_STRINGS_BUDGET) return undefined;
  sharedTextHeld.set(table, held + text.length);
  return table.add(text);
}

function internalsOf(sheet: Worksheet): StreamingSheetInternals {
  const internals = sheet as unknown as Partial<StreamingSheetInternals>;
  if (
    typeof internals._writeColumns !== 'function' ||
    typeof internals._writeOpenSheetData !== 'function' ||
    !Array.isArray(internals._merges) ||
    typeof internals._workbook?.styles?.addStyleModel !== 'function'
  )
    throw new Error('RowXmlWriter needs exceljs 4.4 streaming worksheet internals; exceljs has changed');
  return internals as StreamingSheetInternals;
}

/** One shared style of a sheet and its index in the styles table (found on first use). */
export interface SharedStyle {
  readonly style: Partial<Style>;
  id?: number;
}

/** Optional parts of a row element. */
export interface RowOptions {
  /** Height in points (a custom height). */
  readonly height?: number;
  readonly hidden?: boolean;
}

/** Rows of XML above this many characters go to the sheet's stream in one write. */
const FLUSH_CHARS = 32_768;

/**
 * Writes rows of one streaming worksheet as XML. Rows are taken in order and buffered a few
 * tens of KB at a time; {@link flush} (or {@link commit}) hands them to the sheet's stream.
 * Nothing else may write rows to the sheet.
 */
export class RowXmlWriter {
  private readonly internals: StreamingSheetInternals;
  private readonly letters: string[] = [];
  private pending = '';
  /** The workbook's shared strings when the sheet uses them. */
  private readonly sharedStrings: SharedStringsTable | undefined;

  constructor(readonly sheet: Worksheet) {
    this.internals = internalsOf(sheet);
    const table = this.internals._workbook.sharedStrings;
    if (this.internals.useSharedStrings) {
      if (typeof table?.add !== 'function' || typeof table._hash !== 'object')
        throw new Error('RowXmlWriter needs exceljs 4.4 shared strings internals; exceljs has changed');
      this.sharedStrings = table;
    }
  }

  /**
   * Writes row `number` (1-based, below every row written before). `styles[i]` is the style
   * of the cell `values[i]`; a column without a style has no cell. As exceljs does, a row with
   * no value and no height is left out, and a null cell is kept (as an empty cell) only when
   * its style is not the default.
   */
  writeRow(
    number: number,
    values: readonly RowCell[],
    styles: readonly (SharedStyle | undefined)[],
    options: RowOptions = {},
  ): void {
    const internals = this.internals;
    // Rows stream out in order: one at or above a row already written cannot be placed.
    if (number < internals._rowZero)
      throw new Error(
        `RowXmlWriter: row ${number} comes after row ${internals._rowZero - 1}, already written`,
      );
    if (!internals.startedData) {
      // What exceljs does before its first row: the column definitions, then the sheet data.
      internals._writeColumns();
      internals._writeOpenSheetData();
      internals.startedData = true;
    }
    let cells = '';
    let hasValues = false;
    let first = 0;
    let last = 0;
    for (let index = 0; index < values.length; index++) {
      const shared = styles[index];
      if (!shared) continue;
      if (!first) first = index + 1;
      last = index + 1;
      const value = values[index];
      const type = valueTypeOf(value);
      // exceljs keys a style's index by the style object: the first cell's type decides it.
      let styleId = shared.id;
      if (styleId === undefined) {
        styleId = internals._workbook.styles.addStyleModel(shared.style, type);
        shared.id = styleId;
      }
      if (type === VALUE_TYPE.null && !styleId) continue;
      const address = `${this.letter(index)}${number}`;
      const style = styleId ? ` s="${styleId}"` : '';
      if (value === null || value === undefined) {
        cells += `<c r="${address}"${style}/>`;
        continue;
      }
      hasValues = true;
      if (value === MERGED) {
        cells += `<c r="${address}"${style}/>`;
        continue;
      }
      if (typeof value === 'string') {
        const sharedIndex = this.sharedStrings && sharedIndexOf(this.sharedStrings, value);
        cells +=
          sharedIndex === undefined
            ? `<c r="${address}"${style} t="str"><v>${escapeXmlText(value)}</v></c>`
            : `<c r="${address}"${style} t="s"><v>${sharedIndex}</v></c>`;
      } else if (typeof value === 'number') cells += `<c r="${address}"${style}><v>${String(value)}</v></c>`;
      else if (typeof value === 'boolean')
        cells += `<c r="${address}"${style} t="b"><v>${value ? '1' : '0'}</v></c>`;
      else
        cells += `<c r="${address}"${style}><v>${String(UNIX_EPOCH_SERIAL + value.getTime() / MS_PER_DAY)}</v></c>`;
    }
    internals._rowZero = number + 1;
    if (!hasValues && !options.height) return;
    let row = `<row r="${number}"`;
    if (options.height) row += ` ht="${options.height}" customHeight="1"`;
    if (options.hidden) row += ' hidden="1"';
    if (first) row += ` spans="${first}:${last}"`;
    row += ' x14ac:dyDescent="0.25"';
    this.pending += cells ? `${row}>${cells}</row>` : `${row}/>`;
    if (this.pending.length > FLUSH_CHARS) this.flush();
  }

  /** Merges columns `first`..`last` (0-based) of row `number`: the sheet's commit lists the range. */
  merge(number: number, first: number, last: number): void {
    this.internals._merges.push(`${this.letter(first)}${number}:${this.letter(last)}${number}`);
  }

  /** Hands the buffered rows to the sheet's stream. */
  flush(): void {
    if (!this.pending) return;
    this.internals.stream.write(this.pending);
    this.pending = '';
  }

  /** Flushes the rows and commits the sheet (its closing parts are exceljs's). */
  commit(): void {
    this.flush();
    this.sheet.commit();
  }

  private letter(index: number): string {
    let letter = this.letters[index];
    if (letter === undefined) {
      letter = columnLetter(index + 1);
      this.letters[index] = letter;
    }
    return letter;
  }
}

function valueTypeOf(value: RowCell): number {
  if (value === null || value === undefined) return VALUE_TYPE.null;
  if (value === MERGED) return VALUE_TYPE.merge;
  if (typeof value === 'string') return VALUE_TYPE.string;
  if (typeof value === 'number') return VALUE_TYPE.number;
  if (typeof value === 'boolean') return VALUE_TYPE.boolean;
  return VALUE_TYPE.date;
}
