/**
 * `npm run validate -- FILE [--json] [--annotate OUT.xlsx]`
 * Exit 0 accepted (warnings allowed), 1 rejected, 2 unreadable.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCatalogue } from '../shared/reference/catalogue.ts';
import { annotateWorkbook } from '../shared/report/annotate-workbook.ts';
import { formatReport } from '../shared/report/format-report.ts';
import { validateXlsx } from '../shared/validate/validate-upload.ts';
import { fail, writeFileEnsuringDir } from './cli-support.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, annotate: { type: 'string' } },
});
const file = positionals[0];
if (!file) fail('ກະລຸນາລະບຸໄຟລ໌ / Usage: npm run validate -- FILE.xlsx [--json] [--annotate OUT.xlsx]');
let bytes: Uint8Array;
try {
  bytes = await readFile(file);
} catch (error) {
  fail(`ອ່ານໄຟລ໌ບໍ່ໄດ້ / Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
}
const report = await validateXlsx(bytes, defaultCatalogue());
if (values.json) {
  const { accepted, unit, period, issues } = report;
  process.stdout.write(`${JSON.stringify({ accepted, unit, period, issues }, null, 2)}\n`);
} else {
  process.stdout.write(formatReport(report, basename(file)));
}
if (values.annotate && !report.unreadable) {
  const copy = await annotateWorkbook(bytes, report.issues);
  await writeFileEnsuringDir(values.annotate, copy.bytes);
  process.stderr.write(`ສຳເນົາທີ່ໝາຍບັນຫາ / annotated copy: ${values.annotate}\n`);
  for (const note of copy.notes) process.stderr.write(`  ${note.lo}\n  ${note.en}\n`);
}
process.exitCode = report.unreadable ? 2 : report.accepted ? 0 : 1;
