/**
 * Done when "typed 50% reaches the lake as 50": a percent typed as 50% in a file written by
 * another library (openpyxl: 0.5 with a % format, as Excel stores it) goes through the real
 * ingest and compile functions over HTTP and lands in the Parquet lake as 50.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { parquetReadObjects } from 'hyparquet';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../functions/index.ts';
import type { LakeLatest } from '../../shared/lake/write-lake-snapshot.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { catalogue, sampleWorkbook, TAB, toBytes } from '../support/fixtures.ts';
import { type Harness, harness } from '../support/function-harness.ts';
import { resaveWithOpenpyxl, skipReason } from '../support/other-writers.ts';

describe.skipIf(skipReason('openpyxl'))('a percent typed as 50%', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness(new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-percent-'))));
  });
  afterAll(async () => h.stop());

  it('reaches the lake as 50', async () => {
    const code = catalogue.activitiesOf('MPS')[0]?.code;
    const bytes = resaveWithOpenpyxl(
      await toBytes((await sampleWorkbook('MPS', '2025-06', 1)).workbook),
      `
ws = wb[${JSON.stringify(TAB.activities)}]
keys = {c.value: c.column for c in ws[1]}
ws.cell(3, keys['status']).value = 'In progress'
ws.cell(3, keys['percent_complete']).value = 0.5
ws.cell(3, keys['percent_complete']).number_format = '0%'
assert ws.cell(3, keys['activity_code']).value == ${JSON.stringify(code)}
`,
    );
    const ingest = await request(getTestServer('ingest'))
      .post('/')
      .set('authorization', `Bearer ${h.tokens.mps}`)
      .attach('file', Buffer.from(bytes), 'report-MPS-2025-06.xlsx');
    expect(ingest.status, JSON.stringify(ingest.body)).toBe(201);
    h.clock.at = new Date('2025-07-20T03:00:00Z');
    const compile = await request(getTestServer('compile'))
      .post('/?period=2025-06')
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    expect(compile.status, JSON.stringify(compile.body)).toBe(201);
    const latest = JSON.parse(
      new TextDecoder().decode(await h.storage.get('lake/_latest.json')),
    ) as LakeLatest;
    const file = latest.periods['2025-06']?.files.find((f) => f.table === 'activity_progress');
    const parquet = (await h.storage.get(file?.key ?? '')) ?? new Uint8Array();
    const rows = (await parquetReadObjects({ file: parquet.slice().buffer })) as {
      activity_code: string;
      percent_complete: number;
      template_version: string;
    }[];
    const row = rows.find((r) => r.activity_code === code);
    expect(row?.percent_complete).toBe(50);
    expect(row?.template_version).toBe('2');

    // The status function tells each section apart: complete, nil or missing.
    const status = await request(getTestServer('status'))
      .get('/?period=2025-06')
      .set('authorization', `Bearer ${h.tokens.secretariat}`);
    const byUnit = (code: string) =>
      (status.body.units as { unit: string; periods: Record<string, { sections: unknown }> }[]).find(
        (u) => u.unit === code,
      )?.periods['2025-06']?.sections;
    expect(byUnit('MPS')).toMatchObject({ activities: 'complete', cases: 'complete' });
    expect(byUnit('MOJ')).toEqual({
      activities: 'missing',
      cases: 'not_assigned',
      assistance: 'not_assigned',
      awareness: 'missing',
    });
  });
});
