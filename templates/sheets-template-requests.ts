/**
 * A unit's monthly template as a Google Sheet, built as plain Sheets v4 request bodies from the
 * same spec and the same template content as the .xlsx writer: a `spreadsheets.create` body
 * (sheets, hidden state, frozen panes, locale) and one `spreadsheets.batchUpdate` request list
 * (bilingual labels, pre-filled activities, hidden key row and column, dropdowns and typing
 * rules, number formats, warning-only protection of everything but the input cells).
 *
 * Pure: no client, no network. `npm run templates -- --google --dry-run` prints exactly this.
 */
import type { sheets_v4 } from '@googleapis/sheets';
import { isPercentFormat, toA1 } from '../shared/grid/cell-grid.ts';
import { isDateFormatCode } from '../shared/grid/read-xlsx-grid.ts';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import { displayChoice, resolveChoices } from '../shared/spec/choices.ts';
import type { FieldSpec, TableSheetSpec, TemplateSpec } from '../shared/spec/field-types.ts';
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
  type TemplateRequest,
  tablesOf,
} from './template-content.ts';

type Request = sheets_v4.Schema$Request;
type CellData = sheets_v4.Schema$CellData;
type GridRange = sheets_v4.Schema$GridRange;
type CellFormat = sheets_v4.Schema$CellFormat;

/** What creating a template sends: the create body, then one batchUpdate. */
export interface SheetsTemplatePlan {
  readonly create: sheets_v4.Schema$Spreadsheet;
  readonly requests: Request[];
}

/** Fixed sheet ids, so requests can name sheets before they exist and plans are stable. */
export const SHEET_IDS = {
  instructions: 100,
  cover: 200,
  /** Table sheets: 300 + index in the spec. */
  tableBase: 300,
  lists: 900,
  meta: 901,
} as const;

const rgb = (hex: string) => ({
  red: Number.parseInt(hex.slice(0, 2), 16) / 255,
  green: Number.parseInt(hex.slice(2, 4), 16) / 255,
  blue: Number.parseInt(hex.slice(4, 6), 16) / 255,
});
// The same colours as the .xlsx template (workbook-style.ts).
const NAVY = rgb('1F3864');
const LOCKED_GREY = rgb('F2F2F2');
const INPUT_YELLOW = rgb('FFFFF2');
const HELP_GREY = rgb('595959');
/** Sheets has no Phetsarath OT (the .xlsx font); Noto Sans Lao is a Google font every viewer gets. */
const SHEETS_FONT = 'Noto Sans Lao';
const BODY: CellFormat = { textFormat: { fontFamily: SHEETS_FONT, fontSize: 10 } };
const TITLE: CellFormat = {
  textFormat: { fontFamily: SHEETS_FONT, fontSize: 14, bold: true, foregroundColor: NAVY },
  wrapStrategy: 'WRAP',
};
const HEADER: CellFormat = {
  textFormat: { fontFamily: SHEETS_FONT, fontSize: 10, bold: true, foregroundColor: rgb('FFFFFF') },
  backgroundColor: NAVY,
  wrapStrategy: 'WRAP',
  verticalAlignment: 'MIDDLE',
  horizontalAlignment: 'CENTER',
};
const LOCKED_LABEL: CellFormat = {
  textFormat: { fontFamily: SHEETS_FONT, fontSize: 10, bold: true },
  backgroundColor: LOCKED_GREY,
  wrapStrategy: 'WRAP',
  verticalAlignment: 'MIDDLE',
};
const PREFILLED: CellFormat = {
  ...BODY,
  backgroundColor: LOCKED_GREY,
  wrapStrategy: 'WRAP',
  verticalAlignment: 'TOP',
};
const INPUT: CellFormat = { ...BODY, backgroundColor: INPUT_YELLOW, verticalAlignment: 'MIDDLE' };
const HELP: CellFormat = {
  textFormat: { fontFamily: SHEETS_FONT, fontSize: 10, italic: true, foregroundColor: HELP_GREY },
  wrapStrategy: 'WRAP',
  verticalAlignment: 'MIDDLE',
};

