/**
 * How Laingan code is bundled to run on Node: the deployed functions (`npm run build`) and
 * the compile benchmark, which times the same kind of bundle production runs rather than
 * sources transpiled on the fly by tsx.
 */
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';

/**
 * exceljs's streaming writer requires archiver, which Laingan never zips with (see
 * shared/grid/archiver-placeholder.cjs): the bundles get the placeholder instead.
 */
const archiverPlaceholder: Plugin = {
  name: 'archiver-placeholder',
  setup(build) {
    const path = fileURLToPath(new URL('../shared/grid/archiver-placeholder.cjs', import.meta.url));
    build.onResolve({ filter: /^archiver$/ }, () => ({ path }));
  },
};

/**
 * esbuild options for an ESM bundle with code splitting: libraries a module imports lazily
 * (exceljs, the S3 SDK, the Google clients) go in chunks loaded only when that path runs.
 */
export const NODE_BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  minifySyntax: true,
  legalComments: 'linked',
  sourcemap: false,
  // Some bundled CommonJS libraries call require(); give ESM chunks one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [archiverPlaceholder],
} as const satisfies BuildOptions;

/** Reference files read beside the bundle at run time (the catalogue finds them there). */
export const BUNDLED_REFERENCE_FILES = [
  'plan.json',
  'units.json',
  'indicators.json',
  'sources-of-record.json',
] as const;
