/**
 * Writes reference content (a plan version) as the workbook the Secretariat edits: a
 * key/value sheet for the title, span and notes, one sheet per level (goals, programmes,
 * projects, activities, assignments, units, provinces and whatever lists the schema gained),
 * bilingual headers, dropdowns for parents and choices that follow rows added in Excel, and
 * the hidden contract (key row, `_meta`) that the importer reads back.
 */
import type { DataValidation, Workbook, Worksheet } from 'exceljs';
import {
  A4_LANDSCAPE,
  BODY_FONT,
  HEADER_FILL,
  HEADER_FONT,
  TITLE_FONT,
} from '../../templates/workbook-style.ts';
import { columnLetters } from '../grid/cell-grid.ts';
import { loadExcelJs } from '../grid/exceljs-workbook.ts';
import { planVersionOf, type ReferenceContent } from '../reference/plan-version.ts';
import { ALL_PROVINCES } from '../reference/reference-schema.ts';
import { FIRST_DATA_ROW, HEADER_ROW, KEY_ROW } from '../spec/template-spec.ts';
import { PLAN_SHEETS, type PlanColumn, type PlanTableSheet, rowsOf, valueAt } from './plan-sheets.ts';

/** Identifies a plan workbook in its `_meta` sheet. */
export const PLAN_WORKBOOK_ID = 'laingan-plan';
export const PLAN_WORKBOOK_FORMAT = '1';
export const PLAN_META_SHEET = '_meta';
/** Cover-style columns of the key/value sheet: hidden key, label, value. */
export const FIELD_KEY_COLUMN = 1;
export const FIELD_LABEL_COLUMN = 2;
export const FIELD_VALUE_COLUMN = 3;
const README_SHEET = 'Read me ອ່ານກ່ອນ';
/** Rows a dropdown reaches below the last exported row, for rows the Secretariat adds. */
const ROOM_FOR_NEW_ROWS = 300;

/** A cell value as the workbook shows it. */
function cellValueOf(column: PlanColumn, value: unknown): string | number | boolean | null {
  if (value === undefined || value === null) return null;
  switch (column.kind.type) {
    case 'list':
      return (value as unknown[]).join(', ');
    case 'json':
      return JSON.stringify(value);
    case 'number':
      return typeof value === 'number' ? value : String(value);
    case 'boolean':
      return Boolean(value);
    default:
      return String(value);
  }
}

/**
 * Height of a row whose cells wrap: viewers (LibreOffice above all) do not grow rows written
 * without a height, and wrapped Lao lines then overlap the next row.
 */
function wrappedHeight(cells: readonly { text: string; width: number }[]): number {
  const lines = Math.max(
    1,
    ...cells.map(({ text, width }) =>
      text
        .split('\n')
        .reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / Math.max(1, width * 0.9))), 0),
    ),
  );
  return Math.min(409, 15 * lines);
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function styleHeader(sheet: Worksheet, row: number, columns: number): void {
  const header = sheet.getRow(row);
  for (let column = 1; column <= columns; column++) {
    const cell = header.getCell(column);
    cell.font = HEADER_FONT;
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: 'middle' };
  }
  header.height = 32;
}

function writeReadMe(workbook: Workbook, content: ReferenceContent, version: string): void {
  const sheet = workbook.addWorksheet(README_SHEET, { pageSetup: A4_LANDSCAPE });
  sheet.getColumn(1).width = 120;
  const lines: [string, boolean][] = [
    [`${content.plan.title.lo}`, true],
    [`${content.plan.title.en}`, true],
    [`ສະບັບແຜນງານ / Plan version: ${version}`, false],
    ['', false],
    ['ແຕ່ລະແຜ່ນງານແມ່ນລະດັບໜຶ່ງຂອງແຜນງານ. ແກ້ໄຂ ຫຼື ເພີ່ມແຖວໄດ້; ຢ່າປ່ຽນຊື່ແຜ່ນງານ ແລະ ຢ່າລຶບແຖວ 1 ທີ່ເຊື່ອງໄວ້.', false],
    [
      'Each sheet is one level of the plan. Edit or add rows; do not rename sheets or delete the hidden row 1.',
      false,
    ],
    [
      'ລະຫັດແມ່ (ແຜນງານ, ໂຄງການ, ເປົ້າໝາຍ, ຫົວໜ່ວຍ) ເລືອກຈາກລາຍການ. ກິດຈະກຳໜຶ່ງມີຫົວໜ່ວຍນຳພາ (lead) ໜຶ່ງ ໃນແຜ່ນງານ Assignments.',
      false,
    ],
    [
      'Parent codes (programme, project, goal, unit) come from dropdowns. Each activity has one lead unit on the Assignments sheet.',
      false,
    ],
    [
      'ນຳເຂົ້າດ້ວຍ: npm run plan -- import plan.xlsx --dry-run (ກວດເບິ່ງ), ແລ້ວບໍ່ມີ --dry-run (ບັນທຶກເປັນສະບັບໃໝ່).',
      false,
    ],
    [
      'Import with: npm run plan -- import plan.xlsx --dry-run (check only), then without --dry-run (store a new plan version).',
      false,
    ],
  ];
  lines.forEach(([text, bold], index) => {
    const cell = sheet.getCell(index + 1, 1);
    cell.value = text;
    cell.font = bold ? TITLE_FONT : BODY_FONT;
    cell.alignment = { wrapText: true, vertical: 'top' };
  });
}

