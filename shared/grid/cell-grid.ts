/**
 * The common ground of every source: an .xlsx upload and a Google Sheet both become a grid of
 * typed cells before anything is validated.
 */

/** A cell value as the source typed it. Dates are calendar dates, `YYYY-MM-DD`. */
export type GridValue =
  | { readonly kind: 'text'; readonly text: string }
  | {
      readonly kind: 'number';
      readonly number: number;
      /**
       * The cell's number format code when it is not General (`0%`, `#,##0`): a percent
       * typed as `50%` is stored as 0.5 with a `%` format, so the value alone misreads it.
       * An .xlsx gives it from its styles; a Google Sheet from `numberFormat.pattern`.
       */
      readonly format?: string;
    }
  | { readonly kind: 'boolean'; readonly boolean: boolean }
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'error'; readonly error: string };

/** A cell value as the text a person would see typed (booleans as TRUE/FALSE, dates ISO). */
export function gridValueText(value: GridValue): string {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'number':
      return String(value.number);
    case 'boolean':
      return value.boolean ? 'TRUE' : 'FALSE';
    case 'date':
      return value.date;
    case 'error':
      return value.error;
  }
}

/** One sheet: its name, and its non-empty cells by 1-based row and column. */
export interface GridSheet {
  readonly name: string;
  readonly hidden: boolean;
  /** rows[r][c] with 1-based r and c; missing entries are empty cells. */
  readonly rows: ReadonlyArray<ReadonlyArray<GridValue | undefined> | undefined>;
}

/** A whole workbook as cells. */
export interface CellGrid {
  readonly sheets: readonly GridSheet[];
}

/**
 * True when a number format scales by 100 and shows a percent sign (`0%`, `0.00%`), i.e. the
 * stored 0.5 is what the person sees and typed as 50 %. A `%` inside quotes or escaped is a
 * literal and does not scale.
 */
export function isPercentFormat(code: string | undefined): boolean {
  if (!code) return false;
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return bare.includes('%');
}

/** Column number (1-based) to letters: 1 -> A, 28 -> AB. */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** A1 address of a 1-based row and column. */
export function toA1(row: number, column: number): string {
  return `${columnLetters(column)}${row}`;
}

/** The cell at a 1-based row and column, if not empty. */
export function cellAt(sheet: GridSheet, row: number, column: number): GridValue | undefined {
  return sheet.rows[row]?.[column];
}

/** Mutable builder used by the readers; keeps rows sparse and 1-based. */
export class GridSheetBuilder {
  readonly rows: (GridValue | undefined)[][] = [];
  constructor(
    readonly name: string,
    readonly hidden: boolean,
  ) {}

  set(row: number, column: number, value: GridValue): void {
    this.rows[row] ??= [];
    (this.rows[row] as (GridValue | undefined)[])[column] = value;
  }

  build(): GridSheet {
    return { name: this.name, hidden: this.hidden, rows: this.rows };
  }
}
