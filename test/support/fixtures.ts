/**
 * Fixtures for validator tests: a generated template filled with a valid sample, then broken
 * one cell at a time through the template's key row, with exceljs (not the parser).
 */
import type { Workbook } from 'exceljs';
import { defaultCatalogue } from '../../shared/reference/catalogue.ts';
import type { Unit } from '../../shared/reference/reference-schema.ts';
import { findSpecSheet, isSpecSheet, specSheets } from '../../shared/spec/sheet-naming.ts';
import { firstDataRowMetaKey, tableRows } from '../../shared/spec/table-layout.ts';
import {
  COVER_INPUT_COLUMN,
  META_SHEET,
  SHEET_NAMES,
  TEMPLATE_SPEC,
} from '../../shared/spec/template-spec.ts';
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

/**
 * The template's tab names as templates are made now, from the spec: what a test means by
 * "the template's Activities sheet" (`TAB.activities`), whatever the spelling of the day.
 */
export const TAB = {
  cover: SHEET_NAMES.cover.sheetName,
  activities: SHEET_NAMES.activities.sheetName,
  cases: SHEET_NAMES.cases.sheetName,
  assistance: SHEET_NAMES.assistance.sheetName,
  awareness: SHEET_NAMES.awareness.sheetName,
  instructions: SHEET_NAMES.instructions.sheetName,
  issues: SHEET_NAMES.issues.sheetName,
} as const;

/**
 * Makes a workbook what a template made before bilingual tabs was: English-only tab names,
 * and `_meta`'s first-data-row keys under those names.
 */
export function renameToLegacyTabs(workbook: Workbook): void {
  const meta = workbook.getWorksheet(META_SHEET);
  for (const naming of [...specSheets(TEMPLATE_SPEC), SHEET_NAMES.instructions]) {
    const sheet = findSpecSheet(workbook.worksheets, naming);
    const legacy = naming.legacySheetNames[0];
    if (!sheet || !legacy) continue;
    meta?.eachRow((row) => {
      const key = row.getCell(1);
      if (key.value === firstDataRowMetaKey(sheet.name)) key.value = firstDataRowMetaKey(legacy);
    });
    sheet.name = legacy;
  }
}

/** A table sheet of the template by any of its names, and the workbook's sheet holding it. */
function tableSheet(workbook: Workbook, sheetName: string) {
  const table = TEMPLATE_SPEC.tables.find((t) => isSpecSheet(t, sheetName));
  if (!table) throw new Error(`no table sheet ${sheetName}`);
  return { table, sheet: findSpecSheet(workbook.worksheets, table) };
}

/** Address of a table cell by sheet (any of its names), 0-based data row index and field key. */
export function tableCellAddress(
  workbook: Workbook,
  sheetName: string,
  rowIndex: number,
  key: string,
): string {
  const { table, sheet } = tableSheet(workbook, sheetName);
  const column = sheet ? keyColumns(sheet).get(key) : undefined;
  if (!sheet || column === undefined) throw new Error(`no column ${key} on ${sheetName}`);
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
  (tableSheet(workbook, sheetName).sheet?.getCell(address) as { value: unknown }).value = value;
  return address;
}

/** Sets a cover input by key and returns its A1 address. */
export function setCoverCell(workbook: Workbook, key: string, value: unknown): string {
  const sheet = findSpecSheet(workbook.worksheets, TEMPLATE_SPEC.cover);
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
