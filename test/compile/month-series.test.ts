/** Month figures are computed once per inputs hash and read back after. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { monthFiguresOf } from '../../shared/compile/front-section.ts';
import { gatherMonthSeries, type MonthSource, monthsFrom } from '../../shared/compile/month-series.ts';
import { buildNationalReport } from '../../shared/compile/national-report.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { catalogue } from '../support/fixtures.ts';
import { inputFor } from '../support/front-section-fixture.ts';

describe('month series', () => {
  it('stores nothing for a month with nothing accepted', async () => {
    const storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-months-')));
    const source: MonthSource = {
      open: async (month) => ({ inputsHash: 'x', accepted: 0, load: async () => inputFor(month) }),
    };
    const [entry] = await gatherMonthSeries(source, storage, catalogue, ['2024-08']);
    expect(entry?.figures.figures.victims_total).toBe(0);
    expect(await storage.list('figures/')).toEqual([]);
  });

  it('lists the months between two, across years', () => {
    expect(monthsFrom('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
  });

  it('loads a month only when its inputs changed, and gives the figures of its own report', async () => {
    const storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-months-')));
    const hashes = new Map([
      ['2025-04', 'a'],
      ['2025-05', 'b'],
      ['2025-06', 'c'],
    ]);
    const loaded: string[] = [];
    const source: MonthSource = {
      open: async (month) => ({
        inputsHash: hashes.get(month) ?? 'none',
        accepted: inputFor(month).submissions.length,
        load: async () => {
          loaded.push(month);
          return inputFor(month);
        },
      }),
    };
    const months = monthsFrom('2025-04', '2025-06');
    const first = await gatherMonthSeries(source, storage, catalogue, months);
    expect(loaded.sort()).toEqual(months);
    expect(first.map((m) => m.figures)).toEqual(
      months.map((m) => monthFiguresOf(buildNationalReport(inputFor(m), catalogue))),
    );
    loaded.length = 0;
    hashes.set('2025-05', 'b2');
    const second = await gatherMonthSeries(source, storage, catalogue, months);
    expect(loaded).toEqual(['2025-05']);
    expect(second).toEqual(first.map((m, i) => (i === 1 ? { ...m, inputsHash: 'b2' } : m)));
  });
});
