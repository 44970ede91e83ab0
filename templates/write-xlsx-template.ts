/**
 * Generates a unit's monthly .xlsx template from the template spec: instructions, cover,
 * only the sections the unit fills, its activities pre-filled, dropdowns and typed
 * validations with bilingual prompts, locked labels and keys, and the hidden machine
 * contract (key row / key column / `_meta`) that the parser reads.
 *
 * Layout comes from the spec too, so a new field gets it for free: input columns coloured on
 * every sheet, grouped (merged) headers for disaggregated columns, row heights that fit the
 * Lao text, the first column frozen, A4 landscape printing with the headers repeated.
 */
import type { Borders, DataValidation, Workbook, Worksheet } from 'exceljs';
import { columnLetters } from '../shared/grid/cell-grid.ts';
import { loadExcelJs } from '../shared/grid/exceljs-workbook.ts';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import { displayChoice, resolveChoices } from '../shared/spec/choices.ts';
import type { ChoiceListKey, FieldSpec, TableSheetSpec, TemplateSpec } from '../shared/spec/field-types.ts';
import { firstDataRowMetaKey, groupDepth, tableRows } from '../shared/spec/table-layout.ts';
import {
  COVER_FIRST_FIELD_ROW,
  COVER_INPUT_COLUMN,
  COVER_KEY_COLUMN,
  COVER_LABEL_COLUMN,
  INSTRUCTIONS_SHEET,
  LISTS_SHEET,
  META_SHEET,
  TEMPLATE_SPEC,
} from '../shared/spec/template-spec.ts';
import {
  coverLabelText,
  FIRST_VALID_DATE,
  headerText,
  instructionLines,
  LAST_VALID_DATE,
  listPlacements,
  listReference,
  MAX_TEXT_LENGTH,
  metaRows,
  numberFormatFor,
  PERIOD_LENGTH,
  prefillText,
  RULE_ERRORS,
  type TemplateRequest,
  tablesOf,
} from './template-content.ts';
import { rowHeightFor } from './text-fit.ts';
import {
  A4_LANDSCAPE,
  BODY_FONT,
  CARRIED_FILL,
  CARRIED_FONT,
  GROUP_FILL,
  HEADER_FILL,
  HEADER_FONT,
  INPUT_BORDER,
  INPUT_FILL,
  LOCKED_FILL,
  TEMPLATE_HEADER_FOOTER,
  TITLE_FONT,
} from './workbook-style.ts';

export type { CarriedOver, TemplateRequest } from './template-content.ts';

const utcDate = (d: { year: number; month: number; day: number }) =>
  new Date(Date.UTC(d.year, d.month - 1, d.day));
const UNLOCKED = { locked: false } as const;
const LOCKED = { locked: true } as const;
/** Sheet protection without a password: it guides honest users; the validator protects the data. */
const PROTECTION_OPTIONS = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatColumns: true,
  formatRows: true,
  autoFilter: true,
};

interface RangeValidations {
  dataValidations: { add(range: string, validation: DataValidation): void };
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Range of one list's display labels on the hidden `_lists` sheet, by list key. */
type ListRanges = ReadonlyMap<ChoiceListKey, string>;

function listRanges(spec: TemplateSpec, catalogue: Catalogue): ListRanges {
  return new Map(
    [...listPlacements(spec, catalogue)].map(([key, placement]) => [key, listReference(placement)]),
  );
}

function writeListsSheet(workbook: Workbook, spec: TemplateSpec, catalogue: Catalogue): void {
  const sheet = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });
  [...listPlacements(spec, catalogue).keys()].forEach((key, index) => {
    sheet.getCell(1, index + 1).value = key;
    resolveChoices(spec, catalogue, key).forEach((choice, row) => {
      sheet.getCell(row + 2, index + 1).value = displayChoice(choice);
    });
  });
}

/**
 * The validation Excel enforces while typing, with a bilingual prompt and error alert. The
 * prompt opens with the field's full label in both languages, so a disaggregated column names
 * every one of its dimensions even where the header shows only the last.
 */
