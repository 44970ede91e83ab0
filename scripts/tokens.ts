/**
 * `npm run tokens -- --unit CODE`, `--secretariat` or `--reader [--label TEXT]`: issues a bearer token
 * (`--reader`: read-only, national workbooks and the partner export),
 * stores only its hash, and prints the token once.
 */
import { parseArgs } from 'node:util';
import { StorageTokenStore } from '../shared/auth/tokens.ts';
import { parseConfig } from '../shared/config/config.ts';
import { defaultCatalogue } from '../shared/reference/catalogue.ts';
import { createStorage } from '../shared/storage/create-storage.ts';
import { fail, requireUnit } from './cli-support.ts';

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    secretariat: { type: 'boolean', default: false },
    reader: { type: 'boolean', default: false },
    label: { type: 'string' },
  },
});
if ([Boolean(values.unit), values.secretariat, values.reader].filter(Boolean).length !== 1)
  fail('Give exactly one of --unit CODE, --secretariat or --reader');
const config = parseConfig();
if (config.tokensSource !== 'storage')
  fail(`TOKENS_SOURCE=${config.tokensSource}: tokens are managed outside storage`);
const storage = await createStorage(config);
const principal = values.unit
  ? ({ kind: 'unit', unitCode: requireUnit(defaultCatalogue(), values.unit).code } as const)
  : values.reader
    ? ({ kind: 'reader' } as const)
    : ({ kind: 'secretariat' } as const);
const token = await new StorageTokenStore(storage).issue(principal, values.label ?? '', new Date());
process.stderr.write(
  `Token for ${values.unit ?? (values.reader ? 'a read-only reader' : 'the Secretariat')} (shown once; only its hash is stored in ${storage.description}):\n`,
);
process.stdout.write(`${token}\n`);
