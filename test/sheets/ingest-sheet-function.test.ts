/**
 * A registered Google Sheet through the real functions (functions framework servers +
 * supertest) and the real Google clients pointed at the local fake: `ingestSheet` answers like
 * `ingest` does for its .xlsx twin, the scheduled run pulls every registered sheet before
 * compiling, and a sheet that cannot be read shows in the Sources sheet and the reminders.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, setAppContext } from '../../functions/app-context.ts';
import '../../functions/index.ts';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import type { ReminderList } from '../../shared/compile/reminders.ts';
import { NATIONAL_TABS } from '../../shared/compile/sheets/table-kit.ts';
import { parseConfig } from '../../shared/config/config.ts';
import { loadWorkbook } from '../../shared/grid/exceljs-workbook.ts';
import type { Clock } from '../../shared/ports/clock.ts';
import { SheetRegistry } from '../../shared/sheets/sheet-registry.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { addTwin, FAKE_ACCESS_TOKEN, FakeGoogleApis } from '../support/fake-google-apis.ts';
import { catalogue, sampleWorkbook, setTableCell, TAB } from '../support/fixtures.ts';

/** A clock set by the test that still moves on by a second per reading, as real time does:
 * records made one after another never share a timestamp, so "newest" is never a tie. */
class TestClock implements Clock {
  at = new Date('2025-07-05T03:00:00Z');
  now() {
    const reading = new Date(this.at);
    this.at = new Date(this.at.getTime() + 1000);
    return reading;
  }
}

const fake = new FakeGoogleApis();
const clock = new TestClock();
let store: SubmissionStore;
let tokens: Record<'mps' | 'moh' | 'lp' | 'secretariat', string>;
const logs: string[] = [];

const post = (name: string, token: string, query = '') =>
  request(getTestServer(name)).post(`/${query}`).set('authorization', `Bearer ${token}`);

beforeAll(async () => {
  const root = await fake.start();
  const storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-sheetfn-')));
  store = new SubmissionStore(storage, catalogue);
  const tokenStore = new StorageTokenStore(storage);
  const context: AppContext = {
    config: parseConfig({
      STORAGE_URL: 'file:/unused',
      GOOGLE_SHEETS_ROOT_URL: root,
      GOOGLE_DRIVE_ROOT_URL: root,
      GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
      SHEETS_PULL_SECONDS: '5',
    }),
    catalogue,
    store,
    tokens: tokenStore,
    clock,
  };
  setAppContext(context);
  tokens = {
    mps: await tokenStore.issue({ kind: 'unit', unitCode: 'MPS' }, 'test', clock.now()),
    moh: await tokenStore.issue({ kind: 'unit', unitCode: 'MOH' }, 'test', clock.now()),
    lp: await tokenStore.issue({ kind: 'unit', unitCode: 'LA-LP' }, 'test', clock.now()),
    secretariat: await tokenStore.issue({ kind: 'secretariat' }, 'test', clock.now()),
  };
  for (const method of ['log', 'error', 'warn'] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      logs.push(args.map(String).join(' '));
      original(...args);
    };
  }
});
afterAll(async () => {
  await fake.stop();
});

describe('ingestSheet', () => {
  it('gives a sheet the verdict and issues of its .xlsx twin uploaded through ingest', async () => {
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 21);
    setTableCell(workbook, TAB.activities, 0, 'percent_complete', 130);
    setTableCell(workbook, TAB.activities, 2, 'people_reached_male', 'many');
    const { bytes, id } = await addTwin(fake, workbook);
    const uploaded = await post('ingest', tokens.mps).attach('file', Buffer.from(bytes), 'report.xlsx');
    await new SheetRegistry(store).register('MPS', id, 'secretariat', clock.now());
    const pulled = await post('ingestSheet', tokens.mps);
    expect(uploaded.status).toBe(422);
    expect(pulled.status).toBe(422);
    expect(pulled.body.verdict).toBe(uploaded.body.verdict);
    expect(pulled.body.issues).toEqual(uploaded.body.issues);
    expect(pulled.body.issues.map((i: { cell: string }) => i.cell)).toContain('E3');
  });

  it('records the corrected sheet as current, once; unit tokens pull only their own sheet', async () => {
    // Later than the rejected twin above: "current" must not hang on a tie broken by hashes.
    clock.at = new Date(clock.now().getTime() + 60 * 60 * 1000);
    const { workbook } = await sampleWorkbook('MPS', '2025-06', 22);
    const { id } = await addTwin(fake, workbook);
    await new SheetRegistry(store).register('MPS', id, 'secretariat', clock.now());
    const first = await post('ingestSheet', tokens.secretariat, '?unit=MPS');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      verdict: 'accepted',
      duplicate: false,
      via: 'sheets-api',
      spreadsheetId: id,
    });
    const again = await post('ingestSheet', tokens.mps);
    expect(again.status).toBe(200);
    expect(again.body.duplicate).toBe(true);
    expect((await post('ingestSheet', tokens.mps, '?unit=MOH')).status).toBe(403);
    const notRegistered = await post('ingestSheet', tokens.moh);
    expect(notRegistered.status).toBe(404);
    expect(notRegistered.body.error.code).toBe('sheet/not-registered');
    const records = (await store.listRecords('2025-06')).filter((r) => r.unitCode === 'MPS');
    expect(records.map((r) => `${r.source} ${r.verdict}`).sort()).toEqual([
      'google-sheets accepted',
      'google-sheets rejected',
      'upload rejected',
    ]);
  });

  it('answers 404 and 403 from Google with what to do, and never logs the token', async () => {
    await new SheetRegistry(store).register('MOH', 'goneSheet0123456789', 'secretariat', clock.now());
    const gone = await post('ingestSheet', tokens.moh);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('sheet/not-found');
    const { id } = await addTwin(fake, (await sampleWorkbook('MOH', '2025-06', 23)).workbook);
    fake.refusals.set(id, { sheets: 403, drive: 403 });
    await new SheetRegistry(store).register('MOH', id, 'secretariat', clock.now());
    const shut = await post('ingestSheet', tokens.moh);
    expect(shut.status).toBe(403);
    expect(shut.body.error.code).toBe('sheet/forbidden');
    expect(shut.body.error.message.en).toMatch(/Share the sheet/);
    expect(JSON.stringify(shut.body)).not.toContain(FAKE_ACCESS_TOKEN);
    expect(logs.join('\n')).not.toContain(FAKE_ACCESS_TOKEN);
  });
});

