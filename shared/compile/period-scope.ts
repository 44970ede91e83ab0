/**
 * Reporting scopes: a month (`2025-06`), a quarter (`2025-Q2`), a year (`2025`) or the whole
 * plan (`2021-2025`). Every roll-up is the same compile over the months of its scope.
 */

export interface PeriodScope {
  /** As written: `2025-06`, `2025-Q2`, `2025`, `2021-2025`. */
  readonly label: string;
  /** The months covered, ascending, as `YYYY-MM`. */
  readonly months: readonly string[];
}

function monthsBetween(startYear: number, startMonth: number, endYear: number, endMonth: number): string[] {
  const months: string[] = [];
  for (let index = startYear * 12 + startMonth - 1; index <= endYear * 12 + endMonth - 1; index++)
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  return months;
}

/** Parses a scope label; returns undefined for anything else. */
export function parseScope(label: string): PeriodScope | undefined {
  const text = label.trim();
  let match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(text);
  if (match) return { label: text, months: [text] };
  match = /^(\d{4})-Q([1-4])$/i.exec(text);
  if (match) {
    const year = Number(match[1]);
    const first = (Number(match[2]) - 1) * 3 + 1;
    return { label: `${year}-Q${match[2]}`, months: monthsBetween(year, first, year, first + 2) };
  }
  match = /^(\d{4})$/.exec(text);
  if (match) return { label: text, months: monthsBetween(Number(match[1]), 1, Number(match[1]), 12) };
  match = /^(\d{4})-(\d{4})$/.exec(text);
  if (match && Number(match[1]) <= Number(match[2]))
    return { label: text, months: monthsBetween(Number(match[1]), 1, Number(match[2]), 12) };
  return undefined;
}

/** The month before the one containing `now`, in the given time zone (the scheduler's default). */
export function previousMonthIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * The due instant of a month's report: the end of `dueDay` of the following month, in the
 * time zone (23:59:59.999 local). Returned as a UTC Date.
 */
export function dueInstant(period: string, dueDay: number, timeZone: string): Date {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const dueYear = month === 12 ? year + 1 : year;
  const dueMonth = month === 12 ? 1 : month + 1;
  const localEnd = Date.UTC(dueYear, dueMonth - 1, dueDay, 23, 59, 59, 999);
  return new Date(localEnd - offsetMs(new Date(localEnd), timeZone));
}

/** Offset of a time zone from UTC at an instant, in ms (Asia/Vientiane: +7 h). */
function offsetMs(at: Date, timeZone: string): number {
  return wallClockMs(at, timeZone) - Math.floor(at.getTime() / 1000) * 1000;
}

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per time zone: making an Intl.DateTimeFormat costs far more than using one,
 * and a compile converts an instant for every unit and month (due dates, submission times).
 */
function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/**
 * The wall-clock time in `timeZone` at an instant, to the second, as if it were UTC ms:
 * what a clock on the wall there shows, for writing as a spreadsheet date.
 */
export function wallClockMs(at: Date, timeZone: string): number {
  const parts = wallClockFormat(timeZone).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** The years a scope may cover, inclusive. */
export interface YearSpan {
  readonly firstYear: number;
  readonly lastYear: number;
}

/**
 * True when every month of the scope lies within the span. Scopes outside it are refused:
 * `0001-9999` would otherwise list and compile 119,988 months, and `2125-06` would create a
 * version and a lake partition for a month nobody can report.
 */
export function scopeWithin(scope: PeriodScope, span: YearSpan): boolean {
  const first = Number(scope.months[0]?.slice(0, 4));
  const last = Number(scope.months.at(-1)?.slice(0, 4));
  return first >= span.firstYear && last <= span.lastYear;
}

/** A month moved by `delta` months: `shiftMonth('2025-01', -1)` is `2024-12`. */
export function shiftMonth(period: string, delta: number): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const index = year * 12 + month - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** `count` months ending at `last`, ascending. */
export function monthsEndingAt(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => shiftMonth(last, index - count + 1));
}
