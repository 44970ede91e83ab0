/**
 * Fixtures for validator tests: a generated template filled with a valid sample, then broken
 * one cell at a time through the template's key row, with exceljs (not the parser).
 */
import type { Workbook } from 'exceljs';
import { defaultCatalogue } from '../../shared/reference/catalogue.ts';
import type { Unit } from '../../shared/reference/reference-schema.ts';
import { tableRows } from '../../shared/spec/table-layout.ts';
import { COVER_INPUT_COLUMN, TEMPLATE_SPEC } from '../../shared/spec/template-spec.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { buildSampleWorkbook, coverKeyRows, keyColumns } from '../../templates/fill-sample.ts';

export const catalogue = defaultCatalogue();

export function unit(code: string): Unit {
  const found = catalogue.unitByCode.get(code);
  if (!found) throw new Error(`no unit ${code}`);
  return found;
}

/** A valid filled sample workbook for a unit and month. */
export async function sampleWorkbook(unitCode = 'MPS', period = '2025-06', seed = 1) {
  return buildSampleWorkbook({ unit: unit(unitCode), period, seed }, catalogue);
}

/** Address of a table cell by sheet, 0-based data row index and field key. */
export function tableCellAddress(
  workbook: Workbook,
  sheetName: string,
  rowIndex: number,
  key: string,
): string {
  const sheet = workbook.getWorksheet(sheetName);
  const column = sheet ? keyColumns(sheet).get(key) : undefined;
  if (!sheet || column === undefined) throw new Error(`no column ${key} on ${sheetName}`);
  const table = TEMPLATE_SPEC.tables.find((t) => t.sheetName === sheetName);
  if (!table) throw new Error(`no table sheet ${sheetName}`);
  return sheet.getCell(tableRows(table).firstDataRow + rowIndex, column).address;
}

/** Sets a table cell by key and returns its A1 address. */
export function setTableCell(
  workbook: Workbook,
  sheetName: string,
  rowIndex: number,
  key: string,
  value: unknown,
): string {
  const address = tableCellAddress(workbook, sheetName, rowIndex, key);
  (workbook.getWorksheet(sheetName)?.getCell(address) as { value: unknown }).value = value;
  return address;
}

/** Sets a cover input by key and returns its A1 address. */
export function setCoverCell(workbook: Workbook, key: string, value: unknown): string {
  const sheet = workbook.getWorksheet('Cover');
  const row = sheet ? coverKeyRows(sheet).get(key) : undefined;
  if (!sheet || row === undefined) throw new Error(`no cover field ${key}`);
  const cell = sheet.getCell(row, COVER_INPUT_COLUMN);
  (cell as { value: unknown }).value = value;
  return cell.address;
}

export async function toBytes(workbook: Workbook): Promise<Uint8Array> {
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

export async function validateWorkbook(workbook: Workbook) {
  return validateXlsx(await toBytes(workbook), catalogue);
}
