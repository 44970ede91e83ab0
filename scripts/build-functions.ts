/**
 * `npm run build`: bundles the cloud functions for deployment into dist/functions/ and zips
 * them as dist/laingan-functions.zip (the artifact serverless.yml deploys).
 *
 * esbuild bundles our code and its libraries into ESM chunks with code splitting, so the
 * libraries a function imports lazily (exceljs, the S3 SDK, the Parquet writer) load only
 * when that code path runs: `ingest` never loads the Parquet writer, `status` never loads
 * exceljs. The functions framework stays an npm dependency because Cloud Functions runs it.
 * Only the bundle, its package.json and the reference files go in: no keys, data or tests.
 */
import { copyFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { bundleClientScript } from '../functions/portal/client-script.ts';
import { BUNDLED_REFERENCE_FILES, NODE_BUNDLE_OPTIONS } from './node-bundle-options.ts';

const OUT = 'dist/functions';
const ZIP = 'dist/laingan-functions.zip';
const root = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };

rmSync('dist', { recursive: true, force: true });
// The portal's browser script is bundled first and carried inside the function bundle.
const portalClientScript = await bundleClientScript();
await build({
  ...NODE_BUNDLE_OPTIONS,
  entryPoints: { index: 'functions/index.ts' },
  outdir: OUT,
  // esbuild itself is only reached from a source checkout (the portal script is prebuilt here).
  external: ['@google-cloud/functions-framework', 'esbuild'],
  define: { __PORTAL_CLIENT_JS__: JSON.stringify(portalClientScript) },
});
for (const file of BUNDLED_REFERENCE_FILES) copyFileSync(join('shared/reference', file), join(OUT, file));
writeFileSync(
  join(OUT, 'package.json'),
  `${JSON.stringify(
    {
      name: 'laingan-functions',
      private: true,
      type: 'module',
      main: 'index.js',
      engines: { node: '>=20' },
      dependencies: {
        '@google-cloud/functions-framework': root.dependencies['@google-cloud/functions-framework'],
      },
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
