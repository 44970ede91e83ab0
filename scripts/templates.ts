/**
 * `npm run templates -- [--unit CODE] [--period YYYY-MM] [--out DIR]`
 * Writes one .xlsx template per unit (or the one asked for).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { previousMonthIn } from '../shared/compile/period-scope.ts';
import { defaultCatalogue } from '../shared/reference/catalogue.ts';
import { writeXlsxTemplate } from '../templates/write-xlsx-template.ts';
import { requirePeriod, requireUnit, writeFileEnsuringDir } from './cli-support.ts';

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    period: { type: 'string' },
    out: { type: 'string', default: 'out/templates' },
  },
});
const catalogue = defaultCatalogue();
// Default: the month that just closed in Vientiane.
const period = requirePeriod(values.period, previousMonthIn(new Date(), 'Asia/Vientiane'));
const units = values.unit ? [requireUnit(catalogue, values.unit)] : catalogue.units;
for (const unit of units) {
  const file = join(values.out, `template-${unit.code}-${period}.xlsx`);
  await writeFileEnsuringDir(file, await writeXlsxTemplate({ unit, period }, catalogue));
  process.stdout.write(`${file}\n`);
}
process.stdout.write(`${units.length} template(s) for ${period} / ແບບຟອມ ${units.length} ສະບັບ\n`);
