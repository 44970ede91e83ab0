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
 * Line height per point of font size. LibreOffice 7.4 sets wrapped 10-point Phetsarath OT at
 * 15.6 points a line with Latin letters or digits and 13.1 a line of Lao only (measured on a
 * calibration sheet of Lao and English texts of 16 to 167 characters in columns 12 to 60
 * wide; test/render/row-height-calibration keeps checking it). The font's own line (its
 * Windows ascent and descent, 3,200 of 2,048 units to the em) is 15.6 points, which is what
 * Excel gives every line: 1.6 fits both.
 */
const LINE_FACTOR = 1.6;
/**
 * Column-width units a character takes at 10 points, line breaks included. Measured: a
 * spacing Lao character 1.0 to 1.1 (Lao has no spaces between words, and Excel may break
 * elsewhere than LibreOffice's dictionary), Latin 0.5 to 0.8 (the most in narrow columns,
 * where whole words move down). These give LibreOffice's line count or more in every
 * calibration cell, never fewer.
 */
export const LAO_CHAR = 1.2;
const LATIN_CHAR = 0.8;
/** Room above and below the lines (points). */
const ROW_PADDING = 3;

/** Lao vowel and tone marks: they sit above or below their consonant and take no room on a line. */
const isLaoMark = (code: number) =>
  code === 0x0eb1 || (code >= 0x0eb4 && code <= 0x0ebc) || (code >= 0x0ec8 && code <= 0x0ece);

/**
 * Lines a wrapped text takes in a column of `width` units (never fewer than LibreOffice sets).
 * Counted per code point, one pass over the text (a compile measures every wrapped cell).
 */
export function textLines(text: string, width: number, fontSize = 10): number {
  const room = Math.max(4, (width - 1) * (10 / fontSize));
  let lines = 0;
  let used = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      lines += Math.max(1, Math.ceil(used / room));
      used = 0;
    } else if (code >= 0x0e80 && code <= 0x0eff) {
      if (!isLaoMark(code)) used += LAO_CHAR;
    } else {
      used += LATIN_CHAR;
      // A surrogate pair is one character.
      if (code >= 0xd800 && code <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
  }
  return lines + Math.max(1, Math.ceil(used / room));
}

/** Height (points) of a wrapped text in a column of `width` units: its lines, each line tall enough for Lao. */
export function textHeight(text: string, width: number, fontSize = 10): number {
  return Math.ceil(textLines(text, width, fontSize) * fontSize * LINE_FACTOR + ROW_PADDING);
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