function writeFieldsSheet(workbook: Workbook, content: ReferenceContent): void {
  const spec = PLAN_SHEETS.fields;
  const sheet = workbook.addWorksheet(spec.name, { pageSetup: A4_LANDSCAPE });
  sheet.getColumn(FIELD_KEY_COLUMN).hidden = true;
  sheet.getColumn(FIELD_KEY_COLUMN).width = 18;
  sheet.getColumn(FIELD_LABEL_COLUMN).width = 36;
  sheet.getColumn(FIELD_VALUE_COLUMN).width = 100;
  sheet.getCell(1, FIELD_LABEL_COLUMN).value = `${spec.title.lo} / ${spec.title.en}`;
  sheet.getCell(1, FIELD_LABEL_COLUMN).font = TITLE_FONT;
  spec.fields.forEach((field, index) => {
    const row = FIRST_DATA_ROW + index;
    sheet.getCell(row, FIELD_KEY_COLUMN).value = field.key;
    const label = sheet.getCell(row, FIELD_LABEL_COLUMN);
    label.value = `${field.header.lo}\n${field.header.en}`;
    label.font = { ...BODY_FONT, bold: true };
    label.alignment = { wrapText: true, vertical: 'top' };
    const value = sheet.getCell(row, FIELD_VALUE_COLUMN);
    value.value = cellValueOf(field, valueAt(content, field.path));
    value.font = BODY_FONT;
    value.alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
    sheet.getRow(row).height = wrappedHeight([
      { text: String(value.value ?? ''), width: 100 },
      { text: String(label.value), width: 36 },
    ]);
    if (field.kind.type === 'boolean')
      (
        sheet as unknown as { dataValidations: { add(r: string, v: DataValidation): void } }
      ).dataValidations.add(value.address, {
        type: 'list',
        allowBlank: !field.required,
        formulae: ['"TRUE,FALSE"'],
      });
  });
}

/** Where each sheet's codes live, for dropdowns that follow rows added in Excel. */
function codeRanges(tables: readonly PlanTableSheet[], rowCounts: Map<string, number>): Map<string, string> {
  const ranges = new Map<string, string>();
  for (const table of tables) {
    const index = table.columns.findIndex((column) => column.key === 'code');
    if (index < 0) continue;
    const letter = columnLetters(index + 1);
    const last = FIRST_DATA_ROW + (rowCounts.get(table.key) ?? 0) + ROOM_FOR_NEW_ROWS;
    ranges.set(table.key, `${quoteSheet(table.name)}!$${letter}$${FIRST_DATA_ROW}:$${letter}$${last}`);
  }
  return ranges;
}

