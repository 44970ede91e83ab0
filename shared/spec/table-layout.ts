/**
 * Where things sit on a table sheet, derived from the spec: the hidden key row, the header
 * rows (one per level of column groups, then the columns' own headers) and the first data
 * row. A sheet without groups keeps the original layout: keys in row 1, header in row 2,
 * data from row 3. The generator writes each sheet's first data row into `_meta`, and the
 * parser reads it from there, so files made before grouped headers still read the same.
 */
import type { TableSheetSpec } from './field-types.ts';
import { FIRST_DATA_ROW, KEY_ROW } from './template-spec.ts';

/** Row numbers of one table sheet's layout. */
export interface TableRows {
  readonly keyRow: number;
  /** First visible header row (group headers, or the column headers when there are none). */
  readonly firstHeaderRow: number;
  /** The row of each column's own header. */
  readonly headerRow: number;
  readonly firstDataRow: number;
}

/** Levels of column groups above the column headers. */
export function groupDepth(table: TableSheetSpec): number {
  return Math.max(0, ...table.fields.map((field) => field.group?.length ?? 0));
}

/** The layout of a table sheet as the template generator writes it. */
export function tableRows(table: TableSheetSpec): TableRows {
  const depth = groupDepth(table);
  return {
    keyRow: KEY_ROW,
    firstHeaderRow: KEY_ROW + 1,
    headerRow: KEY_ROW + 1 + depth,
    firstDataRow: FIRST_DATA_ROW + depth,
  };
}

/** `_meta` key holding a sheet's first data row. */
export function firstDataRowMetaKey(sheetName: string): string {
  return `first_data_row:${sheetName}`;
}