function validationFor(field: FieldSpec, lists: ListRanges): DataValidation | undefined {
  const prompt = {
    showInputMessage: true,
    promptTitle: clip(field.shortLabel?.en ?? field.label.en, 32),
    prompt: clip(`${field.label.lo}\n${field.label.en}\n${field.help.lo}\n${field.help.en}`, 255),
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    errorTitle: clip(`${field.shortLabel?.en ?? field.label.en}`, 32),
  };
  const error = (text: { lo: string; en: string }) =>
    clip(`${field.label.lo}: ${text.lo}\n${field.label.en}: ${text.en}`, 255);
  switch (field.type) {
    case 'choice': {
      const range = lists.get(field.list ?? 'status');
      if (!range) return undefined;
      return {
        ...prompt,
        type: 'list',
        allowBlank: !field.required,
        formulae: [range],
        error: error(RULE_ERRORS.choice),
      };
    }
    case 'count':
    case 'money':
      return {
        ...prompt,
        type: 'whole',
        operator: 'greaterThanOrEqual',
        allowBlank: true,
        formulae: [field.min ?? 0],
        error: error(RULE_ERRORS.whole),
      };
    case 'percent':
      return {
        ...prompt,
        type: 'decimal',
        operator: 'between',
        allowBlank: true,
        // Percent cells hold fractions (typed 50 or 50% is stored 0.5), so the bounds do too.
        formulae: [(field.min ?? 0) / 100, (field.max ?? 100) / 100],
        error: error(RULE_ERRORS.percent),
      };
    case 'date':
      return {
        ...prompt,
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [utcDate(FIRST_VALID_DATE), utcDate(LAST_VALID_DATE)],
        error: error(RULE_ERRORS.date),
      };
    case 'period':
      return {
        ...prompt,
        type: 'textLength',
        operator: 'equal',
        allowBlank: false,
        formulae: [PERIOD_LENGTH],
        error: error(RULE_ERRORS.period),
      };
    default:
      // Free text: a length cap still gives the person the bilingual input prompt.
      return {
        ...prompt,
        type: 'textLength',
        operator: 'lessThanOrEqual',
        allowBlank: true,
        formulae: [MAX_TEXT_LENGTH],
        error: error(RULE_ERRORS.text),
      };
  }
}

const isWrapped = (field: FieldSpec) => field.type === 'text' || field.type === 'choice';

function writeInstructions(
  workbook: Workbook,
  spec: TemplateSpec,
  request: TemplateRequest,
  sheets: readonly TableSheetSpec[],
) {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET.sheetName, {
    pageSetup: { ...A4_LANDSCAPE },
    headerFooter: { ...TEMPLATE_HEADER_FOOTER },
  });
  const widths = [68, 68];
  widths.forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  const lines = instructionLines(spec, request, sheets);
  lines.forEach(([lo, en], index) => {
    const row = sheet.getRow(index + 1);
    row.getCell(1).value = lo;
    row.getCell(2).value = en;
    const title = index === 0;
    row.font = title ? TITLE_FONT : index === 4 ? { ...BODY_FONT, bold: true } : BODY_FONT;
    row.alignment = { wrapText: true, vertical: 'top' };
    row.height = rowHeightFor(
      [
        [lo, widths[0] as number, title],
        [en, widths[1] as number, title],
      ],
      title ? 14 : 10,
    );
  });
}

