/**
 * One version per set of inputs, and no lost lake month, under the faults a deployment sees:
 * a failure at every single write of an ingest and of a compile followed by a retry, two
 * compiles of the same inputs at once, a redelivered scheduler event during a compile, and
 * concurrent compiles of different months. On a real S3-compatible server (s3rver, which
 * ignores If-None-Match, so this is the check-then-write fallback) and on local files.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../functions/index.ts';
import { listVersions } from '../../shared/compile/compile-scope.ts';
import type { LakeLatest, LakeManifest } from '../../shared/lake/write-lake-snapshot.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import type { ObjectStorage } from '../../shared/storage/object-storage.ts';
import { S3Storage } from '../../shared/storage/s3-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { FaultyStorage } from '../support/faulty-storage.ts';
import { catalogue, sampleWorkbook, toBytes } from '../support/fixtures.ts';
import { type Harness, harness, scheduledEvent } from '../support/function-harness.ts';
import { startS3Server, type TestS3Server } from '../support/s3-server.ts';

const decoder = new TextDecoder();
const readJson = async <T>(storage: ObjectStorage, key: string) =>
  JSON.parse(decoder.decode((await storage.get(key)) ?? new Uint8Array())) as T;

const upload = (token: string, bytes: Uint8Array) =>
  request(getTestServer('ingest'))
    .post('/')
    .set('authorization', `Bearer ${token}`)
    .attach('file', Buffer.from(bytes), 'report.xlsx');

const compile = (h: Harness, period: string) =>
  request(getTestServer('compile'))
    .post(`/?period=${period}`)
    .set('authorization', `Bearer ${h.tokens.secretariat}`);

/** Every version listed is whole, and the lake names every month with files that exist. */
async function expectConsistent(storage: ObjectStorage, periods: readonly string[], versionsPerPeriod = 1) {
  const store = new SubmissionStore(storage, catalogue);
  for (const period of periods) {
    const versions = await listVersions(store, period);
    expect(versions, `versions of ${period}`).toHaveLength(versionsPerPeriod);
    for (const version of versions) expect(await storage.exists(version.workbookKey)).toBe(true);
    const compiles = (await store.listAudit()).filter(
      (e) => e.action === 'compile' && e.details.scope === period,
    );
    expect(compiles, `compile audit events of ${period}`).toHaveLength(versionsPerPeriod);
  }
  const latest = await readJson<LakeLatest>(storage, 'lake/_latest.json');
  expect(Object.keys(latest.periods).sort()).toEqual(expect.arrayContaining([...periods]));
  for (const period of periods) {
    const entry = latest.periods[period];
    expect(entry, `lake month ${period}`).toBeDefined();
    const manifest = await readJson<LakeManifest>(storage, entry?.manifest ?? '');
    expect(manifest.snapshotId).toBe(entry?.snapshotId);
    for (const file of [...(entry?.files ?? []), ...(entry?.partnerFiles ?? [])])
      expect(await storage.exists(file.key), file.key).toBe(true);
  }
}

