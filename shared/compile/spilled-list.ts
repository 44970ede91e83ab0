/**
 * Lists whose length grows with a compile's span (awareness events, sources, warnings), kept
 * off the JavaScript heap once they are long: up to a budget shared by a report's lists, rows
 * are held as the objects pushed; past it, every list turns its rows into JSON lines deflated
 * a block at a time, read back lazily, one block inflated at a time. A compile of a few
 * months (about 1,200 rows at national scale) never stringifies, deflates or inflates a row,
 * while one of five years holds a few hundred kilobytes of compressed rows instead of tens of
 * thousands of objects, and the sheet writers walk the rows without the whole list ever being
 * objects at once.
 *
 * Rows must be JSON data (strings, finite numbers, booleans, null, arrays and plain objects)
 * and must not change once pushed: they come back deep-equal, key order kept (a -0 spilled
 * comes back as 0). Rows held come back as the same objects.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * A list read in order (as often as needed) that knows its length: an array, or a spilled
 * list. Spilled lists serialise to JSON as arrays, so a report holding them stays plain data
 * once written out.
 */
export interface RowList<T> extends Iterable<T> {
  readonly length: number;
}

/** Rows per deflated block: big enough to compress well, small enough to inflate at once. */
const ROWS_PER_BLOCK = 256;

/**
 * Rows a report holds as objects before its lists spill: half a year of national awareness
 * events and sources (about 1,200 rows, under 2 MB of heap) with room for warnings, a small
 * fraction of a compile's peak; a longer span spills, so its peak stays near a month's.
 */
export const ROWS_HELD_BEFORE_SPILLING = 2048;

/** Something that can turn the rows it holds into deflated blocks (see {@link SpillBudget}). */
interface Spillable {
  spillHeld(): void;
}

/**
 * How many rows the lists sharing it may hold as objects. Once their rows together pass the
 * limit, every one of those lists spills what it holds, and from then on all of them spill as
 * rows come: the number of objects held never grows with the span.
 */
export class SpillBudget {
  private readonly lists: Spillable[] = [];
  private held = 0;
  private exceeded = false;

  constructor(readonly rowsHeld = ROWS_HELD_BEFORE_SPILLING) {}

  /** True once the lists have spilled: rows are no longer held. */
  get spilling(): boolean {
    return this.exceeded;
  }

  /** Registers a list; true when it may hold rows. */
  join(list: Spillable): boolean {
    if (!this.exceeded) this.lists.push(list);
    return !this.exceeded;
  }

  /** Counts a row held; past the limit, every list spills (and this returns false). */
  hold(): boolean {
    if (this.exceeded) return false;
    if (++this.held <= this.rowsHeld) return true;
    this.exceeded = true;
    for (const list of this.lists) list.spillHeld();
    this.lists.length = 0;
    return false;
  }
}

/**
 * Rows read back in the order they were pushed: held as objects while the budget allows,
 * else kept as deflated blocks of JSON lines.
 */
export class SpilledList<T> implements RowList<T>, Spillable {
  /** Rows held as pushed, while the budget lasts (none once the list spills). */
  private held: T[] = [];
  private readonly blocks: Buffer[] = [];
  /** Each block's inflated length: it is inflated into one buffer of that size, no pieces. */
  private readonly blockLengths: number[] = [];
  /** Rows not yet in a block, as JSON (a string is far smaller than the object it came from). */
  private open: string[] = [];
  private count = 0;
  /** The first row as pushed: a merge compares it without inflating anything (see {@link mergeSortedRuns}). */
  private firstRow: T | undefined;
  private holding: boolean;

  /**
   * @param budget shared by a report's lists; without one, the list holds up to
   *   {@link ROWS_HELD_BEFORE_SPILLING} rows of its own. A budget of 0 rows spills at once.
   */
  constructor(
    private readonly budget = new SpillBudget(),
    private readonly rowsPerBlock = ROWS_PER_BLOCK,
  ) {
    this.holding = budget.join(this);
  }

  get length(): number {
    return this.count;
  }

  /** The first row, or undefined when the list is empty. */
  get first(): T | undefined {
    return this.firstRow;
  }

  /** True while the rows are held as objects (nothing compressed yet). */
  get isHeld(): boolean {
    return this.holding;
  }

  push(row: T): void {
    if (this.count === 0) this.firstRow = row;
    this.count++;
    if (this.holding) {
      this.held.push(row);
      // The row that passes the budget spills this list with the others, itself included.
      this.budget.hold();
      return;
    }
    this.pushLine(row);
  }

