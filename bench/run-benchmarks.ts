/**
 * `npm run bench`: runs each case in its own Node process (so peak memory is the case's own)
 * and writes the results to bench/results/latest.json and bench/results/latest.md.
 * Inputs are generated first, by separate processes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'laingan-bench-'));
const typical = join(work, 'typical.xlsx');
const large = join(work, 'rows-5000.xlsx');

/** Runs a TypeScript file in a fresh Node process and returns its stdout. */
function run(file: string, args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', '--openssl-legacy-provider', file, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
}

run('bench/cases/make-sample.ts', [typical]);
run('bench/cases/make-sample.ts', [large, '5000']);
const ingestCount = 45;
run('bench/cases/make-sample.ts', [join(work, 'ingest.xlsx'), '0', String(ingestCount)]);
const ingestFiles = Array.from({ length: ingestCount }, (_, i) => join(work, `ingest-${i + 1}.xlsx`));
execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });

/** Each case: a script and its arguments; it prints `BENCH {json}` lines. */
const CASES: { file: string; args: string[] }[] = [
  { file: 'bench/cases/parse-validate.ts', args: [typical, 'typical report (121 activities)'] },
  { file: 'bench/cases/parse-validate.ts', args: [large, '5,000-row upload'] },
  { file: 'bench/cases/ingest-http.ts', args: ingestFiles },
  { file: 'bench/cases/compile-200.ts', args: [] },
  { file: 'bench/cases/cold-start.ts', args: [] },
  { file: 'bench/cases/parquet-writers.ts', args: [] },
  // Also writes bench/results/oversize-uploads.{json,md} (runnable on its own).
  { file: 'bench/cases/oversize-upload.ts', args: [] },
];

const only = process.argv[2];
const results: Record<string, unknown>[] = [];
for (const { file, args } of CASES) {
  if (only && !file.includes(only)) continue;
  for (const line of run(file, args).split('\n')) {
    if (!line.startsWith('BENCH ')) continue;
    const result = JSON.parse(line.slice(6)) as Record<string, unknown>;
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  `${JSON.stringify({ machine, at: new Date().toISOString(), results }, null, 2)}\n`,
);
const keys = [...new Set(results.flatMap((r) => Object.keys(r)))];
const table = [
  `# Benchmark results\n\nMachine: ${machine}. Each case runs in its own process; peak RSS is that process's.\n`,
  `| ${keys.join(' | ')} |`,
  `| ${keys.map(() => '---').join(' | ')} |`,
  ...results.map((r) => `| ${keys.map((k) => String(r[k] ?? '')).join(' | ')} |`),
].join('\n');
writeFileSync('bench/results/latest.md', `${table}\n`);
