/**
 * Finding the template's sheets by name. Tabs are named Lao then English ("ກິດຈະກຳ Activities")
 * since templates got bilingual tab names; units still hold templates with the English-only
 * names, and Google Sheets registered before keep theirs. Every lookup goes through here, so
 * a file under either name reads the same and no code or message hard-codes a tab name.
 */
import { matchKey } from '../text/lao-text.ts';
import type { SheetNaming, TemplateSpec } from './field-types.ts';

/** Characters Excel refuses in a tab name. */
const FORBIDDEN_IN_TAB_NAME = /[[\]:*?/\\]/;
/** Excel's longest tab name, in UTF-16 code units (LibreOffice and Google Sheets allow more). */
export const MAX_TAB_NAME_LENGTH = 31;

/** Why a tab name cannot be used in Excel, or undefined when it can. */
export function tabNameProblem(name: string): string | undefined {
  if (!name.trim()) return 'empty';
  if (name.length > MAX_TAB_NAME_LENGTH) return `${name.length} characters, more than ${MAX_TAB_NAME_LENGTH}`;
  if (FORBIDDEN_IN_TAB_NAME.test(name)) return 'contains one of [ ] : * ? / \\';
  if (name.startsWith("'") || name.endsWith("'")) return "starts or ends with '";
  return undefined;
}

/** Every name a sheet is read under: the current tab name first, then the older ones. */
export function sheetNamesOf(sheet: SheetNaming): readonly string[] {
  return [sheet.sheetName, ...sheet.legacySheetNames];
}

/** Whether a tab name (as typed in a file: any case, NFC or NFKC) names this sheet. */
export function isSpecSheet(sheet: SheetNaming, name: string): boolean {
  const wanted = matchKey(name);
  return sheetNamesOf(sheet).some((known) => matchKey(known) === wanted);
}

/**
 * The sheet of a file (a grid, a workbook, a spreadsheet's tabs) that holds this template
 * sheet: under its current name, else under an older one, in that order of preference.
 */
export function findSpecSheet<T>(
  sheets: Iterable<T>,
  sheet: SheetNaming,
  nameOf: (candidate: T) => string = (candidate) => (candidate as { readonly name: string }).name,
): T | undefined {
  const list = [...sheets];
  for (const known of sheetNamesOf(sheet)) {
    const wanted = matchKey(known);
    const found = list.find((candidate) => matchKey(nameOf(candidate)) === wanted);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The visible data sheets of a template, cover first. */
export function specSheets(spec: TemplateSpec): readonly SheetNaming[] {
  return [spec.cover, ...spec.tables];
}

/** Whether a sheet name needs quotes in an A1 reference (Excel and the Sheets API agree). */
function needsQuotes(name: string): boolean {
  return (
    !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name) || /^R\d*C\d*$/i.test(name)
  );
}

/**
 * A reference to a cell or range as Excel, LibreOffice and the Sheets API write it, under
 * the sheet's name as the file has it: `Activities!K39`, `'ກິດຈະກຳ Activities'!K39`.
 */
export function sheetReference(sheetName: string, cells: string): string {
  const sheet = needsQuotes(sheetName) ? `'${sheetName.replace(/'/g, "''")}'` : sheetName;
  return `${sheet}!${cells}`;
}
