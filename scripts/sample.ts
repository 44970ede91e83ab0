/**
 * `npm run sample -- --unit CODE --period YYYY-MM --out FILE [--seed N]`
 * Writes a realistically filled, valid submission for that unit.
 */
import { parseArgs } from 'node:util';
import { defaultCatalogue } from '../shared/reference/catalogue.ts';
import { writeSampleXlsx } from '../templates/fill-sample.ts';
import { fail, requirePeriod, requireUnit, writeFileEnsuringDir } from './cli-support.ts';

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    period: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'awareness-rows': { type: 'string' },
  },
});
const catalogue = defaultCatalogue();
const unit = requireUnit(catalogue, values.unit);
const period = requirePeriod(values.period);
if (!values.out) fail('ກະລຸນາລະບຸ --out / Give --out FILE.xlsx');
const seed = Number(values.seed);
if (!Number.isInteger(seed)) fail(`--seed must be a whole number, not "${values.seed}"`);
const awarenessRows = values['awareness-rows'] === undefined ? undefined : Number(values['awareness-rows']);
const { bytes } = await writeSampleXlsx({ unit, period, seed, awarenessRows }, catalogue);
await writeFileEnsuringDir(values.out, bytes);
process.stdout.write(`${values.out}\n`);
