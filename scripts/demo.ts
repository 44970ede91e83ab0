/**
 * `npm run demo`: the whole monthly cycle on this machine, no cloud account. Generates the
 * templates, fills samples for every unit over three months (some late, some missing, some
 * rejected and then corrected), posts them to the real `ingest` function over HTTP on
 * 127.0.0.1, compiles each month and the quarter, and downloads the national workbooks. Then
 * the Secretariat returns one June report with a comment, the unit corrects it, June is
 * locked, an upload after the lock waits until accepted (a new version), and June is unlocked.
 */
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { buildAppContext, setAppContext } from '../functions/app-context.ts';
import { startLocalServer } from '../functions/local-server.ts';
import { StorageTokenStore } from '../shared/auth/tokens.ts';
import { NATIONAL_TABS, TOTAL_LABEL } from '../shared/compile/write-national-workbook.ts';
import { loadWorkbook } from '../shared/grid/exceljs-workbook.ts';
import type { Clock } from '../shared/ports/clock.ts';
import type { Unit } from '../shared/reference/reference-schema.ts';
import { findSpecSheet } from '../shared/spec/sheet-naming.ts';
import { FIRST_DATA_ROW, SHEET_NAMES } from '../shared/spec/template-spec.ts';
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
    const sheet = findSpecSheet(workbook.worksheets, SHEET_NAMES.activities);
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

async function call(url: string, token: string, init: RequestInit = {}) {
  const response = await fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers },
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  return body;
}

type StatusCell = { status: string; sha256: string | null; review: string | null; afterLockPending: number };
async function juneCell(url: string, secretariat: string, unit: string): Promise<StatusCell> {
  const status = (await call(`${url}/status?period=2025-06`, secretariat)) as {
    units: { unit: string; periods: Record<string, StatusCell> }[];
  };
  const cell = status.units.find((u) => u.unit === unit)?.periods['2025-06'];
  if (!cell) throw new Error(`no June status for ${unit}`);
  return cell;
}

/**
 * A return-and-correct round and a lock on the last month, through the same functions the
 * Secretariat's desk and the unit's portal page call.
 */
