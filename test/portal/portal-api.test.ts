/**
 * The portal's session and unit routes over the functions framework's real HTTP server:
 * sessions expire and close, a session cannot mint another, and unit routes refuse others.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { setAppContext } from '../../functions/app-context.ts';
import '../../functions/index.ts';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import { parseConfig } from '../../shared/config/config.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { catalogue, sampleWorkbook, TAB, toBytes } from '../support/fixtures.ts';

class TestClock implements Clock {
  at = new Date('2025-07-05T03:00:00Z');
  now(): Date {
    return new Date(this.at);
  }
}
const clock = new TestClock();
const portal = () => request(getTestServer('portal'));
let unitToken = '';
let secretariatToken = '';

async function openSession(token: string) {
  const response = await portal().post('/api/session').set('authorization', `Bearer ${token}`);
  return response;
}

beforeAll(async () => {
  const storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-portal-api-')));
  const tokens = new StorageTokenStore(storage);
  setAppContext({
    config: parseConfig({ STORAGE_URL: 'file:/unused', SESSION_MINUTES: '30' }),
    catalogue,
    store: new SubmissionStore(storage, catalogue),
    tokens,
    clock,
  });
  unitToken = await tokens.issue({ kind: 'unit', unitCode: 'MPS' }, 'test', clock.now());
  secretariatToken = await tokens.issue({ kind: 'secretariat' }, 'test', clock.now());
});

describe('portal sessions', () => {
  it('opens a session from a token, accepted by every function until it expires', async () => {
    clock.at = new Date('2025-07-05T03:00:00Z');
    const opened = await openSession(unitToken);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      expiresInSeconds: 1800,
      principal: { kind: 'unit', unitCode: 'MPS' },
    });
    expect(opened.body.token).toMatch(/^lgs_/);
    const session = opened.body.token as string;
    const status = await portal().get('/api/status').set('authorization', `Bearer ${session}`);
    expect(status.status).toBe(200);
    expect(status.body.unit.code).toBe('MPS');
    // The ingest function takes the same session (an empty body is an unreadable file, not a 401).
    const ingest = await request(getTestServer('ingest'))
      .post('/?dryRun=true')
      .set('authorization', `Bearer ${session}`)
      .set('content-type', 'application/octet-stream')
      .send(Buffer.alloc(0));
    expect(ingest.status).toBe(400);
    clock.at = new Date('2025-07-05T03:30:01Z');
    expect((await portal().get('/api/status').set('authorization', `Bearer ${session}`)).status).toBe(401);
  });

  it('closes a session on sign-out and never opens one from another session', async () => {
    clock.at = new Date('2025-07-05T04:00:00Z');
    const session = (await openSession(unitToken)).body.token as string;
    expect((await openSession(session)).status).toBe(400);
    const out = await portal().delete('/api/session').set('authorization', `Bearer ${session}`);
    expect(out.status).toBe(204);
    expect((await portal().get('/api/history').set('authorization', `Bearer ${session}`)).status).toBe(401);
    expect((await openSession('lgn_unknown-token-000000000000')).status).toBe(401);
  });

  it('keeps unit routes to units and checks the month asked for', async () => {
    clock.at = new Date('2025-07-05T05:00:00Z');
    const secretariat = (await openSession(secretariatToken)).body.token as string;
    expect((await portal().get('/api/history').set('authorization', `Bearer ${secretariat}`)).status).toBe(
      403,
    );
    const unit = (await openSession(unitToken)).body.token as string;
    const bad = await portal().get('/api/template?period=2025-13').set('authorization', `Bearer ${unit}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message.lo).toContain('2025-13');
    expect((await portal().get('/api/history')).status).toBe(401);
    expect((await portal().get('/api/nothing').set('authorization', `Bearer ${unit}`)).status).toBe(404);
  });

  it('gives next month prefilled from the last accepted report, which validates as it comes', async () => {
    clock.at = new Date('2025-07-05T06:00:00Z');
    const unit = (await openSession(unitToken)).body.token as string;
    const template = (query: string) =>
      portal()
        .get(`/api/template?${query}`)
        .set('authorization', `Bearer ${unit}`)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
    const before = await template('period=2025-07&prefill=last');
    expect(before.status).toBe(200);
    expect(before.headers['x-carried-from']).toBe('none');
    const status = await portal().get('/api/status').set('authorization', `Bearer ${unit}`);
    expect(status.body.templateFromLast).toBe(true);

    const { workbook } = await sampleWorkbook('MPS', '2025-06', 4);
    const bytes = await toBytes(workbook);
    const upload = await request(getTestServer('ingest'))
      .post('/')
      .set('authorization', `Bearer ${unitToken}`)
      .attach('file', Buffer.from(bytes), 'report-MPS-2025-06.xlsx');
    expect(upload.status).toBe(201);

    const after = await template('period=2025-07&prefill=last');
    expect(after.headers['x-carried-from']).toBe('2025-06');
    const blank = await template('period=2025-07');
    expect(Buffer.compare(after.body as Buffer, blank.body as Buffer)).not.toBe(0);
    const report = await validateXlsx(new Uint8Array(after.body as Buffer), catalogue);
    expect(
      report.issues.filter((issue) => issue.severity === 'error' && issue.sheet === TAB.activities),
    ).toEqual([]);
  });

  it('serves the page with a strict content security policy and no token in it', async () => {
    const page = await portal().get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('<html lang="lo">');
    const script = await portal().get('/app.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
  });
});
