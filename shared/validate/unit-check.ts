/**
 * A report is judged for the unit it came from (the uploading unit's token, or the unit a
 * Google Sheet is registered to): a template of another unit is refused with a clear issue.
 */
import type { ValidationIssue } from './issue.ts';
import type { ValidationReport } from './validate-upload.ts';

function wrongUnitIssue(reportUnit: string, expectedUnit: string): ValidationIssue {
  return {
    severity: 'error',
    code: 'cover/unit-mismatch',
    sheet: '_meta',
    cell: null,
    field: 'unit_code',
    message: {
      lo: `ແບບຟອມນີ້ແມ່ນຂອງ ${reportUnit} ແຕ່ທ່ານເຂົ້າລະບົບເປັນ ${expectedUnit}. ກະລຸນາສົ່ງແບບຟອມຂອງຫົວໜ່ວຍທ່ານເອງ.`,
      en: `This template belongs to ${reportUnit} but you are signed in as ${expectedUnit}. Upload your own unit's template.`,
    },
  };
}

/** The report as judged for `unitCode`: refused with an issue when the template is another unit's. */
export function judgeForUnit(
  report: ValidationReport,
  unitCode: string,
): { report: ValidationReport; wrongUnit: boolean } {
  if (report.unit === null || report.unit === unitCode) return { report, wrongUnit: false };
  return {
    report: { ...report, accepted: false, issues: [wrongUnitIssue(report.unit, unitCode), ...report.issues] },
    wrongUnit: true,
  };
}

/** The HTTP status of a verdict: 201 accepted, 422 rejected, 400 unreadable, 403 another unit's template. */
export function verdictStatus(report: ValidationReport, wrongUnit: boolean): number {
  return wrongUnit ? 403 : report.unreadable ? 400 : report.accepted ? 201 : 422;
}
