/**
 * The front section next to the workbook in `download`: a compile with a PDF renderer stores
 * the PDF beside the workbook; `format=pdf` streams it with its digest; without a renderer the
 * version says so in both languages. The workbook itself opens on the front sheets and carries
 * native charts.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { strFromU8, unzipSync } from 'fflate';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../functions/index.ts';
import { setAppContext } from '../../functions/app-context.ts';
import { FRONT_SHEETS } from '../../shared/compile/sheets/front-sheets.ts';
import { ChromiumPdfRenderer } from '../../shared/pdf/chromium-pdf.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { sampleWorkbook, toBytes } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/function-harness.ts';

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
  return compiled.body as { version: string; pdfKey?: string; pdfSha256?: string };
}

describe.skipIf(!existsSync(CHROMIUM))('download offers the front section as PDF', () => {
  let h: Harness;
  let manifest: Awaited<ReturnType<typeof uploadAndCompile>>;
  beforeAll(async () => {
    h = await harness(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-pdf-'))));
    setAppContext({ ...h.context, pdf: new ChromiumPdfRenderer(CHROMIUM) });
    h.clock.at = new Date('2025-07-20T03:00:00Z');
    manifest = await uploadAndCompile(h, '2025-06');
  }, 120_000);

  it('stores the PDF beside the workbook and streams it with its digest', async () => {
    expect(manifest.pdfKey).toBe(
      `national/2025-06/${manifest.version}/national-2025-06-${manifest.version}.pdf`,
    );
    const pdf = await request(getTestServer('download'))
      .get(`/?period=2025-06&version=latest&format=pdf`)
      .set('authorization', `Bearer ${h.tokens.secretariat}`)
      .buffer(true)
      .parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toContain('.pdf');
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    const digest = createHash('sha256').update(body).digest('base64');
    expect(pdf.headers['repr-digest']).toBe(`sha-256=:${digest}:`);
  });

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
    expect(Object.keys(parts).filter((p) => p.startsWith('xl/charts/chart'))).toHaveLength(3);
  });

  it('refuses an unknown format, and says when a version has no PDF', async () => {
    const bad = await request(getTestServer('download'))
      .get(`/?period=2025-06&version=latest&format=docx`)
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(bad.status).toBe(400);
    expect(bad.body.message?.en ?? JSON.stringify(bad.body)).toMatch(/xlsx or pdf/);
    setAppContext(h.context); // no renderer: no PDF
    h.clock.at = new Date('2025-08-20T03:00:00Z');
    const plain = await uploadAndCompile(h, '2025-07');
    expect(plain.pdfKey).toBeUndefined();
    const missing = await request(getTestServer('download'))
      .get(`/?period=2025-07&version=latest&format=pdf`)
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(missing.status).toBe(404);
    expect(JSON.stringify(missing.body)).toMatch(/no Chromium/);
  }, 60_000);
});
