/**
 * The front section next to the workbook in `download`: the compile stores the front section
 * as a page and never waits for a browser; the first `format=pdf` prints it with headless
 * Chromium and keeps it, later ones read it back (with its digest); where no Chromium is
 * installed the answer says so in both languages. The PDF's pages are turned into PNGs (in
 * out/renders/download-pdf/) and checked not blank. The workbook itself opens on the front
 * sheets and carries native charts.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../functions/index.ts';
import { setAppContext } from '../../functions/app-context.ts';
import { FRONT_SHEETS } from '../../shared/compile/sheets/front-sheets.ts';
import { ChromiumPdfRenderer, type PdfRenderer } from '../../shared/pdf/chromium-pdf.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { layout } from '../../shared/store/storage-layout.ts';
import { sampleWorkbook, toBytes } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/function-harness.ts';
import { inkShare, missingRenderTools, pdfPageCount, rasterisePdf } from '../support/render-tools.ts';

const CHROMIUM = '/usr/bin/chromium';
if (process.env.CI && !existsSync(CHROMIUM)) throw new Error('CI must install chromium');

const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

async function uploadAndCompile(h: Harness, period: string) {
  const { workbook } = await sampleWorkbook('MPS', period, 3);
  const ingest = await request(getTestServer('ingest'))
    .post('/')
    .set('authorization', `Bearer ${h.tokens.mps}`)
    .attach('file', Buffer.from(await toBytes(workbook)), 'report.xlsx');
  expect(ingest.status, JSON.stringify(ingest.body)).toBe(201);
  const compiled = await request(getTestServer('compile'))
    .post(`/?period=${period}`)
    .set('authorization', `Bearer ${h.tokens.secretariat}`);
  expect(compiled.status, JSON.stringify(compiled.body)).toBe(201);
  return compiled.body as { version: string; frontHtmlSha256?: string };
}

describe.skipIf(!existsSync(CHROMIUM))('download offers the front section as PDF', () => {
  let h: Harness;
  let manifest: Awaited<ReturnType<typeof uploadAndCompile>>;
  let prints = 0;
  beforeAll(async () => {
    h = await harness(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-pdf-'))));
    const chromium = new ChromiumPdfRenderer(CHROMIUM);
    const counting: PdfRenderer = {
      render: (html) => {
        prints++;
        return chromium.render(html);
      },
    };
    setAppContext({ ...h.context, pdf: counting });
    h.clock.at = new Date('2025-07-20T03:00:00Z');
    manifest = await uploadAndCompile(h, '2025-06');
  }, 120_000);

  const downloadPdf = () =>
    request(getTestServer('download'))
      .get(`/?period=2025-06&version=latest&format=pdf`)
      .set('authorization', `Bearer ${h.tokens.secretariat}`)
      .buffer(true)
      .parse(binary);

  it('compiles without printing; the first download prints the front section and keeps it', async () => {
    const hash = manifest.frontHtmlSha256 ?? '';
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(prints).toBe(0);
    expect(await h.context.store.storage.get(layout.frontHtml(hash))).toBeDefined();
    expect(await h.context.store.storage.get(layout.frontPdf(hash))).toBeUndefined();

    const pdf = await downloadPdf();
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain(`national-2025-06-${manifest.version}.pdf`);
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const digest = createHash('sha256').update(body).digest('base64');
    expect(pdf.headers['repr-digest']).toBe(`sha-256=:${digest}:`);
    expect(prints).toBe(1);
    expect(await h.context.store.storage.get(layout.frontPdf(hash))).toEqual(new Uint8Array(body));

    // Read back, not printed again.
    const again = await downloadPdf();
    expect(Buffer.compare(again.body as Buffer, body)).toBe(0);
    expect(prints).toBe(1);

    // Two to four A4 pages, none blank, as people will see them.
    if (missingRenderTools()) return;
    const dir = join(import.meta.dirname, '../../out/renders/download-pdf');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'front-2025-06.pdf');
    writeFileSync(file, body);
    const count = await pdfPageCount(file);
    expect(count).toBeGreaterThanOrEqual(2);
    expect(count).toBeLessThanOrEqual(4);
    const pages = await rasterisePdf(file, join(dir, 'page'), { dpi: 40 });
    expect(pages).toHaveLength(count);
    for (const page of pages) expect(inkShare(page)).toBeGreaterThan(0.01);
  }, 120_000);

  it('serves the workbook opening on the front sheets, with native charts', async () => {
    const file = await request(getTestServer('download'))
      .get(`/?period=2025-06&version=${manifest.version}`)
      .set('authorization', `Bearer ${h.tokens.secretariat}`)
      .buffer(true)
      .parse(binary);
    const parts = unzipSync(new Uint8Array(file.body as Buffer));
    const workbookXml = strFromU8(parts['xl/workbook.xml'] ?? new Uint8Array());
    const names = [...workbookXml.matchAll(/<sheet [^>]*name="([^"]+)"/g)].map((m) => m[1]);
    expect(names.slice(0, 4)).toEqual([
      FRONT_SHEETS.front,
      FRONT_SHEETS.progress,
      FRONT_SHEETS.indicators,
      FRONT_SHEETS.highlights,
    ]);
    expect(names.at(-1)).toBe(FRONT_SHEETS.chartData);
    // Each front sheet prints on one page, however long its lists: four pages in all.
    for (const index of [1, 2, 3, 4])
      expect(strFromU8(parts[`xl/worksheets/sheet${index}.xml`] ?? new Uint8Array())).toMatch(
        /<pageSetup [^>]*fitToHeight="1"/,
      );
    expect(Object.keys(parts).filter((p) => p.startsWith('xl/charts/chart'))).toHaveLength(3);
  });

  it('refuses an unknown format, and says when a version has no PDF', async () => {
    const bad = await request(getTestServer('download'))
      .get(`/?period=2025-06&version=latest&format=docx`)
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message?.en ?? JSON.stringify(bad.body)).toMatch(/xlsx or pdf/);
    setAppContext(h.context); // no renderer here, and nothing printed yet for July
    h.clock.at = new Date('2025-08-20T03:00:00Z');
    const plain = await uploadAndCompile(h, '2025-07');
    expect(plain.frontHtmlSha256).not.toBe(manifest.frontHtmlSha256);
    const missing = await request(getTestServer('download'))
      .get(`/?period=2025-07&version=latest&format=pdf`)
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toMatch(/no Chromium/);
  }, 60_000);
});
