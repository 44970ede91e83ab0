/**
 * Writes a copy of a submission with every issue marked where it is: the cell filled red
 * (error) or amber (warning) with a bilingual note, and an Issues sheet linking to each cell.
 */
import type { Fill } from 'exceljs';
import { loadWorkbook } from '../grid/exceljs-workbook.ts';
import type { ValidationIssue } from '../validate/issue.ts';

const ERROR_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const WARNING_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } };
export const ISSUES_SHEET = 'Issues';

/** Returns the annotated copy's .xlsx bytes. The original bytes are left untouched. */
export async function annotateWorkbook(
  original: Uint8Array,
  issues: readonly ValidationIssue[],
): Promise<Uint8Array> {
  const workbook = await loadWorkbook(original, true);
  const existing = workbook.getWorksheet(ISSUES_SHEET);
  if (existing) workbook.removeWorksheet(existing.id);
  const notes = new Map<string, ValidationIssue[]>();
  for (const issue of issues) {
    if (!issue.sheet || !issue.cell || !workbook.getWorksheet(issue.sheet)) continue;
    const key = `${issue.sheet}!${issue.cell}`;
    notes.set(key, [...(notes.get(key) ?? []), issue]);
  }
  for (const [key, cellIssues] of notes) {
    const [sheetName, address] = [key.slice(0, key.lastIndexOf('!')), key.slice(key.lastIndexOf('!') + 1)];
    const cell = workbook.getWorksheet(sheetName)?.getCell(address);
    if (!cell) continue;
    cell.fill = cellIssues.some((i) => i.severity === 'error') ? ERROR_FILL : WARNING_FILL;
    cell.note = {
      texts: [{ text: cellIssues.map((i) => `${i.message.lo}\n${i.message.en}`).join('\n\n') }],
    };
  }
  const sheet = workbook.addWorksheet(ISSUES_SHEET, { properties: { tabColor: { argb: 'FFC00000' } } });
  workbook.views = [
    {
      activeTab: workbook.worksheets.indexOf(sheet),
      x: 0,
      y: 0,
      width: 10000,
      height: 20000,
      firstSheet: 0,
      visibility: 'visible',
    },
  ];
  sheet.columns = [
    { header: 'ລະດັບ / Severity', width: 14 },
    { header: 'ບ່ອນ / Where', width: 18 },
    { header: 'ລະຫັດ / Code', width: 24 },
    { header: 'ລາວ', width: 70 },
    { header: 'English', width: 70 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const issue of issues) {
    const where = issue.sheet ? `${issue.sheet}${issue.cell ? `!${issue.cell}` : ''}` : '';
    const row = sheet.addRow([issue.severity, where, issue.code, issue.message.lo, issue.message.en]);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).fill = issue.severity === 'error' ? ERROR_FILL : WARNING_FILL;
    if (issue.sheet && issue.cell && workbook.getWorksheet(issue.sheet))
      row.getCell(2).value = {
        text: where,
        hyperlink: `#'${issue.sheet.replace(/'/g, "''")}'!${issue.cell}`,
      };
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
