/**
 * Smoke test of the deployable bundle's Google Sheets path: loads dist/functions/index.js as
 * Cloud Functions would, points its bundled Sheets/Drive clients at the tests' local fake, and
 * pulls a registered sheet through `ingestSheet`. Catches a bundling that breaks the Google
 * clients, which unit tests (running from source) cannot see.
 * Usage: npx tsx .ci/smoke-sheets-bundle.ts (after `npm run build`)
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFsStorage } from '../shared/storage/local-fs-storage.ts';
import { addTwin, FAKE_ACCESS_TOKEN, FakeGoogleApis } from '../test/support/fake-google-apis.ts';
import { sampleWorkbook } from '../test/support/fixtures.ts';

const fake = new FakeGoogleApis();
const root = await fake.start();
const { id } = await addTwin(fake, (await sampleWorkbook('MPS', '2025-06', 3)).workbook);
const directory = mkdtempSync(join(tmpdir(), 'laingan-smoke-sheets-'));
const registration = {
  unitCode: 'MPS',
  action: 'register',
  spreadsheetId: id,
  at: new Date().toISOString(),
  by: 'ci',
};
await new LocalFsStorage(directory).put('sheets/registry/MPS/000001.json', JSON.stringify(registration));
const token = 'lgn_smoke-test-token-0123456789abcdef';
Object.assign(process.env, {
  TOKENS_SOURCE: 'env',
  TOKEN_HASHES: JSON.stringify([
    { hash: createHash('sha256').update(token).digest('hex'), principal: { kind: 'unit', unitCode: 'MPS' } },
  ]),
  STORAGE_URL: `file:${directory}`,
  REFERENCE_DIR: new URL('../dist/functions/', import.meta.url).pathname,
  GOOGLE_SHEETS_ROOT_URL: root,
  GOOGLE_DRIVE_ROOT_URL: root,
  GOOGLE_OAUTH_ACCESS_TOKEN: FAKE_ACCESS_TOKEN,
});
// @ts-expect-error: the bundle is built JavaScript without types.
await import('../dist/functions/index.js');
const { getTestServer } = await import('@google-cloud/functions-framework/testing');
const server = getTestServer('ingestSheet').listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}` },
});
const body = (await response.json()) as { accepted?: boolean; via?: string };
server.close();
await fake.stop();
if (response.status !== 201 || body.accepted !== true || body.via !== 'sheets-api') {
  console.error('sheets bundle smoke test failed', response.status, JSON.stringify(body).slice(0, 500));
  process.exit(1);
}
console.log('sheets bundle smoke test passed: ingestSheet accepted MPS 2025-06 through the bundled clients');
