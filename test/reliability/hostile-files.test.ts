/**
 * Files a unit should not send, over real HTTP on a real S3-compatible server (s3rver): a
 * macro-enabled, a password-encrypted and a binary (.xlsb) workbook are refused with a
 * bilingual message that says how to fix them, and kept exactly as received. Identical uploads
 * at the same moment make one record and one audit event; the others are told "duplicate".
 */
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { strToU8, unzipSync, zipSync } from 'fflate';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../functions/index.ts';
import { S3Storage } from '../../shared/storage/s3-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { catalogue, sampleWorkbook, toBytes } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/function-harness.ts';
import { startS3Server, type TestS3Server } from '../support/s3-server.ts';

const upload = (token: string, bytes: Uint8Array, name = 'report.xlsx') =>
  request(getTestServer('ingest'))
    .post('/')
    .set('authorization', `Bearer ${token}`)
    .attach('file', Buffer.from(bytes), name);

/** An OLE compound file holding the named stream, as Office writes an encrypted .xlsx. */
function encryptedXlsx(): Uint8Array {
  const bytes = new Uint8Array(8192);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  bytes.set(Buffer.from('EncryptionInfo', 'utf16le'), 1024);
  bytes.set(Buffer.from('EncryptedPackage', 'utf16le'), 1152);
  return bytes;
}

describe('hostile and duplicate files on s3rver', () => {
  let s3: TestS3Server;
  let h: Harness;
  let valid: Uint8Array;

  beforeAll(async () => {
    s3 = await startS3Server('files');
    h = await harness(new S3Storage({ client: s3.client, bucket: 'files' }));
    valid = await toBytes((await sampleWorkbook('MPS', '2025-05', 11)).workbook);
  });
  afterAll(async () => s3.stop());

  it.each([
    [
      'a macro-enabled workbook',
      () =>
        zipSync({ ...unzipSync(valid), 'xl/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 9]) }),
      'file/macro-enabled',
      /macros/,
    ],
    ['a password-encrypted workbook', encryptedXlsx, 'file/encrypted', /password/],
    [
      'an Excel Binary workbook',
      () =>
        zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.bin': new Uint8Array([0x83, 1]) }),
      'file/xlsb',
      /\.xlsb/,
    ],
  ])('refuses %s with a bilingual 400 and keeps it as received', async (_name, make, code, hint) => {
    const bytes = make();
    const response = await upload(h.tokens.mps, bytes);
    expect(response.status).toBe(400);
    expect(response.body.verdict).toBe('unreadable');
    const issue = response.body.issues[0];
    expect(issue.code).toBe(code);
    expect(issue.message.en).toMatch(hint);
    expect(issue.message.lo).toMatch(/[\u0E80-\u0EFF]/);
    const store = new SubmissionStore(h.storage, catalogue);
    const kept = await store.loadUpload(response.body.sha256);
    expect(Buffer.from(kept ?? []).equals(Buffer.from(bytes))).toBe(true);
  });

  it('makes one record and one audit event of identical uploads sent at once', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => upload(h.tokens.mps, valid)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 201]);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    const sha256 = answers[0]?.body.sha256;
    expect(answers.every((a) => a.body.sha256 === sha256)).toBe(true);
    const store = new SubmissionStore(h.storage, catalogue);
    expect((await store.listRecords('2025-05')).filter((r) => r.sha256 === sha256)).toHaveLength(1);
    const events = (await store.listAudit()).filter((e) => e.details.sha256 === sha256);
    expect(events.map((e) => e.action)).toEqual(['ingest']);
  });
});
