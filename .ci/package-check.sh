#!/usr/bin/env bash
# Builds the functions bundle, runs `serverless package` offline (no credentials), and checks
# that the artifact holds only the bundle: no keys, no data, no tests, no node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build
key_file="$(mktemp)"
echo '{}' > "$key_file"
GOOGLE_APPLICATION_CREDENTIALS="$key_file" npx serverless package
test -f .serverless/configuration-template-update.yml
zip=dist/laingan-functions.zip
listing="$(node -e "
const { unzipSync } = require('fflate');
const files = unzipSync(require('fs').readFileSync('$zip'), { filter: () => true });
for (const [name, bytes] of Object.entries(files)) console.log(name + ' ' + bytes.length);
")"
echo "$listing" | awk '{ total += $2 } END { printf "artifact: %d files, %.2f MB unpacked\n", NR, total / 1048576 }'
bad="$(echo "$listing" | awk '{print $1}' | grep -Ei '(^|/)(test|tests|fixtures|data|node_modules|\.env|\.git)(/|$)|\.(pem|key|p12|xlsx)$|credentials|keyfile|secret' || true)"
if [ -n "$bad" ]; then echo "artifact contains files it must not: $bad" >&2; exit 1; fi
secrets="$(node -e "
const { unzipSync, strFromU8 } = require('fflate');
const files = unzipSync(require('fs').readFileSync('$zip'));
const patterns = [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, /\"private_key\"\s*:/, /AKIA[0-9A-Z]{16}/, /lgn_[A-Za-z0-9_-]{40,}/];
for (const [name, bytes] of Object.entries(files)) { const text = strFromU8(bytes); if (patterns.some((p) => p.test(text))) console.log(name); }
")"
if [ -n "$secrets" ]; then echo "artifact contains what looks like a secret: $secrets" >&2; exit 1; fi
# The PDF printer: its Lao font is in the artifact, and Cloud Functions' build installs the
# serverless Chromium (npm tarball) and its driver from the artifact's package.json.
echo "$listing" | grep -q '^fonts/NotoSansLao-Regular.ttf ' || { echo "artifact lacks the Lao font" >&2; exit 1; }
echo "$listing" | grep -q '^fonts/OFL.txt ' || { echo "artifact lacks the font licence" >&2; exit 1; }
node -e "
const { unzipSync, strFromU8 } = require('fflate');
const pkg = JSON.parse(strFromU8(unzipSync(require('fs').readFileSync('$zip'))['package.json']));
for (const name of ['@google-cloud/functions-framework', '@sparticuz/chromium', 'playwright-core'])
  if (!pkg.dependencies?.[name]) { console.error('artifact package.json does not install ' + name); process.exit(1); }
"
# The compiling functions run with the Node options the scale benchmark measured them with.
npx tsx -e "
import { readFileSync } from 'node:fs';
import { COMPILE_NODE_FLAGS } from './shared/runtime/compile-heap.ts';
const template = readFileSync('.serverless/configuration-template-update.yml', 'utf8');
for (const entry of ['compile', 'compileScheduled']) {
  const block = template.split(/entryPoint: /).find((part) => part.startsWith(entry + '\\n')) ?? '';
  const options = /NODE_OPTIONS: '([^']*)'/.exec(block)?.[1] ?? '';
  for (const flag of COMPILE_NODE_FLAGS)
    if (!options.split(' ').includes(flag)) { console.error(entry + ' is deployed without ' + flag + ' (NODE_OPTIONS: ' + options + ')'); process.exit(1); }
}
"
zip_mb="$(du -m "$zip" | cut -f1)"
if [ "$zip_mb" -ge 100 ]; then echo "artifact is $zip_mb MB: over Cloud Functions' 100 MB source limit" >&2; exit 1; fi
echo "artifact check passed"
sample="$(mktemp -d)/sample-MPS.xlsx"
npm run -s sample -- --unit MPS --period 2025-06 --out "$sample" >/dev/null
node .ci/smoke-bundle.mjs "$sample"
npx tsx .ci/smoke-sheets-bundle.ts
