/**
 * What every printed front section must show, whichever Chromium printed it: two to four
 * pages with ink on each, a Lao font embedded, and Lao text that extracts as the same
 * characters (so the glyphs were shaped from the right code points).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { buildFrontSection } from '../../shared/compile/front-section.ts';
import { frontSectionHtml } from '../../shared/compile/front-section-html.ts';
import { buildNationalReport } from '../../shared/compile/national-report.ts';
import { catalogue } from './fixtures.ts';
import { ALL_UNITS, inputFor, monthFigures } from './front-section-fixture.ts';
import { inkShare, type PageImage, pdfPageCount } from './render-tools.ts';

const run = promisify(execFile);

/** The front section of 2025-Q2 at national scale (all 33 units: full late lists and narrative). */
export function nationalQ2FrontHtml(): string {
  const report = buildNationalReport(inputFor('2025-Q2', ALL_UNITS), catalogue);
  const section = buildFrontSection(report, monthFigures('2021-01', '2025-06', ALL_UNITS), catalogue);
  return frontSectionHtml(section, report.choiceLists.status);
}

/** Two to four pages, each rasterised and none blank. */
export async function expectTwoToFourInkedPages(pdf: string, pages: readonly PageImage[]): Promise<void> {
  const count = await pdfPageCount(pdf);
  expect(count).toBeGreaterThanOrEqual(2);
  expect(count).toBeLessThanOrEqual(4);
  expect(pages).toHaveLength(count);
  for (const page of pages) expect(inkShare(page)).toBeGreaterThan(0.01);
}

/** A font matching `laoFont` is embedded and the Q2 front section's Lao reads back unchanged. */
export async function expectShapedLao(pdf: string, laoFont: RegExp): Promise<void> {
  const { stdout: fonts } = await run('pdffonts', [pdf]);
  expect(fonts).toMatch(laoFont);
  const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
  // pdftotext may split a Lao word where glyph runs meet: compare without spaces.
  const compact = text.replace(/\s+/g, '');
  for (const phrase of ['ບົດລາຍງານແຫ່ງຊາດ', 'ຜູ້ຖືກເຄາະຮ້າຍ', 'ຄວາມຄືບໜ້າຕາມແຜນ', 'ຕົວຊີ້ວັດ', 'Nationalreport2025-Q2'])
    expect(compact).toContain(phrase);
  expect(text).toMatch(/page 1 of \d/);
  expect(text).not.toContain('\uFFFD');
}