async function reviewRound(
  url: string,
  secretariat: string,
  tokens: ReadonlyMap<string, string>,
  units: readonly Unit[],
): Promise<string[]> {
  const period = '2025-06';
  const said: string[] = [];
  const onTime: string[] = [];
  for (const unit of units)
    if ((await juneCell(url, secretariat, unit.code)).status === 'on_time') onTime.push(unit.code);
  const [returnedCode, lateCode] = onTime as [string, string];
  const returnedUnit = units.find((u) => u.code === returnedCode) as Unit;
  const before = await juneCell(url, secretariat, returnedCode);
  clock.set('2025-07-22T03:00:00Z');
  const comment = 'ກະລຸນາກວດຄືນຕົວເລກຜູ້ຖືກເຄາະຮ້າຍ / Please recheck the victims figures';
  const review = (body: Record<string, string>) =>
    call(`${url}/review`, secretariat, { method: 'POST', body: JSON.stringify({ period, ...body }) });
  await review({ action: 'return', unit: returnedCode, sha256: before.sha256 ?? '', comment });
  const returned = await juneCell(url, secretariat, returnedCode);
  // The unit sees the comment on its page: the portal's history route, opened with a session.
  const unitToken = tokens.get(returnedCode) as string;
  const session = (await call(`${url}/portal/api/session`, unitToken, { method: 'POST' })).token as string;
  const history = JSON.stringify(await call(`${url}/portal/api/history`, session));
  if (returned.status !== 'returned' || !history.includes('Please recheck the victims figures'))
    throw new Error(`${returnedCode}: the return did not reach the status or the unit's page`);
  said.push(
    `${returnedCode} returned with "${comment}"; status ${returned.status}; the unit's page shows the comment`,
  );
  clock.set('2025-07-23T02:00:00Z');
  const corrected = await post(
    `${url}/ingest`,
    unitToken,
    await sampleBytes(returnedUnit, period, 40, false),
    `report-${returnedCode}-${period}-corrected.xlsx`,
  );
  const afterCorrection = await juneCell(url, secretariat, returnedCode);
  await review({ action: 'accept', unit: returnedCode, sha256: String(corrected.body.sha256) });
  const accepted = await juneCell(url, secretariat, returnedCode);
  said.push(
    `${returnedCode} corrected (HTTP ${corrected.status}) -> ${afterCorrection.status}, current again; accepted -> ${accepted.review}`,
  );
  clock.set('2025-07-23T08:00:00Z');
  const lock = await review({ action: 'lock', reason: 'ສົ່ງຄະນະກຳມະການແລ້ວ / sent to the Committee' });
  const compileJune = () =>
    call(`${url}/compile?period=${period}`, secretariat, { method: 'POST' }) as Promise<{
      version: string;
      created: boolean;
    }>;
  const locked = await compileJune();
  const repeat = await compileJune();
  said.push(
    `2025-06 locked (changed: ${lock.changed}); compiled version ${locked.version}; compiled again: ${repeat.version} (${repeat.created ? 'NEW - not reproducible!' : 'same version'})`,
  );
  if (repeat.version !== locked.version) throw new Error('a locked month compiled twice gave two versions');
  clock.set('2025-07-24T02:00:00Z');
  const lateUnit = units.find((u) => u.code === lateCode) as Unit;
  const afterLock = await post(
    `${url}/ingest`,
    tokens.get(lateCode) as string,
    await sampleBytes(lateUnit, period, 41, false),
    `report-${lateCode}-${period}-after-lock.xlsx`,
  );
  const unchanged = await compileJune();
  const waiting = await juneCell(url, secretariat, lateCode);
  if (!afterLock.body.afterLock || unchanged.version !== locked.version || waiting.afterLockPending !== 1)
    throw new Error(`${lateCode}: an upload after the lock changed the locked month`);
  said.push(
    `${lateCode} uploaded after the lock (HTTP ${afterLock.status}, flagged after lock): kept, not current; compile still ${unchanged.version}`,
  );
  const admitted = (await review({
    action: 'accept',
    unit: lateCode,
    sha256: String(afterLock.body.sha256),
  })) as {
    compiled: { version: string; created: boolean } | null;
  };
  said.push(
    `Secretariat accepted it into 2025-06 -> new workbook version ${admitted.compiled?.version} (${admitted.compiled?.created ? 'created' : 'unchanged'})`,
  );
  clock.set('2025-07-24T03:00:00Z');
  await review({ action: 'unlock', reason: 'demo: reopened for the next round' });
  const audit = await contextPromise.then((c) => c.store.listAudit());
  const decisions = audit.filter((e) =>
    ['review-accepted', 'review-returned', 'lock', 'unlock'].includes(e.action),
  );
  said.push(`2025-06 unlocked; audit log: ${decisions.map((e) => `${e.action} by ${e.actor}`).join(', ')}`);
  return said;
}

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
    const cases = (await loadWorkbook(workbookBytes)).getWorksheet(NATIONAL_TABS.cases);
    let totalRow: ReturnType<NonNullable<typeof cases>['getRow']> | undefined;
    cases?.eachRow((row) => {
      if (row.getCell(1).value === TOTAL_LABEL) totalRow = row;
    });
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
  const summarySheet = (await loadWorkbook(quarterBytes)).getWorksheet(NATIONAL_TABS.summary);
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
  // After every upload of the run (late ones come in up to the 19th of July).
  const round = await reviewRound(url, secretariat, tokens, units);
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
  line(
    `Re-running the ${MONTHS.at(-1)} compile on unchanged inputs: HTTP ${again.status} (${again.status === 200 ? 'no new version' : 'NEW VERSION - inputs changed?'})`,
  );
  line('');
  line('Secretariat review / ການກວດຂອງກອງເລຂາ (2025-06):');
  for (const text of round) line(`  ${text}`);
  const lake = await context.store.storage.list('lake/');
  line(
    `Data lake: ${lake.filter((k) => k.endsWith('.parquet')).length} Parquet files under ${join(OUT, 'data', 'lake')} (start from lake/_latest.json)`,
  );
  line(`Storage: ${join(OUT, 'data')}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} finally {
  server.close();
}
