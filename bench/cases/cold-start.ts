/**
 * Cold start: wall time of importing the deployed bundle (dist/functions, `npm run build`)
 * in fresh Node processes, median of several; and, for reference, exceljs alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { median, report, round } from '../bench-support.ts';

function importMs(specifier: string): number {
  const script = `const t=process.hrtime.bigint();await import(${JSON.stringify(specifier)});console.log(Number(process.hrtime.bigint()-t)/1e6)`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, REFERENCE_DIR: `${process.cwd()}/dist/functions` },
  });
  return Number(out.trim().split('\n').at(-1));
}

const bundle = `${process.cwd()}/dist/functions/index.js`;
if (!existsSync(bundle)) throw new Error('run `npm run build` first');
const runs = 7;
report({
  case: 'cold start: import of the functions bundle (all 5 functions registered)',
  medianMs: round(median(Array.from({ length: runs }, () => importMs(bundle)))),
  exceljsAloneMs: round(median(Array.from({ length: runs }, () => importMs('exceljs')))),
  zipMiB: round(statSync('dist/laingan-functions.zip').size / 1024 / 1024, 2),
});
