/**
 * `npm run build`: bundles the cloud functions for deployment into dist/functions/ and zips
 * them as dist/laingan-functions.zip (the artifact serverless.yml deploys).
 *
 * esbuild bundles our code and its libraries into ESM chunks with code splitting, so the
 * libraries a function imports lazily (exceljs, the S3 SDK, the Google clients) load only
 * when that code path runs: `status` never loads exceljs. The lake's Parquet writer is our own
 * few hundred lines (docs/parquet-writer-choice.md), bundled with the compile's code. The functions framework stays an npm dependency because Cloud Functions runs it.
 * So do the PDF printer's `@sparticuz/chromium` (its ~67 MB brotli-packed browser must stay
 * inside its own package folder, which a bundle would relocate) and `playwright-core`: Cloud
 * Functions' build installs them from npm; both load only when `download` prints a PDF.
 * Only the bundle, its package.json, the reference files and the Lao font go in: no keys,
 * data or tests.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { bundleClientScript } from '../functions/portal/client-script.ts';
import { BUNDLED_REFERENCE_FILES, NODE_BUNDLE_OPTIONS } from './node-bundle-options.ts';

const OUT = 'dist/functions';
const ZIP = 'dist/laingan-functions.zip';
const root = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
/** Left out of the bundle and installed by Cloud Functions from the artifact's package.json. */
const RUNTIME_DEPENDENCIES = [
  '@google-cloud/functions-framework',
  '@sparticuz/chromium',
  'playwright-core',
] as const;
/** The fonts the serverless PDF printer hands to Chromium (Noto Sans Lao and its licence). */
const FONT_DIR = 'shared/pdf/fonts';

rmSync('dist', { recursive: true, force: true });
// The portal's browser script is bundled first and carried inside the function bundle.
const portalClientScript = await bundleClientScript();
await build({
  ...NODE_BUNDLE_OPTIONS,
  entryPoints: { index: 'functions/index.ts' },
  outdir: OUT,
  // esbuild itself is only reached from a source checkout (the portal script is prebuilt here).
  external: [...RUNTIME_DEPENDENCIES, 'esbuild'],
  define: { __PORTAL_CLIENT_JS__: JSON.stringify(portalClientScript) },
});
for (const file of BUNDLED_REFERENCE_FILES) copyFileSync(join('shared/reference', file), join(OUT, file));
mkdirSync(join(OUT, 'fonts'));
for (const file of readdirSync(FONT_DIR)) copyFileSync(join(FONT_DIR, file), join(OUT, 'fonts', file));
writeFileSync(
  join(OUT, 'package.json'),
  `${JSON.stringify(
    {
      name: 'laingan-functions',
      private: true,
      type: 'module',
      main: 'index.js',
      engines: { node: '>=20' },
      dependencies: Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => [name, root.dependencies[name]])),
    },
    null,
    2,
  )}\n`,
);

function listFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}
const files = listFiles(OUT);
const zip = zipSync(Object.fromEntries(files.map((file) => [relative(OUT, file), readFileSync(file)])), {
  level: 9,
});
writeFileSync(ZIP, zip);
const unpacked = files.reduce((sum, file) => sum + statSync(file).size, 0);
process.stdout.write(
  `${ZIP}: ${(zip.byteLength / 1024 / 1024).toFixed(2)} MB zipped, ${(unpacked / 1024 / 1024).toFixed(2)} MB unpacked, ${files.length} files\n`,
);