const text = (value: string, format: CellFormat = BODY, note?: string): CellData => ({
  userEnteredValue: { stringValue: value },
  userEnteredFormat: format,
  ...(note ? { note } : {}),
});
const blank = (format: CellFormat = BODY): CellData => ({ userEnteredFormat: format });
/** Excel column width (characters) to Sheets pixels. */
const pixels = (width: number) => Math.round(width * 7 + 5);

/** A grid range from 1-based inclusive rows and columns. */
function range(
  sheetId: number,
  fromRow: number,
  toRow: number,
  fromColumn: number,
  toColumn: number,
): GridRange {
  return {
    sheetId,
    startRowIndex: fromRow - 1,
    endRowIndex: toRow,
    startColumnIndex: fromColumn - 1,
    endColumnIndex: toColumn,
  };
}

/** Writes rows of cells starting at a 1-based row and column. */
function writeCells(sheetId: number, row: number, column: number, rows: CellData[][]): Request {
  return {
    updateCells: {
      start: { sheetId, rowIndex: row - 1, columnIndex: column - 1 },
      rows: rows.map((values) => ({ values })),
      fields: 'userEnteredValue,userEnteredFormat,note',
    },
  };
}

function columnWidth(sheetId: number, column: number, width: number): Request {
  return {
    updateDimensionProperties: {
      range: { sheetId, dimension: 'COLUMNS', startIndex: column - 1, endIndex: column },
      properties: { pixelSize: pixels(width) },
      fields: 'pixelSize',
    },
  };
}

function rowHeight(sheetId: number, row: number, height: number): Request {
  return {
    updateDimensionProperties: {
      range: { sheetId, dimension: 'ROWS', startIndex: row - 1, endIndex: row },
      // Excel row heights are points; Sheets wants pixels.
      properties: { pixelSize: Math.round((height * 4) / 3) },
      fields: 'pixelSize',
    },
  };
}

function hide(sheetId: number, dimension: 'ROWS' | 'COLUMNS', index: number): Request {
  return {
    updateDimensionProperties: {
      range: { sheetId, dimension, startIndex: index - 1, endIndex: index },
      properties: { hiddenByUser: true },
      fields: 'hiddenByUser',
    },
  };
}

/** The Sheets number format for a field's Excel format code. */
export function sheetsNumberFormat(field: FieldSpec): sheets_v4.Schema$NumberFormat | undefined {
  const code = numberFormatFor(field);
  if (!code) return undefined;
  if (code === '@') return { type: 'TEXT' };
  if (isDateFormatCode(code)) return { type: 'DATE', pattern: code };
  if (isPercentFormat(code)) return { type: 'PERCENT', pattern: code };
  return { type: 'NUMBER', pattern: code };
}

function numberFormat(area: GridRange, field: FieldSpec): Request | undefined {
  const format = sheetsNumberFormat(field);
  if (!format) return undefined;
  return {
    repeatCell: {
      range: area,
      cell: { userEnteredFormat: { numberFormat: format } },
      fields: 'userEnteredFormat.numberFormat',
    },
  };
}

/** A formula condition written for the range's top-left cell (Sheets shifts it per cell). */
const formula = (template: string): sheets_v4.Schema$BooleanCondition => ({
  type: 'CUSTOM_FORMULA',
  values: [{ userEnteredValue: template }],
});
const dateFormula = (d: { year: number; month: number; day: number }) =>
  `=DATE(${d.year},${d.month},${d.day})`;

/**
 * The typing rule of a field, as Sheets expresses the .xlsx template's rule: a dropdown from
 * `_lists`, whole numbers from the minimum, a percent between its bounds, a date between the
 * plan's years, a `YYYY-MM` length, a text length cap. Strict, like Excel's "stop" alert; the
 * input message carries the bilingual help.
 */
