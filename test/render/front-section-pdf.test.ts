/**
 * The front section as PDF, printed by headless Chromium: two to four A4 pages, none blank,
 * Lao shaped with an embedded Lao font and extractable as the same Lao text, page N of M.
 * PNGs of every page go to out/renders/front-pdf/ for people to look at.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFrontSection } from '../../shared/compile/front-section.ts';
import { frontSectionHtml } from '../../shared/compile/front-section-html.ts';
import { buildNationalReport } from '../../shared/compile/national-report.ts';
import { ChromiumPdfRenderer } from '../../shared/pdf/chromium-pdf.ts';
import { catalogue } from '../support/fixtures.ts';
import { ALL_UNITS, inputFor, monthFigures } from '../support/front-section-fixture.ts';
import {
  inkShare,
  missingRenderTools,
  type PageImage,
  pdfPageCount,
  rasterisePdf,
} from '../support/render-tools.ts';

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';
const OUT = join(import.meta.dirname, '../../out/renders/front-pdf');

function missingTools(): string | null {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error('CI must install chromium');
    return 'chromium is not installed';
  }
  return missingRenderTools();
}

describe.skipIf(missingTools())('front section PDF (Chromium)', () => {
  let pdf: string;
  let pages: PageImage[];
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    // National scale: all 33 units, so the lists of late units and the narrative are full.
    const report = buildNationalReport(inputFor('2025-Q2', ALL_UNITS), catalogue);
    const section = buildFrontSection(report, monthFigures('2021-01', '2025-06', ALL_UNITS), catalogue);
    const html = frontSectionHtml(section, report.choiceLists.status);
    writeFileSync(join(OUT, 'front-2025-Q2.html'), html);
    pdf = join(OUT, 'front-2025-Q2.pdf');
    writeFileSync(pdf, await new ChromiumPdfRenderer(CHROMIUM).render(html));
    pages = await rasterisePdf(pdf, join(OUT, 'page'), { dpi: 40 });
  }, 120_000);

  it('prints on two to four pages, none of them blank', async () => {
    const count = await pdfPageCount(pdf);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(4);
    expect(pages).toHaveLength(count);
    for (const page of pages) expect(inkShare(page)).toBeGreaterThan(0.01);
  });

  it('embeds a Lao font and keeps the Lao text (shaped glyphs map back to the same characters)', async () => {
    const { stdout: fonts } = await run('pdffonts', [pdf]);
    expect(fonts).toMatch(/Phetsarath|NotoSansLao|NotoSerifLao/);
    const { stdout: text } = await run('pdftotext', ['-layout', pdf, '-']);
    // pdftotext may split a Lao word where glyph runs meet: compare without spaces.
    const compact = text.replace(/\s+/g, '');
    for (const phrase of ['ບົດລາຍງານແຫ່ງຊາດ', 'ຜູ້ຖືກເຄາະຮ້າຍ', 'ຄວາມຄືບໜ້າຕາມແຜນ', 'ຕົວຊີ້ວັດ', 'Nationalreport2025-Q2'])
      expect(compact).toContain(phrase);
    expect(text).toMatch(/page 1 of \d/);
    expect(text).not.toContain('\uFFFD');
  });
});
