/**
 * Child of the scale benchmark: `compile-span.js CORPUS LABEL FIRST LAST` compiles the months
 * FIRST..LAST (`YYYY-MM`) of the corpus twice in this one process, each time into a fresh
 * store holding only ingest's output: cold then warm. Peak RSS is read right after the cold
 * compile, so it is that compile's.
 *
 * The scale benchmark runs this file as an esbuild bundle made with the deployed functions'
 * options (scripts/node-bundle-options.ts), so it times what production runs. "Cold" is the
 * first compile in a fresh process: timed from the call, after the bundle's own import
 * (`startupMs`: Node's start plus that import, reported beside it); exceljs's streaming
 * writer and the Parquet writer load inside the timed compile, and nothing has been compiled
 * or warmed before it. Prints one JSON line.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScope } from '../../shared/compile/compile-scope.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { defaultCatalogue } from '../../shared/reference/catalogue.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { peakRssMiB, round } from '../bench-support.ts';

// The module body runs once every static import has been evaluated: Node's start plus the import.
const startupMs = performance.now();
const [corpus, label, first, last] = process.argv.slice(2);
if (!corpus || !label || !first || !last) throw new Error('usage: compile-span.ts CORPUS LABEL FIRST LAST');
const months: string[] = [];
for (let [year, month] = first.split('-').map(Number) as [number, number]; ; ) {
  const period = `${year}-${String(month).padStart(2, '0')}`;
  months.push(period);
  if (period >= last) break;
  [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
}
const catalogue = defaultCatalogue();

/**
 * Copies the compile's inputs (records and parsed submissions, not the .xlsx, which the
 * compile never reads) into a fresh store root, so each timed compile starts from ingest's
 * state with no earlier outputs.
 */
function copyCompileInputs(dir: string, target: string): void {
  for (const folder of ['submissions', 'parsed'])
    cpSync(join(dir, 'store', folder), join(target, folder), { recursive: true });
}

async function compileOnce(): Promise<{ ms: number; submissions: number }> {
  const root = mkdtempSync(join(tmpdir(), 'laingan-bench-span-'));
  try {
    copyCompileInputs(corpus as string, root);
    const store = new SubmissionStore(new LocalFsStorage(root), catalogue);
    const start = process.hrtime.bigint();
    const result = await compileScope(
      { store, catalogue, clock: fixedClock('2026-01-15T00:00:00Z') },
      { label: label as string, months },
      { reportDueDay: 10, timeZone: 'Asia/Vientiane' },
      'bench',
    );
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { ms, submissions: result.manifest.sources.length };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const idleRssMiB = round(process.memoryUsage().rss / 1024 / 1024);
const cold = await compileOnce();
const peakCold = peakRssMiB();
const warm = await compileOnce();
process.stdout.write(
  `${JSON.stringify({
    months: months.length,
    submissions: cold.submissions,
    startupMs: round(startupMs),
    coldMs: round(cold.ms),
    warmMs: round(warm.ms),
    idleRssMiB,
    peakRssMiB: peakCold,
    peakRssAfterWarmMiB: peakRssMiB(),
  })}\n`,
);
