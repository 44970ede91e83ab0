/**
 * The page's script. The browser code is TypeScript under `client/`; the deployed bundle
 * carries it prebuilt (scripts/build-functions.ts bundles it with esbuild and defines
 * `__PORTAL_CLIENT_JS__`), and a source checkout (`npm start`, tests) bundles it with the
 * same esbuild on first request.
 */
import { fileURLToPath } from 'node:url';

declare const __PORTAL_CLIENT_JS__: string | undefined;

let cached: Promise<string> | undefined;

/** Bundles the browser code: one small ES module, no framework. */
export async function bundleClientScript(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./client/app.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error('the portal client bundle is empty');
  return file.text;
}

/** The script served at `/portal/app.js`. */
export function clientScript(): Promise<string> {
  cached ??=
    typeof __PORTAL_CLIENT_JS__ === 'string' ? Promise.resolve(__PORTAL_CLIENT_JS__) : bundleClientScript();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
