/**
 * The row-height estimate of the national workbook ({@link textLines}, {@link textHeight})
 * against what LibreOffice actually sets: Lao and English texts of 16 to 167 characters in
 * wrapped 10-point Phetsarath OT columns 12 to 60 wide, each in a row far taller than it
 * needs, printed to PDF; the lines of each cell are read back from pdftotext's boxes.
 * The estimate must never give fewer lines than LibreOffice (a clipped row) and must stay
 * close to it (over-tall rows printed the June workbook on 143 pages instead of about 100).
 */
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { textHeight, textLines } from '../../shared/compile/sheets/sheet-kit.ts';
import { loadExcelJs } from '../../shared/grid/exceljs-workbook.ts';
import { BODY_FONT } from '../../templates/workbook-style.ts';
import { convertWithLibreOffice, missingRenderTools } from '../support/render-tools.ts';

const run = promisify(execFile);
const OUT = join(import.meta.dirname, '../../out/renders/calibration');

const LAO =
  'ສ້າງຄວາມເຂັ້ມແຂງໃຫ້ແກ່ກົນໄກການສົ່ງຕໍ່ຜູ້ຖືກເຄາະຮ້າຍແຫ່ງຊາດ ແລະ ທ້ອງຖິ່ນ ໃນທົ່ວປະເທດ ເພື່ອຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍຈາກການຄ້າມະນຸດ ຢ່າງມີປະສິດທິຜົນ ແລະ ທັນເວລາ';
const ENGLISH =
  'Strengthen the national and local referral mechanism for victims of trafficking across the country so that victims are assisted effectively and on time, with follow-up';
const WIDTHS = [12, 20, 30, 40, 60];
const TEXTS = [LAO, ENGLISH].flatMap((text) => [20, 45, 80, 130, text.length].map((n) => text.slice(0, n)));
/** Each text sits alone in a row this tall: nothing is cut, and rows are told apart by the gaps. */
const ROW = 200;

interface Measured {
  readonly width: number;
  readonly text: string;
  readonly lines: number;
  /** The widest gap between two lines' tops (0 for one line). */
  readonly pitch: number;
}

/** Line pitch LibreOffice gives a text of this kind (the widest seen). */
const pitchOf = (cells: readonly Measured[], kind: string) =>
  Math.max(...cells.filter((cell) => cell.text.startsWith(kind)).map((cell) => cell.pitch));

/** One sheet per width, one text per row; the lines of each row as LibreOffice printed them. */
async function measure(): Promise<Measured[]> {
  mkdirSync(OUT, { recursive: true });
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  for (const width of WIDTHS) {
    const sheet = workbook.addWorksheet(`w${width}`, {
      pageSetup: { paperSize: 9, orientation: 'portrait', scale: 100 },
    });
    sheet.getColumn(1).width = width;
    TEXTS.forEach((text, index) => {
      const row = sheet.getRow(index + 1);
      row.height = ROW;
      const cell = row.getCell(1);
      cell.value = text;
      cell.font = BODY_FONT;
      cell.alignment = { wrapText: true, vertical: 'top' };
    });
  }
  const xlsx = join(OUT, 'calibration.xlsx');
  await workbook.xlsx.writeFile(xlsx);
  const pdf = await convertWithLibreOffice(xlsx, 'pdf', OUT);
  const { stdout } = await run('pdftotext', ['-bbox', pdf, '-'], { maxBuffer: 16 * 2 ** 20 });
  // Rows in print order: on each page, word tops grouped into rows by the gaps between them.
  const rows: number[][] = [];
  for (const page of stdout.split('<page ').slice(1)) {
    const tops = [...page.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)"/g)].map((m) => Number(m[1]));
    let row: number[] = [];
    for (const top of [...new Set(tops.map((t) => Math.round(t * 10) / 10))].sort((a, b) => a - b)) {
      const last = row.at(-1);
      if (last !== undefined && top - last > ROW / 4) {
        rows.push(row);
        row = [];
      }
      // Lao marks above and below a line give their words slightly different tops.
      if (last === undefined || top - last >= 8) row.push(top);
    }
    if (row.length) rows.push(row);
  }
  const cells = WIDTHS.flatMap((width, w) =>
    TEXTS.map((text, t) => {
      const tops = rows[w * TEXTS.length + t] ?? [];
      const pitches = tops.slice(1).map((top, i) => top - (tops[i] ?? top));
      return { width, text, lines: tops.length, pitch: Math.max(0, ...pitches) };
    }),
  );
  return cells;
}

describe.skipIf(missingRenderTools())('row heights against LibreOffice', () => {
  let cells: Measured[];
  beforeAll(async () => {
    cells = await measure();
  }, 120_000);

  it('reads every calibration cell back', () => {
    expect(cells).toHaveLength(WIDTHS.length * TEXTS.length);
    for (const cell of cells) expect(cell.lines, `${cell.width}: ${cell.text}`).toBeGreaterThan(0);
    // 10-point Phetsarath OT: about 13.1 points a line of Lao, 15.6 of English.
    expect(pitchOf(cells, LAO.slice(0, 4))).toBeGreaterThan(12);
    expect(pitchOf(cells, LAO.slice(0, 4))).toBeLessThan(14);
    expect(pitchOf(cells, ENGLISH.slice(0, 4))).toBeGreaterThan(14.5);
    expect(pitchOf(cells, ENGLISH.slice(0, 4))).toBeLessThan(16.5);
  });

  it('never estimates fewer lines than LibreOffice sets, and at most two more', () => {
    let estimated = 0;
    let printed = 0;
    for (const { width, text, lines } of cells) {
      const estimate = textLines(text, width);
      expect(estimate, `width ${width}: ${text.length} characters`).toBeGreaterThanOrEqual(lines);
      expect(estimate - lines, `width ${width}: ${text.length} characters`).toBeLessThanOrEqual(2);
      estimated += estimate;
      printed += lines;
    }
    // On the safe side overall, but not by much (it was 1.4 times the height needed).
    expect(estimated / printed).toBeLessThan(1.25);
  });

  it('gives each line the height LibreOffice needs and a little room for Excel', () => {
    for (const { width, text, lines } of cells) {
      const pitch = pitchOf(cells, text.slice(0, 4));
      expect(textHeight(text, width), `width ${width}: ${text.length} characters`).toBeGreaterThanOrEqual(
        lines * pitch + 2,
      );
    }
    // Every line as tall as Phetsarath OT's own line (15.6 points, what Excel gives it), plus room.
    for (const lines of [1, 2, 5]) {
      const height = textHeight(Array.from({ length: lines }, () => 'ກ').join('\n'), 40);
      expect(height).toBeGreaterThanOrEqual(lines * 15.625 + 2);
      expect(height).toBeLessThanOrEqual(lines * 16 + 4);
    }
  });
});
