/**
 * HTML -> PDF where no browser is installed (Cloud Functions): the Chromium build that the
 * npm package `@sparticuz/chromium` ships (brotli-packed in its tarball, unpacked to /tmp on
 * first use), driven over the DevTools protocol by `playwright-core`. That build's CLI
 * `--print-to-pdf` never returns (measured: hangs with no output), so this renderer talks
 * to the browser instead of running the CLI.
 *
 * The package carries only Open Sans. Lao comes from Noto Sans Lao (SIL OFL 1.1) shipped
 * beside the code in `fonts/`: a fontconfig file naming that folder and the package's own
 * font folder is handed to the browser, so the page's font stack finds it by name and
 * HarfBuzz shapes it. Both libraries load here, on the first print, never at cold start.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PdfRenderError, type PdfRenderer } from './chromium-pdf.ts';

/** The Lao font file the renderer needs; its folder is found beside the code. */
export const LAO_FONT_FILE = 'NotoSansLao-Regular.ttf';

/**
 * The folder holding the shipped fonts: `shared/pdf/fonts/` from sources, `fonts/` beside
 * the bundle (entry file or its `chunks/`) when deployed.
 */
export function shippedFontDir(): string | undefined {
  const candidates = ['./fonts/', '../fonts/'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(join(dir, LAO_FONT_FILE)));
}

/** A fontconfig file that sees the shipped fonts and those the package unpacked in /tmp. */
function fontconfigFile(dir: string, fontDir: string): string {
  const file = join(dir, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <dir>${fontDir}</dir>
  <dir>${join(tmpdir(), 'fonts')}</dir>
  <cachedir>${join(dir, 'fontconfig-cache')}</cachedir>
</fontconfig>
`,
  );
  return file;
}

export class ServerlessChromiumPdfRenderer implements PdfRenderer {
  constructor(
    private readonly fontDir = shippedFontDir(),
    private readonly timeoutMs = 60_000,
  ) {}

  async render(html: string): Promise<Uint8Array> {
    if (!this.fontDir) throw new PdfRenderError(`no ${LAO_FONT_FILE} beside the code: Lao would not shape`);
    const [{ default: chromium }, { chromium: playwright }] = await Promise.all([
      import('@sparticuz/chromium'),
      import('playwright-core'),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'laingan-pdf-'));
    try {
      const executablePath = await chromium.executablePath();
      const browser = await playwright.launch({
        executablePath,
        args: chromium.args,
        headless: true,
        timeout: this.timeoutMs,
        env: { ...process.env, FONTCONFIG_FILE: fontconfigFile(dir, this.fontDir), HOME: dir },
      });
      try {
        const page = await browser.newPage();
        await page.setContent(html, { waitUntil: 'load', timeout: this.timeoutMs });
        await page.evaluate('document.fonts.ready');
        // Page size, margins and the "page N of M" footer come from the page's @page rules.
        return new Uint8Array(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
      } finally {
        await browser.close();
      }
    } catch (cause) {
      if (cause instanceof PdfRenderError) throw cause;
      throw new PdfRenderError(`serverless Chromium could not print the page: ${(cause as Error).message}`, {
        cause,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
