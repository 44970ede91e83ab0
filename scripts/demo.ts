/**
 * `npm run demo`: the whole monthly cycle on this machine, no cloud account. Generates the
 * templates, fills samples for every unit over three months (some late, some missing, some
 * rejected and then corrected), posts them to the real `ingest` function over HTTP on
 * 127.0.0.1, compiles each month and the quarter, and downloads the national workbooks.
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildAppContext, setAppContext } from '../functions/app-context.ts';
import { startLocalServer } from '../functions/local-server.ts';
import { StorageTokenStore } from '../shared/auth/tokens.ts';
import { TOTAL_LABEL } from '../shared/compile/write-national-workbook.ts';
import { loadWorkbook } from '../shared/grid/exceljs-workbook.ts';
import type { Clock } from '../shared/ports/clock.ts';
import type { Unit } from '../shared/reference/reference-schema.ts';
import { FIRST_DATA_ROW } from '../shared/spec/template-spec.ts';
import { buildSampleWorkbook, keyColumns } from '../templates/fill-sample.ts';
import { writeXlsxTemplate } from '../templates/write-xlsx-template.ts';
import { writeFileEnsuringDir } from './cli-support.ts';

const OUT = resolve('out/demo');
const MONTHS = ['2025-04', '2025-05', '2025-06'];
const QUARTER = '2025-Q2';

/** A clock the demo moves: each upload happens at the simulated time it would in real life. */
class DemoClock implements Clock {
  private current = new Date('2025-04-01T00:00:00Z');
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

type Scenario = 'on_time' | 'late' | 'missing' | 'rejected_then_corrected' | 'rejected';

/** Deterministic: the same units are late or missing on every run. */
function scenarioFor(unitIndex: number, monthIndex: number): Scenario {
  const n = (unitIndex * 7 + monthIndex * 13) % 29;
  if (n === 3 || n === 17) return 'missing';
  if (n === 5 || n === 11 || n === 23) return 'late';
  if (n === 8 || n === 20) return 'rejected_then_corrected';
  if (n === 26) return 'rejected';
  return 'on_time';
}

function nextMonthDay(period: string, day: number, hour = 9): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(month === 12 ? year + 1 : year, month === 12 ? 0 : month, day, hour - 7));
  return date.toISOString();
}

/** Victims of each province as its committee (the source of record) reported them, by month. */
const acceptedVictims = new Map<string, number>();
/** Accepted activity money per unit and activity, month by month: what the quarter must show. */
const acceptedMoney = new Map<string, { spent: number; plannedTwelfths: number }>();

async function sampleBytes(unit: Unit, period: string, seed: number, broken: boolean): Promise<Uint8Array> {
  const context = await contextPromise;
  const { workbook, data } = await buildSampleWorkbook({ unit, period, seed }, context.catalogue);
  if (!broken) {
    const victims = (data.sections.cases ?? [])
      .filter((row) => unit.kind === 'province' && row.province === unit.province)
      .reduce((sum, row) => sum + Number(row.victims_total ?? 0), 0);
    acceptedVictims.set(period, (acceptedVictims.get(period) ?? 0) + victims);
    // Declared meanings: spent this month (flows add), planned for the year (a twelfth a month).
    for (const row of data.sections.activities ?? []) {
      const key = `${unit.code}|${row.activity_code}`;
      const held = acceptedMoney.get(key) ?? { spent: 0, plannedTwelfths: 0 };
      held.spent += Number(row.budget_spent_lak ?? 0);
      held.plannedTwelfths += Number(row.budget_planned_lak ?? 0) / 12;
      acceptedMoney.set(key, held);
    }
  }
  if (broken) {
    // 150 typed into a percent cell: Excel stores 1.5 with a % format, read as 150 %.
    const sheet = workbook.getWorksheet('Activities');
    const column = sheet ? keyColumns(sheet).get('percent_complete') : undefined;
    if (sheet && column) sheet.getCell(FIRST_DATA_ROW, column).value = 1.5;
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

async function post(url: string, token: string, bytes: Uint8Array, fileName: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes]), fileName);
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const line = (text: string) => process.stdout.write(`${text}\n`);

