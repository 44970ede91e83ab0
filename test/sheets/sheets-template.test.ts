/**
 * The Google Sheets template: the batchUpdate requests built from the spec carry every
 * dropdown, typing rule, number format, warning-only protection and hidden key; sent through
 * the real clients to the local fake, the created sheet reads back as the same template as the
 * .xlsx one (the blank .xlsx and the blank Sheet get the same issues at the same cells); the
 * CLI creates, shares, registers, lists, pulls and unregisters, and says what to set when no
 * credentials exist.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { sheets_v4 } from '@googleapis/sheets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import { columnLetters } from '../../shared/grid/cell-grid.ts';
import { googleSheetsPort } from '../../shared/sheets/google-sheets-client.ts';
import { pullSpreadsheet } from '../../shared/sheets/pull-spreadsheet.ts';
import { retryWithin } from '../../shared/sheets/retry.ts';
import type { FieldSpec } from '../../shared/spec/field-types.ts';
import {
  COVER_FIRST_FIELD_ROW,
  COVER_INPUT_COLUMN,
  FIRST_DATA_ROW,
  KEY_ROW,
  LISTS_SHEET,
  META_SHEET,
  TEMPLATE_SPEC,
} from '../../shared/spec/template-spec.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { validateGrid, validateXlsx } from '../../shared/validate/validate-upload.ts';
import { createSheetsTemplate } from '../../templates/create-sheets-template.ts';
import {
  buildSheetsTemplate,
  lastDataRowOf,
  SHEET_IDS,
  tableSheetId,
} from '../../templates/sheets-template-requests.ts';
import { listKeys } from '../../templates/template-content.ts';
import { writeXlsxTemplate } from '../../templates/write-xlsx-template.ts';
import { FAKE_ACCESS_TOKEN, FakeGoogleApis } from '../support/fake-google-apis.ts';
import { catalogue, TAB, unit } from '../support/fixtures.ts';

const run = promisify(execFile);
const fake = new FakeGoogleApis();
beforeAll(async () => {
  await fake.start();
});
afterAll(async () => {
  await fake.stop();
});

type Request = sheets_v4.Schema$Request;
const of = <K extends keyof Request>(requests: Request[], kind: K) =>
  requests.flatMap((r) => (r[kind] ? [r[kind] as NonNullable<Request[K]>] : []));

describe.each(['MPS', 'MOH', 'LA-LP'])('template requests for %s match the spec', (code) => {
  const request = { unit: unit(code), period: '2025-06' };
  const plan = buildSheetsTemplate(request, catalogue);
  const tables = TEMPLATE_SPEC.tables.filter((t) => request.unit.sections.includes(t.section));
  const validations = of(plan.requests, 'setDataValidation');
  const protections = of(plan.requests, 'addProtectedRange').map((p) => p.protectedRange ?? {});
  const lists = listKeys(TEMPLATE_SPEC);
  const validationAt = (sheetId: number, column: number, fromRow: number) =>
    validations.find(
      (v) =>
        v.range?.sheetId === sheetId &&
        v.range.startColumnIndex === column - 1 &&
        v.range.endColumnIndex === column &&
        v.range.startRowIndex === fromRow - 1,
    );
  const expectRuleFor = (field: FieldSpec, sheetId: number, column: number, row: number) => {
    const validation = validationAt(sheetId, column, row);
    expect(validation, `${field.key}`).toBeDefined();
    const rule = validation?.rule;
    expect(rule?.strict).toBe(true);
    expect(rule?.inputMessage).toContain(field.help.en);
    expect(rule?.inputMessage).toContain(field.help.lo);
    const condition = rule?.condition;
    if (field.type === 'choice') {
      const letter = columnLetters(lists.indexOf(field.list ?? 'status') + 1);
      expect(condition?.type).toBe('ONE_OF_RANGE');
      expect(condition?.values?.[0]?.userEnteredValue).toMatch(
        new RegExp(`^='${LISTS_SHEET}'!\\$${letter}\\$2:\\$${letter}\\$\\d+$`),
      );
      expect(rule?.showCustomUi).toBe(true);
    } else if (field.type === 'count' || field.type === 'money') {
      expect(condition?.values?.[0]?.userEnteredValue).toBe(
        `=AND(ISNUMBER(${columnLetters(column)}${row}),${columnLetters(column)}${row}=INT(${columnLetters(column)}${row}),${columnLetters(column)}${row}>=0)`,
      );
    } else if (field.type === 'percent') {
      expect(condition).toEqual({
        type: 'NUMBER_BETWEEN',
        values: [{ userEnteredValue: '0' }, { userEnteredValue: '1' }],
      });
    } else if (field.type === 'date') {
      expect(condition?.type).toBe('DATE_BETWEEN');
    }
  };

  it('has a dropdown or typing rule on every input cell, with the bilingual help', () => {
    TEMPLATE_SPEC.cover.fields.forEach((field, index) => {
      expectRuleFor(field, SHEET_IDS.cover, COVER_INPUT_COLUMN, COVER_FIRST_FIELD_ROW + index);
    });
    for (const table of tables) {
      const sheetId = tableSheetId(TEMPLATE_SPEC, table);
      table.fields.forEach((field, index) => {
        if (field.prefill) {
          expect(validationAt(sheetId, index + 1, FIRST_DATA_ROW)).toBeUndefined();
          return;
        }
        expectRuleFor(field, sheetId, index + 1, FIRST_DATA_ROW);
        expect(validationAt(sheetId, index + 1, FIRST_DATA_ROW)?.range?.endRowIndex).toBe(
          lastDataRowOf(table),
        );
      });
    }
    const expected =
      TEMPLATE_SPEC.cover.fields.length +
      tables.reduce((sum, t) => sum + t.fields.filter((f) => !f.prefill).length, 0);
    expect(validations).toHaveLength(expected);
  });

  it('formats numbers, percents and dates as the .xlsx does', () => {
    const formats = of(plan.requests, 'repeatCell');
    for (const table of tables) {
      const sheetId = tableSheetId(TEMPLATE_SPEC, table);
      table.fields.forEach((field, index) => {
        const format = formats.find((f) => f.range?.sheetId === sheetId && f.range.startColumnIndex === index)
          ?.cell?.userEnteredFormat?.numberFormat;
        if (field.type === 'count' || field.type === 'money')
          expect(format).toEqual({ type: 'NUMBER', pattern: '#,##0' });
        if (field.type === 'percent') expect(format).toEqual({ type: 'PERCENT', pattern: '0%' });
        if (field.type === 'date') expect(format).toEqual({ type: 'DATE', pattern: 'dd/mm/yyyy' });
      });
    }
  });

  it('protects labels, keys and pre-filled cells with a warning only, leaving every input cell open', () => {
    const sheetIds = plan.create.sheets?.map((s) => s.properties?.sheetId) ?? [];
    for (const sheetId of sheetIds) {
      const found = protections.filter((p) => p.range?.sheetId === sheetId);
      expect(found, `sheet ${sheetId}`).toHaveLength(1);
      expect(found[0]?.warningOnly).toBe(true);
      expect(found[0]?.range?.startRowIndex).toBeUndefined(); // the whole sheet
    }
    for (const table of tables) {
      const sheetId = tableSheetId(TEMPLATE_SPEC, table);
      const open = protections.find((p) => p.range?.sheetId === sheetId)?.unprotectedRanges ?? [];
      expect(open).toHaveLength(table.fields.filter((f) => !f.prefill).length);
      for (const range of open) {
        expect(range.startRowIndex).toBe(FIRST_DATA_ROW - 1); // key row and header stay protected
        expect(table.fields[range.startColumnIndex ?? -1]?.prefill).toBeUndefined();
      }
    }
    const coverOpen = protections.find((p) => p.range?.sheetId === SHEET_IDS.cover)?.unprotectedRanges ?? [];
    expect(coverOpen.map((r) => r.startColumnIndex)).toEqual(
      TEMPLATE_SPEC.cover.fields.map(() => COVER_INPUT_COLUMN - 1),
    );
  });

  it('hides the key row, the key column, _meta and _lists', () => {
    const hidden = of(plan.requests, 'updateDimensionProperties').filter((u) => u.properties?.hiddenByUser);
    for (const table of tables)
      expect(hidden).toContainEqual(
        expect.objectContaining({
          range: {
            sheetId: tableSheetId(TEMPLATE_SPEC, table),
            dimension: 'ROWS',
            startIndex: KEY_ROW - 1,
            endIndex: KEY_ROW,
          },
        }),
      );
    expect(hidden).toContainEqual(
      expect.objectContaining({
        range: { sheetId: SHEET_IDS.cover, dimension: 'COLUMNS', startIndex: 0, endIndex: 1 },
      }),
    );
    const byTitle = new Map(plan.create.sheets?.map((s) => [s.properties?.title, s.properties]));
    expect(byTitle.get(META_SHEET)?.hidden).toBe(true);
    expect(byTitle.get(LISTS_SHEET)?.hidden).toBe(true);
    expect([...byTitle.keys()]).toEqual([
      TAB.instructions,
      TAB.cover,
      ...tables.map((t) => t.sheetName),
      LISTS_SHEET,
      META_SHEET,
    ]);
    expect(plan.create.properties?.locale).toBe('en_GB');
  });
});

describe('the created Google Sheet', () => {
  const port = () =>
    googleSheetsPort(
      { sheetsRootUrl: fake.rootUrl, driveRootUrl: fake.rootUrl, accessToken: FAKE_ACCESS_TOKEN },
      retryWithin(10_000),
    );

  it('is the same template as the .xlsx: blank, both get the same issues at the same cells', async () => {
    const request = { unit: unit('MPS'), period: '2025-06' };
    const created = await createSheetsTemplate(
      port(),
      buildSheetsTemplate(request, catalogue),
      'focal@mps.gov.la',
    );
    const sheet = fake.spreadsheet(created.spreadsheetId);
    expect(sheet.permissions).toEqual([
      expect.objectContaining({ type: 'user', role: 'writer', emailAddress: 'focal@mps.gov.la' }),
    ]);
    expect(sheet.sheets.find((s) => s.title === TAB.activities)?.hiddenRows).toEqual([KEY_ROW - 1]);
    const pulled = await pullSpreadsheet(port(), created.spreadsheetId);
    const fromSheet = validateGrid(pulled.grid, catalogue);
    const fromXlsx = await validateXlsx(await writeXlsxTemplate(request, catalogue), catalogue);
    expect(fromSheet.unit).toBe('MPS');
    expect(fromSheet.period).toBe('2025-06');
    expect(fromSheet.issues).toEqual(fromXlsx.issues);
    expect(fromSheet.issues.map((i) => i.code)).not.toContain('column/missing');
  });
});

describe('command line', () => {
  const cli = async (args: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', ...args], {
        env: { ...process.env, ...env },
        maxBuffer: 16 * 1024 * 1024,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('prints the requests on --dry-run, exactly as built', async () => {
    const result = await cli([
      'scripts/templates.ts',
      '--google',
      '--unit',
      'LA-LP',
      '--period',
      '2025-06',
      '--dry-run',
    ]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    const plan = buildSheetsTemplate({ unit: unit('LA-LP'), period: '2025-06' }, catalogue);
    expect(printed).toEqual({ create: plan.create, batchUpdate: { requests: plan.requests } });
  }, 60_000);

  it('says what to set when there are no Google credentials', async () => {
    const result = await cli(['scripts/templates.ts', '--google', '--unit', 'MPS', '--period', '2025-06'], {
      HOME: mkdtempSync(join(tmpdir(), 'laingan-home-')),
      GOOGLE_APPLICATION_CREDENTIALS: '',
      METADATA_SERVER_DETECTION: 'none',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('GOOGLE_APPLICATION_CREDENTIALS');
  }, 60_000);

  it('creates, registers, lists, pulls and unregisters with the Secretariat token', async () => {
    const data = mkdtempSync(join(tmpdir(), 'laingan-cli-'));
    const token = await new StorageTokenStore(new LocalFsStorage(data)).issue(
      { kind: 'secretariat' },
      'test',
      new Date(),
    );
    const env = {
      STORAGE_URL: `file:${data}`,
      GOOGLE_SHEETS_ROOT_URL: fake.rootUrl,
      GOOGLE_DRIVE_ROOT_URL: fake.rootUrl,
      GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
      LAINGAN_TOKEN: token,
    };
    const created = await cli(
      [
        'scripts/templates.ts',
        '--google',
        '--unit',
        'MOH',
        '--period',
        '2025-06',
        '--share',
        'focal@moh.gov.la',
      ],
      env,
    );
    expect(created.code).toBe(0);
    const url = created.stdout.trim();
    expect(created.stderr).toContain('npm run sheets -- register --unit MOH');
    expect(
      (await cli(['scripts/sheets.ts', 'register', '--unit', 'MOH', '--spreadsheet', url], env)).code,
    ).toBe(0);
    const listed = await cli(['scripts/sheets.ts', 'list'], env);
    expect(listed.stdout).toContain(url.replace(/\/edit.*$/, ''));
    const pulled = await cli(['scripts/sheets.ts', 'pull', '--unit', 'MOH'], env);
    expect(pulled.code).toBe(1); // the blank template is rejected, with its issues listed
    expect(pulled.stdout).toMatch(/recorded [0-9a-f]{64} via sheets-api/);
    const refused = await cli(['scripts/sheets.ts', 'list'], {
      ...env,
      LAINGAN_TOKEN: 'lgn_not-a-real-token-000000',
    });
    expect(refused.code).toBe(1);
    expect((await cli(['scripts/sheets.ts', 'unregister', '--unit', 'MOH'], env)).code).toBe(0);
    expect((await cli(['scripts/sheets.ts', 'list'], env)).stdout).toContain('0 unit(s)');
  }, 180_000);
});
