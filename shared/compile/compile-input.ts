import type { SubmissionData } from '../parse/submission.ts';
import type { Bilingual } from '../text/bilingual.ts';
import type { ValidationIssue } from '../validate/issue.ts';
import type { PeriodScope } from './period-scope.ts';

/** How a unit stands for one month, as the national workbook shows it. */
export type ReportingStatus = 'on_time' | 'late' | 'missing' | 'rejected' | 'returned';

/** One unit x one month. */
export interface ReportingStatusEntry {
  readonly period: string;
  readonly unitCode: string;
  readonly status: ReportingStatus;
  /** The accepted (or, when rejected, the latest rejected) upload; null when missing. */
  readonly submittedAt: string | null;
  readonly submittedBy: string | null;
  readonly sha256: string | null;
  readonly fileName: string | null;
  /** Whether the Secretariat accepted the current upload; null without one. */
  readonly review?: 'reviewed' | 'unreviewed' | null;
  /** The month is locked: uploads after the lock wait for the Secretariat. */
  readonly locked?: boolean;
  /** Uploads made after the lock that the Secretariat has not accepted into the month. */
  readonly afterLockPending?: number;
  /** The Secretariat's reason, when the status is `returned`. */
  readonly returnComment?: string | null;
}

/** The current accepted submission of one unit for one month. */
export interface AcceptedSubmission {
  readonly sha256: string;
  readonly submittedAt: string;
  readonly submittedBy: string;
  readonly fileName: string | null;
  readonly data: SubmissionData;
  /** Warnings the validator gave (errors are impossible: it was accepted). */
  readonly warnings: readonly ValidationIssue[];
}

/** A unit whose Google Sheet could not be read for a month (its latest pull failed). */
export interface SourceProblem {
  readonly period: string;
  readonly unitCode: string;
  readonly spreadsheetId: string;
  /** When the failed pull ran. */
  readonly at: string;
  /** not-found, forbidden, refused, unavailable, changing, credentials. */
  readonly reason: string;
  readonly message: Bilingual;
}

/**
 * Everything a compile needs, already read from storage: pure data in, so building the
 * national workbook and the lake snapshot is a function of it alone.
 */
export interface CompileInput {
  readonly scope: PeriodScope;
  /** One entry per unit per month of the scope. */
  readonly statuses: readonly ReportingStatusEntry[];
  /** Current accepted submissions in the scope, sorted by period then unit code. */
  readonly submissions: readonly AcceptedSubmission[];
  /** Registered Google Sheets that could not be read, by month and unit (none when every pull worked). */
  readonly sourceProblems?: readonly SourceProblem[];
}

/**
 * A compile input whose submissions are read one month at a time: the statuses of every
 * month (small) up front, each month's submissions on demand, so a writer walking the months
 * holds one month's submissions at a time however long the span.
 */
export interface MonthlyCompileInput extends Omit<CompileInput, 'submissions'> {
  /** The current accepted submissions of one month of the scope, sorted by unit code. */
  submissionsOf(period: string): Promise<readonly AcceptedSubmission[]>;
}

/** One month of an input, whole or read on demand, as a one-month {@link CompileInput}. */
export async function monthOfInput(
  input: CompileInput | MonthlyCompileInput,
  period: string,
): Promise<CompileInput> {
  const submissions =
    'submissions' in input
      ? input.submissions.filter((s) => s.data.period === period)
      : await input.submissionsOf(period);
  return {
    scope: { label: period, months: [period] },
    statuses: input.statuses.filter((s) => s.period === period),
    submissions,
  };
}
