/**
 * The plan-scale benchmark corpus: every unit of the shipped catalogue (33) x every month of
 * the plan (2021-01 .. 2025-12), each a real .xlsx made by the sample generator plus its
 * stored record and parsed submission, exactly as ingest leaves them. Generating it takes
 * minutes, so it is made once and cached under the temp dir (or `LAINGAN_BENCH_CACHE`),
 * in a folder named by a fingerprint of everything that shapes it: a changed generator,
 * spec or catalogue makes a new corpus, never a stale one.
 *
 *   <corpus>/xlsx/<period>/<unit>.xlsx   the uploads (pandas reads these)
 *   <corpus>/store/                      a LocalFsStorage root: uploads/, parsed/, submissions/
 *   <corpus>/ready.json                  written last: the corpus is complete
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCatalogue } from '../shared/reference/catalogue.ts';
import { LocalFsStorage } from '../shared/storage/local-fs-storage.ts';
import { SubmissionStore } from '../shared/store/submission-store.ts';
import { writeSampleXlsx } from '../templates/fill-sample.ts';

/** The plan's years: 60 months. */
export const CORPUS_YEARS = [2021, 2022, 2023, 2024, 2025] as const;

/** Bumped when the corpus's layout or content rules change. */
const CORPUS_VERSION = 1;

/** Files whose content decides the corpus: a change to any of them makes a new one. */
const SHAPING_FILES = [
  'templates/fill-sample.ts',
  'templates/write-xlsx-template.ts',
  'shared/spec/template-spec.ts',
  'shared/reference/plan.json',
  'shared/reference/units.json',
  'bench/scale-corpus.ts',
];

/** The corpus folder for the current sources (it may not exist yet). */
export function corpusDir(): string {
  const hash = createHash('sha256').update(`v${CORPUS_VERSION}`);
  for (const file of SHAPING_FILES) hash.update(readFileSync(file));
  const cache = process.env.LAINGAN_BENCH_CACHE ?? join(tmpdir(), 'laingan-bench-cache');
  return join(cache, `corpus-${hash.digest('hex').slice(0, 12)}`);
}

export const isCorpusReady = (dir: string): boolean => existsSync(join(dir, 'ready.json'));

/** Months of the given years, `YYYY-MM`, ascending. */
export function monthsOf(years: readonly number[]): string[] {
  return years.flatMap((year) =>
    Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`),
  );
}

function nextMonth(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}

/**
 * Writes the uploads and records of some years into the corpus (one child process per share
 * of the years, so two cores generate at once). About one unit-month in ten comes in after
 * the due day, as in real reporting.
 */
export async function generateCorpusYears(dir: string, years: readonly number[]): Promise<number> {
  const catalogue = defaultCatalogue();
  const store = new SubmissionStore(new LocalFsStorage(join(dir, 'store')), catalogue);
  let count = 0;
  for (const period of monthsOf(years)) {
    mkdirSync(join(dir, 'xlsx', period), { recursive: true });
    for (const [index, unit] of catalogue.units.entries()) {
      const seed = Number(period.replace('-', '')) * 100 + index;
      const { bytes, data } = await writeSampleXlsx({ unit, period, seed }, catalogue);
      const fileName = `${unit.code}.xlsx`;
      writeFileSync(join(dir, 'xlsx', period, fileName), bytes);
      const late = seed % 10 === 3;
      await store.recordUpload({
        bytes,
        report: { accepted: true, unreadable: false, unit: unit.code, period, issues: [], submission: data },
        unitCode: unit.code,
        submittedBy: `unit:${unit.code}`,
        submittedAt: new Date(`${nextMonth(period)}-${late ? '18' : '05'}T03:00:00Z`),
        source: 'upload',
        fileName,
      });
      count++;
    }
  }
  return count;
}

/** Marks the corpus complete (after every share has been generated). */
export function markCorpusReady(dir: string, submissions: number): void {
  writeFileSync(
    join(dir, 'ready.json'),
    `${JSON.stringify({ submissions, years: CORPUS_YEARS, at: new Date().toISOString() })}\n`,
  );
}

/** The .xlsx files of the given months (what pandas reads for the same compile). */
export function corpusFiles(dir: string, months: readonly string[]): string[] {
  const units = defaultCatalogue().units.map((u) => u.code);
  return months.flatMap((period) => units.map((unit) => join(dir, 'xlsx', period, `${unit}.xlsx`)));
}
