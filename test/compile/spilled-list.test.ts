/** Rows kept deflated off the heap, and the k-way merge of sorted runs of them. */
import { describe, expect, it } from 'vitest';
import { mergeSortedRuns, SpillBudget, SpilledList } from '../../shared/compile/spilled-list.ts';

interface Row {
  readonly unit: string;
  readonly date: string;
  readonly seq: number;
  readonly note: string | null;
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** A list that spills from its first row (a budget of none), in blocks of `rowsPerBlock`. */
const listOf = <T>(rows: readonly T[], rowsPerBlock?: number) => {
  const list = new SpilledList<T>(new SpillBudget(0), rowsPerBlock);
  for (const row of rows) list.push(row);
  return list;
};

describe('SpilledList', () => {
  const rows: Row[] = Array.from({ length: 1000 }, (_, seq) => ({
    unit: `LA-${String(seq % 17).padStart(2, '0')}`,
    date: `2025-0${1 + (seq % 9)}-1${seq % 10}`,
    seq,
    // Lao with vowel and tone marks, a line break and a quote inside one cell, and blanks.
    note: seq % 3 === 0 ? null : `ຝຶກອົບຮົມ ເລກທີ ${seq}\n"ສຳເລັດ" ${'ກ'.repeat(seq % 40)}`,
  }));

  it('gives back every row in the order pushed, across many blocks, as often as asked', () => {
    const list = listOf(rows, 64);
    expect(list).toHaveLength(1000);
    expect([...list]).toEqual(rows);
    expect([...list]).toEqual(rows);
    expect(list.first).toEqual(rows[0]);
  });

  it('keeps rows pushed after a read, and rows not yet sealed into a block', () => {
    const list = listOf(rows.slice(0, 70), 64);
    expect([...list]).toEqual(rows.slice(0, 70));
    for (const row of rows.slice(70, 100)) list.push(row);
    list.seal();
    list.push(rows[100] as Row);
    expect([...list]).toEqual(rows.slice(0, 101));
  });

  it('holds far fewer bytes than the rows as JSON', () => {
    const list = listOf(rows);
    list.seal();
    expect(list.compressedBytes).toBeGreaterThan(0);
    expect(list.compressedBytes).toBeLessThan(JSON.stringify(rows).length / 4);
  });

  it('serialises to JSON as the plain array of its rows', () => {
    expect(JSON.parse(JSON.stringify({ rows: listOf(rows, 100) }))).toEqual({ rows });
    expect(JSON.stringify(new SpilledList<Row>())).toBe('[]');
    expect(JSON.stringify(new SpilledList<Row>(new SpillBudget(0)))).toBe('[]');
  });
});

describe('SpillBudget', () => {
  const rowsOf = (from: number, count: number) =>
    Array.from({ length: count }, (_, seq) => ({
      unit: 'MPS',
      date: '2025-06-01',
      seq: from + seq,
      note: null,
    }));
  /** Two lists sharing a budget of ten rows, the first given `split` rows of `rows`, the second the rest. */
  const twoListsOf = (rows: readonly Row[], split: number) => {
    const budget = new SpillBudget(10);
    const events = new SpilledList<Row>(budget, 4);
    const sources = new SpilledList<Row>(budget, 4);
    for (const row of rows.slice(0, split)) events.push(row);
    for (const row of rows.slice(split)) sources.push(row);
    return { budget, events, sources };
  };

  it('holds the rows themselves while the budget lasts: nothing is stringified or deflated', () => {
    const rows = rowsOf(0, 10);
    const { budget, events, sources } = twoListsOf(rows, 6);
    events.seal();
    expect(events.isHeld && sources.isHeld && !budget.spilling).toBe(true);
    expect(events.compressedBytes).toBe(0);
    // The very objects pushed come back.
    expect([...events][0]).toBe(rows[0]);
    expect([...sources]).toEqual(rows.slice(6));
  });

  it('spills every list sharing it once their rows pass it, and the lists created after', () => {
    const rows = rowsOf(0, 40);
    const { budget, events, sources } = twoListsOf(rows.slice(0, 11), 8);
    expect(budget.spilling).toBe(true);
    expect(events.isHeld || sources.isHeld).toBe(false);
    expect(events.compressedBytes).toBeGreaterThan(0);
    expect(sources.compressedBytes).toBeGreaterThan(0);
    const later = new SpilledList<Row>(budget, 4);
    for (const row of rows.slice(11, 30)) events.push(row);
    for (const row of rows.slice(30)) later.push(row);
    later.seal();
    expect(later.isHeld).toBe(false);
    expect(later.compressedBytes).toBeGreaterThan(0);
    // Same rows, same order, whichever side of the spill they were pushed on.
    expect([...events]).toEqual([...rows.slice(0, 8), ...rows.slice(11, 30)]);
    expect([...events][0]).not.toBe(rows[0]);
    expect([...sources]).toEqual(rows.slice(8, 11));
    expect([...later]).toEqual(rows.slice(30));
  });

  it('merges held and spilled runs alike', () => {
    const budget = new SpillBudget(5);
    const held = new SpilledList<Row>(new SpillBudget(), 4);
    const spilled = new SpilledList<Row>(budget, 4);
    for (const row of rowsOf(0, 3)) held.push(row);
    for (const row of rowsOf(3, 8)) spilled.push(row);
    expect(held.isHeld && !spilled.isHeld).toBe(true);
    const seqs = [...mergeSortedRuns([spilled, held], () => 0)].map((r) => r.seq);
    expect(seqs).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2]);
  });
});

