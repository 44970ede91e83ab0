/**
 * Renders files the way people see them: LibreOffice headless (xlsx -> pdf), poppler (pdf ->
 * page count, pdf -> pixels). In CI the tools must be there (`.ci/run` installs them); locally
 * a test may skip with the reason {@link missingRenderTools} gives.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const TOOLS = { soffice: '/usr/bin/soffice', pdftoppm: '/usr/bin/pdftoppm', pdfinfo: '/usr/bin/pdfinfo' };

/** Why render tests cannot run here, or null when they can (always null in CI: it fails instead). */
export function missingRenderTools(): string | null {
  const missing = Object.values(TOOLS).filter((tool) => !existsSync(tool));
  if (!missing.length) return null;
  if (process.env.CI) throw new Error(`CI must install the render tools: missing ${missing.join(', ')}`);
  return `render tools not installed: ${missing.join(', ')}`;
}

/** Converts a file with LibreOffice headless into `outDir` (own profile: conversions may run in parallel). */
export async function convertWithLibreOffice(file: string, format: string, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const profile = `file:///tmp/lo-laingan-test-${process.pid}-${Date.now()}`;
  await run(
    TOOLS.soffice,
    ['--headless', `-env:UserInstallation=${profile}`, '--convert-to', format, '--outdir', outDir, file],
    { timeout: 180_000 },
  );
  const output = join(outDir, basename(file).replace(/\.[^.]+$/, `.${format.split(':')[0]}`));
  if (!existsSync(output)) throw new Error(`LibreOffice did not write ${output}`);
  return output;
}

/** Number of pages of a PDF (pdfinfo). */
export async function pdfPageCount(pdf: string): Promise<number> {
  const { stdout } = await run(TOOLS.pdfinfo, [pdf]);
  const pages = /^Pages:\s+(\d+)/m.exec(stdout)?.[1];
  if (!pages) throw new Error(`pdfinfo gave no page count for ${pdf}`);
  return Number(pages);
}

/** An RGB raster of one page. */
export interface PageImage {
  readonly width: number;
  readonly height: number;
  /** RGB triplets, row by row. */
  readonly pixels: Uint8Array;
}

/**
 * Rasterises PDF pages with pdftoppm: PNGs beside `prefix` for people to look at, and the
 * pixels of each page (PPM) for assertions. Pages `first`..`last`, 1-based.
 */
export async function rasterisePdf(
  pdf: string,
  prefix: string,
  options: { dpi?: number; first?: number; last?: number } = {},
): Promise<PageImage[]> {
  const range = [
    ...(options.first ? ['-f', String(options.first)] : []),
    ...(options.last ? ['-l', String(options.last)] : []),
  ];
  const dpi = String(options.dpi ?? 50);
  await run(TOOLS.pdftoppm, ['-png', '-r', dpi, ...range, pdf, prefix]);
  await run(TOOLS.pdftoppm, ['-r', dpi, ...range, pdf, `${prefix}-raw`]);
  const dir = join(prefix, '..');
  const stem = `${basename(prefix)}-raw`;
  return readdirSync(dir)
    .filter((name) => name.startsWith(stem) && name.endsWith('.ppm'))
    .sort()
    .map((name) => readPpm(readFileSync(join(dir, name))));
}

/** Reads a binary PPM (P6, 8 bits). */
function readPpm(bytes: Buffer): PageImage {
  const header: string[] = [];
  let at = 0;
  while (header.length < 4) {
    while (/\s/.test(String.fromCharCode(bytes[at] ?? 32))) at++;
    let token = '';
    while (at < bytes.length && !/\s/.test(String.fromCharCode(bytes[at] ?? 32)))
      token += String.fromCharCode(bytes[at++] ?? 32);
    header.push(token);
  }
  at++;
  const [magic, width, height, max] = header;
  if (magic !== 'P6' || max !== '255') throw new Error(`not an 8-bit P6 image: ${magic} ${max}`);
  return { width: Number(width), height: Number(height), pixels: bytes.subarray(at) };
}

/** Share of a page's pixels that are not (near) white: 0 for a blank page. */
export function inkShare(page: PageImage): number {
  let ink = 0;
  const total = page.width * page.height;
  for (let i = 0; i < total; i++) {
    const r = page.pixels[i * 3] ?? 255;
    const g = page.pixels[i * 3 + 1] ?? 255;
    const b = page.pixels[i * 3 + 2] ?? 255;
    if (r < 235 || g < 235 || b < 235) ink++;
  }
  return ink / total;
}

/** Number of pixels within `tolerance` of an `RRGGBB` colour. */
export function pixelsOfColour(page: PageImage, colour: string, tolerance = 24): number {
  const target = [0, 2, 4].map((i) => Number.parseInt(colour.slice(i, i + 2), 16));
  let count = 0;
  for (let i = 0; i < page.width * page.height; i++) {
    if (
      Math.abs((page.pixels[i * 3] ?? 0) - (target[0] ?? 0)) <= tolerance &&
      Math.abs((page.pixels[i * 3 + 1] ?? 0) - (target[1] ?? 0)) <= tolerance &&
      Math.abs((page.pixels[i * 3 + 2] ?? 0) - (target[2] ?? 0)) <= tolerance
    )
      count++;
  }
  return count;
}
