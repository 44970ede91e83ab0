/**
 * A compile input over many months for the front section: a few units reporting (samples) in
 * the quarter, the quarter before and the same quarter a year before, one unit missing and
 * one late; and the month figures of every month from the plan's start.
 */
import type {
  AcceptedSubmission,
  CompileInput,
  ReportingStatusEntry,
} from '../../shared/compile/compile-input.ts';
import { type MonthFigures, monthFiguresOf } from '../../shared/compile/front-section.ts';
import { buildNationalReport } from '../../shared/compile/national-report.ts';
import { parseScope } from '../../shared/compile/period-scope.ts';
import { generateSampleData } from '../../templates/fill-sample.ts';
import { catalogue, unit } from './fixtures.ts';

export const UNITS = ['MPS', 'LA-VT', 'OSPP', 'LWU'] as const;
/** Months with reports: the quarter, the quarter before, and the same quarter a year before. */
export const REPORTED = [
  '2024-04',
  '2024-05',
  '2024-06',
  '2025-01',
  '2025-02',
  '2025-03',
  '2025-04',
  '2025-05',
  '2025-06',
];

export function inputFor(label: string, units: readonly string[] = UNITS): CompileInput {
  const scope = parseScope(label);
  if (!scope) throw new Error(label);
  const submissions: AcceptedSubmission[] = [];
  const statuses: ReportingStatusEntry[] = [];
  scope.months.forEach((period) => {
    units.forEach((code, i) => {
      // LWU never reports in June 2025; LA-VT is late in May 2025.
      const reported = REPORTED.includes(period) && !(code === 'LWU' && period === '2025-06');
      const status = !reported ? 'missing' : code === 'LA-VT' && period === '2025-05' ? 'late' : 'on_time';
      statuses.push({
        period,
        unitCode: code,
        status,
        submittedAt: reported ? `${period}-28T03:00:00.000Z` : null,
        submittedBy: null,
        sha256: null,
        fileName: null,
      });
      if (!reported) return;
      const seed = Number(period.replace('-', '')) * 10 + i;
      submissions.push({
        sha256: `${code}${period}`.padEnd(64, '0'),
        submittedAt: `${period}-28T03:00:00.000Z`,
        submittedBy: 'focal',
        fileName: null,
        data: generateSampleData({ unit: unit(code), period, seed }, catalogue),
        warnings: [],
      });
    });
  });
  return { scope, statuses, submissions };
}

const monthCache = new Map<string, MonthFigures>();

/** Every unit of the catalogue: the national scale. */
export const ALL_UNITS = catalogue.units.map((u) => u.code);
export function monthFigures(first: string, last: string, units: readonly string[] = UNITS): MonthFigures[] {
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5)) - 1;
  const out: MonthFigures[] = [];
  for (let i = index(first); i <= index(last); i++) {
    const month = `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    const key = `${month}|${units.join(',')}`;
    let figures = monthCache.get(key);
    if (!figures) {
      figures = monthFiguresOf(buildNationalReport(inputFor(month, units), catalogue));
      monthCache.set(key, figures);
    }
    out.push(figures);
  }
  return out;
}
