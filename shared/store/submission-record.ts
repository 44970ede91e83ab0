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
