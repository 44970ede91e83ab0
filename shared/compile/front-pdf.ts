/**
 * The front section's PDF, printed on demand. The compile stores the front section as a
 * self-contained page under its content hash; the first download of a version's PDF prints
 * that page with the renderer (headless Chromium, seconds) and keeps the PDF under the same
 * hash, so later downloads, and other versions with the same front section, read it back.
 * No compile waits for a browser, and a compile where none is installed loses nothing.
 */
import type { PdfRenderer } from '../pdf/chromium-pdf.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { SingleFlight } from '../store/single-flight.ts';
import { layout } from '../store/storage-layout.ts';
import type { CompileManifest } from './compile-scope.ts';

/** A version's front-section PDF, or why there is none. */
export type FrontPdf =
  | { readonly found: true; readonly key: string; readonly bytes: Uint8Array }
  | { readonly found: false; readonly reason: 'no-front-section' | 'no-renderer' };

/** Prints in flight in this process, by storage and page hash: concurrent downloads share one print. */
const printing = new WeakMap<object, SingleFlight<Uint8Array>>();

/**
 * The PDF of a version's front section: stored, or printed now with `renderer` and stored
 * (create-only: when two processes print at once, the first stored copy is the one served).
 */
export async function frontPdfOf(
  storage: ObjectStorage,
  manifest: Pick<CompileManifest, 'frontHtmlSha256' | 'pdfKey'>,
  renderer: PdfRenderer | undefined,
): Promise<FrontPdf> {
  // Versions compiled when the PDF was printed during the compile keep theirs.
  if (manifest.pdfKey) {
    const bytes = await storage.get(manifest.pdfKey);
    if (bytes) return { found: true, key: manifest.pdfKey, bytes };
  }
  const hash = manifest.frontHtmlSha256;
  if (!hash) return { found: false, reason: 'no-front-section' };
  const key = layout.frontPdf(hash);
  const stored = await storage.get(key);
  if (stored) return { found: true, key, bytes: stored };
  if (!renderer) return { found: false, reason: 'no-renderer' };
  const html = await storage.get(layout.frontHtml(hash));
  if (!html) return { found: false, reason: 'no-front-section' };
  const flights = printing.get(storage) ?? new SingleFlight<Uint8Array>();
  printing.set(storage, flights);
  const { value } = await flights.run(key, async () => {
    const pdf = await renderer.render(new TextDecoder().decode(html));
    await storage.putIfAbsent(key, pdf, { contentType: 'application/pdf' });
    return (await storage.get(key)) ?? pdf;
  });
  return { found: true, key, bytes: value };
}
