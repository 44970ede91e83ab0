/**
 * Who reported, who is late: a pure function of the stored records and the due dates.
 */
import type { Unit } from '../reference/reference-schema.ts';
import type { SubmissionRecord } from '../store/submission-record.ts';
import { currentAcceptedByUnit } from '../store/submission-store.ts';
import type { ReportingStatusEntry } from './compile-input.ts';

/**
 * One status per unit per month: `on_time` or `late` by the current accepted upload's time
 * against the due instant; `rejected` when only rejected or unreadable uploads exist;
 * `missing` when there is nothing.
 */
export function deriveStatuses(
  months: readonly string[],
  units: readonly Unit[],
  recordsByMonth: ReadonlyMap<string, readonly SubmissionRecord[]>,
  dueOf: (period: string) => Date,
): { statuses: ReportingStatusEntry[]; accepted: SubmissionRecord[] } {
  const statuses: ReportingStatusEntry[] = [];
  const accepted: SubmissionRecord[] = [];
  for (const period of months) {
    const records = recordsByMonth.get(period) ?? [];
    const current = currentAcceptedByUnit(records);
    const due = dueOf(period).toISOString();
    for (const unit of units) {
      const record = current.get(unit.code);
      if (record) {
        accepted.push(record);
        statuses.push({
          period,
          unitCode: unit.code,
          status: record.submittedAt <= due ? 'on_time' : 'late',
          submittedAt: record.submittedAt,
          submittedBy: record.submittedBy,
          sha256: record.sha256,
          fileName: record.fileName,
        });
        continue;
      }
      const lastRejected = records.filter((r) => r.unitCode === unit.code).at(-1);
      statuses.push({
        period,
        unitCode: unit.code,
        status: lastRejected ? 'rejected' : 'missing',
        submittedAt: lastRejected?.submittedAt ?? null,
        submittedBy: lastRejected?.submittedBy ?? null,
        sha256: lastRejected?.sha256 ?? null,
        fileName: lastRejected?.fileName ?? null,
      });
    }
  }
  accepted.sort(
    (a, b) => (a.period ?? '').localeCompare(b.period ?? '') || a.unitCode.localeCompare(b.unitCode),
  );
  return { statuses, accepted };
}
