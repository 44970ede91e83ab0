/**
 * Generates a unit's monthly .xlsx template from the template spec: instructions, cover,
 * only the sections the unit fills, its activities pre-filled, dropdowns and typed
 * validations with bilingual prompts, locked labels and keys, and the hidden machine
 * contract (key row / key column / `_meta`) that the parser reads.
 */
import type { DataValidation, Workbook } from 'exceljs';
import { columnLetters } from '../shared/grid/cell-grid.ts';
import { loadExcelJs } from '../shared/grid/exceljs-workbook.ts';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import { displayChoice, resolveChoices } from '../shared/spec/choices.ts';
import type { ChoiceListKey, FieldSpec, TableSheetSpec, TemplateSpec } from '../shared/spec/field-types.ts';
import {
  COVER_FIRST_FIELD_ROW,
  COVER_INPUT_COLUMN,
  COVER_KEY_COLUMN,
  COVER_LABEL_COLUMN,
  FIRST_DATA_ROW,
  HEADER_ROW,
  INSTRUCTIONS_SHEET,
  KEY_ROW,
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
  listKeys,
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
import {
  A4_LANDSCAPE,
  BODY_FONT,
  HEADER_FILL,
  HEADER_FONT,
  INPUT_FILL,
  LOCKED_FILL,
  TITLE_FONT,
} from './workbook-style.ts';

export type { TemplateRequest } from './template-content.ts';

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
  listKeys(spec).forEach((key, index) => {
    sheet.getCell(1, index + 1).value = key;
    resolveChoices(spec, catalogue, key).forEach((choice, row) => {
      sheet.getCell(row + 2, index + 1).value = displayChoice(choice);
    });
  });
}

