/**
 * Reads one Google Sheet into the cell grid, consistently. The Sheets API has no snapshot
 * read: a focal point typing during the pull could give values from before and formats from
 * after an edit. So Drive's file version is read before and after; if it moved, the whole read
 * is done again (a few times), and a sheet that never holds still is reported, not half-read.
 *
 * When the Sheets API refuses the file (it is an .xlsx kept in Drive, or the API is off for
 * the project) but Drive still serves it, the file is exported as .xlsx and read by the same
 * .xlsx reader as uploads: the grid, and therefore the verdict, is the same.
 */
import type { CellGrid } from '../grid/cell-grid.ts';
import { inspectXlsxPackage } from '../grid/inspect-xlsx-package.ts';
import { readXlsxGrid } from '../grid/read-xlsx-grid.ts';
import { defaultPackageLimits } from '../validate/validate-upload.ts';
import { canonicalGridJson, type FetchedSheet, spreadsheetToGrid, usedExtent } from './sheet-grid.ts';
import { type GoogleSheetsPort, SheetAccessError } from './sheets-port.ts';

/** A pulled sheet: its grid, the raw record (canonical JSON) and how it was read. */
export interface PulledSpreadsheet {
  readonly spreadsheetId: string;
  readonly title: string;
  readonly grid: CellGrid;
  /** Canonical JSON of the grid: the raw record, content-addressed by its sha256. */
  readonly raw: string;
  readonly via: 'sheets-api' | 'drive-export';
  /** Drive version the read is consistent with. */
  readonly version: string;
  /** Protected ranges per sheet, as found (kept for the record; protection is advisory). */
  readonly protectedRanges: Readonly<Record<string, number>>;
}

export interface PullOptions {
  /** Reads to try before giving up on a sheet that keeps changing. */
  readonly attempts?: number;
}

async function readThroughSheetsApi(
  port: GoogleSheetsPort,
  spreadsheetId: string,
): Promise<{ title: string; sheets: FetchedSheet[]; protectedRanges: Record<string, number> }> {
  const metadata = await port.metadata(spreadsheetId);
  const titles = metadata.sheets.map((s) => s.title);
  const values = await port.values(spreadsheetId, titles);
  const facts = await port.facts(
    spreadsheetId,
    titles.map((title, index) => ({ title, ...usedExtent(values[index] ?? []) })),
  );
  return {
    title: metadata.title,
    sheets: metadata.sheets.map((sheet, index) => ({
      sheetId: sheet.sheetId,
      title: sheet.title,
      hidden: sheet.hidden,
      values: values[index] ?? [],
      facts: facts[index] ?? [],
    })),
    protectedRanges: Object.fromEntries(metadata.sheets.map((s) => [s.title, s.protectedRanges])),
  };
}

/** Reads a spreadsheet consistently; throws {@link SheetAccessError} when it cannot. */
export async function pullSpreadsheet(
  port: GoogleSheetsPort,
  spreadsheetId: string,
  options: PullOptions = {},
): Promise<PulledSpreadsheet> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const before = await port.fileInfo(spreadsheetId);
    let grid: CellGrid;
    let title = before.name;
    let protectedRanges: Record<string, number> = {};
    let via: PulledSpreadsheet['via'] = 'sheets-api';
    try {
      const read = await readThroughSheetsApi(port, spreadsheetId);
      grid = spreadsheetToGrid({ spreadsheetId, ...read });
      title = read.title || title;
      protectedRanges = read.protectedRanges;
    } catch (error) {
      // Not found or not shared: Drive would say the same. Only a refusal of the Sheets API
      // itself is worth the export.
      if (
        !(error instanceof SheetAccessError) ||
        (error.reason !== 'refused' && error.reason !== 'forbidden')
      )
        throw error;
      const bytes = await port.downloadXlsx(spreadsheetId, before.mimeType);
      // An .xlsx kept in Drive is whatever someone uploaded: the same package checks as an upload.
      const limits = defaultPackageLimits();
      const packageIssue = inspectXlsxPackage(bytes, limits);
      if (packageIssue) throw new SheetAccessError('refused', undefined, packageIssue.message);
      try {
        grid = readXlsxGrid(bytes, {
          maxRows: (sheet) => (limits.maxRowsBySheet.get(sheet) ?? limits.defaultMaxRows) + limits.headerRows,
        });
      } catch (cause) {
        const detail = (cause as Error).message.slice(0, 120);
        throw new SheetAccessError('refused', undefined, {
          lo: `ອ່ານໄຟລ໌ຈາກ Drive ເປັນແບບຟອມບໍ່ໄດ້ (${detail}).`,
          en: `The file in Drive could not be read as a workbook (${detail}).`,
        });
      }
      via = 'drive-export';
    }
    const after = await port.fileInfo(spreadsheetId);
    if (after.version === before.version)
      return {
        spreadsheetId,
        title,
        grid,
        raw: canonicalGridJson(spreadsheetId, grid),
        via,
        version: after.version,
        protectedRanges,
      };
  }
  throw new SheetAccessError('changing', undefined, {
    lo: `Sheet ກຳລັງຖືກແກ້ໄຂຢູ່ຕະຫຼອດ ໃນຂະນະທີ່ອ່ານ (${attempts} ເທື່ອ). ຈະອ່ານໃໝ່ໃນຮອບຕໍ່ໄປ.`,
    en: `The sheet kept changing while it was read (${attempts} tries). It is read again on the next run.`,
  });
}
