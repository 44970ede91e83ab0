/**
 * `npm run bench [-- FILTER]`: runs each case in its own Node process (so peak memory is the
 * case's own) and writes the results to bench/results/latest.json and bench/results/latest.md.
 * Inputs a case needs are generated first, by separate processes, and only for the cases run.
 *
 * With a FILTER (part of a case file's name, e.g. `compile-scale`), only matching cases run
 * and their results are MERGED into the recorded ones by case name: other cases keep their
 * last results (each result says when and under what load it was measured). Without a filter
 * every case runs and the files are rewritten whole.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

type Result = Record<string, unknown> & { case?: unknown };

const RESULTS_JSON = 'bench/results/latest.json';
const RESULTS_MD = 'bench/results/latest.md';
const work = mkdtempSync(join(tmpdir(), 'laingan-bench-'));

/** Runs a TypeScript file in a fresh Node process and returns its stdout. */
function run(file: string, args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--openssl-legacy-provider', file, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** Makes an input once per run, on first use. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

const typical = once(() => {
  const file = join(work, 'typical.xlsx');
  run('bench/cases/make-sample.ts', [file]);
  return file;
});
const large = once(() => {
  const file = join(work, 'rows-5000.xlsx');
  run('bench/cases/make-sample.ts', [file, '5000']);
  return file;
});
const ingestFiles = once(() => {
  const count = 45;
  run('bench/cases/make-sample.ts', [join(work, 'ingest.xlsx'), '0', String(count)]);
  return Array.from({ length: count }, (_, i) => join(work, `ingest-${i + 1}.xlsx`));
});
const loadFiles = once(() => {
  const count = 325;
  run('bench/cases/make-sample.ts', [join(work, 'load.xlsx'), '0', String(count)]);
  return Array.from({ length: count }, (_, i) => join(work, `load-${i + 1}.xlsx`));
});
const build = once(() => execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' }));

/** Each case: a script and how to get its arguments; it prints `BENCH {json}` lines. */
const CASES: { file: string; args: () => string[] }[] = [
  { file: 'bench/cases/parse-validate.ts', args: () => [typical(), 'typical report (121 activities)'] },
  { file: 'bench/cases/parse-validate.ts', args: () => [large(), '5,000-row upload'] },
  { file: 'bench/cases/ingest-http.ts', args: ingestFiles },
  { file: 'bench/cases/ingest-load.ts', args: loadFiles },
  { file: 'bench/cases/compile-scale.ts', args: () => [] },
  {
    file: 'bench/cases/cold-start.ts',
    args: () => {
      build();
      return [];
    },
  },
  { file: 'bench/cases/parquet-writers.ts', args: () => [] },
  {
    file: 'bench/cases/sheets-cold-import.ts',
    args: () => {
      build();
      return [];
    },
  },
  // Also writes bench/results/oversize-uploads.{json,md} (runnable on its own).
  { file: 'bench/cases/oversize-upload.ts', args: () => [] },
];

const only = process.argv[2];
/** `--render` rewrites latest.md from latest.json without running anything. */
const renderOnly = only === '--render';
const selected = renderOnly ? [] : CASES.filter(({ file }) => !only || file.includes(only));
if (!selected.length && !renderOnly) {
  process.stderr.write(`no bench case matches ${JSON.stringify(only)}\n`);
  process.exit(1);
}

const fresh: Result[] = [];
for (const { file, args } of selected) {
  const conditions = { measuredAt: new Date().toISOString(), loadAvg1mAtStart: round2(loadavg()[0] ?? 0) };
  for (const line of run(file, args()).split('\n')) {
    if (!line.startsWith('BENCH ')) continue;
    const result = { ...(JSON.parse(line.slice(6)) as Result), ...conditions };
    fresh.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * Recorded results with this run's replacing those of the same case name in place; cases new
 * to the record go at the end.
 */
function merged(previous: readonly Result[], current: readonly Result[]): Result[] {
  const byName = new Map(current.map((r) => [String(r.case), r]));
  const replaced = previous.map((r) => {
    const fresher = byName.get(String(r.case));
    byName.delete(String(r.case));
    return fresher ?? r;
  });
  return [...replaced, ...byName.values()];
}

const previous: Result[] =
  only && existsSync(RESULTS_JSON)
    ? ((JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as { results?: Result[] }).results ?? [])
    : [];
const results = only ? merged(previous, fresh) : fresh;
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  RESULTS_JSON,
  `${JSON.stringify({ machine, at: new Date().toISOString(), results }, null, 2)}\n`,
);

const CONDITION_KEYS = new Set(['case', 'peakRssMiB', 'measuredAt', 'loadAvg1mAtStart']);
const cell = (value: unknown) => String(value ?? '').replace(/\|/g, '\\|');
const lines = [
  '# Benchmark results',
  '',
  `Machine: ${machine}. Each case runs in its own process; peak RSS is that process's (or, where`,
  'a case measures child processes, the child that did the work). The load average at the start',
  'of each case says how busy the machine was (2 cores: above ~1 the timings are inflated).',
  '',
  '| case | peak RSS (MiB) | figures | measured (UTC), load average |',
  '| --- | --- | --- | --- |',
  ...results.map((r) => {
    const figures = Object.entries(r)
      .filter(([key]) => !CONDITION_KEYS.has(key))
      .map(([key, value]) => `${key}: ${cell(value)}`)
      .join('<br>');
    const at = r.measuredAt
      ? `${String(r.measuredAt).slice(0, 16).replace('T', ' ')}, load ${cell(r.loadAvg1mAtStart)}`
      : 'not recorded';
    return `| ${cell(r.case)} | ${cell(r.peakRssMiB)} | ${figures} | ${at} |`;
  }),
];
writeFileSync(RESULTS_MD, `${lines.join('\n')}\n`);
