/**
 * Compile at plan scale: 33 units x 60 months made with the sample generator (cached, see
 * bench/scale-corpus.ts). Compiles one month, half a year (the 198 submissions of the
 * long-standing compile case), a year and the whole plan 2021-2025, each in its own process
 * (cold then warm), with pandas reading and concatenating the same .xlsx files as the
 * baseline in the same run. Then fits wall time and peak RSS per submission and projects
 * 100 units x 10 years (12,000 submissions) on the same line.
 *
 * The compiling child runs as an esbuild bundle built with the deployed functions' options,
 * as production does (see compile-span.ts for what "cold" includes), with the Node options
 * the compile functions are deployed with (COMPILE_NODE_FLAGS: the young generation's cap).
 */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { BUNDLED_REFERENCE_FILES, NODE_BUNDLE_OPTIONS } from '../../scripts/node-bundle-options.ts';
import { COMPILE_NODE_FLAGS } from '../../shared/runtime/compile-heap.ts';
import { median, report, round } from '../bench-support.ts';
import {
  CORPUS_YEARS,
  corpusDir,
  corpusFiles,
  isCorpusReady,
  markCorpusReady,
  monthsOf,
} from '../scale-corpus.ts';

const execFileAsync = promisify(execFile);
const tsx = (file: string) => [process.execPath, ['--import', 'tsx', file]] as const;

/** Spans compiled, smallest first. */
const SPANS = [
  { label: '2025-06', first: '2025-06', last: '2025-06', name: 'one month' },
  { label: '2025-H1', first: '2025-01', last: '2025-06', name: 'half a year' },
  { label: '2025', first: '2025-01', last: '2025-12', name: 'a year' },
  { label: '2021-2025', first: '2021-01', last: '2025-12', name: 'the whole plan' },
] as const;

/** Fresh compiling processes per span; each figure reported is their median. */
const RUNS = 3;

/** Measured here (2 cores, quiet) and stated when pandas is not installed, per file read. */
const PANDAS_MS_PER_FILE_WHEN_ABSENT = 36;

const dir = corpusDir();
if (!isCorpusReady(dir)) {
  const start = Date.now();
  mkdirSync(dir, { recursive: true });
  // Two shares of the years, one per core.
  const shares = [CORPUS_YEARS.slice(0, 3), CORPUS_YEARS.slice(3)];
  const [node, args] = tsx('bench/cases/make-corpus.ts');
  const counts = await Promise.all(
    shares.map(async (years) => {
      const { stdout } = await execFileAsync(node, [...args, dir, ...years.map(String)], {
        maxBuffer: 1 << 20,
      });
      return Number(stdout.trim());
    }),
  );
  markCorpusReady(
    dir,
    counts.reduce((a, b) => a + b, 0),
  );
  process.stderr.write(`scale corpus generated in ${round((Date.now() - start) / 1000)} s: ${dir}\n`);
}

/** The compiling child as production runs code: an esbuild bundle with its reference files. */
async function bundleCompileSpan(): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'laingan-bench-bundle-'));
  await build({
    ...NODE_BUNDLE_OPTIONS,
    entryPoints: { 'compile-span': 'bench/cases/compile-span.ts' },
    outdir: out,
  });
  for (const file of BUNDLED_REFERENCE_FILES) copyFileSync(join('shared/reference', file), join(out, file));
  // As in dist/functions: without it Node parses the ESM bundle as CommonJS first, fails, and
  // parses it again as a module (12 MiB more at idle, measured).
  writeFileSync(join(out, 'package.json'), `${JSON.stringify({ private: true, type: 'module' })}\n`);
  return join(out, 'compile-span.js');
}
const spanBundle = await bundleCompileSpan();

/**
 * The month figures a production store holds once earlier months were compiled (the front
 * section compares the scope with every month since the plan's start), made by one compile of
 * the whole corpus. Made in every run: they depend on the compile's code, not only the corpus.
 */
const figures = mkdtempSync(join(tmpdir(), 'laingan-bench-figures-'));
{
  const start = Date.now();
  const span = SPANS.at(-1) as (typeof SPANS)[number];
  execFileSync(process.execPath, [
    ...COMPILE_NODE_FLAGS,
    spanBundle,
    dir,
    'seed-figures',
    span.first,
    span.last,
    figures,
  ]);
  process.stderr.write(`month figures stored in ${round((Date.now() - start) / 1000)} s: ${figures}\n`);
}

/** A Python 3 with pandas and openpyxl (pyenv's python may lack the Debian packages). */
function findPandasPython(): string | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(python, ['-c', 'import pandas, openpyxl'], { stdio: 'ignore' });
      return python;
    } catch {}
  }
  return undefined;
}
const python = findPandasPython();

interface SpanResult {
  submissions: number;
  startupMs: number;
  coldMs: number;
  warmMs: number;
  idleRssMiB: number;
  peakRssMiB: number;
}

