/**
 * The compile holds one month's submissions at a time: it reads parsed submissions month by
 * month, in order, each month going into the report's running totals and the lake before the
 * next is read, and the result has the same detail sheets as the report built from the whole input.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileScope, gatherCompileInput, listVersions } from '../../shared/compile/compile-scope.ts';
import { buildNationalReport, NationalReportBuilder } from '../../shared/compile/national-report.ts';
import { parseScope } from '../../shared/compile/period-scope.ts';
import { writeNationalWorkbookToBuffer } from '../../shared/compile/write-national-workbook.ts';
import { loadExcelJs } from '../../shared/grid/exceljs-workbook.ts';
import type { SubmissionData } from '../../shared/parse/submission.ts';
import { fixedClock } from '../../shared/ports/clock.ts';
import type { Unit } from '../../shared/reference/reference-schema.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { layout } from '../../shared/store/storage-layout.ts';
import { SubmissionStore } from '../../shared/store/submission-store.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { FaultyStorage } from '../support/faulty-storage.ts';
import { catalogue } from '../support/fixtures.ts';

const SETTINGS = { reportDueDay: 10, timeZone: 'Asia/Vientiane' };

/** Every cell value of every sheet (zip timestamps aside, what a reader sees). */
async function cellsOf(bytes: Uint8Array): Promise<Record<string, unknown[]>> {
  const workbook = new (await loadExcelJs()).Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheets: Record<string, unknown[]> = {};
  workbook.eachSheet((sheet) => {
    const values: unknown[] = [];
    sheet.eachRow((row, number) => values.push([number, row.values]));
    sheets[sheet.name] = values;
  });
  return sheets;
}

/** A store that notes the month of every parsed submission it reads, and how many are in flight. */
class WatchedStore extends SubmissionStore {
  readonly months: string[] = [];
  inFlight = 0;
  mostInFlight = 0;
  override async loadParsed(sha256: string): Promise<SubmissionData> {
    this.inFlight++;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    try {
      const data = await super.loadParsed(sha256);
      this.months.push(data.period);
      return data;
    } finally {
      this.inFlight--;
    }
  }
}

/** Records an accepted upload of a sample report (its bytes named by `note`, so each is new). */
function recordSample(
  store: SubmissionStore,
  unit: Unit,
  period: string,
  seed: number,
  submittedAt: string,
  note = '',
): Promise<unknown> {
  return store.recordUpload({
    bytes: new TextEncoder().encode(`${unit.code} ${period}${note}`),
    report: {
      accepted: true,
      unreadable: false,
      unit: unit.code,
      period,
      issues: [],
      submission: generateSampleData({ unit, period, seed }, catalogue),
    },
    unitCode: unit.code,
    submittedBy: `unit:${unit.code}`,
    submittedAt: new Date(submittedAt),
    source: 'upload',
    fileName: `${unit.code}.xlsx`,
  });
}

async function storeWithQuarter(): Promise<WatchedStore> {
  const store = new WatchedStore(
    new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-stream-'))),
    catalogue,
  );
  const units = catalogue.units.slice(0, 6);
  for (const period of ['2025-04', '2025-05', '2025-06'])
    for (const [index, unit] of units.entries()) {
      if (period === '2025-05' && index === 2) continue; // one unit missing in May
      await recordSample(store, unit, period, index, `${period}-28T03:00:00Z`);
    }
  return store;
}

/** The quarter's store behind a FaultyStorage (to slow or fail writes, and log them), and a scope. */
async function faultyQuarter(label: string) {
  const quarter = await storeWithQuarter();
  const storage = new FaultyStorage(quarter.storage);
  const scope = parseScope(label);
  if (!scope) throw new Error(`${label} is a scope`);
  return { storage, store: new SubmissionStore(storage, catalogue), scope };
}

