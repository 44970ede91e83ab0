/**
 * The headline figures of every month from the plan's start to the end of a scope, for the
 * front section's comparisons (previous period, a year before, plan to date) and trend.
 *
 * A month's figures depend only on its inputs, so each is stored once under its inputs hash
 * (`figures/<month>/<hash>.json`) and read back on later compiles. The hash is of the month's
 * folder listings ({@link listMonthInputs}), not of its records' contents: records, reviews
 * and locks are append-only and named by content or by time and a random id, so any new input
 * adds a key. A monthly compile thus lists every earlier month (three list calls each) but
 * reads records and submissions only of months whose inputs changed. Months are worked
 * through a few at a time, so memory stays that of one month.
 */

import { mapBounded } from '../async/map-bounded.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { layout } from '../store/storage-layout.ts';
import { sha256Hex } from '../store/submission-store.ts';
import type { CompileInput } from './compile-input.ts';
import { type MonthFigures, monthFiguresFrom } from './front-section.ts';

/** Bump when what a month's figures hold changes: stored figures of other versions are ignored. */
export const MONTH_FIGURES_VERSION = 'f1';

/** A month as listed: its inputs hash, and its whole input on demand. */
export interface MonthInputs {
  readonly inputsHash: string;
  /** Records the month holds (0: its figures are computed without loading any, and not stored). */
  readonly accepted: number;
  /** The month's compile input, submissions loaded. */
  load(): Promise<CompileInput>;
}

/** Where months come from. */
export interface MonthSource {
  /** Lists the month's inputs (cheap: no record or submission is read yet). */
  open(month: string): Promise<MonthInputs>;
}

/** Every month from `first` to `last` (`YYYY-MM`), ascending. */
export function monthsFrom(first: string, last: string): string[] {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let i = index(first); i <= index(last); i++)
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return months;
}

/** A month's inputs as listed: how many records it holds, and the hash of its keys. */
export interface MonthListing {
  readonly keysHash: string;
  readonly records: number;
}

/**
 * A month's listing and the keys it found: its records, reviews and locks are read from these
 * keys, so what is read is exactly what was hashed, and no folder is listed twice.
 */
export interface ListedMonth extends MonthListing {
  readonly recordKeys: readonly string[];
  readonly reviewKeys: readonly string[];
  readonly lockKeys: readonly string[];
}

/**
 * Lists a month's record, review and lock keys and hashes them. Every upload, review or lock
 * adds a key and none is rewritten, so the hash changes whenever the month's inputs do. List
 * before reading the records: figures computed from what is read then are never older than
 * the listing they are stored under.
 */
export async function listMonthInputs(storage: ObjectStorage, month: string): Promise<ListedMonth> {
  const [records, reviews, locks] = await Promise.all([
    storage.list(layout.recordsOfPeriod(month)),
    storage.list(layout.reviewsOfPeriod(month)),
    storage.list(layout.locksOfPeriod(month)),
  ]);
  const recordKeys = records.filter((key) => key.endsWith('.json')).sort();
  const reviewKeys = reviews.sort();
  const lockKeys = locks.sort();
  const keysHash = sha256Hex([month, ...recordKeys, '', ...reviewKeys, '', ...lockKeys].join('\n'));
  return { keysHash, records: recordKeys.length, recordKeys, reviewKeys, lockKeys };
}

/**
 * The inputs hash a month's figures are stored under: its listing, and (`salt`) what else
 * decides them, such as the plan and the due day.
 */
export function monthInputsHashOf(listing: MonthListing, salt: string): string {
  return sha256Hex(`${MONTH_FIGURES_VERSION}|${salt}|${listing.keysHash}`);
}

const decoder = new TextDecoder();

/**
 * Stored figures, or undefined when absent or unreadable (a write cut short by a crash): then
 * they are computed again, which gives the same figures.
 */
function readFigures(bytes: Uint8Array | undefined, month: string): MonthFigures | undefined {
  if (!bytes?.length) return undefined;
  try {
    const figures = JSON.parse(decoder.decode(bytes)) as MonthFigures;
    return figures.period === month && figures.figures && Array.isArray(figures.statuses)
      ? figures
      : undefined;
  } catch {
    return undefined;
  }
}

/** One month's figures and the hash they were computed from. */
export interface MonthSeriesEntry {
  readonly figures: MonthFigures;
  readonly inputsHash: string;
}

/** The figures stored for a month's inputs, or undefined (absent, or a write cut short). */
async function storedMonthFigures(
  storage: ObjectStorage,
  month: string,
  inputsHash: string,
): Promise<MonthFigures | undefined> {
  return readFigures(
    await storage.get(layout.monthFigures(month, `${MONTH_FIGURES_VERSION}-${inputsHash}`)),
    month,
  );
}

/** Stores a month's figures under its inputs (create-only: the same inputs give the same figures). */
async function storeMonthFigures(
  storage: ObjectStorage,
  month: string,
  inputsHash: string,
  figures: MonthFigures,
): Promise<void> {
  await storage.putIfAbsent(
    layout.monthFigures(month, `${MONTH_FIGURES_VERSION}-${inputsHash}`),
    `${JSON.stringify(figures)}\n`,
    { contentType: 'application/json' },
  );
}

/**
 * The figures of each month, from storage when already computed for the same inputs, else
 * computed from the month's own report and stored. Order follows `months`.
 */
export async function gatherMonthSeries(
  source: MonthSource,
  storage: ObjectStorage,
  catalogue: Catalogue,
  months: readonly string[],
  concurrency = 4,
): Promise<MonthSeriesEntry[]> {
  return mapBounded(months, concurrency, async (month) => {
    const opened = await source.open(month);
    return figuresOfMonth(storage, month, opened.inputsHash, opened.accepted, async () =>
      monthFiguresFrom(await opened.load(), catalogue),
    );
  });
}

/**
 * A month's figures: stored under its inputs hash, else computed and stored. A month holding
 * no records costs nothing to compute, so its figures are neither looked up nor stored.
 *
 * With `storeLater`, the store of newly computed figures is handed to it (as work to start)
 * instead of awaited: a compile runs it in the background and waits for it before it ends,
 * so a file created on a slow disk does not hold up its next month.
 */
export async function figuresOfMonth(
  storage: ObjectStorage,
  month: string,
  inputsHash: string,
  records: number,
  compute: () => MonthFigures | Promise<MonthFigures>,
  storeLater?: (write: () => Promise<void>) => Promise<void>,
): Promise<MonthSeriesEntry> {
  if (!records) return { figures: await compute(), inputsHash };
  const stored = await storedMonthFigures(storage, month, inputsHash);
  if (stored) return { figures: stored, inputsHash };
  const figures = await compute();
  const write = () => storeMonthFigures(storage, month, inputsHash, figures);
  await (storeLater ? storeLater(write) : write());
  return { figures, inputsHash };
}
