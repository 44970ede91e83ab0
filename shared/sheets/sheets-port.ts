/**
 * The Google Sheets source port: the few Sheets v4 and Drive v3 calls the pipeline makes,
 * in their own words, so the pull logic (consistency, fallback) is tested without a network
 * and the adapter stays thin. {@link ./google-sheets-client.ts} implements it with the
 * `@googleapis/sheets` and `@googleapis/drive` clients.
 */
import type { Bilingual } from '../text/bilingual.ts';
import type { CellFacts } from './sheet-grid.ts';

/** Drive's view of the file: its kind and a version that increases on every change. */
export interface DriveFileInfo {
  readonly mimeType: string;
  readonly version: string;
  readonly name: string;
}

/** `spreadsheets.get` without grid data: sheet names, hidden state and protection. */
export interface SpreadsheetMetadata {
  readonly title: string;
  readonly sheets: readonly {
    readonly sheetId: number;
    readonly title: string;
    readonly hidden: boolean;
    readonly protectedRanges: number;
  }[];
}

/** The used area of one sheet whose cell formats are wanted. */
export interface UsedRange {
  readonly title: string;
  readonly rows: number;
  readonly columns: number;
}

/** The calls. Every method throws {@link SheetAccessError} for answers it cannot use. */
export interface GoogleSheetsPort {
  fileInfo(spreadsheetId: string): Promise<DriveFileInfo>;
  metadata(spreadsheetId: string): Promise<SpreadsheetMetadata>;
  /** `values.batchGet`, one range per sheet title: UNFORMATTED_VALUE, SERIAL_NUMBER dates. */
  values(spreadsheetId: string, titles: readonly string[]): Promise<unknown[][][]>;
  /** Number formats and errors of the used cells (`spreadsheets.get` grid data, narrow fields). */
  facts(spreadsheetId: string, ranges: readonly UsedRange[]): Promise<(CellFacts | undefined)[][][]>;
  /** The file as .xlsx: Drive's export of a Google Sheet, or the bytes of an .xlsx kept in Drive. */
  downloadXlsx(spreadsheetId: string, mimeType: string): Promise<Uint8Array>;
  /** `spreadsheets.create`; returns the new id and its URL. */
  create(body: object): Promise<{ spreadsheetId: string; spreadsheetUrl: string }>;
  batchUpdate(spreadsheetId: string, requests: readonly object[]): Promise<void>;
  /** Drive `permissions.create`: gives a person edit access and tells them. */
  shareWith(spreadsheetId: string, email: string): Promise<void>;
  /** Who the pipeline reads as (the service account's e-mail), for messages; undefined if unknown. */
  identity(): Promise<string | undefined>;
}

/** Why Google would not give a sheet. */
export type SheetAccessReason =
  /** 404: the id is wrong or the file was deleted. */
  | 'not-found'
  /** 403: not shared with the service account, or the API is off. */
  | 'forbidden'
  /** 400 FAILED_PRECONDITION and the like: the Sheets API will not read this file. */
  | 'refused'
  /** 429 / 5xx / network, still failing when the time ran out. */
  | 'unavailable'
  /** The sheet kept changing while it was read. */
  | 'changing';

/** Google refused or failed a call; carries a bilingual message for the unit and the Secretariat. */
export class SheetAccessError extends Error {
  override readonly name = 'SheetAccessError';
  constructor(
    readonly reason: SheetAccessReason,
    readonly status: number | undefined,
    readonly bilingual: Bilingual,
    options?: ErrorOptions,
  ) {
    super(`${reason}${status ? ` (HTTP ${status})` : ''}: ${bilingual.en}`, options);
  }
}

/** No Google credentials could be found; the message says what to set. */
export class GoogleCredentialsError extends Error {
  override readonly name = 'GoogleCredentialsError';
}

/** Accepts a bare id or any Sheets/Drive URL and returns the spreadsheet id. */
export function spreadsheetIdOf(input: string): string | undefined {
  const trimmed = input.trim();
  const fromUrl = /\/(?:spreadsheets\/d|file\/d)\/([A-Za-z0-9_-]{10,})/.exec(trimmed)?.[1];
  const id = fromUrl ?? trimmed;
  return /^[A-Za-z0-9_-]{10,200}$/.test(id) ? id : undefined;
}
