/**
 * Who reported, who is late: a pure function of the stored records and the due dates.
 */
import type { Unit } from '../reference/reference-schema.ts';
import { compareCodeUnits } from '../store/code-unit-order.ts';
import { chooseCurrentByUnit, lockState, type MonthControl, NO_CONTROL } from '../store/review-state.ts';
import type { SubmissionRecord } from '../store/submission-record.ts';
import type { ReportingStatusEntry } from './compile-input.ts';

/**
 * One status per unit per month: `on_time` or `late` by the current upload's time against
 * the due instant; `returned` when the Secretariat sent the newest accepted one back and
 * nothing has replaced it; `rejected` when only rejected or unreadable uploads exist;
 * `missing` when there is nothing. The current upload follows the review and lock rule of
 * {@link chooseCurrentByUnit}; each entry says whether it was reviewed and what waits after a lock.
 */
export function deriveStatuses(
  months: readonly string[],
  units: readonly Unit[],
  recordsByMonth: ReadonlyMap<string, readonly SubmissionRecord[]>,
  dueOf: (period: string) => Date,
  controlByMonth: ReadonlyMap<string, MonthControl> = new Map(),
): { statuses: ReportingStatusEntry[]; accepted: SubmissionRecord[] } {
  const statuses: ReportingStatusEntry[] = [];
  const accepted: SubmissionRecord[] = [];
  for (const period of months) {
    const records = recordsByMonth.get(period) ?? [];
    const control = controlByMonth.get(period) ?? NO_CONTROL;
    const choices = chooseCurrentByUnit(records, control);
    const locked = lockState(control.locks).locked;
    const due = dueOf(period).toISOString();
    for (const unit of units) {
      const choice = choices.get(unit.code);
      const record = choice?.current;
      const controlFields = {
        review: choice?.review ?? null,
        locked,
        afterLockPending: choice?.pendingAfterLock.length ?? 0,
      };
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
          ...controlFields,
        });
        continue;
      }
      const returned = choice?.returned;
      // Uploads waiting after a lock do not count until the Secretariat accepts them.
      const unitRecords = records.filter(
        (r) => r.unitCode === unit.code && !choice?.pendingAfterLock.includes(r),
      );
      const newest = unitRecords.at(-1);
      if (returned && newest?.sha256 === returned.record.sha256) {
        statuses.push({
          period,
          unitCode: unit.code,
          status: 'returned',
          submittedAt: returned.record.submittedAt,
          submittedBy: returned.record.submittedBy,
          sha256: returned.record.sha256,
          fileName: returned.record.fileName,
          ...controlFields,
          returnComment: returned.review.comment,
        });
        continue;
      }
      const lastRejected = newest;
      statuses.push({
        period,
        unitCode: unit.code,
        status: lastRejected ? 'rejected' : 'missing',
        submittedAt: lastRejected?.submittedAt ?? null,
        submittedBy: lastRejected?.submittedBy ?? null,
        sha256: lastRejected?.sha256 ?? null,
        fileName: lastRejected?.fileName ?? null,
        ...controlFields,
      });
    }
  }
  accepted.sort(
    (a, b) => compareCodeUnits(a.period ?? '', b.period ?? '') || compareCodeUnits(a.unitCode, b.unitCode),
  );
  return { statuses, accepted };
}
