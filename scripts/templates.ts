/**
 * `npm run templates -- [--unit CODE] [--period YYYY-MM] [--out DIR] [--from-last]`
 * Writes one .xlsx template per unit (or the one asked for). With `--from-last`, each
 * template starts with the unit's last accepted values (status, percent, planned budget,
 * outputs), read from the storage in STORAGE_URL (default: ./data, where ingest writes).
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { previousMonthIn } from '../shared/compile/period-scope.ts';
import { parseConfig } from '../shared/config/config.ts';
import { defaultCatalogue } from '../shared/reference/catalogue.ts';
import { createStorage } from '../shared/storage/create-storage.ts';
import { writeTemplateFromLast } from '../templates/from-last.ts';
import { writeXlsxTemplate } from '../templates/write-xlsx-template.ts';
import { requirePeriod, requireUnit, writeFileEnsuringDir } from './cli-support.ts';

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    period: { type: 'string' },
    out: { type: 'string', default: 'out/templates' },
    'from-last': { type: 'boolean', default: false },
  },
});
const catalogue = defaultCatalogue();
// Default: the month that just closed in Vientiane.
const period = requirePeriod(values.period, previousMonthIn(new Date(), 'Asia/Vientiane'));
const units = values.unit ? [requireUnit(catalogue, values.unit)] : catalogue.units;
const storage = values['from-last'] ? await createStorage(parseConfig()) : undefined;
for (const unit of units) {
  const file = join(values.out, `template-${unit.code}-${period}.xlsx`);
  if (storage) {
    const { bytes, carriedFrom } = await writeTemplateFromLast({ unit, period }, catalogue, storage);
    await writeFileEnsuringDir(file, bytes);
    process.stdout.write(
      carriedFrom
        ? `${file}  ຍົກມາຈາກ / carried over from ${carriedFrom}\n`
        : `${file}  ບໍ່ມີບົດລາຍງານທີ່ຮັບແລ້ວ / no accepted report yet: plain template\n`,
    );
  } else {
    await writeFileEnsuringDir(file, await writeXlsxTemplate({ unit, period }, catalogue));
    process.stdout.write(`${file}\n`);
  }
}
process.stdout.write(`${units.length} template(s) for ${period} / ແບບຟອມ ${units.length} ສະບັບ\n`);
