import { replaceLaoDigits } from '../text/lao-text.ts';

/** Excel's day 0 is 1899-12-30 (counting the fictitious 29 Feb 1900). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MS_PER_DAY = 86_400_000;
/** Years from this on are taken as Buddhist Era (CE + 543): 2568 = 2025. */
const FIRST_BUDDHIST_ERA_YEAR = 2400;

/** ISO day of a valid calendar date, or undefined (e.g. 31/02/2025). */
export function isoDay(year: number, month: number, day: number): string | undefined {
  const ceYear = year >= FIRST_BUDDHIST_ERA_YEAR ? year - 543 : year;
  if (ceYear < 1900 || ceYear > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(ceYear, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** ISO day of an Excel serial number (1900 system), rounded to the nearest day. */
export function excelSerialToIsoDay(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1 || serial > 2_958_465) return undefined;
  const ms = EXCEL_EPOCH_MS + Math.round(serial) * MS_PER_DAY;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Excel serial of an ISO day, as exceljs and Excel store it (a whole number). */
export function isoDayToExcelSerial(iso: string): number {
  const [year, month, day] = iso.split('-').map(Number);
  return Math.round((Date.UTC(year ?? 1900, (month ?? 1) - 1, day ?? 1) - EXCEL_EPOCH_MS) / MS_PER_DAY);
}

/**
 * Reads a date typed as text: day/month/year as written in Laos (`28/07/2025`, `28-7-2025`,
 * `28.07.2568` in the Buddhist Era, Lao digits) or ISO `2025-07-28`.
 */
export function readDateText(text: string): string | undefined {
  const cleaned = replaceLaoDigits(text.normalize('NFKC')).trim();
  const dayFirst = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(cleaned);
  if (dayFirst) return isoDay(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(cleaned);
  if (iso) return isoDay(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  return undefined;
}

/** Reads a reporting month: `2025-06`, `06/2025`, `6-2568` (Buddhist Era), Lao digits. */
export function readPeriodText(text: string): string | undefined {
  const cleaned = replaceLaoDigits(text.normalize('NFKC')).trim();
  const yearFirst = /^(\d{4})\s*[-/.]\s*(\d{1,2})$/.exec(cleaned);
  const monthFirst = /^(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(cleaned);
  const [year, month] = yearFirst
    ? [Number(yearFirst[1]), Number(yearFirst[2])]
    : monthFirst
      ? [Number(monthFirst[2]), Number(monthFirst[1])]
      : [Number.NaN, Number.NaN];
  const day = isoDay(year, month, 1);
  return day?.slice(0, 7);
}