describe('the scheduled run', () => {
  it('pulls registered sheets before compiling; an unreadable sheet shows in Sources and the reminders', async () => {
    // LA-LP uploads; MPS is on Sheets (accepted above); MOH's sheet refuses access (above).
    const lp = await sampleWorkbook('LA-LP', '2025-06', 24);
    const lpBytes = new Uint8Array(await lp.workbook.xlsx.writeBuffer());
    expect((await post('ingest', tokens.lp).attach('file', Buffer.from(lpBytes), 'lp.xlsx')).status).toBe(
      201,
    );
    clock.at = new Date('2025-07-12T01:00:00Z'); // after the due day: reminders go out
    const event = await request(getTestServer('compileScheduled'))
      .post('/')
      .set('ce-id', 'monthly-1')
      .set('ce-specversion', '1.0')
      .set('ce-type', 'google.cloud.pubsub.topic.v1.messagePublished')
      .set('ce-source', '//pubsub.googleapis.com/projects/p/topics/laingan-monthly-compile')
      .set('content-type', 'application/json')
      .send({ message: { data: Buffer.from(JSON.stringify({ period: '2025-06' })).toString('base64') } });
    expect(event.status).toBe(204);
    const listing = await request(getTestServer('download'))
      .get('/?period=2025-06')
      .set('authorization', `Bearer ${tokens.secretariat}`);
    const manifest = listing.body.versions.at(-1);
    expect(manifest.sources.map((s: { unitCode: string }) => s.unitCode).sort()).toEqual(['LA-LP', 'MPS']);
    const workbookBytes = await store.storage.get(manifest.workbookKey);
    const workbook = await loadWorkbook(workbookBytes as Uint8Array);
    const sources = workbook.getWorksheet(NATIONAL_TABS.sources);
    const rows: string[][] = [];
    sources?.eachRow((row) => {
      rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? '')));
    });
    const moh = rows.find((r) => r[0] === 'MOH');
    expect(moh?.[7]).toMatch(/Google refused access/);
    expect(rows.some((r) => r[0] === 'MPS' && /\(fake/.test(r[5] ?? ''))).toBe(true);
    const reminderKeys = await store.storage.list('reminders/2025-06/');
    const reminders = JSON.parse(
      new TextDecoder().decode(await store.storage.get(reminderKeys.at(-1) as string)),
    ) as ReminderList;
    const mohReminder = reminders.units.find((u) => u.unit === 'MOH');
    expect(mohReminder?.sheetProblem?.en).toMatch(/Google refused access/);
    expect(reminders.message.en).toContain('MOH (Google Sheet: forbidden)');
  });
});

describe('review and period lock', () => {
  it('apply to a pulled sheet as to an upload: a pull after the lock is kept but not current; a return shows', async () => {
    const status = async () =>
      (
        await request(getTestServer('status'))
          .get('/?period=2025-06')
          .set('authorization', `Bearer ${tokens.secretariat}`)
      ).body.units.find((u: { unit: string }) => u.unit === 'MPS').periods['2025-06'];
    const current = (await store.listRecords('2025-06')).filter(
      (r) => r.unitCode === 'MPS' && r.verdict === 'accepted',
    );
    expect(current).toHaveLength(1);
    const lock = await post('review', tokens.secretariat).send({
      action: 'lock',
      period: '2025-06',
      reason: 'closed',
    });
    expect(lock.status).toBe(201);
    // The unit edits its sheet after the lock: the pull is recorded, flagged, not current.
    clock.at = new Date('2025-07-13T01:00:00Z');
    const registration = await new SheetRegistry(store).find('MPS');
    fake.setCell(registration?.spreadsheetId ?? '', TAB.activities, 'K3', {
      value: 3,
      format: { type: 'NUMBER', pattern: '#,##0' },
    });
    const late = await post('ingestSheet', tokens.mps);
    expect(late.status).toBe(201);
    expect(late.body.afterLock).toBe(true);
    expect(late.body.notice.en).toMatch(/locked/);
    expect((await status()).status).not.toBe('returned');
    // Returning the current (pre-lock) sheet record works as for an upload.
    const returned = await post('review', tokens.secretariat).send({
      action: 'return',
      period: '2025-06',
      unit: 'MPS',
      sha256: current[0]?.sha256,
      comment: 'Check the activity figures.',
    });
    expect(returned.status).toBe(201);
    expect((await status()).status).toBe('returned');
  });
});