function dropdownFor(column: PlanColumn, ranges: Map<string, string>): DataValidation | undefined {
  const prompt = (text: string) => ({
    showInputMessage: true,
    promptTitle: column.header.en.slice(0, 32),
    prompt: text.slice(0, 255),
  });
  if (column.ref && ranges.has(column.ref)) {
    const isUnit = column.ref === 'units';
    return {
      type: 'list',
      allowBlank: !column.required,
      formulae: [`=${ranges.get(column.ref)}`],
      // A unit column also takes PROVINCES (every provincial committee), which no list holds.
      showErrorMessage: true,
      errorStyle: isUnit ? 'warning' : 'stop',
      errorTitle: column.header.en.slice(0, 32),
      error: `ເລືອກລະຫັດຈາກລາຍການ / Pick a code from the list${isUnit ? ` (or ${ALL_PROVINCES})` : ''}`,
      ...prompt(`${column.header.lo} / ${column.header.en}`),
    };
  }
  if (column.kind.type === 'choice')
    return {
      type: 'list',
      allowBlank: !column.required,
      formulae: [`"${column.kind.options.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      error: `${column.kind.options.join(', ')}`,
      ...prompt(`${column.header.lo} / ${column.header.en}`),
    };
  if (column.kind.type === 'boolean')
    return { type: 'list', allowBlank: !column.required, formulae: ['"TRUE,FALSE"'] };
  if (column.kind.type === 'list' && column.kind.options)
    return {
      type: 'custom',
      allowBlank: true,
      formulae: ['TRUE'],
      ...prompt(`ແຍກດ້ວຍຈຸດ / comma-separated: ${column.kind.options.join(', ')}`),
    };
  return undefined;
}

function writeTableSheet(
  workbook: Workbook,
  table: PlanTableSheet,
  rows: readonly Record<string, unknown>[],
  ranges: Map<string, string>,
): void {
  const sheet = workbook.addWorksheet(table.name, {
    views: [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: 1 }],
    pageSetup: { ...A4_LANDSCAPE, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
    headerFooter: { oddHeader: `&L${table.title.lo} / ${table.title.en}`, oddFooter: '&R&P / &N' },
  });
  table.columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.width = column.width;
    sheetColumn.font = BODY_FONT;
    sheetColumn.alignment = { wrapText: true, vertical: 'top' };
    sheet.getCell(KEY_ROW, index + 1).value = column.key;
    sheet.getCell(HEADER_ROW, index + 1).value = `${column.header.lo}\n${column.header.en}`;
  });
  sheet.getRow(KEY_ROW).hidden = true;
  styleHeader(sheet, HEADER_ROW, table.columns.length);
  rows.forEach((row, index) => {
    const texts = table.columns.map((column, columnIndex) => {
      const value = cellValueOf(column, valueAt(row, column.path));
      sheet.getCell(FIRST_DATA_ROW + index, columnIndex + 1).value = value;
      return { text: String(value ?? ''), width: column.width };
    });
    sheet.getRow(FIRST_DATA_ROW + index).height = wrappedHeight(texts);
  });
  const lastRow = FIRST_DATA_ROW + rows.length + ROOM_FOR_NEW_ROWS;
  const validations = (sheet as unknown as { dataValidations: { add(r: string, v: DataValidation): void } })
    .dataValidations;
  table.columns.forEach((column, index) => {
    const validation = dropdownFor(column, ranges);
    const letter = columnLetters(index + 1);
    // Explicit ranges, never whole columns (whole-column validations are slow to read back).
    if (validation) validations.add(`${letter}${FIRST_DATA_ROW}:${letter}${lastRow}`, validation);
  });
  sheet.autoFilter = {
    from: { row: HEADER_ROW, column: 1 },
    to: { row: HEADER_ROW, column: table.columns.length },
  };
}

function writeMeta(workbook: Workbook, version: string): void {
  const sheet = workbook.addWorksheet(PLAN_META_SHEET, { state: 'hidden' });
  const rows: [string, string][] = [
    ['workbook_id', PLAN_WORKBOOK_ID],
    ['format_version', PLAN_WORKBOOK_FORMAT],
    ['plan_version', version],
  ];
  rows.forEach(([key, value], index) => {
    sheet.getCell(index + 1, 1).value = key;
    sheet.getCell(index + 1, 2).value = value;
  });
}

/** Builds the plan workbook of some reference content. */
export async function buildPlanWorkbook(content: ReferenceContent): Promise<Workbook> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Laingan';
  // Fixed dates: the same plan always gives the same workbook content.
  workbook.created = new Date(Date.UTC(2021, 0, 1));
  workbook.modified = workbook.created;
  const version = planVersionOf(content);
  const rowsByTable = new Map(PLAN_SHEETS.tables.map((table) => [table.key, rowsOf(table, content)]));
  const ranges = codeRanges(
    PLAN_SHEETS.tables,
    new Map([...rowsByTable].map(([key, rows]) => [key, rows.length])),
  );
  writeReadMe(workbook, content, version);
  writeFieldsSheet(workbook, content);
  for (const table of PLAN_SHEETS.tables)
    writeTableSheet(workbook, table, rowsByTable.get(table.key) ?? [], ranges);
  writeMeta(workbook, version);
  return workbook;
}

/** The plan workbook as .xlsx bytes. */
export async function writePlanWorkbook(content: ReferenceContent): Promise<Uint8Array> {
  const workbook = await buildPlanWorkbook(content);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
