/**
 * `npm run tokens -- --unit CODE`, `--secretariat` or `--reader [--label TEXT]`: issues a bearer token
 * (`--reader`: read-only, national workbooks and the partner export),
 * stores only its hash, and prints the token once.
 * `npm run tokens -- --list`: every token's hash prefix, holder, label, issue and revocation
 * dates (never a token). `npm run tokens -- --revoke PREFIX`: revokes the token whose hash
 * starts with PREFIX (or the token given whole); it gets 401 from the next request on.
 */
import { parseArgs } from 'node:util';
import { describePrincipal, StorageTokenStore } from '../shared/auth/tokens.ts';
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
    list: { type: 'boolean', default: false },
    revoke: { type: 'string' },
  },
});
const actions = [
  values.unit !== undefined,
  values.secretariat,
  values.reader,
  values.list,
  values.revoke !== undefined,
];
if (actions.filter(Boolean).length !== 1)
  fail('Give exactly one of --unit CODE, --secretariat, --reader, --list or --revoke HASH-PREFIX');
const config = parseConfig();
if (config.tokensSource !== 'storage')
  fail(`TOKENS_SOURCE=${config.tokensSource}: tokens are managed outside storage`);
const storage = await createStorage(config);
const tokens = new StorageTokenStore(storage);

if (values.list) {
  const rows = await tokens.list();
  process.stdout.write(
    'hash prefix   holder        issued                    revoked                   label\n',
  );
  for (const t of rows)
    process.stdout.write(
      `${t.hash.slice(0, 12)}  ${describePrincipal(t.principal).padEnd(12)}  ${t.issuedAt.padEnd(24)}  ${(t.revokedAt ?? '-').padEnd(24)}  ${t.label}\n`,
    );
  process.stderr.write(`${rows.length} token(s) in ${storage.description}\n`);
} else if (values.revoke !== undefined) {
  try {
    const revoked = await tokens.revoke(values.revoke, new Date());
    process.stdout.write(
      `revoked ${revoked.hash.slice(0, 12)} (${describePrincipal(revoked.principal)}) at ${revoked.revokedAt}\n`,
    );
  } catch (error) {
    fail((error as Error).message);
  }
} else {
  const principal = values.unit
    ? ({ kind: 'unit', unitCode: requireUnit(defaultCatalogue(), values.unit).code } as const)
    : values.reader
      ? ({ kind: 'reader' } as const)
      : ({ kind: 'secretariat' } as const);
  const token = await tokens.issue(principal, values.label ?? '', new Date());
  process.stderr.write(
    `Token for ${values.unit ?? (values.reader ? 'a read-only reader' : 'the Secretariat')} (shown once; only its hash is stored in ${storage.description}):\n`,
  );
  process.stdout.write(`${token}\n`);
}