export function validationRule(
  field: FieldSpec,
  topLeft: string,
  lists: ReturnType<typeof listPlacements>,
): sheets_v4.Schema$DataValidationRule | undefined {
  const base = { inputMessage: `${field.help.lo}\n${field.help.en}`, strict: true };
  switch (field.type) {
    case 'choice': {
      const placement = lists.get(field.list ?? 'status');
      if (!placement) return undefined;
      return {
        ...base,
        showCustomUi: true,
        condition: { type: 'ONE_OF_RANGE', values: [{ userEnteredValue: `=${listReference(placement)}` }] },
      };
    }
    case 'count':
    case 'money':
      return {
        ...base,
        condition: formula(
          `=AND(ISNUMBER(${topLeft}),${topLeft}=INT(${topLeft}),${topLeft}>=${field.min ?? 0})`,
        ),
      };
    case 'percent':
      return {
        ...base,
        condition: {
          type: 'NUMBER_BETWEEN',
          // Percent cells hold fractions (50% and 50 typed in a % cell are 0.5), as in the .xlsx.
          values: [
            { userEnteredValue: String((field.min ?? 0) / 100) },
            { userEnteredValue: String((field.max ?? 100) / 100) },
          ],
        },
      };
    case 'date':
      return {
        ...base,
        condition: {
          type: 'DATE_BETWEEN',
          values: [
            { userEnteredValue: dateFormula(FIRST_VALID_DATE) },
            { userEnteredValue: dateFormula(LAST_VALID_DATE) },
          ],
        },
      };
    case 'period':
      return { ...base, condition: formula(`=LEN(${topLeft})=${PERIOD_LENGTH}`) };
    default:
      return { ...base, condition: formula(`=LEN(${topLeft})<=${MAX_TEXT_LENGTH}`) };
  }
}

function protect(sheetId: number, description: string, unprotected: GridRange[] = []): Request {
  return {
    addProtectedRange: {
      protectedRange: {
        range: { sheetId },
        description,
        // Warning only: a focal point is asked to confirm, never locked out of their own sheet.
        warningOnly: true,
        unprotectedRanges: unprotected,
      },
    },
  };
}

function instructionsRequests(
  spec: TemplateSpec,
  request: TemplateRequest,
  tables: readonly TableSheetSpec[],
): Request[] {
  const id = SHEET_IDS.instructions;
  const lines = instructionLines(spec, request, tables, 'google-sheets');
  const formatOf = (index: number): CellFormat =>
    index === 0
      ? TITLE
      : index === 4
        ? { ...BODY, textFormat: { ...BODY.textFormat, bold: true }, wrapStrategy: 'WRAP' }
        : { ...BODY, wrapStrategy: 'WRAP', verticalAlignment: 'TOP' };
  return [
    writeCells(
      id,
      1,
      1,
      lines.map(([lo, en], index) => [text(lo, formatOf(index)), text(en, formatOf(index))]),
    ),
    columnWidth(id, 1, 70),
    columnWidth(id, 2, 70),
    protect(id, 'Instructions / ຄຳແນະນຳ'),
  ];
}

