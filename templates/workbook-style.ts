/**
 * Look and feel shared by the generated templates and the national workbook: the Lao
 * government font (viewers without it fall back), header fills, A4 landscape printing.
 */
import type { Fill, Font, HeaderFooter, PageSetup } from 'exceljs';

/** Official Lao government font; neither Excel nor Google ship it, so viewers fall back. */
export const LAO_FONT_NAME = 'Phetsarath OT';

export const BODY_FONT: Partial<Font> = { name: LAO_FONT_NAME, size: 10 };
export const HEADER_FONT: Partial<Font> = {
  name: LAO_FONT_NAME,
  size: 10,
  bold: true,
  color: { argb: 'FFFFFFFF' },
};
export const TITLE_FONT: Partial<Font> = {
  name: LAO_FONT_NAME,
  size: 14,
  bold: true,
  color: { argb: 'FF1F3864' },
};

export const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF1F3864' } };
export const LOCKED_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
/** Input cells: a yellow that stays visible on a projector and in print; cover inputs also get a border. */
export const INPUT_FILL_RGB = 'FFE699';
export const INPUT_FILL: Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: `FF${INPUT_FILL_RGB}` },
};
const INPUT_EDGE = { style: 'thin' as const, color: { argb: 'FFBF8F00' } };
export const INPUT_BORDER = { top: INPUT_EDGE, left: INPUT_EDGE, bottom: INPUT_EDGE, right: INPUT_EDGE };
/** Second and deeper levels of grouped headers. */
export const GROUP_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF2F5496' } };
/** Values carried over from last month, while unchanged (a conditional format: fill, then font). */
export const CARRIED_FILL: Fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFBDD7EE' } };
export const CARRIED_FONT: Partial<Font> = { italic: true, color: { argb: 'FF1F4E79' } };

/** A4 landscape, fitted to one page wide. */
/**
 * Foot of every printed template page: the sheet's tab name (Lao and English, `&A`) on the
 * left, so a loose page still says which sheet it is, and the page count on the right.
 */
export const TEMPLATE_HEADER_FOOTER: Partial<HeaderFooter> = {
  oddFooter: '&L&A&Rໜ້າ &P ຈາກ &N / page &P of &N',
};

export const A4_LANDSCAPE: Partial<PageSetup> = {
  paperSize: 9,
  orientation: 'landscape',
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
};

/**
 * Excel number formats by field type. Percent is a real percent format: Excel, LibreOffice
 * and Google Sheets store both a typed `50` and a typed `50%` as 0.5 there, and the reader
 * turns a %-formatted 0.5 back into 50.
 */
export const NUMBER_FORMATS = {
  count: '#,##0',
  money: '#,##0',
  percent: '0%',
  date: 'dd/mm/yyyy',
  text: '@',
} as const;
