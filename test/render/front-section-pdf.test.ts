/**
 * The front section as PDF, printed by headless Chromium: two to four A4 pages, none blank,
 * Lao shaped with an embedded Lao font and extractable as the same Lao text, page N of M.
 * PNGs of every page go to out/renders/front-pdf/ for people to look at.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../shared/pdf/chromium-pdf.ts';
import {
  expectShapedLao,
  expectTwoToFourInkedPages,
  nationalQ2FrontHtml,
} from '../support/front-pdf-checks.ts';
import { missingRenderTools, type PageImage, rasterisePdf } from '../support/render-tools.ts';

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
    const html = nationalQ2FrontHtml();
    writeFileSync(join(OUT, 'front-2025-Q2.html'), html);
    pdf = join(OUT, 'front-2025-Q2.pdf');
    writeFileSync(pdf, await new ChromiumPdfRenderer(CHROMIUM).render(html));
    pages = await rasterisePdf(pdf, join(OUT, 'page'), { dpi: 40 });
  }, 120_000);

  it('prints on two to four pages, none of them blank', () => expectTwoToFourInkedPages(pdf, pages));

  it('embeds a Lao font and keeps the Lao text (shaped glyphs map back to the same characters)', () =>
    expectShapedLao(pdf, /Phetsarath|NotoSansLao|NotoSerifLao/));
});
