/// <reference path="./exceljs-workbook-writer.d.ts" />
/**
 * exceljs, loaded on first use so that code paths which never write or annotate a workbook
 * do not pay for its import. Also a second, independent .xlsx -> grid reader, used by tests
 * to check the lean reader in read-xlsx-grid.ts cell for cell.
 */
import { Writable } from 'node:stream';
import type { CellValue, Workbook } from 'exceljs';
import { type CellGrid, GridSheetBuilder, type GridValue } from './cell-grid.ts';
import { XlsxZipWriter } from './xlsx-zip-writer.ts';

type ExcelJsModule = typeof import('exceljs');
let excelJs: Promise<ExcelJsModule> | undefined;

/** exceljs, imported once per process. */
export function loadExcelJs(): Promise<ExcelJsModule> {
  excelJs ??= import('exceljs').then(
    (module) => ((module as { default?: ExcelJsModule }).default ?? module) as ExcelJsModule,
  );
  return excelJs;
}

type StreamingWorkbookWriter = ExcelJsModule['stream']['xlsx']['WorkbookWriter'];
let workbookWriter: Promise<StreamingWorkbookWriter> | undefined;

/**
 * exceljs's streaming workbook writer on its own. The compile uses nothing else of exceljs,
 * and importing the writer's modules alone skips the readers, the in-memory workbook and
 * their dependencies: measured 0.36 s against 0.86 s for the whole package (2 cores, busy),
 * which is most of what a first compile pays before its first row. In a process that also
 * loads the whole package, both share the same module instances.
 */
export function loadStreamingWorkbookWriter(): Promise<StreamingWorkbookWriter> {
  workbookWriter ??= import('exceljs/lib/stream/xlsx/workbook-writer.js').then(
    (module) =>
      ((module as { default?: StreamingWorkbookWriter }).default ?? module) as StreamingWorkbookWriter,
  );
  return workbookWriter;
}

/** A streaming workbook writer (exceljs's WorkbookWriter). */
export type StreamingWorkbook = InstanceType<StreamingWorkbookWriter>;

/** exceljs 4.4's WorkbookWriter internals that swapping its zip touches. */
interface WorkbookWriterInternals {
  zip: { on(event: 'error', listener: () => void): unknown; abort(): unknown } | XlsxZipWriter;
  stream: Writable;
  promise: Promise<unknown>;
  addThemes(): Promise<void>;
  addOfficeRels(): Promise<void>;
}

/**
 * exceljs's streaming workbook writer writing to `output` through {@link XlsxZipWriter}
 * instead of its archiver (a third of the time of a national workbook went to archiver's
 * stream stages). exceljs builds its archiver in the constructor and adds the theme and the
 * package relationships to it at once: that archiver writes to a sink nobody reads and is
 * aborted, and the two parts are added again to the zip that replaces it. (In the bundles
 * that archiver is a placeholder that takes the parts and does nothing: see
 * archiver-placeholder.cjs.)
 */
export async function openStreamingWorkbook(
  output: Writable,
  options: { useStyles: boolean; useSharedStrings: boolean },
): Promise<StreamingWorkbook> {
  const WorkbookWriter = await loadStreamingWorkbookWriter();
  const discarded = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const workbook = new WorkbookWriter({ ...options, stream: discarded });
  const internals = workbook as unknown as WorkbookWriterInternals;
  const archiver = internals.zip;
  if (
    !('abort' in archiver) ||
    typeof internals.addThemes !== 'function' ||
    typeof internals.addOfficeRels !== 'function'
  )
    throw new Error('openStreamingWorkbook needs exceljs 4.4 WorkbookWriter internals; exceljs has changed');
  archiver.on('error', () => undefined);
  archiver.abort();
  internals.zip = new XlsxZipWriter(output);
  internals.stream = output;
  internals.promise = Promise.all([internals.addThemes(), internals.addOfficeRels()]);
  return workbook;
}

/**
 * A zip entry stream a streaming worksheet's XML is piped into. exceljs's archiver uses the
 * readable-stream package, whose streams lack `writableNeedDrain`: read the writable state.
 */
interface EntryStream extends NodeJS.EventEmitter {
  readonly _writableState?: { readonly needDrain?: boolean };
}

