/**
 * Ingest over real HTTP: the functions framework's server on 127.0.0.1, local file storage,
 * distinct typical reports (so every request parses, validates and stores).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAppContext, setAppContext } from '../../functions/app-context.ts';
import { startLocalServer } from '../../functions/local-server.ts';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import { PlanStore } from '../../shared/plan/plan-store.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { benchCatalogue } from '../bench-fixtures.ts';
import { report, round } from '../bench-support.ts';

const files = process.argv.slice(2);
const built = await buildAppContext({
  STORAGE_URL: `file:${mkdtempSync(join(tmpdir(), 'laingan-bench-ingest-'))}`,
});
// The typical report covers all 121 activities: MPS is given all of them (bench catalogue).
const catalogue = benchCatalogue();
const store = new SubmissionStore(built.store.storage, catalogue);
// The plan store must know the bench plan too, or its templates' plan version is refused.
const context = { ...built, catalogue, store, plans: new PlanStore(store, catalogue) };
setAppContext(context);
const token = await new StorageTokenStore(context.store.storage).issue(
  { kind: 'unit', unitCode: 'MPS' },
  'bench',
  new Date(),
);
const { server, url } = await startLocalServer(0);
const bodies = files.map((file) => readFileSync(file));
const samples: number[] = [];
for (const [index, body] of bodies.entries()) {
  const start = process.hrtime.bigint();
  const response = await fetch(`${url}/ingest`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body,
  });
  const answer = await response.text();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (response.status !== 201) throw new Error(`HTTP ${response.status}: ${answer.slice(0, 600)}`);
  if (index >= 5) samples.push(ms);
}
server.close();
samples.sort((a, b) => a - b);
const at = (q: number) => round(samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0);
report({
  case: 'ingest over HTTP (parse + validate + store), warm',
  runs: samples.length,
  p50Ms: at(0.5),
  p95Ms: at(0.95),
});
