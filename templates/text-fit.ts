/**
 * How much room text needs in a cell, so that row heights can be set when the workbook is
 * written: LibreOffice does not grow rows for wrapped text that a file gives a height for,
 * and Excel does not measure Lao well, so Lao lines overlapped the next row.
 */

/** Lao vowel and tone marks that sit above or below a letter and take no width of their own. */
function isCombiningLao(code: number): boolean {
  return code === 0x0eb1 || (code >= 0x0eb4 && code <= 0x0ebc) || (code >= 0x0ec8 && code <= 0x0ecd);
}

/** Width of text in Excel's column-width units (about one digit of the default font). */
export function textWidth(text: string, bold = false): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (isCombiningLao(code)) continue;
    // Lao letters in Phetsarath OT are wider than Latin digits; capitals a little too.
    width += code >= 0x0e80 && code <= 0x0eff ? 1.15 : /[A-Z]/.test(ch) ? 1.15 : 1;
  }
  return bold ? width * 1.1 : width;
}

/** Lines the text wraps to in a column of this width (words kept whole where they fit). */
export function wrappedLines(text: string, columnWidth: number, bold = false): number {
  const usable = Math.max(1, columnWidth - 1.5);
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    let count = 1;
    for (const word of paragraph.split(/(?<=\s)/)) {
      const width = textWidth(word, bold);
      if (line > 0 && line + width > usable) {
        count += 1;
        line = 0;
      }
      // A word longer than the column breaks across lines by itself.
      if (width > usable) {
        count += Math.ceil(width / usable) - 1;
        line = width % usable;
      } else line += width;
    }
    lines += count;
  }
  return Math.max(1, lines);
}

/** Points per line of 10 pt text; Lao stacks marks above and below, so it needs more. */
export function lineHeight(text: string, fontSize = 10): number {
  return (/[\u0e80-\u0eff]/.test(text) ? 1.6 : 1.3) * fontSize;
}

/** Row height (points) that shows every cell's text: cells as [text, width, bold?]. */
export function rowHeightFor(cells: readonly (readonly [string, number, boolean?])[], fontSize = 10): number {
  let height = 0;
  for (const [text, width, bold] of cells) {
    if (!text) continue;
    height = Math.max(height, wrappedLines(text, width, bold) * lineHeight(text, fontSize) + 4);
  }
  return Math.min(409, Math.max(height, 18));
}
