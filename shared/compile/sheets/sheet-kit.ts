/**
 * What every sheet writer of the national workbook shares: the streaming workbook type,
 * column letters, print set-up and row heights that fit wrapped Lao.
 */
import type { PageSetup } from 'exceljs';
import { A4_LANDSCAPE } from '../../../templates/workbook-style.ts';
import type { loadStreamingWorkbookWriter } from '../../grid/exceljs-workbook.ts';
import { wallClockMs } from '../period-scope.ts';

export type StreamWorkbook = InstanceType<Awaited<ReturnType<typeof loadStreamingWorkbookWriter>>>;

/** Column letter(s) of a 1-based column number. */
export function columnLetter(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A4, fitted to `fitToWidth` pages wide and `fitToHeight` tall (0: as many as it takes). */
export function pageSetupFor(
  orientation: 'portrait' | 'landscape',
  fitToWidth = 1,
  fitToHeight = 0,
): Partial<PageSetup> {
  return { ...A4_LANDSCAPE, orientation, fitToPage: true, fitToWidth, fitToHeight };
}

/** Page footer "page N of M" in both languages, with the sheet's name and the scope on the left. */
export function pageFooter(sheetName: string, scopeLabel: string): string {
  return `&L${sheetName} - ${scopeLabel}&Rໜ້າ &P ຈາກ &N / page &P of &N`;
}

/**
 * Lao in Phetsarath OT needs about 1.6 times its size per line (tall marks above and below).
 * At 10 points a Latin character takes about 0.9 column-width units and a Lao one about 1.2
 * (measured on LibreOffice renders of the front sheets).
 */
const LINE_FACTOR = 1.5;
const LAO = /[\u0E80-\u0EFF]/;

/** Characters that take room on a line: Lao vowel and tone marks sit above or below their consonant. */
const spacingLength = (text: string) =>
  [...text].filter((c) => !/[\u0EB1\u0EB4-\u0EBC\u0EC8-\u0ECE]/.test(c)).length;

/** Height (points) of a wrapped text in a column of `width` units: its lines, each line tall enough for Lao. */
export function textHeight(text: string, width: number, fontSize = 10): number {
  const room = Math.max(4, (width - 1) * (10 / fontSize));
  const lines = text.split('\n').reduce((sum, part) => {
    const used = [...part].reduce((n, c) => n + (LAO.test(c) ? (spacingLength(c) ? 1.2 : 0) : 0.9), 0);
    return sum + Math.max(1, Math.ceil(used / room));
  }, 0);
  return Math.ceil(lines * fontSize * LINE_FACTOR + 4);
}

/**
 * A UTC instant as the wall-clock time of a time zone, for a spreadsheet cell: spreadsheets
 * have no time zones, so the cell holds the local date and time (a Date whose UTC fields are
 * the local ones). Null for a missing or unreadable instant.
 */
export function wallClockDate(iso: string | null, timeZone: string): Date | null {
  if (!iso) return null;
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return new Date(wallClockMs(at, timeZone));
}

/** Number format of a wall-clock date and time. */
export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
