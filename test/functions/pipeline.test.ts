/**
 * The pipeline over real HTTP (the functions framework's own servers + supertest), against
 * both storage adapters: local files and a real S3-compatible server on 127.0.0.1.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { parquetReadObjects } from 'hyparquet';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../functions/index.ts';
import { NATIONAL_TABS } from '../../shared/compile/sheets/table-kit.ts';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import type { LakeLatest } from '../../shared/lake/write-lake-snapshot.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { S3Storage } from '../../shared/storage/s3-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { catalogue, sampleWorkbook, setTableCell, TAB, toBytes } from '../support/fixtures.ts';
import { type Harness, harness, scheduledEvent } from '../support/function-harness.ts';
import { startS3Server } from '../support/s3-server.ts';

const adapters: [string, () => Promise<Harness>][] = [
  ['local files', async () => harness(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-fn-'))))],
  [
    'S3 (s3rver on 127.0.0.1)',
    async () => {
      const server = await startS3Server('laingan-test');
      const h = await harness(
        new S3Storage({ client: server.client, bucket: 'laingan-test', prefix: 'pipeline' }),
      );
      return { ...h, stop: server.stop };
    },
  ],
];

const upload = (name: string, token: string | undefined, bytes: Uint8Array, query = '') => {
  const call = request(getTestServer(name)).post(`/${query}`);
  if (token) call.set('authorization', `Bearer ${token}`);
  return call.attach('file', Buffer.from(bytes), 'report.xlsx');
};

describe.each(adapters)('pipeline on %s', (_name, makeHarness) => {
  let h: Harness;
  let mpsJune: { bytes: Uint8Array; data: Awaited<ReturnType<typeof sampleWorkbook>>['data'] };
  let vtJune: typeof mpsJune;

  beforeAll(async () => {
    h = await makeHarness();
    const mps = await sampleWorkbook('MPS', '2025-06', 1);
    mpsJune = { bytes: await toBytes(mps.workbook), data: mps.data };
    const vt = await sampleWorkbook('LA-VT', '2025-06', 1);
    vtJune = { bytes: await toBytes(vt.workbook), data: vt.data };
  });
  afterAll(async () => h.stop());

  it('accepts a valid report with 201 and stores the file as received', async () => {
    const response = await upload('ingest', h.tokens.mps, mpsJune.bytes);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(response.body).toMatchObject({ accepted: true, unit: 'MPS', period: '2025-06', duplicate: false });
    const stored = await new SubmissionStore(h.storage, catalogue).loadUpload(response.body.sha256);
    expect(Buffer.from(stored ?? []).equals(Buffer.from(mpsJune.bytes))).toBe(true);
  });

  it('makes one submission of the same bytes uploaded twice', async () => {
    const again = await upload('ingest', h.tokens.mps, mpsJune.bytes);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    const records = await new SubmissionStore(h.storage, catalogue).listRecords('2025-06');
    expect(records.filter((r) => r.unitCode === 'MPS')).toHaveLength(1);
  });

  it('rejects a broken report with 422, points at the cell, and still stores the file', async () => {
    const { workbook } = await sampleWorkbook('LA-VT', '2025-06', 9);
    const cell = setTableCell(workbook, TAB.activities, 0, 'percent_complete', 140);
    const bytes = await toBytes(workbook);
    const response = await upload('ingest', h.tokens.vt, bytes);
    expect(response.status).toBe(422);
    expect(response.body.issues).toContainEqual(
      expect.objectContaining({ sheet: TAB.activities, cell, code: 'cell/range' }),
    );
    expect(await new SubmissionStore(h.storage, catalogue).loadUpload(response.body.sha256)).toBeDefined();
  });

  it('answers 400 for an unreadable file and keeps it', async () => {
    const response = await upload('ingest', h.tokens.vt, new TextEncoder().encode('not,a,workbook\n'));
    expect(response.status).toBe(400);
    expect(response.body.issues[0].code).toBe('file/not-xlsx');
    expect(await new SubmissionStore(h.storage, catalogue).loadUpload(response.body.sha256)).toBeDefined();
  });

  it('takes the raw .xlsx as the request body too, and a dry run stores nothing', async () => {
    const before = (await h.storage.list('uploads/')).length;
    const dry = await request(getTestServer('ingest'))
      .post('/?dryRun=true')
      .set('authorization', `Bearer ${h.tokens.vt}`)
      .set('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(Buffer.from(vtJune.bytes));
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ accepted: true, dryRun: true });
    expect((await h.storage.list('uploads/')).length).toBe(before);
    h.clock.at = new Date('2025-07-15T03:00:00Z');
    const real = await request(getTestServer('ingest'))
      .post('/')
      .set('authorization', `Bearer ${h.tokens.vt}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(vtJune.bytes));
    expect(real.status).toBe(201);
  });

  it('refuses a report for another unit with 403', async () => {
    const response = await upload('ingest', h.tokens.vt, mpsJune.bytes);
    expect(response.status).toBe(403);
    expect(response.body.issues[0].message.lo).toMatch(/MPS/);
  });

  it('compiles once per set of inputs, and the workbook totals match the inputs', async () => {
    h.clock.at = new Date('2025-07-20T03:00:00Z');
    const first = await request(getTestServer('compile'))
      .post('/?period=2025-06')
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await request(getTestServer('compile'))
      .post('/?period=2025-06')
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(second.status).toBe(200);
    expect(second.body.version).toBe(first.body.version);

    const listing = await request(getTestServer('download'))
      .get('/?period=2025-06')
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(listing.body.versions).toHaveLength(1);
    const file = await request(getTestServer('download'))
      .get(`/?period=2025-06&version=${first.body.version}`)
      .set('authorization', `Bearer ${h.tokens.secretariat}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(file.status).toBe(200);
    const workbook = await loadWorkbook(new Uint8Array(file.body as Buffer));
    const cases = workbook.getWorksheet(NATIONAL_TABS.cases);
    expect(cases).toBeDefined();
    // Victims of a province come from its committee (the source of record), not from MPS too.
    const expectedVictims = (vtJune.data.sections.cases ?? []).reduce(
      (sum, row) => sum + Number(row.victims_total ?? 0),
      0,
    );
    const reportedVictims = [mpsJune, vtJune]
      .flatMap((s) => s.data.sections.cases ?? [])
      .reduce((sum, row) => sum + Number(row.victims_total ?? 0), 0);
    let found = false;
    cases?.eachRow((row) => {
      const values = (row.values as unknown[]).map((v) =>
        typeof v === 'object' && v && 'result' in v ? (v as { result: unknown }).result : v,
      );
      if (
        values.some((v) => typeof v === 'string' && /total|ລວມ/i.test(v)) &&
        values.includes(expectedVictims)
      )
        found = true;
    });
    expect(found, `a total row with victims_total = ${expectedVictims}`).toBe(true);

    // The lake, read by an independent reader, agrees with the workbook.
    const latest = JSON.parse(
      new TextDecoder().decode(await h.storage.get('lake/_latest.json')),
    ) as LakeLatest;
    const caseFile = latest.periods['2025-06']?.files.find((f) => f.table === 'case_statistics');
    const parquet = (await h.storage.get(caseFile?.key ?? '')) ?? new Uint8Array();
    const lakeRows = (await parquetReadObjects({ file: parquet.slice().buffer })) as {
      victims_total: bigint;
    }[];
    // The lake keeps every reporter's rows as reported; the national figure is a query over them.
    expect(lakeRows.reduce((sum, row) => sum + Number(row.victims_total), 0)).toBe(reportedVictims);
  });

  it('reports status: MPS on time, LA-VT late, the rest missing', async () => {
    const response = await request(getTestServer('status'))
      .get('/?period=2025-06')
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(response.status).toBe(200);
    const byUnit = Object.fromEntries(
      (response.body.units as { unit: string; periods: Record<string, { status: string }> }[]).map((u) => [
        u.unit,
        u.periods['2025-06']?.status,
      ]),
    );
    expect(byUnit.MPS).toBe('on_time');
    expect(byUnit['LA-VT']).toBe('late');
    expect(byUnit.MOJ).toBe('missing');
    expect(response.body.reportingRate).toBeCloseTo((2 / catalogue.units.length) * 100);
  });

  it('compiles on the scheduler message, once per redelivery of unchanged inputs', async () => {
    const event = (id: string) => scheduledEvent(id, '2025-06');
    expect((await event('a')).status).toBe(204);
    expect((await event('a')).status).toBe(204);
    const listing = await request(getTestServer('download'))
      .get('/?period=2025-06')
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(listing.body.versions).toHaveLength(1);
  });
});

describe('access control', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-auth-'))), {
      UPLOAD_LIMIT_MB: '0.01',
    });
  });

  const endpoints: [string, 'get' | 'post'][] = [
    ['ingest', 'post'],
    ['compile', 'post'],
    ['download', 'get'],
    ['status', 'get'],
  ];

  it.each(endpoints)('%s refuses a missing or wrong token with 401', async (name, method) => {
    const missing = await request(getTestServer(name))[method]('/');
    expect(missing.status).toBe(401);
    expect(missing.body.error.message.lo).toMatch(/[\u0E80-\u0EFF]/);
    const wrong = await request(getTestServer(name))
      [method]('/')
      .set('authorization', 'Bearer lgn_this-token-was-never-issued');
    expect(wrong.status).toBe(401);
  });

  it.each(endpoints.slice(1))("%s refuses a unit's token with 403", async (name, method) => {
    const response = await request(getTestServer(name))
      [method]('/')
      .set('authorization', `Bearer ${h.tokens.mps}`);
    expect(response.status).toBe(403);
  });

  it('ingest refuses the Secretariat token and files over the size limit', async () => {
    const { workbook } = await sampleWorkbook('MPS');
    const bytes = await toBytes(workbook);
    expect((await upload('ingest', h.tokens.secretariat, bytes)).status).toBe(403);
    const tooBig = await upload('ingest', h.tokens.mps, bytes);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('file/too-large');
  });
});
