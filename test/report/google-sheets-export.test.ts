/**
 * Google Sheets' .xlsx export: two real exports (test/fixtures/google-sheets/, from roo-rb/roo)
 * validate and annotate without a crash, and the package traits they share are the ones
 * test/support/google-sheets-export.ts reproduces on our own files (whose filled-template
 * case runs with the other writers in annotated-copy.test.ts).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { annotateWorkbook } from '../../shared/report/annotate-workbook.ts';
import { ISSUES_SHEET } from '../../shared/spec/template-spec.ts';
import { validateXlsx } from '../../shared/validate/validate-upload.ts';
import { catalogue, sampleWorkbook, toBytes } from '../support/fixtures.ts';
import { googleExportTraits, reshapeAsGoogleSheetsExport } from '../support/google-sheets-export.ts';
import { changedCells, dumpCells, skipReason } from '../support/other-writers.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/google-sheets');
const EXPORTS = {
  'boolean-from-google-sheets.xlsx': 'daf6390c6355e8bc0f3f4f0aa4d11f041be94f4ed67de7da3e877b434f99071f',
  'comments-google.xlsx': '5e1bc3238c194b649feac0b14b8201da1e5e0c17e54ee12eda73dabc332af2f8',
} as const;
const read = (name: keyof typeof EXPORTS) => new Uint8Array(readFileSync(join(FIXTURES, name)));

describe('real Google Sheets exports', () => {
  it.each(Object.keys(EXPORTS) as (keyof typeof EXPORTS)[])(
    '%s is refused clearly, in Lao and English',
    async (name) => {
      const bytes = read(name);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(EXPORTS[name]);
      const report = await validateXlsx(bytes, catalogue);
      expect(report.unreadable).toBe(true);
      expect(report.issues).toEqual([
        expect.objectContaining({ severity: 'error', code: 'template/unknown', sheet: '_meta', cell: null }),
      ]);
      expect(report.issues[0]?.message.lo).toMatch(/^ໄຟລ໌ນີ້ບໍ່ແມ່ນແບບຟອມ/);
      expect(report.issues[0]?.message.en).toMatch(
        /not a Laingan monthly report template.*Download your unit's template/,
      );
    },
  );

  describe.skipIf(skipReason('openpyxl'))('annotated', () => {
    it.each(Object.keys(EXPORTS) as (keyof typeof EXPORTS)[])(
      '%s keeps every cell and gains the Issues sheet',
      async (name) => {
        const bytes = read(name);
        const report = await validateXlsx(bytes, catalogue);
        const copy = await annotateWorkbook(bytes, report.issues);
        expect(copy.restyled).toBe(true);
        const before = dumpCells(bytes);
        const after = dumpCells(copy.bytes);
        expect(Object.keys(after)).toEqual([...Object.keys(before), ISSUES_SHEET.sheetName]);
        expect(changedCells(before, after)).toEqual([]);
        const issues = Object.values(after[ISSUES_SHEET.sheetName]?.cells ?? {}).map((cell) =>
          String(cell[0]),
        );
        expect(issues.some((value) => value.includes('not a Laingan monthly report template'))).toBe(true);
        if (name === 'comments-google.xlsx')
          expect(after.Sheet1?.cells.A1?.[2]).toContain('this is a comment');
      },
    );
  });
});

describe('the Google package shape given to our files', () => {
  it('is the shape of the real exports, and not what exceljs writes', async () => {
    const recent = googleExportTraits(read('boolean-from-google-sheets.xlsx'));
    const older = googleExportTraits(read('comments-google.xlsx'));
    const ours = await toBytes((await sampleWorkbook('LA-XE')).workbook);
    const plain = googleExportTraits(ours);
    const reshaped = googleExportTraits(reshapeAsGoogleSheetsExport(ours));
    for (const trait of Object.keys(recent)) {
      // Every trait is seen in a real export: the 2023 one, or the 2015 one (only it has
      // comments); traits marked "since 2023" are not in the 2015 export.
      expect(recent[trait] ?? older[trait], trait).toBe(true);
      if (!trait.includes('since 2023')) expect(older[trait] ?? true, trait).toBe(true);
      expect(plain[trait], trait).toBe(false);
      expect(reshaped[trait], trait).toBe(true);
    }
  });

  it('keeps a filled template valid, with the same submission', async () => {
    const { workbook, data } = await sampleWorkbook('LA-XE');
    const bytes = reshapeAsGoogleSheetsExport(await toBytes(workbook));
    const report = await validateXlsx(bytes, catalogue);
    expect(report.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(report.submission).toEqual(data);
  });
});
