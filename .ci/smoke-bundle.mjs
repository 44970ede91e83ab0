// Smoke test of the deployable bundle: loads dist/functions/index.js (as Cloud Functions would),
// then sends a real sample through `ingest` (dry run) and checks the verdict.
// Usage: node .ci/smoke-bundle.mjs SAMPLE.xlsx
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const token = 'lgn_smoke-test-token-0123456789abcdef';
process.env.TOKENS_SOURCE = 'env';
process.env.TOKEN_HASHES = JSON.stringify([
  { hash: createHash('sha256').update(token).digest('hex'), principal: { kind: 'unit', unitCode: 'MPS' } },
]);
process.env.STORAGE_URL = `file:${process.env.TMPDIR ?? '/tmp'}/laingan-smoke`;
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
server.close();
if (response.status !== 200 || body.accepted !== true) {
  console.error('bundle smoke test failed', response.status, JSON.stringify(body).slice(0, 500));
  process.exit(1);
}
console.log(`bundle smoke test passed: ingest accepted ${body.unit} ${body.period}`);
