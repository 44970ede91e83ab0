/**
 * HTML -> PDF with headless Chromium (Debian's `chromium`), which shapes Lao with HarfBuzz
 * and embeds the fonts it used. The CLI's `--print-to-pdf` is enough: page size, margins and
 * the "page N of M" footer come from the page's own `@page` rules, so no browser driver is
 * needed. A port: where no browser is installed, `pdf-renderer-for.ts` picks the serverless build.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Turns a self-contained HTML page into PDF bytes. */
export interface PdfRenderer {
  render(html: string): Promise<Uint8Array>;
}

/** Rendering failed: names the browser and carries its output. */
export class PdfRenderError extends Error {
  override readonly name = 'PdfRenderError';
}

/**
 * Flags that keep headless Chromium offline and quiet on a closed network (without them it
 * keeps trying Google's hosts). The page tests launch the browser with the same list.
 */
export const CHROMIUM_OFFLINE_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The offline flags plus what a clean PDF needs (no browser header, fully drawn page). */
const CHROMIUM_FLAGS = [
  ...CHROMIUM_OFFLINE_FLAGS,
  '--no-pdf-header-footer',
  '--run-all-compositor-stages-before-draw',
];

export class ChromiumPdfRenderer implements PdfRenderer {
  constructor(
    readonly executable = '/usr/bin/chromium',
    private readonly timeoutMs = 60_000,
  ) {}

  async render(html: string): Promise<Uint8Array> {
    const dir = mkdtempSync(join(tmpdir(), 'laingan-pdf-'));
    try {
      const page = join(dir, 'page.html');
      const pdf = join(dir, 'page.pdf');
      writeFileSync(page, html);
      try {
        await run(
          this.executable,
          [
            ...CHROMIUM_FLAGS,
            `--user-data-dir=${join(dir, 'profile')}`,
            `--print-to-pdf=${pdf}`,
            `file://${page}`,
          ],
          { timeout: this.timeoutMs },
        );
      } catch (cause) {
        throw new PdfRenderError(`${this.executable} could not print the page: ${(cause as Error).message}`, {
          cause,
        });
      }
      if (!existsSync(pdf)) throw new PdfRenderError(`${this.executable} wrote no PDF`);
      return new Uint8Array(readFileSync(pdf));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
