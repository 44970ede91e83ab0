/**
 * Bounds over real HTTP on the local server (`npm start`'s router): every path needs a token,
 * the scheduled entry the Secretariat's; token and size are checked before the body is read;
 * framework failures answer bilingual JSON; a revoked token is refused at once; scopes are
 * bounded by the plan; a stalled S3 server (s3rver behind a relay) gives 503 with Retry-After.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, startLocalServer } from '../../functions/local-server.ts';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { createS3Client, S3Storage } from '../../shared/storage/s3-storage.ts';
import { sampleWorkbook, toBytes } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/function-harness.ts';
import { startS3Server, type TestS3Server } from '../support/s3-server.ts';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay.ts';

/** True when a JSON error is bilingual and gives nothing of the server away. */
function expectCleanError(body: unknown, text: string) {
  const error = (body as { error?: { code?: string; message?: { lo?: string; en?: string } } }).error;
  expect(error?.code).toBeTruthy();
  expect(error?.message?.lo).toMatch(/[\u0E80-\u0EFF]/);
  expect(error?.message?.en).toBeTruthy();
  expect(text).not.toMatch(/\bat \w+ \(|node_modules|\/work\/|<html|<pre>/i);
}

describe('the local server front door', () => {
  let h: Harness;
  let server: Server;
  let url: string;
  let xlsx: Uint8Array;

  beforeAll(async () => {
    h = await harness(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-door-'))), {
      UPLOAD_LIMIT_MB: '1',
    });
    ({ server, url } = await startLocalServer(0));
    xlsx = await toBytes((await sampleWorkbook('MPS', '2025-06', 2)).workbook);
  });
  afterAll(async () => new Promise((resolve) => server.close(resolve)));

  it.each(FUNCTION_NAMES.filter((name) => name !== 'portal'))(
    '/%s refuses a request without a token with bilingual JSON 401',
    async (name) => {
      const response = await request(url).post(`/${name}`).send({ message: {} });
      expect(response.status).toBe(401);
      expectCleanError(response.body, response.text);
    },
  );

  it("serves the portal's page without a token, and none of its data", async () => {
    expect((await request(url).get('/portal/')).status).toBe(200);
    for (const path of ['/portal/api/status', '/portal/api/history', '/portal/api/template?period=2025-06']) {
      const response = await request(url).get(path);
      expect(response.status, path).toBe(401);
      expectCleanError(response.body, response.text);
    }
    const annotate = await request(url)
      .post('/portal/api/annotate')
      .set('content-type', 'application/octet-stream')
      .send(Buffer.from(xlsx));
    expect(annotate.status).toBe(401);
  });

  it('serves the scheduled entry only to the Secretariat', async () => {
    const event = (token: string) =>
      request(url)
        .post('/compileScheduled')
        .set('authorization', `Bearer ${token}`)
        .set('ce-id', 'local-1')
        .set('ce-specversion', '1.0')
        .set('ce-type', 'google.cloud.pubsub.topic.v1.messagePublished')
        .set('ce-source', '//pubsub.googleapis.com/projects/p/topics/t')
        .set('content-type', 'application/json')
        .send({ message: { data: Buffer.from('{"period":"2025-06"}').toString('base64') } });
    expect((await event(h.tokens.mps)).status).toBe(403);
    expect((await event(h.tokens.secretariat)).status).toBe(204);
  });

  it('answers an unknown path with bilingual JSON 404', async () => {
    const response = await request(url).get('/nothing-here');
    expect(response.status).toBe(404);
    expectCleanError(response.body, response.text);
  });

  it('answers 401 to a 200 MB body without a token before reading it', async () => {
    const { port } = new URL(url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        // Headers only: the body is never sent. A server that waits for it never answers.
        socket.write(
          'POST /ingest HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 209715200\r\n\r\n',
        );
      });
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
        if (text.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(text);
        }
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error('no answer within 5 s: the body is being waited for')), 5_000);
    });
    expect(answer).toMatch(/^HTTP\/1.1 401/);
  });

  it('answers 413 to an oversize declared body with a valid token, unread', async () => {
    const response = await request(url)
      .post('/ingest')
      .set('authorization', `Bearer ${h.tokens.mps}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.alloc(2 * 1024 * 1024));
    expect(response.status).toBe(413);
    expectCleanError(response.body, response.text);
  });

  it('answers an .xlsx sent as application/json with bilingual JSON 400, no stack or path', async () => {
    const response = await request(url)
      .post('/ingest')
      .set('authorization', `Bearer ${h.tokens.mps}`)
      .set('content-type', 'application/json')
      // A string, so the client sends the file's bytes rather than a JSON rendering of a Buffer.
      .send(Buffer.from(xlsx).toString('latin1'));
    expect(response.status).toBe(400);
    expect(response.body.error?.code, response.text.slice(0, 300)).toBe('http/bad-json');
    expectCleanError(response.body, response.text);
    const badJson = await request(url)
      .post('/compile')
      .set('authorization', `Bearer ${h.tokens.secretariat}`)
      .set('content-type', 'application/json')
      .send('{"period": ');
    expect(badJson.status).toBe(400);
    expectCleanError(badJson.body, badJson.text);
  });

  it('refuses a revoked token at once', async () => {
    const tokens = new StorageTokenStore(h.storage);
    const token = await tokens.issue({ kind: 'secretariat' }, 'to revoke', new Date());
    expect((await request(url).get('/download').set('authorization', `Bearer ${token}`)).status).toBe(200);
    const listed = await tokens.list();
    expect(listed.map((t) => t.label)).toContain('to revoke');
    expect(JSON.stringify(listed)).not.toContain(token);
    await tokens.revoke(token, new Date());
    const after = await request(url).get('/download').set('authorization', `Bearer ${token}`);
    expect(after.status).toBe(401);
    const direct = await request(getTestServer('download')).get('/').set('authorization', `Bearer ${token}`);
    expect(direct.status).toBe(401);
  });

  it.each([
    ['/status?period=0001-9999', 'status/period-out-of-span'],
    ['/status?period=2025-13', 'status/bad-period'],
    ['/download?period=..%2F..%2Fetc%2Fpasswd', 'download/bad-period'],
    ['/download?period=2025-06%2F..%2F..', 'download/bad-period'],
    ['/download?period=2025-06%00', 'download/bad-period'],
  ])('refuses %s with a 400 that names the expected form', async (path, code) => {
    const response = await request(url).get(path).set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message.en).toMatch(/2021-2025/);
    expectCleanError(response.body, response.text);
  });

  it('refuses to compile a month outside the plan (2125-06) and writes nothing', async () => {
    const response = await request(url)
      .post('/compile?period=2125-06')
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('compile/period-out-of-span');
    expect(await h.storage.list('national/2125-06/')).toEqual([]);
  });

  it('follows a configured span (SCOPE_SPAN)', async () => {
    const wide = await harness(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-span-'))), {
      SCOPE_SPAN: '2021-2030',
    });
    const response = await request(url)
      .get('/status?period=2027')
      .set('authorization', `Bearer ${wide.tokens.secretariat}`);
    expect(response.status).toBe(200);
    expect(response.body.months).toHaveLength(12);
    h = await harness(h.storage, { UPLOAD_LIMIT_MB: '1' });
  });
});

describe('a stalled S3 server', () => {
  let s3: TestS3Server;
  let relay: TcpRelay;
  let h: Harness;
  let client: ReturnType<typeof createS3Client>;

  beforeAll(async () => {
    s3 = await startS3Server('stalled');
    relay = await startTcpRelay(s3.port);
    client = createS3Client({
      endpoint: relay.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      idleTimeoutMs: 800,
      connectTimeoutMs: 800,
    });
    h = await harness(new S3Storage({ client, bucket: 'stalled', operationTimeoutMs: 1_000 }));
  });
  afterAll(async () => {
    client.destroy();
    await relay.close();
    await s3.stop();
  });

  it('gets 503 with Retry-After within the bound, not a hung request', async () => {
    const bytes = await toBytes((await sampleWorkbook('MPS', '2025-06', 2)).workbook);
    relay.stall();
    try {
      const started = Date.now();
      const response = await request(getTestServer('ingest'))
        .post('/')
        .set('authorization', `Bearer ${h.tokens.mps}`)
        .attach('file', Buffer.from(bytes), 'report.xlsx');
      const took = Date.now() - started;
      expect(response.status).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expectCleanError(response.body, response.text);
      expect(took).toBeLessThan(6_000);
    } finally {
      relay.pass();
    }
  });
});