describe('compile, one month at a time', () => {
  it('reads the months in order, one month at a time, and gives the whole-input workbook', async () => {
    const store = await storeWithQuarter();
    const scope = parseScope('2025-Q2');
    if (!scope) throw new Error('scope');
    const result = await compileScope(
      { store, catalogue, clock: fixedClock('2025-07-20T00:00:00Z') },
      scope,
      SETTINGS,
      'test',
    );
    expect(result.created).toBe(true);
    expect(store.months).toEqual([...store.months].sort());
    expect(store.months).toHaveLength(17);
    expect(store.mostInFlight).toBeLessThanOrEqual(6);
    expect(result.manifest.sources).toHaveLength(17);

    // The same workbook as the report built from every submission at once.
    const { input } = await gatherCompileInput(store, catalogue, scope, SETTINGS);
    const whole = await writeNationalWorkbookToBuffer(buildNationalReport(input, catalogue), catalogue);
    const stored = await store.storage.get(result.manifest.workbookKey);
    // (The stored workbook also opens with the front section, built from the month figures.)
    const wholeCells = await cellsOf(whole);
    const storedCells = await cellsOf(stored ?? new Uint8Array());
    const detail = Object.fromEntries(Object.keys(wholeCells).map((name) => [name, storedCells[name]]));
    expect(detail).toEqual(wholeCells);
    // Every month of the lake was written.
    const latest = JSON.parse(new TextDecoder().decode(await store.storage.get('lake/_latest.json'))) as {
      periods: Record<string, unknown>;
    };
    expect(Object.keys(latest.periods)).toEqual(scope.months);
  });

  it('an unchanged compile reads no submission of a month whose lake snapshot exists', async () => {
    const store = await storeWithQuarter();
    const scope = parseScope('2025-Q2');
    if (!scope) throw new Error('scope');
    const deps = { store, catalogue, clock: fixedClock('2025-07-20T00:00:00Z') };
    await compileScope(deps, scope, SETTINGS, 'test');
    store.months.length = 0;
    const again = await compileScope(deps, scope, SETTINGS, 'test');
    expect(again.created).toBe(false);
    expect(store.months).toEqual([]);
  });

  it('a failed lake write of one month fails the compile: no version, no lake pointer, nothing writing after it; a retry completes', async () => {
    const { storage, store, scope } = await faultyQuarter('2025-Q2');
    const deps = { store, catalogue, clock: fixedClock('2025-07-20T00:00:00Z') };
    // April's files are slow, so May's are written while June is read; May's fact file fails.
    storage.delayMs = (key) => (key.includes('period=2025-04/') ? 30 : 0);
    storage.failWrite = (key) => key.startsWith('lake/case_statistics/period=2025-05/');
    await expect(compileScope(deps, scope, SETTINGS, 'test')).rejects.toThrow(/injected failure/);
    const writesAtError = storage.log.length;
    expect(storage.log.filter((e) => e.event === 'end')).toHaveLength(
      storage.log.filter((e) => e.event === 'start').length,
    );
    expect(await listVersions(store, scope.label)).toEqual([]);
    expect(await storage.list(`national/${scope.label}/`)).toEqual([]);
    expect(await storage.list('lake/_periods/')).toEqual([]);
    expect(await storage.exists('lake/_latest.json')).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(storage.log.length).toBe(writesAtError);
    storage.failWrite = () => false;
    const retried = await compileScope(deps, scope, SETTINGS, 'test');
    expect(retried.created).toBe(true);
    expect(await listVersions(store, scope.label)).toHaveLength(1);
  });

  it("stores the scope months' figures beside the months, before the manifest; a failed store fails the compile", async () => {
    const { storage, store, scope } = await faultyQuarter('2025-Q2');
    const deps = { store, catalogue, clock: fixedClock('2025-07-20T00:00:00Z') };
    // April's figures are slow to store: May is read and its lake files started meanwhile.
    storage.delayMs = (key) => (key.startsWith('figures/2025-04/') ? 80 : 0);
    const result = await compileScope(deps, scope, SETTINGS, 'test');
    const at = (event: 'start' | 'end', match: (key: string) => boolean) =>
      storage.log.findIndex((e) => e.event === event && match(e.key));
    const aprilFigures = (key: string) => key.startsWith('figures/2025-04/');
    expect(at('end', aprilFigures)).toBeGreaterThan(at('start', (key) => key.includes('period=2025-05/')));
    const manifestKey = layout.nationalManifest(scope.label, result.manifest.version);
    expect(at('start', (key) => key === manifestKey)).toBeGreaterThan(at('end', aprilFigures));
    for (const month of ['2025-04', '2025-05', '2025-06'])
      expect(await storage.list(`figures/${month}/`)).toHaveLength(1);

    // A figures store that fails fails a compile (of other inputs), and nothing writes after it.
    const other = await faultyQuarter('2025-Q2');
    other.storage.failWrite = (key) => key.startsWith('figures/2025-05/');
    await expect(
      compileScope({ ...deps, store: other.store }, other.scope, SETTINGS, 'test'),
    ).rejects.toThrow(/injected failure/);
    const writesAtError = other.storage.log.length;
    expect(other.storage.log.filter((e) => e.event === 'end')).toHaveLength(
      other.storage.log.filter((e) => e.event === 'start').length,
    );
    expect(await listVersions(other.store, other.scope.label)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(other.storage.log.length).toBe(writesAtError);

    // A failed lake write with June's figures still being stored: the compile fails only once
    // the figures write has settled too.
    const third = await faultyQuarter('2025-Q2');
    third.storage.delayMs = (key) => (key.startsWith('figures/2025-06/') ? 150 : 0);
    third.storage.failWrite = (key) => key.startsWith('lake/case_statistics/period=2025-06/');
    await expect(
      compileScope({ ...deps, store: third.store }, third.scope, SETTINGS, 'test'),
    ).rejects.toThrow(/injected failure/);
    expect(third.storage.log.filter((e) => e.event === 'end')).toHaveLength(
      third.storage.log.filter((e) => e.event === 'start').length,
    );
    expect(third.storage.log.some((e) => e.event === 'end' && e.key.startsWith('figures/2025-06/'))).toBe(
      true,
    );
  });

  it("lists each month's folders once, the scope's own months and the earlier ones alike", async () => {
    const { storage, store, scope: june } = await faultyQuarter('2025-06');
    await compileScope(
      { store, catalogue, clock: fixedClock('2025-07-20T00:00:00Z') },
      june,
      SETTINGS,
      'test',
    );
    const times = (prefix: string) => storage.listed.filter((p) => p === prefix).length;
    for (const month of ['2025-06', '2025-05', '2021-01'])
      for (const folder of ['submissions', 'reviews', 'locks'])
        expect(times(`${folder}/${month}/`), `${folder}/${month}/`).toBe(1);
  });

  it('collects the heap once a year of months, between months, and never in a shorter compile', async () => {
    const store = new WatchedStore(
      new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-compact-'))),
      catalogue,
    );
    const [unit] = catalogue.units;
    if (!unit) throw new Error('a unit');
    for (const period of ['2024-03', '2025-02', '2025-12'])
      await recordSample(store, unit, period, 1, `${period}-28T03:00:00Z`);
    const compile = async (label: string) => {
      const scope = parseScope(label);
      if (!scope) throw new Error(`${label} is a scope`);
      const readWhenCompacted: string[][] = [];
      const compactHeap = () => readWhenCompacted.push([...store.months]);
      await compileScope(
        { store, catalogue, clock: fixedClock('2026-01-20T00:00:00Z'), compactHeap },
        scope,
        SETTINGS,
        'test',
      );
      store.months.length = 0;
      return readWhenCompacted;
    };
    // After December 2024 (the March report read, not February's) and after December 2025.
    expect(await compile('2024-2025')).toEqual([['2024-03'], ['2024-03', '2025-02', '2025-12']]);
    expect(await compile('2025-Q4')).toEqual([]);
  });

  it('the report builder takes months in ascending order only', () => {
    const builder = new NationalReportBuilder(
      { label: '2025-Q2', months: ['2025-04', '2025-05'] },
      catalogue,
    );
    builder.addMonth('2025-05', []);
    expect(() => builder.addMonth('2025-04', [])).toThrow(/ascending/);
  });

  it("keys earlier months' figures by their listings: a late upload or a review changes them, reads none when unchanged", async () => {
    const store = await storeWithQuarter();
    const deps = { store, catalogue, clock: fixedClock('2025-07-20T00:00:00Z') };
    const june = parseScope('2025-06');
    if (!june) throw new Error('2025-06 is a scope');
    const first = await compileScope(deps, june, SETTINGS, 'tester');
    const figuresOfMay = async () =>
      Promise.all(
        (await store.storage.list('figures/2025-05/')).map(
          async (key) =>
            JSON.parse(new TextDecoder().decode(await store.storage.get(key))) as {
              statuses: { unitCode: string; status: string }[];
            },
        ),
      );
    expect(await figuresOfMay()).toHaveLength(1);
    // Unchanged: the earlier months' stored figures are found from their listings alone.
    store.months.length = 0;
    const again = await compileScope(deps, june, SETTINGS, 'tester');
    expect(again.created).toBe(false);
    expect(again.manifest.version).toBe(first.manifest.version);
    expect(store.months.filter((m) => m !== '2025-06')).toEqual([]);
    // A late upload for May: May's figures are worked out again, and June's compile changes.
    const unit = catalogue.units[2];
    if (!unit) throw new Error('fixture has too few units');
    await recordSample(store, unit, '2025-05', 2, '2025-07-02T03:00:00Z', ' late');
    const afterLate = await compileScope(deps, june, SETTINGS, 'tester');
    expect(afterLate.created).toBe(true);
    expect(afterLate.manifest.inputsHash).not.toBe(first.manifest.inputsHash);
    const may = await figuresOfMay();
    expect(may).toHaveLength(2);
    expect(may.map((m) => m.statuses.find((s) => s.unitCode === unit.code)?.status).sort()).toEqual([
      'late',
      'missing',
    ]);
    // A review of an April upload changes the compile too.
    const [april] = await store.listUnitRecords('2025-04', catalogue.units[0]?.code ?? '');
    if (!april) throw new Error('no April record');
    await store.recordReview({
      period: '2025-04',
      unitCode: april.unitCode,
      sha256: april.sha256,
      decision: 'returned',
      comment: 'please correct',
      by: 'secretariat',
      at: '2025-07-05T00:00:00.000Z',
    });
    const afterReview = await compileScope(deps, june, SETTINGS, 'tester');
    expect(afterReview.created).toBe(true);
    expect(afterReview.manifest.inputsHash).not.toBe(afterLate.manifest.inputsHash);
    expect(await store.storage.list('figures/2025-04/')).toHaveLength(2);
  });
  it('compiles a locked month to the same version after uploads kept past the lock, in it or in an earlier month', async () => {
    const store = await storeWithQuarter();
    const deps = { store, catalogue, clock: fixedClock('2025-07-20T00:00:00Z') };
    const june = parseScope('2025-06');
    if (!june) throw new Error('2025-06 is a scope');
    for (const period of ['2025-05', '2025-06'])
      await store.recordLock({
        period,
        action: 'lock',
        reason: null,
        by: 'secretariat',
        at: '2025-07-15T00:00:00.000Z',
      });
    const locked = await compileScope(deps, june, SETTINGS, 'tester');
    const unit = catalogue.units[1];
    if (!unit) throw new Error('fixture has too few units');
    for (const period of ['2025-05', '2025-06'])
      await recordSample(store, unit, period, 9, '2025-07-18T03:00:00Z', ' after the lock');
    // Kept, not counted until accepted: the same report, so the same version and no new one.
    const again = await compileScope(deps, june, SETTINGS, 'tester');
    expect(again.created).toBe(false);
    expect(again.manifest.version).toBe(locked.manifest.version);
  });
});
