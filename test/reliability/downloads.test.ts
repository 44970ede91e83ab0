/**
 * A download cut by storage can never pass for a whole workbook: Content-Length and
 * Repr-Digest go out with the headers, and a failure mid-stream breaks the connection. Faults
 * injected behind the storage port (local files) and in front of a real s3rver (a TCP relay).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../functions/index.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { createS3Client, S3Storage } from '../../shared/storage/s3-storage.ts';
import { FaultyStorage } from '../support/faulty-storage.ts';
import { sampleWorkbook, toBytes } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/function-harness.ts';
import { startS3Server, type TestS3Server } from '../support/s3-server.ts';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay.ts';

interface Fetched {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Buffer;
  /** True when the response ended cleanly with every byte it announced. */
  readonly complete: boolean;
}

/** A plain HTTP GET that reports whether the body arrived whole (supertest hides that). */
function fetchRaw(server: Server, path: string, token: string): Promise<Fetched> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const req = get(
      { host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        const chunks: Buffer[] = [];
        let settled = false;
        const finish = (complete: boolean) => {
          if (settled) return;
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            complete,
          });
        };
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => finish(res.complete));
        res.on('aborted', () => finish(false));
        res.on('error', () => finish(false));
        res.on('close', () => finish(res.complete));
      },
    );
    req.on('error', () => resolve({ status: 0, headers: {}, body: Buffer.alloc(0), complete: false }));
  });
}

async function compileJune(h: Harness): Promise<string> {
  const { workbook } = await sampleWorkbook('MPS', '2025-06', 3);
  const bytes = await toBytes(workbook);
  const up = await request(getTestServer('ingest'))
    .post('/')
    .set('authorization', `Bearer ${h.tokens.mps}`)
    .attach('file', Buffer.from(bytes), 'report.xlsx');
  expect(up.status).toBe(201);
  const compiled = await request(getTestServer('compile'))
    .post('/?period=2025-06')
    .set('authorization', `Bearer ${h.tokens.secretariat}`);
  expect(compiled.status, JSON.stringify(compiled.body)).toBe(201);
  return compiled.body.version as string;
}

describe('downloads never pass a cut file for a whole one', () => {
  let server: Server;
  let s3: TestS3Server;
  let relay: TcpRelay;

  beforeAll(async () => {
    server = getTestServer('download').listen(0, '127.0.0.1');
    s3 = await startS3Server('downloads');
    relay = await startTcpRelay(s3.port);
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await relay.close();
    await s3.stop();
  });

  it('sends Content-Length and the sha-256 of the workbook', async () => {
    const h = await harness(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-dl-'))));
    const version = await compileJune(h);
    const whole = await fetchRaw(server, `/?period=2025-06&version=${version}`, h.tokens.secretariat);
    expect(whole.status).toBe(200);
    expect(whole.complete).toBe(true);
    expect(Number(whole.headers['content-length'])).toBe(whole.body.length);
    const digest = createHash('sha256').update(whole.body).digest('base64');
    expect(whole.headers['repr-digest']).toBe(`sha-256=:${digest}:`);
  });

  it('breaks the connection when local storage fails mid-stream', async () => {
    const faulty = new FaultyStorage(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-dl-'))));
    const h = await harness(faulty);
    const version = await compileJune(h);
    faulty.cutReadsAfter = 20_000;
    const cut = await fetchRaw(server, `/?period=2025-06&version=${version}`, h.tokens.secretariat);
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.body.length).toBeLessThan(Number(cut.headers['content-length']));
  });

  it('breaks the connection when the S3 connection is cut mid-stream (s3rver behind a relay)', async () => {
    const client = createS3Client({
      endpoint: relay.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      idleTimeoutMs: 2_000,
    });
    const h = await harness(new S3Storage({ client, bucket: 'downloads', prefix: 'cut' }));
    const version = await compileJune(h);
    relay.cutAfter(30_000);
    try {
      const cut = await fetchRaw(server, `/?period=2025-06&version=${version}`, h.tokens.secretariat);
      expect(cut.complete).toBe(false);
      if (cut.status === 200) expect(cut.body.length).toBeLessThan(Number(cut.headers['content-length']));
    } finally {
      relay.pass();
      client.destroy();
    }
  });
});