describe('crash at any write, then retry, on s3rver', () => {
  let s3: TestS3Server;
  let bytes: Uint8Array;
  beforeAll(async () => {
    s3 = await startS3Server('faults');
    bytes = await toBytes((await sampleWorkbook('MPS', '2025-06', 4)).workbook);
  });
  afterAll(async () => s3.stop());

  const faultyOn = async (prefix: string) => {
    const faulty = new FaultyStorage(new S3Storage({ client: s3.client, bucket: 'faults', prefix }));
    const h = await harness(faulty);
    faulty.writes = 0;
    return { faulty, h };
  };

  it('ingest: for every N, failing the N-th write then retrying leaves one complete submission', async () => {
    const clean = await faultyOn('ingest-clean');
    expect((await upload(clean.h.tokens.mps, bytes)).status).toBe(201);
    const writes = clean.faulty.writes;
    expect(writes).toBeGreaterThanOrEqual(4);
    for (let n = 1; n <= writes; n++) {
      const { faulty, h } = await faultyOn(`ingest-${n}`);
      faulty.failWriteAt = n;
      const failed = await upload(h.tokens.mps, bytes);
      expect(failed.status, `write ${n} (${faulty.written.join(', ')})`).toBe(503);
      expect(failed.headers['retry-after']).toBeDefined();
      const retried = await upload(h.tokens.mps, bytes);
      expect([200, 201], `retry after write ${n}`).toContain(retried.status);
      const store = new SubmissionStore(faulty, catalogue);
      const records = await store.listRecords('2025-06');
      expect(records, `records after write ${n}`).toHaveLength(1);
      expect(
        Buffer.from((await store.loadUpload(records[0]?.sha256 ?? '')) ?? []).equals(Buffer.from(bytes)),
      ).toBe(true);
      await expect(store.loadParsed(records[0]?.sha256 ?? '')).resolves.toBeDefined();
      const ingests = (await store.listAudit()).filter((e) => e.action === 'ingest');
      expect(ingests, `ingest events after write ${n}`).toHaveLength(1);
    }
  });

  it('compile: for every N, failing the N-th write then retrying leaves one complete version and lake', async () => {
    const clean = await faultyOn('compile-clean');
    expect((await upload(clean.h.tokens.mps, bytes)).status).toBe(201);
    clean.faulty.writes = 0;
    expect((await compile(clean.h, '2025-06')).status).toBe(201);
    const writes = clean.faulty.writes;
    expect(writes).toBeGreaterThan(10);
    for (let n = 1; n <= writes; n++) {
      const { faulty, h } = await faultyOn(`compile-${n}`);
      expect((await upload(h.tokens.mps, bytes)).status).toBe(201);
      faulty.writes = 0;
      faulty.failWriteAt = n;
      const failed = await compile(h, '2025-06');
      expect(failed.status, `write ${n}: ${faulty.written.at(-1)}`).toBe(503);
      // Nothing half visible: either no version is listed yet, or a whole one is.
      for (const version of await listVersions(new SubmissionStore(faulty, catalogue), '2025-06'))
        expect(await faulty.exists(version.workbookKey)).toBe(true);
      const retried = await compile(h, '2025-06');
      expect([200, 201], `retry after write ${n}`).toContain(retried.status);
      await expectConsistent(faulty, ['2025-06']);
    }
  }, 240_000);
});

describe.each([
  ['s3rver (no conditional writes)', 's3'],
  ['local files (create-only by link)', 'local'],
] as const)('races on %s', (_name, kind) => {
  let s3: TestS3Server | undefined;
  let h: Harness;
  const months = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'];

  beforeAll(async () => {
    let storage: ObjectStorage;
    if (kind === 's3') {
      s3 = await startS3Server('races');
      storage = new S3Storage({ client: s3.client, bucket: 'races', conditionalWrites: 'auto' });
    } else storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-races-')));
    h = await harness(storage);
    for (const month of months) {
      const { workbook } = await sampleWorkbook('MPS', month, 7);
      expect((await upload(h.tokens.mps, await toBytes(workbook))).status).toBe(201);
    }
  });
  afterAll(async () => s3?.stop());

  it('two simultaneous compiles and a redelivered event give one version', async () => {
    const answers = await Promise.all([
      compile(h, '2025-06'),
      compile(h, '2025-06'),
      scheduledEvent('evt-1', '2025-06'),
      scheduledEvent('evt-1', '2025-06'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual(expect.arrayContaining([204, 204]));
    const versions = answers.slice(0, 2).map((a) => a.body.version);
    expect(versions[0]).toBe(versions[1]);
    await expectConsistent(h.storage, ['2025-06']);
  });

  it('concurrent compiles of different months lose no month from lake/_latest.json', async () => {
    const answers = await Promise.all(months.slice(0, 5).map((month) => compile(h, month)));
    for (const answer of answers) expect([200, 201]).toContain(answer.status);
    await expectConsistent(h.storage, months);
  });
});
