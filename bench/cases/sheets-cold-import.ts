/**
 * Cold import of the Google Sheets source, in fresh Node processes (median of several):
 * `@googleapis/sheets` + `@googleapis/drive` from node_modules, and the deployed functions
 * bundle (dist/functions, `npm run build`) alone and with the two chunks esbuild split the
 * clients into (what the first `ingestSheet` call loads). Functions that never read a sheet
 * never load them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median, report, round } from '../bench-support.ts';

/** Runs a module script in a fresh process; it prints `ms rssMiB`. */
function measure(script: string): { ms: number; rssMiB: number } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { ...process.env, REFERENCE_DIR: `${process.cwd()}/dist/functions` },
  });
  const [ms, rss] = (out.trim().split('\n').at(-1) ?? '0 0').split(' ').map(Number);
  return { ms: ms ?? 0, rssMiB: rss ?? 0 };
}

const timed = (body: string) =>
  `const t=process.hrtime.bigint();${body};console.log(Number(process.hrtime.bigint()-t)/1e6, Math.round(process.memoryUsage().rss/1048576))`;

const bundle = `${process.cwd()}/dist/functions/index.js`;
if (!existsSync(bundle)) throw new Error('run `npm run build` first');
// The chunks esbuild split the two Google clients into: what the first Sheets call loads.
const chunkDir = `${process.cwd()}/dist/functions/chunks`;
const googleChunks = readdirSync(chunkDir)
  .filter((name) => name.endsWith('.js'))
  .map((name) => join(chunkDir, name))
  .filter((file) => /sheets\.googleapis\.com|\/drive\/v3\/files/.test(readFileSync(file, 'utf8')));
if (googleChunks.length !== 2)
  throw new Error(`expected the sheets and drive chunks, found ${googleChunks.length}`);
const importChunks = googleChunks.map((file) => `await import(${JSON.stringify(file)})`).join(';');
const runs = 7;
const sample = (body: string) => Array.from({ length: runs }, () => measure(timed(body)));
const googleAlone = sample("await import('@googleapis/sheets');await import('@googleapis/drive')");
const bundleAlone = sample(`await import(${JSON.stringify(bundle)})`);
// The first ingestSheet call of a deployed instance: the bundle, then the Google chunks it
// imports on demand.
const bundleThenGoogle = sample(`await import(${JSON.stringify(bundle)});${importChunks}`);
report({
  case: 'cold import: Google Sheets source (@googleapis/sheets 14 + @googleapis/drive 22)',
  googleClientsAloneMs: round(median(googleAlone.map((r) => r.ms))),
  googleClientsAloneRssMiB: median(googleAlone.map((r) => r.rssMiB)),
  functionsBundleMs: round(median(bundleAlone.map((r) => r.ms))),
  bundlePlusGoogleClientsMs: round(median(bundleThenGoogle.map((r) => r.ms))),
  bundlePlusGoogleClientsRssMiB: median(bundleThenGoogle.map((r) => r.rssMiB)),
});