await rm(OUT, { recursive: true, force: true });
const clock = new DemoClock();
const contextPromise = buildAppContext(
  { STORAGE_URL: `file:${join(OUT, 'data')}`, TOKENS_SOURCE: 'storage' },
  clock,
);
const context = await contextPromise;
setAppContext(context);
const { server, url } = await startLocalServer(0);
const started = Date.now();
try {
  line(`Laingan demo: functions on ${url}, storage ${context.store.storage.description}`);
  const units = context.catalogue.units;
  for (const unit of units) {
    await writeFileEnsuringDir(
      join(OUT, 'templates', `template-${unit.code}-${MONTHS[0]}.xlsx`),
      await writeXlsxTemplate({ unit, period: MONTHS[0] as string }, context.catalogue),
    );
  }
  line(`1. ${units.length} templates written to ${join(OUT, 'templates')}`);
  const tokenStore = new StorageTokenStore(context.store.storage);
  const tokens = new Map<string, string>();
  for (const unit of units)
    tokens.set(unit.code, await tokenStore.issue({ kind: 'unit', unitCode: unit.code }, 'demo', clock.now()));
  const secretariat = await tokenStore.issue({ kind: 'secretariat' }, 'demo', clock.now());
  line(`2. ${tokens.size + 1} access tokens issued (hashes only in storage)`);

  const summary: {
    month: string;
    rate: number | null;
    onTime: number;
    late: number;
    missing: number;
    rejected: number;
    file: string;
  }[] = [];
  for (const [monthIndex, period] of MONTHS.entries()) {
    const counts = { accepted: 0, rejected: 0, missing: 0 };
    for (const [unitIndex, unit] of units.entries()) {
      const scenario = scenarioFor(unitIndex, monthIndex);
      const token = tokens.get(unit.code) as string;
      const fileName = `report-${unit.code}-${period}.xlsx`;
      if (scenario === 'missing') {
        counts.missing++;
        continue;
      }
      if (scenario === 'rejected' || scenario === 'rejected_then_corrected') {
        clock.set(nextMonthDay(period, 2 + (unitIndex % 5)));
        const first = await post(
          `${url}/ingest`,
          token,
          await sampleBytes(unit, period, monthIndex + 1, true),
          fileName,
        );
        if (first.status !== 422)
          throw new Error(`expected 422 for a broken ${unit.code} report, got ${first.status}`);
        if (scenario === 'rejected') {
          counts.rejected++;
          continue;
        }
      }
      clock.set(nextMonthDay(period, scenario === 'late' ? 14 + (unitIndex % 6) : 3 + (unitIndex % 6)));
      const result = await post(
        `${url}/ingest`,
        token,
        await sampleBytes(unit, period, monthIndex + 1, false),
        fileName,
      );
      if (result.status !== 201)
        throw new Error(
          `${unit.code} ${period}: HTTP ${result.status} ${JSON.stringify(result.body).slice(0, 400)}`,
        );
      counts.accepted++;
      process.stdout.write(
        `\r   ${period}: ${counts.accepted} accepted, ${counts.rejected} rejected, ${counts.missing} missing   `,
      );
    }
    line('');
    clock.set(nextMonthDay(period, 11, 8));
    const compiled = await fetch(`${url}/compile?period=${period}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secretariat}` },
    });
    const manifest = (await compiled.json()) as { version: string; reportingRate: number | null };
    const download = await fetch(`${url}/download?period=${period}&version=latest`, {
      headers: { authorization: `Bearer ${secretariat}` },
    });
    const file = join(OUT, `national-${period}-${manifest.version}.xlsx`);
    const workbookBytes = new Uint8Array(await download.arrayBuffer());
    await writeFileEnsuringDir(file, workbookBytes);
    // Check the workbook against what was uploaded: the national victims total.
    const cases = (await loadWorkbook(workbookBytes)).getWorksheet('Case statistics');
    const totalRow = cases?.getRow(cases.rowCount);
    const column = cases?.getRow(2).values as unknown[];
    const victimsColumn = column.findIndex((v) => typeof v === 'string' && v.includes('Victims, total'));
    const workbookVictims = Number(totalRow?.getCell(victimsColumn).value);
    if (workbookVictims !== acceptedVictims.get(period))
      throw new Error(
        `${period}: workbook victims ${workbookVictims} != the provinces' own ${acceptedVictims.get(period)}`,
      );
    const statusResponse = await fetch(`${url}/status?period=${period}`, {
      headers: { authorization: `Bearer ${secretariat}` },
    });
    const status = (await statusResponse.json()) as {
      units: { periods: Record<string, { status: string }> }[];
    };
    const tally = (s: string) => status.units.filter((u) => u.periods[period]?.status === s).length;
    summary.push({
      month: period,
      rate: manifest.reportingRate,
      onTime: tally('on_time'),
      late: tally('late'),
      missing: tally('missing'),
      rejected: tally('rejected'),
      file,
    });
    line(
      `3. ${period} compiled (HTTP ${compiled.status}), version ${manifest.version}; victims total ${workbookVictims} = the provincial committees' own figures (source of record)`,
    );
  }
  clock.set('2025-07-12T02:00:00Z');
  const quarter = await fetch(`${url}/compile?period=${QUARTER}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secretariat}` },
  });
  const quarterManifest = (await quarter.json()) as { version: string };
  const quarterFile = join(OUT, `national-${QUARTER}-${quarterManifest.version}.xlsx`);
  const quarterDownload = await fetch(`${url}/download?period=${QUARTER}&version=latest`, {
    headers: { authorization: `Bearer ${secretariat}` },
  });
  const quarterBytes = new Uint8Array(await quarterDownload.arrayBuffer());
  await writeFileEnsuringDir(quarterFile, quarterBytes);
  // The quarter's execution rate follows from the field meanings: spent in April-June against
  // a twelfth of the year's plan for each month reported.
  const money = [...acceptedMoney.values()];
  const spent = money.reduce((t, m) => t + m.spent, 0);
  const planned = money.reduce((t, m) => t + Math.round(m.plannedTwelfths), 0);
  const expectedRate = (spent / planned) * 100;
  const summarySheet = (await loadWorkbook(quarterBytes)).getWorksheet('Summary');
  let rateColumn = 0;
  const goalRates: number[] = [];
  let workbookRate = Number.NaN;
  summarySheet?.eachRow((row) => {
    const values = row.values as unknown[];
    const index = values.indexOf('execution_rate');
    if (index > 0) rateColumn = index;
    const first = String(row.getCell(1).value ?? '');
    if (rateColumn && /^G\d+$/.test(first)) goalRates.push(Number(row.getCell(rateColumn).value));
    if (rateColumn && first === TOTAL_LABEL && Number.isNaN(workbookRate))
      workbookRate = Number(row.getCell(rateColumn).value);
  });
  if (Math.abs(workbookRate - expectedRate) > 1e-6)
    throw new Error(`${QUARTER}: execution rate ${workbookRate} != ${expectedRate} from the uploads`);
  const again = await fetch(`${url}/compile?period=${MONTHS.at(-1)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secretariat}` },
  });

  line('');
  line('ສະຫຼຸບ / Summary');
  line('month     reporting rate  on time  late  missing  rejected');
  for (const row of summary)
    line(
      `${row.month}   ${String(row.rate ?? '-').padStart(6)} %      ${String(row.onTime).padStart(5)}  ${String(row.late).padStart(4)}  ${String(row.missing).padStart(7)}  ${String(row.rejected).padStart(8)}`,
    );
  line('');
  line('National workbooks / ປຶ້ມວຽກລະດັບຊາດ:');
  for (const row of summary) line(`  ${row.file}`);
  line(`  ${quarterFile}`);
  line(
    `${QUARTER} execution rate ${workbookRate.toFixed(1)} % (${(spent / 1e9).toFixed(1)} bn spent / ${(planned / 1e9).toFixed(1)} bn planned for the months reported); by goal ${Math.min(...goalRates).toFixed(1)}-${Math.max(...goalRates).toFixed(1)} %`,
  );
  line(`Re-running the ${MONTHS.at(-1)} compile on unchanged inputs: HTTP ${again.status} (no new version)`);
  const lake = await context.store.storage.list('lake/');
  line(
    `Data lake: ${lake.filter((k) => k.endsWith('.parquet')).length} Parquet files under ${join(OUT, 'data', 'lake')} (start from lake/_latest.json)`,
  );
  line(`Storage: ${join(OUT, 'data')}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} finally {
  server.close();
}
