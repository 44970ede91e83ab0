/**
 * The front section printed by the Chromium that `@sparticuz/chromium` ships (what the
 * deployed `download` uses, where no browser is installed), with the Noto Sans Lao we ship:
 * two to four A4 pages, none blank, a Lao font embedded and the Lao text extractable as the
 * same characters, looked at as PNGs in out/renders/serverless-pdf/. Also the order in which
 * a renderer is chosen: an installed Chromium first, the serverless build as the fallback.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPdfRenderer } from '../../shared/pdf/chromium-pdf.ts';
import { pdfRendererFor } from '../../shared/pdf/pdf-renderer-for.ts';
import {
  LAO_FONT_FILE,
  ServerlessChromiumPdfRenderer,
  shippedFontDir,
} from '../../shared/pdf/serverless-chromium-pdf.ts';
import {
  expectShapedLao,
  expectTwoToFourInkedPages,
  nationalQ2FrontHtml,
} from '../support/front-pdf-checks.ts';
import { missingRenderTools, type PageImage, rasterisePdf } from '../support/render-tools.ts';

const OUT = join(import.meta.dirname, '../../out/renders/serverless-pdf');
const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

describe('choosing the PDF renderer', () => {
  it('prefers an installed Chromium (CHROMIUM_PATH), else the serverless build with the shipped Lao font', () => {
    const installed = pdfRendererFor(process.execPath, 'linux/x64'); // any existing file stands in
    expect(installed).toBeInstanceOf(ChromiumPdfRenderer);
    expect((installed as ChromiumPdfRenderer).executable).toBe(process.execPath);
    expect(pdfRendererFor('/nonexistent/chromium', 'linux/x64')).toBeInstanceOf(
      ServerlessChromiumPdfRenderer,
    );
    expect(pdfRendererFor('/nonexistent/chromium', 'darwin/arm64')).toBeUndefined();
  });

  it('the npm package carries the brotli-packed browser and its fonts; we carry Noto Sans Lao under the OFL', () => {
    const pkg = join(import.meta.dirname, '../../node_modules/@sparticuz/chromium');
    for (const file of ['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br'])
      expect(existsSync(join(pkg, 'bin', file)), file).toBe(true);
    const fonts = shippedFontDir() ?? '';
    expect(readFileSync(join(fonts, LAO_FONT_FILE)).subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0])); // TrueType
    expect(readFileSync(join(fonts, 'OFL.txt'), 'utf8')).toContain('SIL Open Font License');
  });
});

function missingTools(): string | null {
  if (!linuxX64)
    return `@sparticuz/chromium ships a Linux x64 browser only (this is ${process.platform}/${process.arch})`;
  return missingRenderTools();
}

describe.skipIf(missingTools())('front section PDF (serverless Chromium)', () => {
  let pdf: string;
  let pages: PageImage[];
  let millis = 0;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    pdf = join(OUT, 'front-2025-Q2.pdf');
    const started = performance.now();
    writeFileSync(pdf, await new ServerlessChromiumPdfRenderer().render(nationalQ2FrontHtml()));
    millis = performance.now() - started;
    pages = await rasterisePdf(pdf, join(OUT, 'page'), { dpi: 40 });
  }, 180_000);

  it('prints on two to four pages, none of them blank', async () => {
    process.stdout.write(`serverless Chromium printed the front section in ${Math.round(millis)} ms\n`);
    await expectTwoToFourInkedPages(pdf, pages);
  });

  it('embeds the shipped Lao font and keeps the Lao text (shaped glyphs map back to the same characters)', () =>
    expectShapedLao(pdf, /NotoSansLao/));
});
