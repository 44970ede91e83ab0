/**
 * `npm run templates -- [--unit CODE] [--period YYYY-MM] [--out DIR] [--from-last]`
 * Writes one .xlsx template per unit (or the one asked for). With `--from-last`, each
 * template starts with the unit's last accepted values (status, percent, planned budget,
 * outputs), read from the storage in STORAGE_URL (default: ./data, where ingest writes).
 *
 * `npm run templates -- --google --unit CODE [--period YYYY-MM] [--share EMAIL] [--dry-run]`
 * Creates the unit's template as a Google Sheet from the same spec (Application Default
 * Credentials), optionally shared with the focal point; `--dry-run` prints the
 * spreadsheets.create body and the batchUpdate requests instead of sending them.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { previousMonthIn } from '../shared/compile/period-scope.ts';
import { parseConfig } from '../shared/config/config.ts';
import { defaultCatalogue } from '../shared/reference/catalogue.ts';
import { googleSheetsPortFor } from '../shared/sheets/google-sheets-client.ts';
import { GoogleCredentialsError, SheetAccessError } from '../shared/sheets/sheets-port.ts';
import { createStorage } from '../shared/storage/create-storage.ts';
import { createSheetsTemplate } from '../templates/create-sheets-template.ts';
import { writeTemplateFromLast } from '../templates/from-last.ts';
import { buildSheetsTemplate } from '../templates/sheets-template-requests.ts';
import { writeXlsxTemplate } from '../templates/write-xlsx-template.ts';
import { fail, requirePeriod, requireUnit, writeFileEnsuringDir } from './cli-support.ts';

const { values } = parseArgs({
  options: {
    unit: { type: 'string' },
    period: { type: 'string' },
    out: { type: 'string', default: 'out/templates' },
    'from-last': { type: 'boolean', default: false },
    google: { type: 'boolean', default: false },
    share: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const catalogue = defaultCatalogue();
// Default: the month that just closed in Vientiane.
const period = requirePeriod(values.period, previousMonthIn(new Date(), 'Asia/Vientiane'));

if (values.google) {
  const unit = requireUnit(catalogue, values.unit);
  if (values.share !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.share))
    fail(`ອີເມວບໍ່ຖືກຕ້ອງ / --share needs an e-mail address, got "${values.share}"`);
  const plan = buildSheetsTemplate({ unit, period }, catalogue);
  if (values['dry-run']) {
    process.stdout.write(
      `${JSON.stringify({ create: plan.create, batchUpdate: { requests: plan.requests } }, null, 2)}\n`,
    );
    process.stderr.write(
      `${plan.requests.length} batchUpdate requests for ${unit.code} ${period} (not sent)\n`,
    );
  } else {
    const config = parseConfig();
    try {
      const created = await createSheetsTemplate(
        googleSheetsPortFor(config.google, 120_000),
        plan,
        values.share,
      );
      process.stdout.write(`${created.spreadsheetUrl}\n`);
      process.stderr.write(
        `Google Sheet for ${unit.code} ${period}${created.sharedWith ? `, shared with ${created.sharedWith}` : ''}.\n` +
          `Register it: npm run sheets -- register --unit ${unit.code} --spreadsheet ${created.spreadsheetId}\n`,
      );
    } catch (error) {
      if (error instanceof GoogleCredentialsError) fail(error.message, 2);
      if (error instanceof SheetAccessError) fail(`${error.bilingual.lo}\n${error.bilingual.en}`, 1);
      throw error;
    }
  }
} else {
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
}