/** The validation Excel enforces while typing, with a bilingual prompt and error alert. */
function validationFor(field: FieldSpec, lists: ListRanges): DataValidation | undefined {
  const prompt = {
    showInputMessage: true,
    promptTitle: clip(field.label.en, 32),
    prompt: clip(`${field.help.lo}\n${field.help.en}`, 255),
    showErrorMessage: true,
    errorStyle: 'stop' as const,
    errorTitle: clip(`${field.label.en}`, 32),
  };
  const error = (text: { lo: string; en: string }) => clip(`${text.lo}\n${text.en}`, 255);
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

function writeInstructions(
  workbook: Workbook,
  spec: TemplateSpec,
  request: TemplateRequest,
  sheets: readonly TableSheetSpec[],
) {
  const sheet = workbook.addWorksheet(INSTRUCTIONS_SHEET, { pageSetup: A4_LANDSCAPE });
  sheet.getColumn(1).width = 70;
  sheet.getColumn(2).width = 70;
  const lines = instructionLines(spec, request, sheets);
  lines.forEach(([lo, en], index) => {
    const row = sheet.getRow(index + 1);
    row.getCell(1).value = lo;
    row.getCell(2).value = en;
    row.font = index === 0 ? TITLE_FONT : index === 4 ? { ...BODY_FONT, bold: true } : BODY_FONT;
    row.alignment = { wrapText: true, vertical: 'top' };
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
  const sheet = workbook.addWorksheet(cover.sheetName, {
    pageSetup: A4_LANDSCAPE,
    properties: { tabColor: { argb: 'FF1F3864' } },
  });
  sheet.getColumn(COVER_KEY_COLUMN).hidden = true;
  sheet.getColumn(COVER_LABEL_COLUMN).width = 36;
  sheet.getColumn(COVER_INPUT_COLUMN).width = 52;
  sheet.getColumn(COVER_INPUT_COLUMN + 1).width = 52;
  const title = sheet.getCell(1, COVER_LABEL_COLUMN);
  title.value = `${cover.title.lo}\n${cover.title.en}`;
  title.font = TITLE_FONT;
  title.alignment = { wrapText: true };
  sheet.getRow(1).height = 40;
  const unitChoice = resolveChoices(spec, catalogue, 'unit').find((c) => c.code === request.unit.code);
  // Nil marks appear only for the sections this unit fills.
  const fields = cover.fields.filter((f) => !f.nilFor || request.unit.sections.includes(f.nilFor));
  fields.forEach((field, index) => {
    const rowNumber = COVER_FIRST_FIELD_ROW + index;
    const row = sheet.getRow(rowNumber);
    row.height = 30;
    row.getCell(COVER_KEY_COLUMN).value = field.key;
    const label = row.getCell(COVER_LABEL_COLUMN);
    label.value = coverLabelText(field);
    label.font = { ...BODY_FONT, bold: true };
    label.fill = LOCKED_FILL;
    label.alignment = { wrapText: true, vertical: 'middle' };
    const input = row.getCell(COVER_INPUT_COLUMN);
    input.protection = UNLOCKED;
    input.fill = INPUT_FILL;
    input.font = BODY_FONT;
    input.alignment = { vertical: 'middle' };
    const format = numberFormatFor(field);
    if (format) input.numFmt = format;
    if (field.key === 'unit_code' && unitChoice) input.value = displayChoice(unitChoice);
    if (field.key === 'period') input.value = request.period;
    const help = row.getCell(COVER_INPUT_COLUMN + 1);
    help.value = `${field.help.lo} ${field.help.en}`;
    help.font = { ...BODY_FONT, italic: true, color: { argb: 'FF595959' } };
    help.alignment = { wrapText: true, vertical: 'middle' };
    const validation = validationFor(field, lists);
    if (validation) input.dataValidation = validation;
  });
  sheet.views = [{ state: 'frozen', ySplit: 2, xSplit: 0 }];
  await sheet.protect('', PROTECTION_OPTIONS);
}

async function writeTable(
  workbook: Workbook,
  table: TableSheetSpec,
  catalogue: Catalogue,
  request: TemplateRequest,
  lists: ListRanges,
) {
  const sheet = workbook.addWorksheet(table.sheetName, {
    pageSetup: { ...A4_LANDSCAPE, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` },
  });
  const keyRow = sheet.getRow(KEY_ROW);
  keyRow.hidden = true;
  const headerRow = sheet.getRow(HEADER_ROW);
  headerRow.height = 48;
  const lastDataRow = FIRST_DATA_ROW + table.maxRows - 1;
  table.fields.forEach((field, index) => {
    const columnNumber = index + 1;
    const column = sheet.getColumn(columnNumber);
    column.width = field.width ?? 14;
    const input = !field.prefill;
    // Column-level style covers every empty data cell without writing 10,000 cells.
    column.font = BODY_FONT;
    if (input) column.protection = UNLOCKED;
    const format = numberFormatFor(field);
    if (format) column.numFmt = format;
    const keyCell = keyRow.getCell(columnNumber);
    keyCell.value = field.key;
    keyCell.protection = LOCKED;
    const header = headerRow.getCell(columnNumber);
    header.value = headerText(field);
    header.font = HEADER_FONT;
    header.fill = HEADER_FILL;
    header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
    header.protection = LOCKED;
    header.note = { texts: [{ text: `${field.help.lo}\n${field.help.en}` }] };
    const validation = input ? validationFor(field, lists) : undefined;
    if (validation) {
      const letters = columnLetters(columnNumber);
      // exceljs keeps a range key as one sqref; its typings omit `dataValidations`.
      (sheet as unknown as RangeValidations).dataValidations.add(
        `${letters}${FIRST_DATA_ROW}:${letters}${lastDataRow}`,
        validation,
      );
    }
  });
  if (table.prefillActivities) {
    catalogue.activitiesOf(request.unit.code).forEach((activity, index) => {
      const row = sheet.getRow(FIRST_DATA_ROW + index);
      table.fields.forEach((field, fieldIndex) => {
        const cell = row.getCell(fieldIndex + 1);
        if (field.prefill) {
          cell.value = prefillText(field, activity) ?? null;
          cell.fill = LOCKED_FILL;
          cell.protection = LOCKED;
          cell.alignment = { wrapText: true, vertical: 'top' };
        } else {
          cell.fill = INPUT_FILL;
        }
      });
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: HEADER_ROW, xSplit: table.prefillActivities ? 1 : 0 }];
  sheet.autoFilter = {
    from: { row: HEADER_ROW, column: 1 },
    to: { row: HEADER_ROW, column: table.fields.length },
  };
  await sheet.protect('', PROTECTION_OPTIONS);
}

function writeMeta(workbook: Workbook, spec: TemplateSpec, request: TemplateRequest) {
  const sheet = workbook.addWorksheet(META_SHEET, { state: 'hidden' });
  metaRows(spec, request).forEach(([key, value], index) => {
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
  for (const table of tables) await writeTable(workbook, table, catalogue, request, lists);
  writeListsSheet(workbook, spec, catalogue);
  writeMeta(workbook, spec, request);
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