function coverRequests(
  spec: TemplateSpec,
  catalogue: Catalogue,
  request: TemplateRequest,
  lists: ReturnType<typeof listPlacements>,
): Request[] {
  const id = SHEET_IDS.cover;
  const cover = spec.cover;
  const unitChoice = resolveChoices(spec, catalogue, 'unit').find((c) => c.code === request.unit.code);
  const requests: Request[] = [
    writeCells(id, 1, COVER_LABEL_COLUMN, [[text(`${cover.title.lo}\n${cover.title.en}`, TITLE)]]),
    rowHeight(id, 1, 40),
  ];
  const inputs: GridRange[] = [];
  cover.fields.forEach((field, index) => {
    const row = COVER_FIRST_FIELD_ROW + index;
    const prefilled =
      field.key === 'unit_code' && unitChoice
        ? displayChoice(unitChoice)
        : field.key === 'period'
          ? request.period
          : undefined;
    requests.push(
      writeCells(id, row, COVER_KEY_COLUMN, [
        [
          text(field.key),
          text(coverLabelText(field), LOCKED_LABEL),
          prefilled === undefined ? blank(INPUT) : text(prefilled, INPUT),
          text(`${field.help.lo} ${field.help.en}`, HELP),
        ],
      ]),
      rowHeight(id, row, 30),
    );
    const cell = range(id, row, row, COVER_INPUT_COLUMN, COVER_INPUT_COLUMN);
    inputs.push(cell);
    const format = numberFormat(cell, field);
    if (format) requests.push(format);
    const rule = validationRule(field, toA1(row, COVER_INPUT_COLUMN), lists);
    if (rule) requests.push({ setDataValidation: { range: cell, rule } });
  });
  requests.push(
    hide(id, 'COLUMNS', COVER_KEY_COLUMN),
    columnWidth(id, COVER_LABEL_COLUMN, 36),
    columnWidth(id, COVER_INPUT_COLUMN, 52),
    columnWidth(id, COVER_INPUT_COLUMN + 1, 52),
    protect(id, 'Cover labels and keys / ປ້າຍ ແລະ ລະຫັດ ໜ້າປົກ', inputs),
  );
  return requests;
}

function tableRequests(
  table: TableSheetSpec,
  sheetId: number,
  catalogue: Catalogue,
  request: TemplateRequest,
  lists: ReturnType<typeof listPlacements>,
): Request[] {
  const lastDataRow = lastDataRowOf(table);
  const activities = table.prefillActivities ? catalogue.activitiesOf(request.unit.code) : [];
  const requests: Request[] = [
    writeCells(sheetId, KEY_ROW, 1, [table.fields.map((field) => text(field.key))]),
    writeCells(sheetId, HEADER_ROW, 1, [
      table.fields.map((field) =>
        text(headerText(field, false), HEADER, `${field.help.lo}\n${field.help.en}`),
      ),
    ]),
    rowHeight(sheetId, HEADER_ROW, 48),
    hide(sheetId, 'ROWS', KEY_ROW),
  ];
  if (activities.length)
    requests.push(
      writeCells(
        sheetId,
        FIRST_DATA_ROW,
        1,
        activities.map((activity) =>
          table.fields.map((field) => {
            const value = prefillText(field, activity);
            return value === undefined ? blank(INPUT) : text(value, PREFILLED);
          }),
        ),
      ),
    );
  const inputs: GridRange[] = [];
  table.fields.forEach((field, index) => {
    const column = index + 1;
    requests.push(columnWidth(sheetId, column, field.width ?? 14));
    if (field.prefill) return;
    const area = range(sheetId, FIRST_DATA_ROW, lastDataRow, column, column);
    inputs.push(area);
    const format = numberFormat(area, field);
    if (format) requests.push(format);
    const rule = validationRule(field, toA1(FIRST_DATA_ROW, column), lists);
    if (rule) requests.push({ setDataValidation: { range: area, rule } });
  });
  requests.push(
    {
      setBasicFilter: {
        filter: { range: range(sheetId, HEADER_ROW, lastDataRow, 1, table.fields.length) },
      },
    },
    protect(sheetId, `${table.sheetName}: keys, headers, pre-filled cells / ລະຫັດ, ຫົວຖັນ`, inputs),
  );
  return requests;
}

function listsRequests(spec: TemplateSpec, catalogue: Catalogue): Request[] {
  const id = SHEET_IDS.lists;
  return [
    ...listKeys(spec).map((key, index) =>
      writeCells(id, 1, index + 1, [
        [text(key)],
        ...resolveChoices(spec, catalogue, key).map((choice) => [text(displayChoice(choice))]),
      ]),
    ),
    protect(id, 'Dropdown lists / ລາຍການເລືອກ'),
  ];
}

