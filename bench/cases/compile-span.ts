/**
 * Child of the scale benchmark: `compile-span.ts CORPUS LABEL FIRST LAST` compiles the months
 * FIRST..LAST (`YYYY-MM`) of the corpus twice in this one process, each time into a fresh
 * store holding only ingest's output: cold (first compile: exceljs and the Parquet writer
 * load) then warm. Peak RSS is read right after the cold compile, so it is that compile's.
 * Prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScope } from '../../shared/compile/compile-scope.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import { defaultCatalogue } from '../../shared/reference/catalogue.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { peakRssMiB, round } from '../bench-support.ts';
import { copyCompileInputs } from '../scale-corpus.ts';

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
    coldMs: round(cold.ms),
    warmMs: round(warm.ms),
    idleRssMiB,
    peakRssMiB: peakCold,
    peakRssAfterWarmMiB: peakRssMiB(),
  })}\n`,
);