describe('mergeSortedRuns', () => {
  const byDateThenUnit = (a: Row, b: Row) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0;

  it('gives what a stable sort of the runs one after another gives, ties to the earlier run', () => {
    const next = random(7);
    // Many ties (few dates and units), runs of very different lengths, some empty.
    const runs = Array.from({ length: 9 }, (_, run) =>
      Array.from({ length: run === 4 ? 0 : Math.floor(next() * 300) }, (_, seq) => ({
        unit: `U${Math.floor(next() * 3)}`,
        date: `2025-06-0${1 + Math.floor(next() * 4)}`,
        seq: run * 1000 + seq,
        note: null,
      })).sort(byDateThenUnit),
    );
    const merged = mergeSortedRuns(
      runs.map((run) => listOf(run, 16)),
      byDateThenUnit,
    );
    const expected = runs.flat().sort(byDateThenUnit);
    expect(merged).toHaveLength(expected.length);
    expect([...merged].map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
    // Read twice, the same.
    expect([...merged]).toEqual(expected);
  });

  it('reads a run only once its first row comes up', () => {
    const month = (m: number) =>
      listOf(
        Array.from({ length: 50 }, (_, day) => ({
          unit: 'MPS',
          date: `2025-0${m}-${String(1 + (day % 28)).padStart(2, '0')}`,
          seq: m * 100 + day,
          note: 'ກອງປະຊຸມ',
        })).sort(byDateThenUnit),
        10,
      );
    const runs = [month(3), month(1), month(2)];
    const opened: number[] = [];
    for (const [index, run] of runs.entries()) {
      const read = run[Symbol.iterator].bind(run);
      run[Symbol.iterator] = () => {
        opened.push(index);
        return read();
      };
    }
    const rows = mergeSortedRuns(runs, byDateThenUnit)[Symbol.iterator]();
    // The first row is January's: March and February stay compressed.
    expect(rows.next().value?.date).toBe('2025-01-01');
    expect(opened).toEqual([1]);
    for (let i = 0; i < 49; i++) rows.next();
    expect(rows.next().value?.date).toBe('2025-02-01');
    expect(opened).toEqual([1, 2]);
  });

  it('merges no runs into an empty list', () => {
    expect([...mergeSortedRuns<Row>([], byDateThenUnit)]).toEqual([]);
    expect(mergeSortedRuns([new SpilledList<Row>()], byDateThenUnit)).toHaveLength(0);
  });
});
