/**
 * `npm run bench`: runs each case in its own Node process (so peak memory is the case's own)
 * and writes the results to bench/results/latest.json and bench/results/latest.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

const CASES: { file: string; args: string[] }[] = [
  { file: 'bench/cases/parse-validate.ts', args: [] },
  { file: 'bench/cases/parse-validate.ts', args: ['5000'] },
];

const results: Record<string, unknown>[] = [];
for (const { file, args } of CASES) {
  const output = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--openssl-legacy-provider', file, ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  for (const line of output.split('\n')) {
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