  /** The budget is spent: the rows held become blocks, and rows to come go the same way. */
  spillHeld(): void {
    if (!this.holding) return;
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const row of held) this.pushLine(row);
    this.seal();
  }

  private pushLine(row: T): void {
    // JSON escapes line breaks inside strings, so a row is exactly one line.
    this.open.push(JSON.stringify(row));
    if (this.open.length >= this.rowsPerBlock) this.seal();
  }

  /** Deflates the rows not yet in a block (done on its own every few hundred rows). */
  seal(): void {
    if (!this.open.length) return;
    // Level 1: these blocks live for one compile; speed matters more than the last few percent.
    const text = Buffer.from(this.open.join('\n'));
    this.blocks.push(deflateRawSync(text, { level: 1 }));
    this.blockLengths.push(text.length);
    this.open = [];
  }

  /** Compressed bytes held (blocks only), for measurements. */
  get compressedBytes(): number {
    return this.blocks.reduce((sum, block) => sum + block.length, 0);
  }

  /** The rows as an array (JSON.stringify calls this): for tests and small lists. */
  toJSON(): T[] {
    return [...this];
  }

  *[Symbol.iterator](): Iterator<T> {
    if (this.holding) {
      yield* this.held;
      return;
    }
    for (const [index, block] of this.blocks.entries()) {
      // One block's lines at a time: the rows of the others stay compressed. One byte more
      // than the block needs, so zlib fills one buffer and allocates no spare or pieces
      // (left for the garbage collector, they add up over a long list).
      const chunkSize = Math.max(64, (this.blockLengths[index] ?? 0) + 1);
      const lines = inflateRawSync(block, { chunkSize }).toString('utf8').split('\n');
      for (const line of lines) yield JSON.parse(line) as T;
    }
    for (const line of this.open) yield JSON.parse(line) as T;
  }
}

/** A run being merged: its current row, and the rest (undefined until the run is first read). */
interface Cursor<T> {
  head: T;
  rest: Iterator<T> | undefined;
  readonly run: SpilledList<T>;
  /** The run's place in the input: ties go to the earlier run, so the merge is stable. */
  readonly order: number;
}

/**
 * The rows of several runs, each already sorted by `compare`, as one sorted list: a k-way
 * merge that ties to the earlier run, so the result is what a stable sort of the runs'
 * concatenation gives. A run is inflated only when its first row comes up (until then its
 * first row stands for it), and then one block at a time: runs that do not overlap (months
 * of dated events) are read one after another, never all at once.
 */
export function mergeSortedRuns<T>(
  runs: readonly SpilledList<T>[],
  compare: (a: T, b: T) => number,
): RowList<T> & { toJSON(): T[] } {
  const length = runs.reduce((sum, run) => sum + run.length, 0);
  const before = (a: Cursor<T>, b: Cursor<T>) => {
    const compared = compare(a.head, b.head);
    return compared < 0 || (compared === 0 && a.order < b.order);
  };
  return {
    length,
    toJSON(): T[] {
      return [...this];
    },
    *[Symbol.iterator](): Iterator<T> {
      const heap: Cursor<T>[] = [];
      for (const [order, run] of runs.entries())
        if (run.length) push(heap, { head: run.first as T, rest: undefined, run, order }, before);
      while (heap.length) {
        const top = heap[0] as Cursor<T>;
        if (!top.rest) {
          // Its first row (compared as pushed) now comes first: read it back for real.
          top.rest = top.run[Symbol.iterator]();
          top.head = top.rest.next().value as T;
        }
        yield top.head;
        const next = top.rest.next();
        if (next.done) {
          const last = heap.pop() as Cursor<T>;
          if (heap.length) {
            heap[0] = last;
            siftDown(heap, 0, before);
          }
        } else {
          top.head = next.value;
          siftDown(heap, 0, before);
        }
      }
    },
  };
}

function push<T>(heap: T[], item: T, before: (a: T, b: T) => boolean): void {
  heap.push(item);
  let index = heap.length - 1;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    if (!before(heap[index] as T, heap[parent] as T)) break;
    [heap[index], heap[parent]] = [heap[parent] as T, heap[index] as T];
    index = parent;
  }
}

function siftDown<T>(heap: T[], start: number, before: (a: T, b: T) => boolean): void {
  let index = start;
  for (;;) {
    const left = index * 2 + 1;
    const right = left + 1;
    let least = index;
    if (left < heap.length && before(heap[left] as T, heap[least] as T)) least = left;
    if (right < heap.length && before(heap[right] as T, heap[least] as T)) least = right;
    if (least === index) return;
    [heap[index], heap[least]] = [heap[least] as T, heap[index] as T];
    index = least;
  }
}
