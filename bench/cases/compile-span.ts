/**
 * Child of the scale benchmark: `compile-span.js CORPUS LABEL FIRST LAST [FIGURES]` compiles
 * the months FIRST..LAST (`YYYY-MM`) of the corpus twice in this one process, each time into a
 * fresh store holding ingest's output and, from FIGURES, the stored month figures that the
 * monthly compiles of earlier months leave behind (the front section compares the scope with
 * every month since the plan's start; a production store has them): cold then warm. Peak RSS
 * is read right after the cold compile, so it is that compile's. No PDF renderer is given, so
 * the figure is the workbook and the lake, what pandas is compared with.
 *
 * With LABEL `seed-figures`, it compiles FIRST..LAST once and copies the month figures that
 * compile stored into FIGURES instead.
 *
 * The scale benchmark runs this file as an esbuild bundle made with the deployed functions'
 * options (scripts/node-bundle-options.ts), so it times what production runs. "Cold" is the
 * first compile in a fresh process: timed from the call, after the bundle's own import
 * (`startupMs`: Node's start plus that import, reported beside it); exceljs's streaming
 * writer and the Parquet writer load inside the timed compile, and nothing has been compiled
 * or warmed before it. Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
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
const [corpus, label, first, last, figures] = process.argv.slice(2);
if (!corpus || !label || !first || !last)
  throw new Error('usage: compile-span.js CORPUS LABEL FIRST LAST [FIGURES]');
const months: string[] = [];
for (let [year, month] = first.split('-').map(Number) as [number, number]; ; ) {
  const period = `${year}-${String(month).padStart(2, '0')}`;
  months.push(period);
  if (period >= last) break;
  [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
}
const catalogue = defaultCatalogue();

/**
 * Hard-links a folder tree into `target`: the inputs of a timed compile without copying 60 MB
 * for every run. Safe because a store never changes a file in place (writes go to a temporary
 * file that is renamed or linked into place), so the corpus's files are only ever read.
 */
function linkTree(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (entry.isDirectory()) linkTree(from, to);
    else
      try {
        linkSync(from, to);
      } catch (error) {
        // Another file system (a cache folder elsewhere): a copy does the same job, slower.
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
        copyFileSync(from, to);
      }
  }
}

/**
 * Links the compile's inputs (records and parsed submissions, not the .xlsx, which the
 * compile never reads) and copies any stored month figures into a fresh store root, so each
 * timed compile starts from that state with no other earlier output.
 */
function copyCompileInputs(dir: string, target: string): void {
  for (const folder of ['submissions', 'parsed']) linkTree(join(dir, 'store', folder), join(target, folder));
  if (figures && label !== 'seed-figures') cpSync(figures, join(target, 'figures'), { recursive: true });
}

/**
 * Has the kernel write back the files just linked and copied before a compile is timed. In
 * production a store's inputs were written long before a compile reads them; here about 2,400
 * links (and the previous compile's removal) are minutes younger, and on a virtual disk their
 * writeback then runs during the timed compile and slows the compile's own file creations
 * (measured on 2 cores: 198-submission cold compile 445-485 ms without, 386-410 ms with).
 * Where `sync` is missing the compile is timed as it is.
 */
function writeBack(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // Not on this system: no other effect than the one described.
  }
}

async function compileOnce(keep?: (root: string) => void): Promise<{ ms: number; submissions: number }> {
  const root = mkdtempSync(join(tmpdir(), 'laingan-bench-span-'));
  try {
    copyCompileInputs(corpus as string, root);
    writeBack();
    const store = new SubmissionStore(new LocalFsStorage(root), catalogue);
    const start = process.hrtime.bigint();
    const result = await compileScope(
      { store, catalogue, clock: fixedClock('2026-01-15T00:00:00Z') },
      { label: label as string, months },
      { reportDueDay: 10, timeZone: 'Asia/Vientiane' },
      'bench',
    );
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    keep?.(root);
    return { ms, submissions: result.manifest.sources.length };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

if (label === 'seed-figures') {
  if (!figures) throw new Error('seed-figures needs a FIGURES folder');
  await compileOnce((root) => cpSync(join(root, 'figures'), figures, { recursive: true }));
  process.exit(0);
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
