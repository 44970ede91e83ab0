/**
 * `ingest` (HTTP POST): a unit uploads its monthly report. The raw file is stored whatever
 * the verdict; the answer is 201 accepted, 422 rejected (with the issues), 400 unreadable,
 * 401/403 for tokens, 413 over the size limit. `?dryRun=true` validates without storing.
 */
import { describePrincipal } from '../shared/auth/tokens.ts';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import { lockState } from '../shared/store/review-state.ts';
import type { ValidationIssue } from '../shared/validate/issue.ts';
import {
  corruptFileReport,
  type ValidationReport,
  validateXlsx,
} from '../shared/validate/validate-upload.ts';
import { authenticate, errors, httpHandler, param, requireUnitToken } from './http-support.ts';
import { readUpload } from './read-upload.ts';

function wrongUnitIssue(reportUnit: string, tokenUnit: string): ValidationIssue {
  return {
    severity: 'error',
    code: 'cover/unit-mismatch',
    sheet: '_meta',
    cell: null,
    field: 'unit_code',
    message: {
      lo: `ແບບຟອມນີ້ແມ່ນຂອງ ${reportUnit} ແຕ່ທ່ານເຂົ້າລະບົບເປັນ ${tokenUnit}. ກະລຸນາສົ່ງແບບຟອມຂອງຫົວໜ່ວຍທ່ານເອງ.`,
      en: `This template belongs to ${reportUnit} but you are signed in as ${tokenUnit}. Upload your own unit's template.`,
    },
  };
}

function afterLockNotice(period: string) {
  return {
    lo: `ເດືອນ ${period} ຖືກປິດແລ້ວ. ໄຟລ໌ນີ້ຖືກເກັບໄວ້ ແຕ່ຈະໃຊ້ໄດ້ເມື່ອກອງເລຂາຮັບເຂົ້າເດືອນນັ້ນ.`,
    en: `${period} is locked. This file is kept, but counts only once the Secretariat accepts it into the month.`,
  };
}

/** Validates; an unexpected failure inside the validator becomes an unreadable-file verdict. */
async function validateSafely(bytes: Uint8Array, catalogue: Catalogue): Promise<ValidationReport> {
  try {
    return await validateXlsx(bytes, catalogue);
  } catch (error) {
    console.error(
      JSON.stringify({
        severity: 'ERROR',
        message: 'validator failed',
        error: String((error as Error)?.stack ?? error),
      }),
    );
    return corruptFileReport(error);
  }
}

/** The verdict on a file uploaded by a unit: the validator's, plus a refusal of another unit's template. */
export async function validateForUnit(
  bytes: Uint8Array,
  catalogue: Catalogue,
  unitCode: string,
): Promise<{ report: ValidationReport; wrongUnit: boolean }> {
  const report = await validateSafely(bytes, catalogue);
  if (report.unit === null || report.unit === unitCode) return { report, wrongUnit: false };
  return {
    report: { ...report, accepted: false, issues: [wrongUnitIssue(report.unit, unitCode), ...report.issues] },
    wrongUnit: true,
  };
}

export const ingest = httpHandler(async (context, req, res) => {
  if (req.method !== 'POST') throw errors.method('POST');
  const principal = await authenticate(context, req);
  requireUnitToken(principal);
  const upload = await readUpload(req, context.config.uploadLimitBytes);
  const dryRun = param(req, 'dryRun') === 'true';
  // The file is kept before anything reads it: nothing a hostile or broken file does to the
  // validator can lose it.
  if (!dryRun) await context.store.storeUpload(upload.bytes);
  const { report, wrongUnit } = await validateForUnit(upload.bytes, context.catalogue, principal.unitCode);
  const verdict = report.unreadable ? 'unreadable' : report.accepted ? 'accepted' : 'rejected';
  const status = wrongUnit ? 403 : report.unreadable ? 400 : report.accepted ? 201 : 422;
  const body = {
    accepted: report.accepted,
    verdict,
    unit: report.unit,
    period: report.period,
    issues: report.issues,
  };
  if (dryRun) {
    res.status(status === 201 ? 200 : status).json({ ...body, dryRun: true });
    return;
  }
  const { record, duplicate } = await context.store.recordUpload({
    bytes: upload.bytes,
    report,
    unitCode: principal.unitCode,
    submittedBy: describePrincipal(principal),
    submittedAt: context.clock.now(),
    source: 'upload',
    fileName: upload.fileName,
  });
  // A month the Secretariat has locked keeps the upload but does not let it become current.
  const afterLock =
    record.verdict === 'accepted' && record.period !== null
      ? lockState((await context.store.monthControl(record.period)).locks, record.submittedAt).locked
      : false;
  res.status(duplicate && status === 201 ? 200 : status).json({
    ...body,
    sha256: record.sha256,
    submittedAt: record.submittedAt,
    duplicate,
    afterLock,
    ...(afterLock ? { notice: afterLockNotice(record.period ?? '') } : {}),
  });
});
