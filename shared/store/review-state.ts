/**
 * The Secretariat's review and period locks, as append-only records beside the submissions,
 * and the one rule that picks a unit's current submission for a month from them:
 *
 *   - Only uploads the validator accepted can be current.
 *   - An upload made while the month was locked ("after lock") is kept but is not current
 *     until the Secretariat accepts it into the month.
 *   - Of the rest, the newest decides: if the Secretariat returned it, the month has no
 *     current submission (the unit's next upload answers the return); otherwise it is current.
 *   - A submission is "reviewed" when its latest review accepts it.
 *
 * Pure functions of the records: any function (ingest, ingestSheet, status, compile, the
 * portal) that reads a month applies the same rule.
 */
import { z } from 'zod';
import { compareCodeUnits } from './code-unit-order.ts';
import type { SubmissionRecord } from './submission-record.ts';

export type ReviewDecision = 'accepted' | 'returned';

/** One decision of the Secretariat on one upload. Never rewritten; a later one supersedes. */
export interface ReviewRecord {
  readonly period: string;
  readonly unitCode: string;
  readonly sha256: string;
  readonly decision: ReviewDecision;
  /** Why (required to return), in whatever language the Secretariat wrote it. */
  readonly comment: string | null;
  readonly by: string;
  readonly at: string;
}

/** Locking or unlocking a month. The latest event says whether it is locked. */
export interface LockEvent {
  readonly period: string;
  readonly action: 'lock' | 'unlock';
  readonly reason: string | null;
  readonly by: string;
  readonly at: string;
}

/** What the Secretariat decided about one month. */
export interface MonthControl {
  readonly reviews: readonly ReviewRecord[];
  readonly locks: readonly LockEvent[];
}

export const NO_CONTROL: MonthControl = { reviews: [], locks: [] };

export const reviewRecordSchema = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/),
  unitCode: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  decision: z.enum(['accepted', 'returned']),
  comment: z.string().nullable(),
  by: z.string(),
  at: z.iso.datetime(),
}) as unknown as z.ZodType<ReviewRecord>;

export const lockEventSchema = z.object({
  period: z.string().regex(/^\d{4}-\d{2}$/),
  action: z.enum(['lock', 'unlock']),
  reason: z.string().nullable(),
  by: z.string(),
  at: z.iso.datetime(),
}) as unknown as z.ZodType<LockEvent>;

const byTime = <T extends { at: string }>(items: readonly T[]) =>
  [...items].sort((a, b) => compareCodeUnits(a.at, b.at));

/** Whether the month is locked at an instant (default: now, i.e. after every event). */
export function lockState(
  locks: readonly LockEvent[],
  at?: string,
): { locked: boolean; since: string | null; by: string | null } {
  const events = byTime(locks).filter((event) => at === undefined || event.at <= at);
  const last = events.at(-1);
  return last?.action === 'lock'
    ? { locked: true, since: last.at, by: last.by }
    : { locked: false, since: null, by: null };
}

/** True when the upload arrived while its month was locked. */
export function isAfterLock(record: SubmissionRecord, control: MonthControl): boolean {
  return lockState(control.locks, record.submittedAt).locked;
}

/** The latest review of one upload, if any. */
export function latestReview(control: MonthControl, sha256: string): ReviewRecord | undefined {
  return byTime(control.reviews.filter((review) => review.sha256 === sha256)).at(-1);
}

/** What the rule decides for one unit and month. */
export interface UnitMonthChoice {
  readonly current: SubmissionRecord | undefined;
  /** `reviewed` when the current one's latest review accepts it; null without a current one. */
  readonly review: 'reviewed' | 'unreviewed' | null;
  /** The newest accepted upload, when the Secretariat returned it (then there is no current). */
  readonly returned: { record: SubmissionRecord; review: ReviewRecord } | undefined;
  /** Uploads made after the lock, waiting for the Secretariat. */
  readonly pendingAfterLock: readonly SubmissionRecord[];
}

/** Applies the rule to one unit's records of one month (any order). */
export function chooseCurrent(records: readonly SubmissionRecord[], control: MonthControl): UnitMonthChoice {
  const newestFirst = records
    .filter((record) => record.verdict === 'accepted')
    .sort((a, b) => compareCodeUnits(b.submittedAt, a.submittedAt) || compareCodeUnits(b.sha256, a.sha256));
  const pendingAfterLock: SubmissionRecord[] = [];
  for (const record of newestFirst) {
    const review = latestReview(control, record.sha256);
    if (isAfterLock(record, control) && review?.decision !== 'accepted') {
      pendingAfterLock.push(record);
      continue;
    }
    if (review?.decision === 'returned')
      return { current: undefined, review: null, returned: { record, review }, pendingAfterLock };
    return {
      current: record,
      review: review?.decision === 'accepted' ? 'reviewed' : 'unreviewed',
      returned: undefined,
      pendingAfterLock,
    };
  }
  return { current: undefined, review: null, returned: undefined, pendingAfterLock };
}

/** The rule for every unit in a month's records. */
export function chooseCurrentByUnit(
  records: readonly SubmissionRecord[],
  control: MonthControl = NO_CONTROL,
): Map<string, UnitMonthChoice> {
  const byUnit = new Map<string, SubmissionRecord[]>();
  for (const record of records) byUnit.set(record.unitCode, [...(byUnit.get(record.unitCode) ?? []), record]);
  return new Map([...byUnit].map(([unit, list]) => [unit, chooseCurrent(list, control)]));
}
