/**
 * `npm run sheets -- register --unit CODE --spreadsheet ID_OR_URL`
 * `npm run sheets -- list`
 * `npm run sheets -- unregister --unit CODE`
 * `npm run sheets -- pull --unit CODE`
 *
 * Manages which Google Sheet each unit reports in, with the Secretariat's token (LAINGAN_TOKEN,
 * or --token), in the configured storage; every change goes to the audit log. `pull` reads a
 * unit's sheet now and records it exactly as the scheduled run would.
 */
import { parseArgs } from 'node:util';
import { buildAppContext } from '../functions/app-context.ts';
import { describePrincipal } from '../shared/auth/tokens.ts';
import { formatReport } from '../shared/report/format-report.ts';
import { googleSheetsPortFor } from '../shared/sheets/google-sheets-client.ts';
import { ingestRegisteredSheet, SheetNotRegisteredError } from '../shared/sheets/ingest-sheet.ts';
import { SheetRegistry } from '../shared/sheets/sheet-registry.ts';
import { GoogleCredentialsError, SheetAccessError, spreadsheetIdOf } from '../shared/sheets/sheets-port.ts';
import { fail, requireUnit } from './cli-support.ts';

const USAGE =
  'Usage: npm run sheets -- register --unit CODE --spreadsheet ID_OR_URL | list | unregister --unit CODE | pull --unit CODE\n' +
  '       with the Secretariat token in LAINGAN_TOKEN (or --token).';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { unit: { type: 'string' }, spreadsheet: { type: 'string' }, token: { type: 'string' } },
});
const command = positionals[0];
if (!command || !['register', 'list', 'unregister', 'pull'].includes(command)) fail(USAGE);

const context = await buildAppContext();
const token = values.token ?? process.env.LAINGAN_TOKEN;
if (!token) fail(`ກະລຸນາໃສ່ລະຫັດຂອງກອງເລຂາ / Set LAINGAN_TOKEN to the Secretariat's token.\n${USAGE}`);
const principal = await context.tokens.resolve(token);
if (principal?.kind !== 'secretariat')
  fail('ລະຫັດນີ້ບໍ່ແມ່ນຂອງກອງເລຂາ / That is not a valid Secretariat token.', 1);
const actor = `${describePrincipal(principal)} (cli)`;
const registry = new SheetRegistry(context.store);
const now = context.clock.now();
const sheetUrl = (id: string) => `https://docs.google.com/spreadsheets/d/${id}/edit`;

if (command === 'list') {
  const registrations = await registry.list();
  for (const r of registrations)
    process.stdout.write(
      `${r.unitCode.padEnd(7)} ${sheetUrl(r.spreadsheetId)}  (${r.registeredAt}, ${r.registeredBy})\n`,
    );
  process.stdout.write(`${registrations.length} unit(s) on Google Sheets / ຫົວໜ່ວຍທີ່ໃຊ້ Google Sheets\n`);
} else {
  const unit = requireUnit(context.catalogue, values.unit);
  if (command === 'register') {
    const id = spreadsheetIdOf(values.spreadsheet ?? '');
    if (!id) fail(`ລະຫັດ Sheet ບໍ່ຖືກຕ້ອງ / Give --spreadsheet as a Google Sheets id or URL.\n${USAGE}`);
    await registry.register(unit.code, id, actor, now);
    process.stdout.write(`${unit.code} -> ${sheetUrl(id)}\n`);
  } else if (command === 'unregister') {
    if (!(await registry.unregister(unit.code, actor, now)))
      fail(`${unit.code} ບໍ່ມີ Sheet ທີ່ລົງທະບຽນ / ${unit.code} has no registered sheet.`, 1);
    process.stdout.write(`${unit.code}: no longer on Google Sheets\n`);
  } else {
    const port = googleSheetsPortFor(context.config.google, context.config.google.pullBudgetMs);
    try {
      const result = await ingestRegisteredSheet(
        { store: context.store, catalogue: context.catalogue, clock: context.clock, port },
        unit.code,
        actor,
      );
      process.stdout.write(formatReport(result.report, `Google Sheet ${result.spreadsheetId}`));
      process.stdout.write(
        `${result.duplicate ? 'unchanged since the last pull (no new record)' : `recorded ${result.record.sha256}`} via ${result.via}\n`,
      );
      process.exitCode = result.report.unreadable ? 2 : result.report.accepted ? 0 : 1;
    } catch (error) {
      if (error instanceof SheetNotRegisteredError || error instanceof SheetAccessError)
        fail(`${error.bilingual.lo}\n${error.bilingual.en}`, 1);
      if (error instanceof GoogleCredentialsError) fail(error.message, 2);
      throw error;
    }
  }
}
