/**
 * Which browser prints the front section: an installed Chromium first (`CHROMIUM_PATH`,
 * Debian's /usr/bin/chromium by default), as on a workstation or in CI; else the Chromium
 * the `@sparticuz/chromium` package ships, as on Cloud Functions, where none is installed.
 * The npm package carries a Linux x64 build only; elsewhere there is no renderer and
 * `download` says so.
 */
import { existsSync } from 'node:fs';
import { ChromiumPdfRenderer, type PdfRenderer } from './chromium-pdf.ts';
import { ServerlessChromiumPdfRenderer, shippedFontDir } from './serverless-chromium-pdf.ts';

/** The platforms the `@sparticuz/chromium` npm package ships a binary for. */
const SERVERLESS_CHROMIUM_PLATFORMS = new Set(['linux/x64']);

/** The renderer to use, or undefined where no Chromium can run. */
export function pdfRendererFor(
  chromiumPath: string,
  platform = `${process.platform}/${process.arch}`,
): PdfRenderer | undefined {
  if (existsSync(chromiumPath)) return new ChromiumPdfRenderer(chromiumPath);
  const fontDir = shippedFontDir();
  if (SERVERLESS_CHROMIUM_PLATFORMS.has(platform) && fontDir)
    return new ServerlessChromiumPdfRenderer(fontDir);
  return undefined;
}
