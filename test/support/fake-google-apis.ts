/**
 * A local fake of the Google Sheets v4 and Drive v3 HTTP APIs, on 127.0.0.1 and port 0, for
 * the calls Laingan makes. It follows the documented request and response shapes
 * (https://developers.google.com/sheets/api/reference/rest, .../drive/api/reference/rest/v3):
 * `spreadsheets.create/get/batchUpdate`, `spreadsheets.values.batchGet` (UNFORMATTED_VALUE:
 * numbers as numbers, dates as serial numbers, errors as their text), Drive `files.get`
 * (with a `version` that increases on every change, and `alt=media`), `files.export` and
 * `permissions.create`. Errors come in Google's `{error: {code, message, status}}` form.
 *
 * The real clients talk to it through per-API `rootUrl` with a fixed bearer token; anything
 * else is 401. Tests inject faults (429 then success, 403, 404, a refused Sheets API, an edit
 * in the middle of a pull) and read the requests it received.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Workbook } from 'exceljs';
import { isPercentFormat } from '../../shared/grid/cell-grid.ts';
import { isDateFormatCode } from '../../shared/grid/read-xlsx-grid.ts';
import { isoDayToExcelSerial } from '../../shared/parse/read-date.ts';

export const FAKE_ACCESS_TOKEN = 'fake-access-token-0123456789';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const SHEET_TYPE = 'application/vnd.google-apps.spreadsheet';

export interface NumberFormat {
  type: string;
  pattern?: string;
}

export interface FakeCell {
  value: number | string | boolean;
  format?: NumberFormat;
  /** A formula error type (`DIVIDE_BY_ZERO`...); the value is then its text. */
  error?: string;
}

export interface FakeSheet {
  sheetId: number;
  title: string;
  hidden: boolean;
  rowCount: number;
  columnCount: number;
  /** cells[row][column], 0-based. */
  cells: (FakeCell | undefined)[][];
  /** Number formats applied to ranges (repeatCell), later ones win. */
  rangeFormats: { range: GridRange; format: NumberFormat }[];
  protectedRanges: Record<string, unknown>[];
  validations: { range: GridRange; rule: Record<string, unknown> }[];
  hiddenRows: number[];
  hiddenColumns: number[];
}

export interface FakeSpreadsheet {
  id: string;
  title: string;
  mimeType: string;
  version: number;
  locale?: string;
  sheets: FakeSheet[];
  /** What Drive serves for export / alt=media. */
  xlsx?: Uint8Array;
  permissions: Record<string, unknown>[];
  /** Every batchUpdate request received, in order. */
  requests: Record<string, unknown>[];
}

interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

/** A fault: answer `status` to the next `times` requests whose path matches. */
export interface Fault {
  readonly path: RegExp;
  readonly status: number;
  times: number;
  readonly retryAfterSeconds?: number;
}

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'FAILED_PRECONDITION',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const KNOWN_REQUESTS = new Set([
  'updateCells',
  'repeatCell',
  'setDataValidation',
  'addProtectedRange',
  'updateDimensionProperties',
  'setBasicFilter',
  'updateSheetProperties',
]);

type Answer = { json: unknown } | { bytes: Uint8Array; type: string };

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** `'Title'!A1:C9` or `'Title'` -> title and 0-based bounds. */
function parseRange(text: string): { title: string; rows?: [number, number]; columns?: [number, number] } {
  const match = /^(?:'((?:[^']|'')*)'|([^!]+))(?:!([A-Z]+)(\d+):([A-Z]+)(\d+))?$/.exec(text);
  if (!match) throw new ApiError(400, `Unable to parse range: ${text}`);
  const title = match[1] !== undefined ? match[1].replace(/''/g, "'") : (match[2] ?? '');
  if (!match[3]) return { title };
  return {
    title,
    rows: [Number(match[4]) - 1, Number(match[6])],
    columns: [columnNumber(match[3]) - 1, columnNumber(match[5] ?? 'A')],
  };
}

function inRange(range: GridRange, row: number, column: number): boolean {
  return (
    row >= (range.startRowIndex ?? 0) &&
    row < (range.endRowIndex ?? Number.POSITIVE_INFINITY) &&
    column >= (range.startColumnIndex ?? 0) &&
    column < (range.endColumnIndex ?? Number.POSITIVE_INFINITY)
  );
}

