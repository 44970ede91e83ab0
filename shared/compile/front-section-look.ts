/**
 * How the front section looks in every form (workbook sheets, native charts, the PDF): status
 * and series colours, status labels, attributions and shortened titles. Layout helpers only;
 * the figures are in `front-section.ts`.
 */
import type { Bilingual } from '../text/bilingual.ts';
import type { FrontSection, UnitMonths } from './front-section.ts';
import { NOT_REPORTED } from './national-report.ts';

/** Colours by activity status (`RRGGBB`). */
export const STATUS_COLOURS: Readonly<Record<string, string>> = {
  completed: '70AD47',
  in_progress: '5B9BD5',
  not_started: 'A5A5A5',
  delayed: 'ED7D31',
  cancelled: '7F6000',
  [NOT_REPORTED]: 'D9D9D9',
};

/** Colours of the trend series. */
export const SERIES_COLOURS = {
  female: 'C55A9C',
  male: '4472C4',
  reporting: '2E75B6',
  onTime: '70AD47',
} as const;

/** Labels of the section's status codes, from the report's status list (plus "not reported"). */
export function statusLabels(
  section: FrontSection,
  statusList: readonly { code: string; label: Bilingual }[],
): { code: string; label: Bilingual }[] {
  const labels = new Map(statusList.map((c) => [c.code, c.label]));
  labels.set(NOT_REPORTED, { lo: 'ບໍ່ໄດ້ລາຍງານ', en: 'Not reported' });
  return section.progress.statusCodes.map((code) => ({
    code,
    label: labels.get(code) ?? { lo: code, en: code },
  }));
}

/**
 * Who wrote a text, short enough for one line: the units (authors are `UNIT · ACTIVITY`), the
 * first few, then how many more. Every author and activity is on the Activities sheet.
 */
export function attribution(authors: readonly string[], shown = 3): string {
  const units = [...new Set(authors.map((a) => a.split(' · ')[0] ?? a))];
  const head = units.slice(0, shown).join(', ');
  return units.length > shown ? `${head} +${units.length - shown}` : head;
}

/** A long title cut for a table cell (the full text is in the plan and the detail sheets). */
export const shorten = (text: string, length: number) =>
  text.length > length ? `${text.slice(0, length - 1)}…` : text;

/**
 * Above this many units, a list of units names them by code only (their names are on the
 * Reporting sheet): 32 missing units named in full would push the front section past four pages.
 */
export const NAMED_UNITS_LIMIT = 8;

/** Note after a list of codes: where the names are. */
export const NAMES_ON_REPORTING_SHEET = {
  lo: 'ຊື່ເຕັມຢູ່ໃນແຜ່ນ ການລາຍງານ',
  en: 'full names on the Reporting sheet',
} as const;

/** A unit by code, with the months it concerns when the scope has several ("LA-AT: 04, 05"). */
export function unitCodeEntry(unit: UnitMonths, severalMonths: boolean): string {
  return severalMonths
    ? `${unit.unitCode}: ${unit.periods.map((p) => p.slice(5)).join(', ')}`
    : unit.unitCode;
}
