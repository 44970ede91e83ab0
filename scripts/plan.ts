/**
 * `npm run plan -- export plan.xlsx [--version V]`   the plan as a workbook to edit in Excel
 * `npm run plan -- import plan.xlsx [--dry-run] [--by NAME]`   checks it; stores a new plan version
 * `npm run plan -- list`                              stored plan versions, who and when
 *
 * Import exit codes: 0 accepted (stored, or would be with --dry-run), 1 rejected, 2 unreadable.
 * Storage is the configured one (`STORAGE_URL`, default `file:./data`).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../shared/config/config.ts';
import { readXlsxGrid } from '../shared/grid/read-xlsx-grid.ts';
import { PlanStore } from '../shared/plan/plan-store.ts';
import { readPlanWorkbook } from '../shared/plan/read-plan-workbook.ts';
import { writePlanWorkbook } from '../shared/plan/write-plan-workbook.ts';
import { contentOf, defaultCatalogue, planSpan } from '../shared/reference/catalogue.ts';
import { formatIssues } from '../shared/report/format-report.ts';
import { createStorage } from '../shared/storage/create-storage.ts';
import { SubmissionStore } from '../shared/store/submission-store.ts';
import { fail, writeFileEnsuringDir } from './cli-support.ts';

const USAGE =
  'ວິທີໃຊ້ / Usage: npm run plan -- export FILE.xlsx [--version V] | import FILE.xlsx [--dry-run] [--by NAME] | list';
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'dry-run': { type: 'boolean', default: false },
    by: { type: 'string' },
    version: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const [command, file] = positionals;

async function openPlanStore(): Promise<PlanStore> {
  const config = parseConfig();
  const baseline = defaultCatalogue();
  return new PlanStore(new SubmissionStore(await createStorage(config), baseline), baseline);
}

async function exportPlan(target: string): Promise<void> {
  const plans = await openPlanStore();
  const registry = await plans.registry();
  const version = values.version ?? registry.versions()[0]?.catalogue.version ?? plans.baseline.version;
  const catalogue = await plans.load(version);
  if (!catalogue) fail(`ບໍ່ພົບແຜນງານສະບັບ / No plan version "${version}"`);
  await writeFileEnsuringDir(target, await writePlanWorkbook(contentOf(catalogue)));
  process.stdout.write(`${target}: plan ${catalogue.version} (${planSpan(catalogue).label})\n`);
}

async function importPlan(source: string): Promise<void> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(source);
  } catch (error) {
    fail(`ອ່ານໄຟລ໌ບໍ່ໄດ້ / Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let report: ReturnType<typeof readPlanWorkbook>;
  try {
    report = readPlanWorkbook(readXlsxGrid(bytes));
  } catch (error) {
    process.stdout.write(`ອ່ານໄຟລ໌ບໍ່ໄດ້ / UNREADABLE: ${basename(source)} (${(error as Error).message})\n`);
    process.exitCode = 2;
    return;
  }
  const unreadable = report.issues.some((i) => i.code === 'plan/not-plan-workbook');
  const verdict = unreadable
    ? 'ອ່ານໄຟລ໌ບໍ່ໄດ້ / UNREADABLE'
    : report.accepted
      ? 'ຮັບແລ້ວ / ACCEPTED'
      : 'ບໍ່ຮັບ / REJECTED';
  let stored: string | undefined;
  if (report.accepted && report.content && !values['dry-run']) {
    const plans = await openPlanStore();
    const { record, created } = await plans.save(report.content, {
      by: `secretariat:${values.by ?? process.env.USER ?? 'cli'}`,
      at: new Date(),
      workbook: bytes,
      basedOn: report.basedOn ?? null,
    });
    stored = created
      ? `ບັນທຶກສະບັບໃໝ່ / stored new plan version ${record.version}`
      : `ມີສະບັບນີ້ແລ້ວ / already stored as ${record.version} (${record.importedAt}, ${record.importedBy})`;
  }
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ accepted: report.accepted, version: report.version, issues: report.issues }, null, 2)}\n`,
    );
  else {
    const span = report.content ? ` ${report.content.plan.startYear}-${report.content.plan.endYear}` : '';
    process.stdout.write(
      `${verdict}: ${basename(source)}${report.version ? ` (plan ${report.version}${span})` : ''}\n`,
    );
    process.stdout.write(formatIssues(report.issues));
    if (values['dry-run'] && report.accepted) process.stdout.write('--dry-run: ບໍ່ໄດ້ບັນທຶກ / nothing stored\n');
    if (stored) process.stdout.write(`${stored}\n`);
  }
  process.exitCode = unreadable ? 2 : report.accepted ? 0 : 1;
}

async function listPlans(): Promise<void> {
  const plans = await openPlanStore();
  const base = plans.baseline;
  process.stdout.write(
    `${base.version}  ${planSpan(base).label}  (deployed / ທີ່ຕິດຕັ້ງມາ)  ${base.plan.title.en}\n`,
  );
  for (const record of await plans.list())
    process.stdout.write(
      `${record.version}  ${record.startYear}-${record.endYear}  ${record.importedAt}  ${record.importedBy}  ${record.title.en}\n`,
    );
}

if (command === 'export' && file) await exportPlan(file);
else if (command === 'import' && file) await importPlan(file);
else if (command === 'list') await listPlans();
else fail(USAGE);
