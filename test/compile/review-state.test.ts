/**
 * The current-submission rule with the Secretariat's reviews and locks, and what the
 * statuses, the workbook inputs and the lake make of it.
 */
import { describe, expect, it } from 'vitest';
import { deriveStatuses } from '../../shared/compile/derive-statuses.ts';
import {
  chooseCurrent,
  type LockEvent,
  type MonthControl,
  type ReviewRecord,
} from '../../shared/store/review-state.ts';
import type { SubmissionRecord } from '../../shared/store/submission-record.ts';
import { catalogue } from '../support/fixtures.ts';

const sha = (n: number) => n.toString(16).padStart(64, '0');
const record = (
  n: number,
  at: string,
  verdict: SubmissionRecord['verdict'] = 'accepted',
): SubmissionRecord => ({
  sha256: sha(n),
  unitCode: 'MPS',
  period: '2025-06',
  submittedAt: at,
  submittedBy: 'unit:MPS',
  source: 'upload',
  fileName: `f${n}.xlsx`,
  sizeBytes: 1,
  verdict,
  issues: [],
});
const review = (
  n: number,
  decision: ReviewRecord['decision'],
  at: string,
  comment: string | null = null,
) => ({
  period: '2025-06',
  unitCode: 'MPS',
  sha256: sha(n),
  decision,
  comment,
  by: 'secretariat',
  at,
});
const lock = (action: LockEvent['action'], at: string): LockEvent => ({
  period: '2025-06',
  action,
  reason: null,
  by: 'secretariat',
  at,
});
const control = (reviews: ReviewRecord[] = [], locks: LockEvent[] = []): MonthControl => ({ reviews, locks });

describe('the current submission with reviews and locks', () => {
  const first = record(1, '2025-07-03T00:00:00.000Z');
  const second = record(2, '2025-07-04T00:00:00.000Z');

  it('is the newest accepted upload, unreviewed until the Secretariat accepts it', () => {
    expect(chooseCurrent([first, second], control())).toMatchObject({
      current: second,
      review: 'unreviewed',
    });
    const accepted = control([review(2, 'accepted', '2025-07-05T00:00:00.000Z')]);
    expect(chooseCurrent([first, second], accepted)).toMatchObject({ current: second, review: 'reviewed' });
  });

  it('has none once the newest is returned, until the next upload answers it', () => {
    const returned = control([review(2, 'returned', '2025-07-05T00:00:00.000Z', 'fix G3')]);
    const choice = chooseCurrent([first, second], returned);
    expect(choice.current).toBeUndefined();
    expect(choice.returned?.review.comment).toBe('fix G3');
    const third = record(3, '2025-07-06T00:00:00.000Z');
    expect(chooseCurrent([first, second, third], returned).current).toBe(third);
  });

  it('keeps uploads after a lock waiting until accepted, and unlocking is only for later uploads', () => {
    const locked = [lock('lock', '2025-07-05T00:00:00.000Z')];
    const late = record(4, '2025-07-06T00:00:00.000Z');
    const waiting = chooseCurrent([second, late], control([], locked));
    expect(waiting.current).toBe(second);
    expect(waiting.pendingAfterLock).toEqual([late]);
    const admitted = control([review(4, 'accepted', '2025-07-07T00:00:00.000Z')], locked);
    expect(chooseCurrent([second, late], admitted)).toMatchObject({ current: late, review: 'reviewed' });
    const reopened = [...locked, lock('unlock', '2025-07-08T00:00:00.000Z')];
    const afterUnlock = record(5, '2025-07-09T00:00:00.000Z');
    expect(chooseCurrent([second, late, afterUnlock], control([], reopened)).current).toBe(afterUnlock);
    expect(chooseCurrent([second, late], control([], reopened)).pendingAfterLock).toEqual([late]);
  });

  it('gives returned, missing and reviewed statuses to the compile', () => {
    const units = [catalogue.unitByCode.get('MPS')!];
    const due = () => new Date('2025-07-10T16:59:59.999Z');
    const records = new Map([['2025-06', [first, second]]]);
    const returned = new Map([
      ['2025-06', control([review(2, 'returned', '2025-07-05T00:00:00.000Z', 'why')])],
    ]);
    const [entry] = deriveStatuses(['2025-06'], units, records, due, returned).statuses;
    expect(entry).toMatchObject({ status: 'returned', returnComment: 'why', sha256: sha(2), review: null });
    const onlyAfterLock = new Map([['2025-06', [record(6, '2025-07-06T00:00:00.000Z')]]]);
    const locked = new Map([['2025-06', control([], [lock('lock', '2025-07-05T00:00:00.000Z')])]]);
    const [waiting] = deriveStatuses(['2025-06'], units, onlyAfterLock, due, locked).statuses;
    expect(waiting).toMatchObject({ status: 'missing', afterLockPending: 1, locked: true });
    const [reviewed] = deriveStatuses(
      ['2025-06'],
      units,
      records,
      due,
      new Map([['2025-06', control([review(2, 'accepted', '2025-07-05T00:00:00.000Z')])]]),
    ).statuses;
    expect(reviewed).toMatchObject({ status: 'on_time', review: 'reviewed' });
  });
});