/**
 * Waits until the zip has taken the XML a streaming worksheet has written so far. exceljs pipes
 * each worksheet's XML into a zip entry stream, but that stream only drains when the event loop
 * turns and the zip has reached the entry; rows committed without a pause pile up there, so a
 * large sheet (or every sheet of a workbook written in one go) sat in memory whole. Waiting for
 * the entry stream's `drain` is the backpressure the writer does not apply itself. A sheet whose
 * XML is not flowing yet (the zip is still on an earlier, committed part) waits its turn.
 * Relies on exceljs 4.4 internals (`worksheet.stream.pipes`); without them it does nothing.
 */
export async function sheetXmlTaken(worksheet: object): Promise<void> {
  const pipes = (worksheet as { stream?: { pipes?: readonly EntryStream[] } }).stream?.pipes ?? [];
  for (const pipe of pipes) if (pipe._writableState?.needDrain) await drainedOrClosed(pipe);
}

/** Resolves on `drain`, or on `close` (an aborted zip never drains: the writer must not hang). */
function drainedOrClosed(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: unknown) => {
      stream.off('drain', settle);
      stream.off('close', settle);
      stream.off('error', settle);
      if (error instanceof Error) reject(error);
      else resolve();
    };
    stream.on('drain', settle);
    stream.on('close', settle);
    stream.on('error', settle);
  });
}

const MS_PER_DAY = 86_400_000;

/**
 * exceljs turns date-formatted serials into UTC instants. A writer running east of UTC may
 * have stored local midnight (serial 45865.708 for 28 July in Vientiane), so round to the
 * nearest calendar day rather than truncating.
 */
export function dateToIsoDay(date: Date): string {
  const rounded = Math.round(date.getTime() / MS_PER_DAY) * MS_PER_DAY;
  return new Date(rounded).toISOString().slice(0, 10);
}

function toGridValue(value: CellValue | undefined): GridValue | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number')
    return Number.isFinite(value) ? { kind: 'number', number: value } : undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : { kind: 'text', text: value };
  if (typeof value === 'boolean') return { kind: 'boolean', boolean: value };
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : { kind: 'date', date: dateToIsoDay(value) };
  if ('error' in value) return { kind: 'error', error: String(value.error) };
  // Formula cells are read by their cached result (exceljs loses a cached 0 in `value`).
  if ('formula' in value || 'sharedFormula' in value)
    return toGridValue((value as { result?: CellValue }).result as CellValue);
  if ('richText' in value) return toGridValue(value.richText.map((run) => run.text).join(''));
  if ('text' in value) return toGridValue(String((value as { text: unknown }).text));
  return undefined;
}

/** Converts a loaded exceljs workbook into the cell grid. */
export function workbookToGrid(workbook: Workbook): CellGrid {
  const sheets = workbook.worksheets.map((worksheet) => {
    const builder = new GridSheetBuilder(worksheet.name, worksheet.state !== 'visible');
    worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
        // A cell covered by a merge holds nothing of its own (exceljs shows the merge's value).
        if (cell.type === 1 /* Merge */) return;
        const value =
          cell.type === 6 /* Formula */ ? toGridValue(cell.result as CellValue) : toGridValue(cell.value);
        const format = cell.numFmt;
        // Keep the number format, as the lean reader does: `50%` is stored as 0.5 with `0%`.
        if (value?.kind === 'number' && format && !/^general$/i.test(format))
          builder.set(rowNumber, columnNumber, { ...value, format });
        else if (value) builder.set(rowNumber, columnNumber, value);
      });
    });
    return builder.build();
  });
  return { sheets };
}

/** Loads .xlsx bytes with exceljs, skipping data-validation nodes (the spec knows the rules). */
export async function loadWorkbook(bytes: Uint8Array, keepValidations = false): Promise<Workbook> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Whole-column validations in Excel-made files expand to millions of entries on read.
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer, {
    ignoreNodes: keepValidations ? [] : ['dataValidations'],
  });
  return workbook;
}

/** Reads .xlsx bytes into the cell grid with exceljs. Throws on files exceljs cannot open. */
export async function readGridWithExcelJs(bytes: Uint8Array): Promise<CellGrid> {
  return workbookToGrid(await loadWorkbook(bytes));
}
