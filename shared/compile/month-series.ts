/**
 * The headline figures of every month from the plan's start to the end of a scope, for the
 * front section's comparisons (previous period, a year before, plan to date) and trend.
 *
 * A month's figures depend only on its inputs, so each is stored once under its inputs hash
 * (`figures/<month>/<hash>.json`) and read back on later compiles: a monthly compile reads
 * the records of every month (cheap) but loads the submissions only of months whose inputs
 * changed. Months are worked through a few at a time, so memory stays that of one month.
 */

import { mapBounded } from '../async/map-bounded.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { layout } from '../store/storage-layout.ts';
import type { CompileInput } from './compile-input.ts';
import { type MonthFigures, monthFiguresFrom } from './front-section.ts';

/** Bump when what a month's figures hold changes: stored figures of other versions are ignored. */
export const MONTH_FIGURES_VERSION = 'f1';

/** A month as read from its records: its inputs hash, and its whole input on demand. */
export interface MonthInputs {
  readonly inputsHash: string;
  /** Accepted submissions the month holds (0: its figures are computed without loading any). */
  readonly accepted: number;
  /** The month's compile input, submissions loaded. */
  load(): Promise<CompileInput>;
}

/** Where months come from. */
export interface MonthSource {
  /** Reads the month's records (cheap: no submission is loaded yet). */
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

/**
 * Stored figures, or undefined when absent or unreadable (a write cut short by a crash): then
 * they are computed again, which gives the same figures.
 */
function readFigures(bytes: Uint8Array | undefined, month: string): MonthFigures | undefined {
  if (!bytes?.length) return undefined;
  try {
    const figures = JSON.parse(new TextDecoder().decode(bytes)) as MonthFigures;
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
export async function storedMonthFigures(
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
export async function storeMonthFigures(
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
    const { inputsHash } = opened;
    const compute = async () => monthFiguresFrom(await opened.load(), catalogue);
    // A month with nothing accepted costs nothing to compute: nothing stored, nothing read.
    if (!opened.accepted) return { figures: await compute(), inputsHash };
    const stored = await storedMonthFigures(storage, month, inputsHash);
    if (stored) return { figures: stored, inputsHash };
    const figures = await compute();
    await storeMonthFigures(storage, month, inputsHash, figures);
    return { figures, inputsHash };
  });
}
