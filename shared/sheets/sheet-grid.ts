/**
 * A Google Sheet as read through the Sheets v4 API -> the same cell grid an .xlsx upload
 * becomes. Pure: it takes the API's documented response shapes and returns the grid, so the
 * parser, validator and messages cannot tell the sources apart.
 *
 * Values come from `values.batchGet` with `UNFORMATTED_VALUE` and `SERIAL_NUMBER` dates: a
 * date is a serial number, a percent typed as `50%` is 0.5. The number format of each used
 * cell (from `spreadsheets.get` grid data) says which numbers are dates and which are
 * percents, exactly as an .xlsx cell's style does.
 */
import { type CellGrid, type GridSheet, GridSheetBuilder, type GridValue } from '../grid/cell-grid.ts';
import { excelSerialToIsoDay } from '../parse/read-date.ts';

/** What the API says about one cell besides its value. */
export interface CellFacts {
  /** `effectiveFormat.numberFormat` (type DATE, PERCENT, NUMBER...; pattern like `0%`). */
  readonly numberFormat?: { readonly type?: string | null; readonly pattern?: string | null } | null;
  /** `effectiveValue.errorValue`: the cell shows a formula error. */
  readonly errorValue?: { readonly type?: string | null } | null;
}

/** One sheet as fetched. */
export interface FetchedSheet {
  readonly sheetId: number;
  readonly title: string;
  readonly hidden: boolean;
  /** Rows of values (0-based), trailing empty rows and cells left out, as the API returns them. */
  readonly values: readonly (readonly unknown[])[];
  /** Facts per cell of the used range, same indexes as `values`. */
  readonly facts: readonly (readonly (CellFacts | undefined)[] | undefined)[];
}

/** One consistent read of a whole spreadsheet. */
export interface FetchedSpreadsheet {
  readonly spreadsheetId: string;
  readonly title: string;
  readonly sheets: readonly FetchedSheet[];
  /** Number of protected ranges per sheet title (kept with the raw record; protection is advisory). */
  readonly protectedRanges: Readonly<Record<string, number>>;
}

/** Default patterns for number format types that come without one. */
const DEFAULT_PATTERNS: Record<string, string> = {
  PERCENT: '0%',
  DATE: 'dd/mm/yyyy',
  DATE_TIME: 'dd/mm/yyyy',
};

/** Sheets' formula error types as Excel shows them (the xlsx reader keeps Excel's text). */
const ERROR_TEXT: Record<string, string> = {
  ERROR: '#ERROR!',
  NULL_VALUE: '#NULL!',
  DIVIDE_BY_ZERO: '#DIV/0!',
  VALUE: '#VALUE!',
  REF: '#REF!',
  NAME: '#NAME?',
  NUM: '#NUM!',
  N_A: '#N/A',
  LOADING: '#LOADING',
};

function numberCell(number: number, facts: CellFacts | undefined): GridValue | undefined {
  const type = facts?.numberFormat?.type ?? undefined;
  if (type === 'DATE' || type === 'DATE_TIME') {
    // Sheets counts days from 1899-12-30 like Excel's 1900 system, so the same conversion holds.
    const date = excelSerialToIsoDay(number);
    if (date) return { kind: 'date', date };
  }
  const pattern = facts?.numberFormat?.pattern || (type ? DEFAULT_PATTERNS[type] : undefined);
  // The grid keeps a number's format (as the .xlsx reader keeps the style's), so `50%` reads as 50.
  return pattern ? { kind: 'number', number, format: pattern } : { kind: 'number', number };
}

/** One API value (with its facts) as a grid value; undefined for an empty cell. */
export function toGridValue(value: unknown, facts: CellFacts | undefined): GridValue | undefined {
  const errorType = facts?.errorValue?.type;
  if (errorType) return { kind: 'error', error: ERROR_TEXT[errorType] ?? `#${errorType}` };
  if (typeof value === 'number') return Number.isFinite(value) ? numberCell(value, facts) : undefined;
  if (typeof value === 'boolean') return { kind: 'boolean', boolean: value };
  if (typeof value === 'string') return value.trim() ? { kind: 'text', text: value } : undefined;
  return undefined;
}

function sheetToGrid(sheet: FetchedSheet): GridSheet {
  const builder = new GridSheetBuilder(sheet.title, sheet.hidden);
  sheet.values.forEach((row, rowIndex) => {
    row.forEach((value, columnIndex) => {
      const cell = toGridValue(value, sheet.facts[rowIndex]?.[columnIndex]);
      if (cell) builder.set(rowIndex + 1, columnIndex + 1, cell);
    });
  });
  return builder.build();
}

/** A fetched spreadsheet as the cell grid every source becomes. */
export function spreadsheetToGrid(fetched: FetchedSpreadsheet): CellGrid {
  return { sheets: fetched.sheets.map(sheetToGrid) };
}

/** The used extent of fetched values: rows, and the widest row's cells. */
export function usedExtent(values: readonly (readonly unknown[])[]): { rows: number; columns: number } {
  let columns = 0;
  for (const row of values) columns = Math.max(columns, row.length);
  return { rows: values.length, columns };
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * The raw record of a pulled sheet: the grid as canonical JSON (sorted keys, cells in row
 * order, no whitespace), so the same content always gives the same bytes and the same sha256,
 * and an unchanged sheet makes no new record. Fetch time and Drive version are left out on
 * purpose: they change when the content does not.
 */
export function canonicalGridJson(spreadsheetId: string, grid: CellGrid): string {
  return canonical({
    format: 'laingan-cell-grid/1',
    source: 'google-sheets',
    spreadsheetId,
    sheets: grid.sheets.map((sheet) => ({
      name: sheet.name,
      hidden: sheet.hidden,
      cells: sheet.rows.flatMap((row, rowNumber) =>
        row ? row.flatMap((cell, column) => (cell ? [[rowNumber, column, cell]] : [])) : [],
      ),
    })),
  });
}