function effectiveFormat(sheet: FakeSheet, row: number, column: number): NumberFormat | undefined {
  const own = sheet.cells[row]?.[column]?.format;
  if (own) return own;
  for (let i = sheet.rangeFormats.length - 1; i >= 0; i--) {
    const rule = sheet.rangeFormats[i];
    if (rule && inRange(rule.range, row, column)) return rule.format;
  }
  return undefined;
}

/** Trailing empty rows and cells are left out, as the API does. */
function usedValues(sheet: FakeSheet): unknown[][] {
  const rows = sheet.cells.map((row) => {
    const values = (row ?? []).map((cell) => (cell === undefined ? '' : cell.value));
    while (values.length && values[values.length - 1] === '') values.pop();
    return values;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  while (rows.length && (rows[rows.length - 1]?.length ?? 0) === 0) rows.pop();
  return rows;
}

export class FakeGoogleApis {
  readonly spreadsheets = new Map<string, FakeSpreadsheet>();
  readonly received: ReceivedRequest[] = [];
  readonly faults: Fault[] = [];
  /** Per spreadsheet: status for Sheets calls and/or Drive calls. */
  readonly refusals = new Map<string, { sheets?: number; drive?: number }>();
  /** Runs after a request was answered (e.g. to edit a sheet in the middle of a pull). */
  afterRequest?: (request: ReceivedRequest) => void;
  private server?: Server;
  rootUrl = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.sendError(res, error instanceof ApiError ? error.status : 500, String((error as Error).message));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.rootUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this.rootUrl;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  /** Adds a spreadsheet from sheets of cells; returns its id. */
  addSpreadsheet(input: {
    title?: string;
    sheets: { title: string; hidden?: boolean; cells: (FakeCell | undefined)[][] }[];
    mimeType?: string;
    xlsx?: Uint8Array;
  }): string {
    const id = `fake${randomBytes(12).toString('hex')}`;
    this.spreadsheets.set(id, {
      id,
      title: input.title ?? 'Untitled spreadsheet',
      mimeType: input.mimeType ?? SHEET_TYPE,
      version: 1,
      xlsx: input.xlsx,
      permissions: [],
      requests: [],
      sheets: input.sheets.map((sheet, index) => ({
        sheetId: index * 11,
        title: sheet.title,
        hidden: sheet.hidden ?? false,
        rowCount: Math.max(1000, sheet.cells.length),
        columnCount: 26,
        cells: sheet.cells,
        rangeFormats: [],
        protectedRanges: [],
        validations: [],
        hiddenRows: [],
        hiddenColumns: [],
      })),
    });
    return id;
  }

  /**
   * Adds a spreadsheet holding what an exceljs workbook holds, as Google Sheets stores it after
   * an import: numbers with their number format (a `%` format is PERCENT, a date format is a
   * DATE holding the serial number), text, booleans, formula results.
   */
  addFromWorkbook(workbook: Workbook, xlsx?: Uint8Array): string {
    return this.addSpreadsheet({ title: 'Imported workbook', xlsx, sheets: workbookSheets(workbook) });
  }

  spreadsheet(id: string): FakeSpreadsheet {
    const found = this.spreadsheets.get(id);
    if (!found) throw new Error(`no fake spreadsheet ${id}`);
    return found;
  }

  sheet(id: string, title: string): FakeSheet {
    const found = this.spreadsheet(id).sheets.find((s) => s.title === title);
    if (!found) throw new Error(`no sheet ${title}`);
    return found;
  }

  /** Types into a cell as a person would (A1 address); bumps the Drive version. */
  setCell(id: string, title: string, a1: string, cell: FakeCell | undefined): void {
    const match = /^([A-Z]+)(\d+)$/.exec(a1);
    if (!match) throw new Error(`bad address ${a1}`);
    const row = Number(match[2]) - 1;
    const column = columnNumber(match[1] ?? 'A') - 1;
    const sheet = this.sheet(id, title);
    sheet.cells[row] ??= [];
    (sheet.cells[row] as (FakeCell | undefined)[])[column] = cell;
    this.spreadsheet(id).version += 1;
  }

  private sendError(res: ServerResponse, status: number, message: string, retryAfter?: number): void {
    if (res.headersSent) return void res.end();
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      ...(retryAfter ? { 'retry-after': String(retryAfter) } : {}),
    });
    res.end(JSON.stringify({ error: { code: status, message, status: STATUS_TEXT[status] ?? 'UNKNOWN' } }));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const request: ReceivedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
    };
    this.received.push(request);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>)
      : {};
    if (req.headers.authorization !== `Bearer ${FAKE_ACCESS_TOKEN}`)
      return this.sendError(res, 401, 'Request had invalid authentication credentials.');
    const fault = this.faults.find((f) => f.times > 0 && f.path.test(url.pathname));
    if (fault) {
      fault.times -= 1;
      return this.sendError(res, fault.status, `Injected fault ${fault.status}`, fault.retryAfterSeconds);
    }
    const answer = this.route(request, body);
    if ('json' in answer) {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end(JSON.stringify(answer.json));
    } else {
      res.writeHead(200, { 'content-type': answer.type });
      res.end(Buffer.from(answer.bytes));
    }
    this.afterRequest?.(request);
  }

  private lookup(id: string, api: 'sheets' | 'drive'): FakeSpreadsheet {
    const refusal = this.refusals.get(id)?.[api];
    if (refusal === 404) throw new ApiError(404, `Requested entity was not found.`);
    if (refusal === 403) throw new ApiError(403, 'The caller does not have permission');
    if (refusal) throw new ApiError(refusal, 'This operation is not supported for this document');
    const found = this.spreadsheets.get(id);
    if (!found)
      throw new ApiError(404, api === 'drive' ? `File not found: ${id}.` : 'Requested entity was not found.');
    return found;
  }

  private route(request: ReceivedRequest, body: Record<string, unknown>): Answer {
    const { method, path, query } = request;
    const id = (pattern: RegExp) => pattern.exec(path)?.[1];
    if (method === 'POST' && path === '/v4/spreadsheets') return { json: this.create(body) };
    let match = id(/^\/v4\/spreadsheets\/([^/:]+):batchUpdate$/);
    if (match && method === 'POST') return { json: this.batchUpdate(this.lookup(match, 'sheets'), body) };
    match = id(/^\/v4\/spreadsheets\/([^/:]+)\/values:batchGet$/);
    if (match && method === 'GET') return { json: this.batchGet(this.lookup(match, 'sheets'), query) };
    match = id(/^\/v4\/spreadsheets\/([^/:]+)$/);
    if (match && method === 'GET') return { json: this.get(this.lookup(match, 'sheets'), query) };
    match = id(/^\/drive\/v3\/files\/([^/]+)\/export$/);
    if (match && method === 'GET') {
      const file = this.lookup(match, 'drive');
      if (file.mimeType !== SHEET_TYPE) throw new ApiError(403, 'Export only supports Docs Editors files.');
      if (query.get('mimeType') !== XLSX_TYPE || !file.xlsx)
        throw new ApiError(400, 'Unsupported export type');
      return { bytes: file.xlsx, type: XLSX_TYPE };
    }
    match = id(/^\/drive\/v3\/files\/([^/]+)\/permissions$/);
    if (match && method === 'POST') {
      const file = this.lookup(match, 'drive');
      const permission = { kind: 'drive#permission', id: String(file.permissions.length + 1), ...body };
      file.permissions.push({ ...permission, sendNotificationEmail: query.get('sendNotificationEmail') });
      return { json: permission };
    }
    match = id(/^\/drive\/v3\/files\/([^/]+)$/);
    if (match && method === 'GET') {
      const file = this.lookup(match, 'drive');
      if (query.get('alt') === 'media') {
        if (file.mimeType === SHEET_TYPE || !file.xlsx)
          throw new ApiError(
            403,
            'Only files with binary content can be downloaded. Use Export with Docs Editors files.',
          );
        return { bytes: file.xlsx, type: file.mimeType };
      }
      return {
        json: {
          kind: 'drive#file',
          id: file.id,
          name: file.title,
          mimeType: file.mimeType,
          version: String(file.version),
        },
      };
    }
    throw new ApiError(404, `No fake route for ${method} ${path}`);
  }

  private create(body: Record<string, unknown>) {
    const properties = (body.properties ?? {}) as { title?: string; locale?: string };
    const sheets = (body.sheets ?? []) as {
      properties: {
        sheetId?: number;
        title: string;
        hidden?: boolean;
        gridProperties?: Record<string, number>;
      };
    }[];
    const id = `fake${randomBytes(12).toString('hex')}`;
    const spreadsheet: FakeSpreadsheet = {
      id,
      title: properties.title ?? 'Untitled spreadsheet',
      locale: properties.locale,
      mimeType: SHEET_TYPE,
      version: 1,
      permissions: [],
      requests: [],
      sheets: (sheets.length ? sheets : [{ properties: { title: 'Sheet1' } }]).map((s, index) => ({
        sheetId: s.properties.sheetId ?? index,
        title: s.properties.title,
        hidden: s.properties.hidden === true,
        rowCount: s.properties.gridProperties?.rowCount ?? 1000,
        columnCount: s.properties.gridProperties?.columnCount ?? 26,
        cells: [],
        rangeFormats: [],
        protectedRanges: [],
        validations: [],
        hiddenRows: [],
        hiddenColumns: [],
      })),
    };
    this.spreadsheets.set(id, spreadsheet);
    return {
      spreadsheetId: id,
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${id}/edit`,
      properties: { title: spreadsheet.title, locale: spreadsheet.locale },
      sheets: spreadsheet.sheets.map((s) => ({ properties: { sheetId: s.sheetId, title: s.title } })),
    };
  }

  private sheetById(spreadsheet: FakeSpreadsheet, sheetId: number | undefined): FakeSheet {
    const sheet = spreadsheet.sheets.find((s) => s.sheetId === (sheetId ?? 0));
    if (!sheet) throw new ApiError(400, `Invalid requests: No grid with id: ${sheetId}`);
    return sheet;
  }

  private checkBounds(sheet: FakeSheet, range: GridRange): void {
    if ((range.endRowIndex ?? 0) > sheet.rowCount || (range.endColumnIndex ?? 0) > sheet.columnCount)
      throw new ApiError(400, `Invalid requests: range exceeds grid limits of ${sheet.title}`);
  }

  private batchUpdate(spreadsheet: FakeSpreadsheet, body: Record<string, unknown>) {
    const requests = (body.requests ?? []) as Record<string, Record<string, unknown>>[];
    for (const request of requests) {
      const [kind, ...others] = Object.keys(request);
      if (!kind || others.length || !KNOWN_REQUESTS.has(kind))
        throw new ApiError(400, `Invalid JSON payload: unknown request ${Object.keys(request).join(',')}`);
    }
    for (const request of requests) {
      spreadsheet.requests.push(request);
      const [kind, payload] = Object.entries(request)[0] as [string, Record<string, unknown>];
      this.apply(spreadsheet, kind, payload);
    }
    spreadsheet.version += 1;
    return { spreadsheetId: spreadsheet.id, replies: requests.map(() => ({})) };
  }

  private apply(spreadsheet: FakeSpreadsheet, kind: string, payload: Record<string, unknown>): void {
    if (kind === 'updateCells') {
      const start = payload.start as { sheetId: number; rowIndex: number; columnIndex: number };
      const sheet = this.sheetById(spreadsheet, start.sheetId);
      const rows = (payload.rows ?? []) as { values?: Record<string, Record<string, unknown>>[] }[];
      this.checkBounds(sheet, {
        endRowIndex: start.rowIndex + rows.length,
        endColumnIndex: start.columnIndex + Math.max(0, ...rows.map((r) => r.values?.length ?? 0)),
      });
      rows.forEach((row, r) => {
        (row.values ?? []).forEach((cell, c) => {
          const value = cell.userEnteredValue;
          const rowIndex = start.rowIndex + r;
          sheet.cells[rowIndex] ??= [];
          const target = sheet.cells[rowIndex] as (FakeCell | undefined)[];
          const format = cell.userEnteredFormat?.numberFormat as NumberFormat | undefined;
          const typed = value?.stringValue ?? value?.numberValue ?? value?.boolValue;
          target[start.columnIndex + c] =
            typed === undefined ? undefined : { value: typed as FakeCell['value'], format };
        });
      });
      return;
    }
    const range = (payload.range ?? (payload.protectedRange as { range?: GridRange } | undefined)?.range) as
      | GridRange
      | undefined;
    const filterRange = (payload.filter as { range?: GridRange } | undefined)?.range;
    const sheet = this.sheetById(spreadsheet, (range ?? filterRange)?.sheetId);
    this.checkBounds(sheet, range ?? filterRange ?? {});
    if (kind === 'repeatCell') {
      const format = (payload.cell as { userEnteredFormat?: { numberFormat?: NumberFormat } })
        .userEnteredFormat?.numberFormat;
      if (format && range) sheet.rangeFormats.push({ range, format });
    } else if (kind === 'setDataValidation' && range) {
      sheet.validations.push({ range, rule: payload.rule as Record<string, unknown> });
    } else if (kind === 'addProtectedRange') {
      sheet.protectedRanges.push({
        protectedRangeId: sheet.protectedRanges.length + 1,
        ...(payload.protectedRange as Record<string, unknown>),
      });
    } else if (kind === 'updateDimensionProperties' && range) {
      const dimension = range as GridRange & { dimension?: string; startIndex?: number; endIndex?: number };
      const properties = payload.properties as { hiddenByUser?: boolean };
      if (properties.hiddenByUser)
        for (let i = dimension.startIndex ?? 0; i < (dimension.endIndex ?? 0); i++)
          (dimension.dimension === 'ROWS' ? sheet.hiddenRows : sheet.hiddenColumns).push(i);
    }
  }

  private get(spreadsheet: FakeSpreadsheet, query: URLSearchParams) {
    const includeGridData = query.get('includeGridData') === 'true';
    const ranges = query.getAll('ranges').map(parseRange);
    const sheets = includeGridData
      ? ranges.map((range) => {
          const sheet = spreadsheet.sheets.find((s) => s.title === range.title);
          if (!sheet) throw new ApiError(400, `Unable to parse range: ${range.title}`);
          const [fromRow, toRow] = range.rows ?? [0, sheet.cells.length];
          const [fromColumn, toColumn] = range.columns ?? [0, sheet.columnCount];
          const rowData = [];
          for (let r = fromRow; r < Math.min(toRow, sheet.rowCount); r++) {
            const values = [];
            for (let c = fromColumn; c < toColumn; c++) {
              const cell = sheet.cells[r]?.[c];
              const numberFormat = effectiveFormat(sheet, r, c);
              values.push({
                ...(cell?.error
                  ? { effectiveValue: { errorValue: { type: cell.error, message: 'error' } } }
                  : {}),
                ...(numberFormat ? { effectiveFormat: { numberFormat } } : {}),
              });
            }
            rowData.push({ values });
          }
          return {
            properties: { sheetId: sheet.sheetId, title: sheet.title },
            data: [{ startRow: fromRow, startColumn: fromColumn, rowData }],
          };
        })
      : spreadsheet.sheets.map((sheet, index) => ({
          properties: {
            sheetId: sheet.sheetId,
            title: sheet.title,
            index,
            sheetType: 'GRID',
            gridProperties: { rowCount: sheet.rowCount, columnCount: sheet.columnCount },
            // Like the API, `hidden` is only present when true.
            ...(sheet.hidden ? { hidden: true } : {}),
          },
          ...(sheet.protectedRanges.length ? { protectedRanges: sheet.protectedRanges } : {}),
        }));
    return {
      spreadsheetId: spreadsheet.id,
      properties: { title: spreadsheet.title, locale: spreadsheet.locale ?? 'en_US' },
      sheets,
    };
  }

  private batchGet(spreadsheet: FakeSpreadsheet, query: URLSearchParams) {
    if (
      query.get('valueRenderOption') !== 'UNFORMATTED_VALUE' ||
      query.get('dateTimeRenderOption') !== 'SERIAL_NUMBER'
    )
      throw new ApiError(400, 'this fake serves UNFORMATTED_VALUE with SERIAL_NUMBER dates only');
    return {
      spreadsheetId: spreadsheet.id,
      valueRanges: query.getAll('ranges').map((text) => {
        const range = parseRange(text);
        const sheet = spreadsheet.sheets.find((s) => s.title === range.title);
        if (!sheet) throw new ApiError(400, `Unable to parse range: ${text}`);
        const values = usedValues(sheet);
        return {
          range: `'${sheet.title.replace(/'/g, "''")}'!A1:Z${sheet.rowCount}`,
          majorDimension: 'ROWS',
          ...(values.length ? { values } : {}),
        };
      }),
    };
  }
}

