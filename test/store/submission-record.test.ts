/**
 * Stored records are read through a fast check and, when it cannot vouch for one, through the
 * schema: both ways must give the same record, and refuse the same damage.
 */
import { describe, expect, it } from 'vitest';
import { parseSubmissionRecord, submissionRecordSchema } from '../../shared/store/submission-record.ts';

const stored = {
  sha256: 'c190a81ffe1bacd374893bc120f1927aac584494f582f0d4e402f55579bd6979',
  unitCode: 'LA-AT',
  period: '2025-01',
  submittedAt: '2025-02-05T03:00:00.000Z',
  submittedBy: 'unit:LA-AT',
  source: 'upload',
  fileName: 'LA-AT.xlsx',
  sizeBytes: 45473,
  verdict: 'accepted',
  issues: [
    {
      severity: 'warning',
      code: 'blank-optional',
      sheet: 'G1',
      cell: 'E7',
      field: 'note',
      message: { lo: 'ບໍ່ມີ', en: 'left blank' },
    },
  ],
};

/** A fresh copy, as JSON.parse gives the store, with some fields changed. */
const variant = (changes: Record<string, unknown>) => ({ ...structuredClone(stored), ...changes });
const bySchema = (value: unknown) => submissionRecordSchema.parse(structuredClone(value));

describe('parseSubmissionRecord', () => {
  it('returns a record as the store writes it as it is, equal to what the schema gives', () => {
    const value = variant({});
    const parsed = parseSubmissionRecord(value);
    expect(parsed).toBe(value);
    expect(parsed).toEqual(bySchema(stored));
    expect(Object.keys(parsed)).toEqual(Object.keys(bySchema(stored)));
  });

  it('gives what the schema gives when the fast check cannot vouch for a record', () => {
    const outOfShape = [
      variant({ planVersion: 'extra key, stripped' }),
      variant({ submittedAt: '2025-02-05T03:00:00Z' }),
      variant({ submittedAt: '2025-02-05T03:00:00.123456Z' }),
      variant({ period: null, fileName: null, source: 'google-sheets', issues: [] }),
      variant({ issues: [{ ...stored.issues[0], value: 'extra key, stripped' }] }),
      Object.fromEntries(Object.entries(stored).reverse()),
    ];
    for (const value of outOfShape) {
      const expected = bySchema(value);
      const parsed = parseSubmissionRecord(structuredClone(value));
      expect(parsed).toEqual(expected);
      expect(Object.keys(parsed)).toEqual(Object.keys(expected));
    }
  });

  it('refuses what the schema refuses', () => {
    const damaged = [
      variant({ sha256: 'C190' }),
      variant({ period: '2025-1' }),
      variant({ submittedAt: '2025-02-30T03:00:00.000Z' }),
      variant({ submittedAt: 'yesterday' }),
      variant({ source: 'email' }),
      variant({ sizeBytes: -1 }),
      variant({ sizeBytes: 1.5 }),
      variant({ verdict: 'maybe' }),
      variant({ issues: [{ ...stored.issues[0], severity: 'fatal' }] }),
      variant({ issues: [{ ...stored.issues[0], message: { en: 'no Lao' } }] }),
      variant({ unitCode: undefined }),
      null,
      [],
    ];
    for (const value of damaged) {
      expect(() => bySchema(value)).toThrow();
      expect(() => parseSubmissionRecord(structuredClone(value))).toThrow();
    }
  });
});
