import { z } from 'zod';
import type { ValidationIssue } from '../validate/issue.ts';

/** The verdict stored with each upload. */
export type Verdict = 'accepted' | 'rejected' | 'unreadable';

/** One upload as received: who, when, which bytes, and what the validator said. */
export interface SubmissionRecord {
  /** sha256 of the raw bytes: the upload's identity. */
  readonly sha256: string;
  /** The unit the upload was made for (the authenticated unit). */
  readonly unitCode: string;
  /** The reporting month from the template, or null when unreadable. */
  readonly period: string | null;
  readonly submittedAt: string;
  readonly submittedBy: string;
  readonly source: 'upload' | 'google-sheets';
  readonly fileName: string | null;
  readonly sizeBytes: number;
  readonly verdict: Verdict;
  readonly issues: readonly ValidationIssue[];
}

const bilingual = z.object({ lo: z.string(), en: z.string() });

/** Schema used when reading records back, so a damaged record fails loudly, not silently. */
export const submissionRecordSchema = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  unitCode: z.string(),
  period: z
    .string()
    .regex(/^\d{4}-\d{2}$/)
    .nullable(),
  submittedAt: z.iso.datetime(),
  submittedBy: z.string(),
  source: z.enum(['upload', 'google-sheets']),
  fileName: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative(),
  verdict: z.enum(['accepted', 'rejected', 'unreadable']),
  issues: z.array(
    z.object({
      severity: z.enum(['error', 'warning']),
      code: z.string(),
      sheet: z.string().nullable(),
      cell: z.string().nullable(),
      field: z.string().nullable(),
      message: bilingual,
    }),
  ),
}) as unknown as z.ZodType<SubmissionRecord>;

const RECORD_KEYS = [
  'sha256',
  'unitCode',
  'period',
  'submittedAt',
  'submittedBy',
  'source',
  'fileName',
  'sizeBytes',
  'verdict',
  'issues',
] as const;
const ISSUE_KEYS = ['severity', 'code', 'sheet', 'cell', 'field', 'message'] as const;
const MESSAGE_KEYS = ['lo', 'en'] as const;
const SHA256 = /^[0-9a-f]{64}$/;
const PERIOD = /^\d{4}-\d{2}$/;
const CANONICAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** True when a parsed JSON object has exactly these keys, in this order. */
function hasExactly(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  let index = 0;
  for (const key in value) if (key !== keys[index++]) return false;
  return index === keys.length;
}

const isText = (value: unknown): value is string => typeof value === 'string';
const isTextOrNull = (value: unknown) => value === null || typeof value === 'string';

function isPlainIssue(value: unknown): boolean {
  return (
    hasExactly(value, ISSUE_KEYS) &&
    (value.severity === 'error' || value.severity === 'warning') &&
    isText(value.code) &&
    isTextOrNull(value.sheet) &&
    isTextOrNull(value.cell) &&
    isTextOrNull(value.field) &&
    hasExactly(value.message, MESSAGE_KEYS) &&
    isText(value.message.lo) &&
    isText(value.message.en)
  );
}

/**
 * True when a stored record is one the schema would return unchanged: the keys the schema
 * has, in its order, nothing else, every value of its type, the upload time as
 * `toISOString` writes it. What the store writes passes; anything else goes through zod.
 * Checking a record this way costs a fraction of zod's parse, whose first calls in a process
 * (a compile reads every record of its months before the first month) cost milliseconds more.
 */
function isPlainRecord(value: unknown): value is SubmissionRecord {
  if (!hasExactly(value, RECORD_KEYS)) return false;
  const { sha256, period, submittedAt, sizeBytes, verdict, issues } = value;
  return (
    isText(sha256) &&
    SHA256.test(sha256) &&
    isText(value.unitCode) &&
    (period === null || (isText(period) && PERIOD.test(period))) &&
    isText(submittedAt) &&
    CANONICAL_TIME.test(submittedAt) &&
    new Date(submittedAt).toISOString() === submittedAt &&
    isText(value.submittedBy) &&
    (value.source === 'upload' || value.source === 'google-sheets') &&
    isTextOrNull(value.fileName) &&
    typeof sizeBytes === 'number' &&
    Number.isSafeInteger(sizeBytes) &&
    sizeBytes >= 0 &&
    (verdict === 'accepted' || verdict === 'rejected' || verdict === 'unreadable') &&
    Array.isArray(issues) &&
    issues.every(isPlainIssue)
  );
}

/** A stored record: as it is when the schema would return it unchanged, else through the schema. */
export function parseSubmissionRecord(value: unknown): SubmissionRecord {
  return isPlainRecord(value) ? value : submissionRecordSchema.parse(value);
}