/** An exceljs number format as the Sheets number format an import gives it. */
function sheetsFormatOf(numFmt: string | undefined, isDate: boolean): NumberFormat | undefined {
  if (isDate) return { type: 'DATE', pattern: numFmt && numFmt !== 'General' ? numFmt : 'dd/mm/yyyy' };
  if (!numFmt || /^general$/i.test(numFmt)) return undefined;
  if (isPercentFormat(numFmt)) return { type: 'PERCENT', pattern: numFmt };
  if (numFmt === '@') return { type: 'TEXT' };
  if (isDateFormatCode(numFmt)) return { type: 'DATE', pattern: numFmt };
  return { type: 'NUMBER', pattern: numFmt };
}

const EXCEL_ERRORS: Record<string, string> = {
  '#DIV/0!': 'DIVIDE_BY_ZERO',
  '#N/A': 'N_A',
  '#VALUE!': 'VALUE',
  '#REF!': 'REF',
  '#NAME?': 'NAME',
  '#NUM!': 'NUM',
  '#NULL!': 'NULL_VALUE',
};

/** The cells of an exceljs workbook as Google Sheets holds them. */
export function workbookSheets(
  workbook: Workbook,
): { title: string; hidden: boolean; cells: (FakeCell | undefined)[][] }[] {
  return workbook.worksheets.map((worksheet) => {
    const cells: (FakeCell | undefined)[][] = [];
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        let value: unknown = cell.value;
        if (value && typeof value === 'object' && 'result' in value)
          value = (value as { result: unknown }).result;
        if (value && typeof value === 'object' && 'richText' in value)
          value = (value as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
        if (value && typeof value === 'object' && 'error' in value) {
          const text = String((value as { error: string }).error);
          cells[rowNumber - 1] ??= [];
          (cells[rowNumber - 1] as (FakeCell | undefined)[])[columnNumber - 1] = {
            value: text,
            error: EXCEL_ERRORS[text] ?? 'ERROR',
          };
          return;
        }
        let fake: FakeCell | undefined;
        if (value instanceof Date)
          fake = {
            value: isoDayToExcelSerial(value.toISOString().slice(0, 10)),
            format: sheetsFormatOf(cell.numFmt, true),
          };
        else if (typeof value === 'number') fake = { value, format: sheetsFormatOf(cell.numFmt, false) };
        else if (typeof value === 'string' || typeof value === 'boolean') fake = { value };
        if (!fake) return;
        cells[rowNumber - 1] ??= [];
        (cells[rowNumber - 1] as (FakeCell | undefined)[])[columnNumber - 1] = fake;
      });
    });
    return { title: worksheet.name, hidden: worksheet.state !== 'visible', cells };
  });
}

/**
 * A workbook as .xlsx bytes and, in the fake, as a Google Sheet holding the same cells (read
 * back by exceljs, not by Laingan's reader). Drive's export of the sheet serves the bytes.
 */
export async function addTwin(
  fake: FakeGoogleApis,
  workbook: Workbook,
): Promise<{ bytes: Uint8Array; id: string }> {
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  const { loadExcelJs } = await import('../../shared/grid/exceljs-workbook.ts');
  const ExcelJS = await loadExcelJs();
  const reread = new ExcelJS.Workbook();
  await reread.xlsx.load(bytes as unknown as ArrayBuffer);
  return { bytes, id: fake.addFromWorkbook(reread, bytes) };
}