function metaRequests(spec: TemplateSpec, request: TemplateRequest, catalogue: Catalogue): Request[] {
  const id = SHEET_IDS.meta;
  return [
    writeCells(
      id,
      1,
      1,
      metaRows(spec, request, catalogue.version).map(([key, value]) => [text(key), text(value)]),
    ),
    protect(id, 'Template identity / ຂໍ້ມູນແບບຟອມ'),
  ];
}

/** Last data row of a table sheet: the grid ends there, like the .xlsx validations do. */
export function lastDataRowOf(table: TableSheetSpec): number {
  return FIRST_DATA_ROW + table.maxRows - 1;
}

/** The sheet id of a table sheet. */
export function tableSheetId(spec: TemplateSpec, table: TableSheetSpec): number {
  return SHEET_IDS.tableBase + spec.tables.indexOf(table);
}

/** Builds the create body and batchUpdate requests of one unit's template for one month. */
export function buildSheetsTemplate(
  request: TemplateRequest,
  catalogue: Catalogue,
  spec: TemplateSpec = TEMPLATE_SPEC,
): SheetsTemplatePlan {
  const tables = tablesOf(spec, request.unit);
  const lists = listPlacements(spec, catalogue);
  const listsKeys = listKeys(spec);
  const longestList = Math.max(...[...lists.values()].map((p) => p.lastRow));
  const sheetProperties: sheets_v4.Schema$SheetProperties[] = [
    {
      sheetId: SHEET_IDS.instructions,
      title: INSTRUCTIONS_SHEET.sheetName,
      gridProperties: { rowCount: 40, columnCount: 2 },
    },
    {
      sheetId: SHEET_IDS.cover,
      title: spec.cover.sheetName,
      tabColorStyle: { rgbColor: NAVY },
      gridProperties: {
        rowCount: COVER_FIRST_FIELD_ROW + spec.cover.fields.length + 2,
        columnCount: COVER_INPUT_COLUMN + 1,
        frozenRowCount: 2,
      },
    },
    ...tables.map(
      (table): sheets_v4.Schema$SheetProperties => ({
        sheetId: tableSheetId(spec, table),
        title: table.sheetName,
        gridProperties: {
          rowCount: lastDataRowOf(table),
          columnCount: table.fields.length,
          frozenRowCount: HEADER_ROW,
          frozenColumnCount: table.prefillActivities ? 1 : 0,
        },
      }),
    ),
    {
      sheetId: SHEET_IDS.lists,
      title: LISTS_SHEET,
      hidden: true,
      gridProperties: { rowCount: longestList, columnCount: listsKeys.length },
    },
    {
      sheetId: SHEET_IDS.meta,
      title: META_SHEET,
      hidden: true,
      gridProperties: { rowCount: metaRows(spec, request, catalogue.version).length, columnCount: 2 },
    },
  ];
  const create: sheets_v4.Schema$Spreadsheet = {
    properties: {
      title: `Laingan ${request.unit.code} ${request.period}: ${request.unit.name.lo} / ${request.unit.name.en}`,
      // en_GB reads a typed 05/07/2025 as 5 July, as the instructions say; en_US would not.
      locale: 'en_GB',
      timeZone: 'Asia/Vientiane',
    },
    sheets: sheetProperties.map((properties, index) => ({ properties: { ...properties, index } })),
  };
  const requests: Request[] = [
    ...instructionsRequests(spec, request, tables),
    ...coverRequests(spec, catalogue, request, lists),
    ...tables.flatMap((table) => tableRequests(table, tableSheetId(spec, table), catalogue, request, lists)),
    ...listsRequests(spec, catalogue),
    ...metaRequests(spec, request, catalogue),
  ];
  return { create, requests };
}