async function writeCover(
  workbook: Workbook,
  spec: TemplateSpec,
  catalogue: Catalogue,
  request: TemplateRequest,
  lists: ListRanges,
) {
  const cover = spec.cover;
  const widths = { label: 34, input: 44, help: 50 };
  const sheet = workbook.addWorksheet(cover.sheetName, {
    pageSetup: { ...A4_LANDSCAPE },
    headerFooter: { ...TEMPLATE_HEADER_FOOTER },
    properties: { tabColor: { argb: 'FF1F3864' } },
  });
  sheet.getColumn(COVER_KEY_COLUMN).hidden = true;
  sheet.getColumn(COVER_LABEL_COLUMN).width = widths.label;
  sheet.getColumn(COVER_INPUT_COLUMN).width = widths.input;
  sheet.getColumn(COVER_INPUT_COLUMN + 1).width = widths.help;
  const title = sheet.getCell(1, COVER_LABEL_COLUMN);
  title.value = `${cover.title.lo}\n${cover.title.en}`;
  title.font = TITLE_FONT;
  title.alignment = { wrapText: true, vertical: 'top' };
  sheet.mergeCells(1, COVER_LABEL_COLUMN, 1, COVER_INPUT_COLUMN + 1);
  sheet.getRow(1).height = rowHeightFor([[String(title.value), 128, true]], 14);
  const unitChoice = resolveChoices(spec, catalogue, 'unit').find((c) => c.code === request.unit.code);
  // Nil marks appear only for the sections this unit fills.
  const fields = cover.fields.filter((f) => !f.nilFor || request.unit.sections.includes(f.nilFor));
  fields.forEach((field, index) => {
    const rowNumber = COVER_FIRST_FIELD_ROW + index;
    const row = sheet.getRow(rowNumber);
    row.getCell(COVER_KEY_COLUMN).value = field.key;
    const label = row.getCell(COVER_LABEL_COLUMN);
    label.value = coverLabelText(field);
    label.font = { ...BODY_FONT, bold: true };
    label.fill = LOCKED_FILL;
    label.alignment = { wrapText: true, vertical: 'middle' };
    const input = row.getCell(COVER_INPUT_COLUMN);
    input.protection = UNLOCKED;
    input.fill = INPUT_FILL;
    input.border = INPUT_BORDER as Partial<Borders>;
    input.font = BODY_FONT;
    input.alignment = { vertical: 'middle', wrapText: true };
    const format = numberFormatFor(field);
    if (format) input.numFmt = format;
    if (field.key === 'unit_code' && unitChoice) input.value = displayChoice(unitChoice);
    if (field.key === 'period') input.value = request.period;
    const help = row.getCell(COVER_INPUT_COLUMN + 1);
    help.value = `${field.help.lo}\n${field.help.en}`;
    help.font = { ...BODY_FONT, italic: true, color: { argb: 'FF595959' } };
    help.alignment = { wrapText: true, vertical: 'middle' };
    row.height = rowHeightFor([
      [String(label.value), widths.label, true],
      [String(input.value ?? ''), widths.input],
      [String(help.value), widths.help],
    ]);
    const validation = validationFor(field, lists);
    if (validation) input.dataValidation = validation;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
  await sheet.protect('', PROTECTION_OPTIONS);
}

/**
 * Header rows of a table sheet: one row per level of groups, merged across the columns that
 * share a group, then each column's own header; ungrouped columns span all header rows.
 */
function writeHeaders(sheet: Worksheet, table: TableSheetSpec): void {
  const rows = tableRows(table);
  const depth = groupDepth(table);
  const style = (cell: ReturnType<Worksheet['getCell']>, fill = HEADER_FILL, group = false) => {
    cell.font = HEADER_FONT;
    cell.fill = fill;
    // A group label starts where its group starts: a wide group printed across pages still
    // shows it on the first of them.
    cell.alignment = {
      wrapText: true,
      vertical: 'middle',
      horizontal: group ? 'left' : 'center',
      indent: group ? 1 : 0,
    };
    cell.protection = LOCKED;
    cell.border = { left: { style: 'thin', color: { argb: 'FFFFFFFF' } } };
  };
  const width = (field: FieldSpec) => field.width ?? 14;
  const heights = new Map<number, number>();
  const need = (row: number, text: string, columnsWidth: number) =>
    heights.set(row, Math.max(heights.get(row) ?? 0, rowHeightFor([[text, columnsWidth, true]])));

  table.fields.forEach((field, index) => {
    const column = index + 1;
    // An ungrouped column's header spans the group rows too: its text and note sit in the
    // top cell of the merge (a note on a covered cell would be dropped by other writers).
    const spans = !field.group?.length && depth > 0;
    const header = sheet.getCell(spans ? rows.firstHeaderRow : rows.headerRow, column);
    header.value = headerText(field);
    header.note = {
      texts: [{ text: `${field.label.lo}\n${field.label.en}\n\n${field.help.lo}\n${field.help.en}` }],
    };
    style(header);
    if (spans) {
      style(sheet.getCell(rows.headerRow, column));
      sheet.mergeCells(rows.firstHeaderRow, column, rows.headerRow, column);
    }
    need(rows.headerRow, String(header.value), width(field));
  });

  for (let level = 0; level < depth; level++) {
    const rowNumber = rows.firstHeaderRow + level;
    let start = 0;
    while (start < table.fields.length) {
      const field = table.fields[start] as FieldSpec;
      const key = (f: FieldSpec | undefined) =>
        f?.group && f.group.length > level ? JSON.stringify(f.group.slice(0, level + 1)) : undefined;
      const groupKey = key(field);
      let end = start;
      while (groupKey && end + 1 < table.fields.length && key(table.fields[end + 1]) === groupKey) end += 1;
      if (groupKey) {
        const label = field.group?.[level] as { lo: string; en: string };
        const cell = sheet.getCell(rowNumber, start + 1);
        cell.value = `${label.lo}\n${label.en}`;
        const fill = level === 0 ? HEADER_FILL : GROUP_FILL;
        for (let c = start; c <= end; c++) style(sheet.getCell(rowNumber, c + 1), fill, true);
        if (end > start) sheet.mergeCells(rowNumber, start + 1, rowNumber, end + 1);
        const spanWidth = table.fields.slice(start, end + 1).reduce((sum, f) => sum + width(f), 0);
        need(rowNumber, String(cell.value), spanWidth);
      }
      start = end + 1;
    }
  }
  // An ungrouped column spans all header rows: its text needs their heights together.
  for (const [row, height] of heights) sheet.getRow(row).height = height;
  if (depth > 0) {
    const spanned = table.fields
      .filter((f) => !f.group?.length)
      .map((f) => rowHeightFor([[headerText(f), width(f), true]]));
    const total = [...heights.values()].reduce((a, b) => a + b, 0);
    const short = Math.max(0, ...spanned) - total;
    if (short > 0) sheet.getRow(rows.headerRow).height = (heights.get(rows.headerRow) ?? 18) + short;
  }
}

/**
 * Pages across that keep a sheet readable when printed: one page up to about 320 characters
 * of column width (~60 % scale); wider sheets (Cases' 50 columns) go across pages of about
 * 200 characters (~90 %), the first column repeated on each.
 */
function pagesWide(table: TableSheetSpec): number {
  const total = table.fields.reduce((sum, field) => sum + (field.width ?? 14), 0);
  return total <= 320 ? 1 : Math.ceil(total / 200);
}

/** Excel formula text for a carried value, to compare the cell with it. */
function formulaLiteral(value: string | number): string {
  return typeof value === 'number' ? String(value) : `"${value.replace(/"/g, '""')}"`;
}

async function writeTable(
  workbook: Workbook,
  spec: TemplateSpec,
  table: TableSheetSpec,
  catalogue: Catalogue,
  request: TemplateRequest,
  lists: ListRanges,
) {
  const rows = tableRows(table);
  const sheet = workbook.addWorksheet(table.sheetName, {
    headerFooter: { ...TEMPLATE_HEADER_FOOTER },
    pageSetup: {
      ...A4_LANDSCAPE,
      fitToWidth: pagesWide(table),
      printTitlesRow: `${rows.firstHeaderRow}:${rows.headerRow}`,
      ...(pagesWide(table) > 1 ? { printTitlesColumn: 'A:A' } : {}),
    },
  });
  const keyRow = sheet.getRow(rows.keyRow);
  keyRow.hidden = true;
  const lastDataRow = rows.firstDataRow + table.maxRows - 1;
  table.fields.forEach((field, index) => {
    const columnNumber = index + 1;
    const column = sheet.getColumn(columnNumber);
    column.width = field.width ?? 14;
    const input = !field.prefill;
    // Column-level style covers every empty data cell without writing 10,000 cells: input
    // columns are yellow on every sheet, whatever the number of rows. (No column border:
    // exceljs re-draws it around merged header cells when it rewrites other writers' files.)
    column.font = BODY_FONT;
    if (input) {
      column.protection = UNLOCKED;
      column.fill = INPUT_FILL;
    }
    column.alignment = isWrapped(field) ? { wrapText: true, vertical: 'top' } : { vertical: 'top' };
    const format = numberFormatFor(field);
    if (format) column.numFmt = format;
    const keyCell = keyRow.getCell(columnNumber);
    keyCell.value = field.key;
    keyCell.protection = LOCKED;
    const validation = input ? validationFor(field, lists) : undefined;
    if (validation) {
      const letters = columnLetters(columnNumber);
      // exceljs keeps a range key as one sqref; its typings omit `dataValidations`.
      (sheet as unknown as RangeValidations).dataValidations.add(
        `${letters}${rows.firstDataRow}:${letters}${lastDataRow}`,
        validation,
      );
    }
  });
  writeHeaders(sheet, table);
  if (table.prefillActivities) writeActivityRows(sheet, spec, table, catalogue, request, rows.firstDataRow);
  sheet.views = [{ state: 'frozen', ySplit: rows.headerRow, xSplit: 1 }];
  sheet.autoFilter = {
    from: { row: rows.headerRow, column: 1 },
    to: { row: rows.headerRow, column: table.fields.length },
  };
  await sheet.protect('', PROTECTION_OPTIONS);
}

/** One row per activity of the unit: code and titles locked, inputs yellow, last month's values carried. */
function writeActivityRows(
  sheet: Worksheet,
  spec: TemplateSpec,
  table: TableSheetSpec,
  catalogue: Catalogue,
  request: TemplateRequest,
  firstDataRow: number,
) {
  const carried = request.carriedOver;
  catalogue.activitiesOf(request.unit.code).forEach((activity, index) => {
    const rowNumber = firstDataRow + index;
    const row = sheet.getRow(rowNumber);
    const fit: [string, number][] = [];
    const previous = carried?.byActivity.get(activity.code);
    table.fields.forEach((field, fieldIndex) => {
      const cell = row.getCell(fieldIndex + 1);
      if (field.prefill) {
        cell.value = prefillText(field, activity) ?? null;
        cell.style = {
          font: BODY_FONT,
          fill: LOCKED_FILL,
          protection: LOCKED,
          alignment: { wrapText: true, vertical: 'top' },
        };
        fit.push([String(cell.value), field.width ?? 14]);
        return;
      }
      const value = previous?.[field.key];
      if (value === null || value === undefined || !field.carryOver) return;
      const shown =
        field.type === 'choice' && field.list
          ? displayChoice(
              resolveChoices(spec, catalogue, field.list).find((c) => c.code === value) ?? {
                code: String(value),
                label: { lo: String(value), en: String(value) },
              },
            )
          : field.type === 'percent' && typeof value === 'number'
            ? value / 100 // as a %-formatted cell stores a typed 75: 0.75
            : (value as string | number);
      cell.value = shown;
      fit.push([String(shown), field.width ?? 14]);
      // Marked while it still equals last month's value: changing it clears the mark.
      sheet.addConditionalFormatting({
        ref: cell.address,
        rules: [
          {
            type: 'expression',
            priority: 1,
            formulae: [`${cell.address}=${formulaLiteral(shown)}`],
            style: { font: CARRIED_FONT, fill: CARRIED_FILL },
          },
        ],
      });
    });
    row.height = rowHeightFor(fit);
  });
}

function writeMeta(
  workbook: Workbook,
  spec: TemplateSpec,
  request: TemplateRequest,
  tables: readonly TableSheetSpec[],
  catalogue: Catalogue,
) {
  const sheet = workbook.addWorksheet(META_SHEET, { state: 'hidden' });
  const rows: [string, string][] = [
    ...metaRows(spec, request, catalogue.version),
    ...tables.map((table): [string, string] => [
      firstDataRowMetaKey(table.sheetName),
      String(tableRows(table).firstDataRow),
    ]),
    ...(request.carriedOver ? [['carried_over_from', request.carriedOver.period] as [string, string]] : []),
  ];
  rows.forEach(([key, value], index) => {
    sheet.getCell(index + 1, 1).value = key;
    sheet.getCell(index + 1, 2).value = value;
  });
}

/** Builds the template workbook for one unit and month. */
export async function buildXlsxTemplate(
  request: TemplateRequest,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): Promise<Workbook> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Laingan';
  // A fixed date keeps generated files byte-stable for the same unit and period.
  workbook.created = new Date(Date.UTC(2021, 0, 1));
  workbook.modified = workbook.created;
  const tables = tablesOf(spec, request.unit);
  writeInstructions(workbook, spec, request, tables);
  const lists = listRanges(spec, catalogue);
  await writeCover(workbook, spec, catalogue, request, lists);
  for (const table of tables) await writeTable(workbook, spec, table, catalogue, request, lists);
  writeListsSheet(workbook, spec, catalogue);
  writeMeta(workbook, spec, request, tables, catalogue);
  return workbook;
}

/** Builds the template and returns its .xlsx bytes. */
export async function writeXlsxTemplate(
  request: TemplateRequest,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): Promise<Uint8Array> {
  const workbook = await buildXlsxTemplate(request, catalogue, spec);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
