// Smoke test of the deployable bundle: loads dist/functions/index.js (as Cloud Functions would),
// then sends a real sample through `ingest` (dry run) and checks the verdict; then ingests it,
// compiles the month and downloads the front section as PDF printed by the serverless Chromium
// (no browser installed, as on Cloud Functions), checking the bundle finds its Lao font.
// Usage: node .ci/smoke-bundle.mjs SAMPLE.xlsx

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const token = 'lgn_smoke-test-token-0123456789abcdef';
const secretariatToken = 'lgn_smoke-test-secretariat-0123456789abcdef';
const hashOf = (secret) => createHash('sha256').update(secret).digest('hex');
process.env.TOKENS_SOURCE = 'env';
process.env.TOKEN_HASHES = JSON.stringify([
  { hash: hashOf(token), principal: { kind: 'unit', unitCode: 'MPS' } },
  { hash: hashOf(secretariatToken), principal: { kind: 'secretariat' } },
]);
process.env.STORAGE_URL = `file:${mkdtempSync(join(tmpdir(), 'laingan-smoke-'))}`;
// As on Cloud Functions: no installed browser, so the PDF comes from @sparticuz/chromium.
process.env.CHROMIUM_PATH = '/nonexistent/chromium';
process.env.REFERENCE_DIR = new URL('../dist/functions/', import.meta.url).pathname;
await import('../dist/functions/index.js');
const { getTestServer } = await import('@google-cloud/functions-framework/testing');
const server = getTestServer('ingest').listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const { port } = server.address();
const response = await fetch(`http://127.0.0.1:${port}/?dryRun=true`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
  body: readFileSync(process.argv[2]),
});
const body = await response.json();
if (response.status !== 200 || body.accepted !== true) {
  console.error('bundle smoke test failed', response.status, JSON.stringify(body).slice(0, 500));
  process.exit(1);
}
console.log(`bundle smoke test passed: ingest accepted ${body.unit} ${body.period}`);

const base = (name) => {
  const s = getTestServer(name).listen(0, '127.0.0.1');
  return new Promise((resolve) =>
    s.once('listening', () => resolve({ s, url: `http://127.0.0.1:${s.address().port}` })),
  );
};
const stored = await fetch(`http://127.0.0.1:${port}/`, {
  method: 'POST',
  headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
  body: readFileSync(process.argv[2]),
});
server.close();
if (stored.status !== 201) throw new Error(`ingest: ${stored.status} ${await stored.text()}`);
const compile = await base('compile');
const compiled = await fetch(`${compile.url}/?period=${body.period}`, {
  method: 'POST',
  headers: { authorization: `Bearer ${secretariatToken}` },
});
compile.s.close();
if (compiled.status !== 201) throw new Error(`compile: ${compiled.status} ${await compiled.text()}`);
const download = await base('download');
const started = performance.now();
const pdf = await fetch(`${download.url}/?period=${body.period}&version=latest&format=pdf`, {
  headers: { authorization: `Bearer ${secretariatToken}` },
});
download.s.close();
const bytes = Buffer.from(await pdf.arrayBuffer());
if (pdf.status !== 200 || bytes.subarray(0, 5).toString() !== '%PDF-')
  throw new Error(`download pdf: ${pdf.status} ${bytes.subarray(0, 300).toString()}`);
const file = join(mkdtempSync(join(tmpdir(), 'laingan-smoke-pdf-')), 'front.pdf');
writeFileSync(file, bytes);
const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
if (!/NotoSansLao/.test(fonts)) throw new Error(`the bundle's PDF has no Lao font:\n${fonts}`);
console.log(
  `bundle smoke test passed: serverless Chromium printed the front section (${bytes.length} bytes, Noto Sans Lao embedded) in ${Math.round(performance.now() - started)} ms`,
);
process.exit(0);