const lists = mkdtempSync(join(tmpdir(), 'laingan-bench-pandas-'));
const measured: (SpanResult & { label: string })[] = [];
for (const span of SPANS) {
  const loadAvg1m = round(loadavg()[0] ?? 0, 2);
  // Each span runs in RUNS fresh processes and each figure is their median: a single cold run
  // on 2 cores moved by ±20 % between runs (JIT and GC timing), more than the changes measured.
  const runs = Array.from(
    { length: RUNS },
    () =>
      JSON.parse(
        execFileSync(
          process.execPath,
          [...COMPILE_NODE_FLAGS, spanBundle, dir, span.label, span.first, span.last, figures],
          {
            encoding: 'utf8',
          },
        )
          .trim()
          .split('\n')
          .at(-1) ?? '{}',
      ) as SpanResult,
  );
  const compiled: SpanResult = {
    submissions: (runs[0] as SpanResult).submissions,
    startupMs: median(runs.map((r) => r.startupMs)),
    coldMs: median(runs.map((r) => r.coldMs)),
    warmMs: median(runs.map((r) => r.warmMs)),
    idleRssMiB: median(runs.map((r) => r.idleRssMiB)),
    peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
  };
  const spread = (pick: (r: SpanResult) => number) =>
    `${Math.min(...runs.map(pick))}-${Math.max(...runs.map(pick))}`;
  const months = monthsOf(CORPUS_YEARS).filter((m) => m >= span.first && m <= span.last);
  const files = corpusFiles(dir, months);
  let pandas: { ms: number; peakRssMiB: number; range?: string; measured: boolean };
  if (python) {
    const list = join(lists, `${span.label}.txt`);
    writeFileSync(list, `${files.join('\n')}\n`);
    // As many runs as the compile's, and their median: pandas' own time moved by ±25 % between
    // runs minutes apart, which alone moved the speed-up by a third.
    const outs = Array.from(
      { length: RUNS },
      () =>
        JSON.parse(
          execFileSync(python, ['bench/pandas-read-concat.py', list], { encoding: 'utf8' }).trim(),
        ) as { ms: number; peakRssMiB: number },
    );
    pandas = {
      ms: median(outs.map((o) => o.ms)),
      peakRssMiB: median(outs.map((o) => o.peakRssMiB)),
      range: `${Math.min(...outs.map((o) => o.ms))}-${Math.max(...outs.map((o) => o.ms))}`,
      measured: true,
    };
  } else {
    pandas = { ms: PANDAS_MS_PER_FILE_WHEN_ABSENT * files.length, peakRssMiB: Number.NaN, measured: false };
  }
  measured.push({ ...compiled, label: span.label });
  report({
    case:
      span.label === '2025-H1'
        ? 'compile 198 submissions (workbook + lake) vs pandas read+concat'
        : `compile at scale: ${span.name} (${span.label})`,
    submissions: compiled.submissions,
    cold: `first compile of a fresh process running the esbuild bundle, timed after its import (startupMs); figures of earlier months stored; no PDF; medians of ${RUNS} processes`,
    nodeFlags: COMPILE_NODE_FLAGS.join(' '),
    startupMs: compiled.startupMs,
    coldMs: compiled.coldMs,
    coldMsRange: spread((r) => r.coldMs),
    warmMs: compiled.warmMs,
    warmMsRange: spread((r) => r.warmMs),
    idleRssMiB: compiled.idleRssMiB,
    peakRssMiB: compiled.peakRssMiB,
    peakRssMiBRange: spread((r) => r.peakRssMiB),
    pandasMs: round(pandas.ms),
    pandasMsRange: pandas.range ?? 'not measured',
    pandasPeakRssMiB: pandas.peakRssMiB,
    pandas: pandas.measured
      ? `measured in this run, median of ${RUNS}`
      : `not installed: ${PANDAS_MS_PER_FILE_WHEN_ABSENT} ms/file stated`,
    speedupColdVsPandas: round(pandas.ms / compiled.coldMs),
    speedupWarmVsPandas: round(pandas.ms / compiled.warmMs),
    loadAvg1m,
  });
}

/** Least-squares line y = a + b x. */
function fitLine(points: readonly [number, number][]): { intercept: number; slope: number } {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const slope = sxx ? sxy / sxx : 0;
  return { intercept: my - slope * mx, slope };
}

const time = fitLine(measured.map((m) => [m.submissions, m.coldMs]));
const memory = fitLine(measured.map((m) => [m.submissions, m.peakRssMiB]));
const projected = 100 * 12 * 10;
const month = measured[0] as SpanResult;
const plan = measured.at(-1) as SpanResult;
report({
  case: 'compile at scale: growth per submission and projection (100 units x 10 years)',
  msPerSubmission: round(time.slope, 2),
  fixedMs: round(time.intercept),
  mibPerSubmission: round(memory.slope, 4),
  fixedMiB: round(memory.intercept),
  projectedSubmissions: projected,
  projectedColdMs: round(time.intercept + time.slope * projected),
  projectedPeakRssMiB: round(memory.intercept + memory.slope * projected),
  planPeakVsMonthPeak: round(plan.peakRssMiB / month.peakRssMiB, 2),
  flatWithin20Percent: plan.peakRssMiB <= month.peakRssMiB * 1.2,
  peakRssMiB: plan.peakRssMiB,
});

// This run's bundle, month figures and file lists (the corpus stays cached).
for (const folder of [dirname(spanBundle), figures, lists]) rmSync(folder, { recursive: true, force: true });
