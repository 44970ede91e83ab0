/**
 * `ingest` (HTTP POST): a unit uploads its monthly report. The raw file is stored whatever
 * the verdict; the answer is 201 accepted, 422 rejected (with the issues), 400 unreadable,
 * 401/403 for tokens, 413 over the size limit. `?dryRun=true` validates without storing.
 */
import { describePrincipal, type Principal } from '../shared/auth/tokens.ts';
import type { Catalogue } from '../shared/reference/catalogue.ts';
import { lockState } from '../shared/store/review-state.ts';
import { SingleFlight } from '../shared/store/single-flight.ts';
import type { SubmissionRecord } from '../shared/store/submission-record.ts';
import { sha256Hex } from '../shared/store/submission-store.ts';
import { judgeForUnit, verdictStatus } from '../shared/validate/unit-check.ts';
import {
  corruptFileReport,
  type PlanChooser,
  type ValidationReport,
  validateXlsx,
} from '../shared/validate/validate-upload.ts';
import { type AppContext, plansOf } from './app-context.ts';
import { authenticate, errors, httpHandler, param, requireUnitToken } from './http-support.ts';
import { readUpload, type Upload } from './read-upload.ts';

function afterLockNotice(period: string) {
  return {
    lo: `ເດືອນ ${period} ຖືກປິດແລ້ວ. ໄຟລ໌ນີ້ຖືກເກັບໄວ້ ແຕ່ຈະໃຊ້ໄດ້ເມື່ອກອງເລຂາຮັບເຂົ້າເດືອນນັ້ນ.`,
    en: `${period} is locked. This file is kept, but counts only once the Secretariat accepts it into the month.`,
  };
}

/** Validates; an unexpected failure inside the validator becomes an unreadable-file verdict. */
async function validateSafely(bytes: Uint8Array, plans: Catalogue | PlanChooser): Promise<ValidationReport> {
  try {
    return await validateXlsx(bytes, plans);
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
  plans: Catalogue | PlanChooser,
  unitCode: string,
): Promise<{ report: ValidationReport; wrongUnit: boolean }> {
  return judgeForUnit(await validateSafely(bytes, plans), unitCode);
}

/** Picks, for each upload, the catalogue of the plan version its template names. */
export async function planChooser(context: AppContext): Promise<PlanChooser> {
  const registry = await plansOf(context).registry();
  return (version) => registry.catalogueFor(version);
}

/**
 * Whether an accepted record came after the Secretariat locked its month (it is kept but does
 * not become current), with the notice the answer carries. Shared by `ingest` and `ingestSheet`.
 */
export async function lockNoticeFor(
  context: AppContext,
  record: SubmissionRecord,
): Promise<{ afterLock: boolean; notice?: ReturnType<typeof afterLockNotice> }> {
  const afterLock =
    record.verdict === 'accepted' && record.period !== null
      ? lockState((await context.store.monthControl(record.period)).locks, record.submittedAt).locked
      : false;
  return afterLock ? { afterLock, notice: afterLockNotice(record.period ?? '') } : { afterLock };
}

/** What an ingest answers, computed once per upload (a joined identical upload shares it). */
interface IngestAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly duplicate: boolean;
}

/** Ingests in flight, per store: identical uploads of one unit at the same moment are one. */
const inFlight = new WeakMap<object, SingleFlight<IngestAnswer>>();

function answerBody(report: ValidationReport) {
  return {
    accepted: report.accepted,
    verdict: report.unreadable ? 'unreadable' : report.accepted ? 'accepted' : 'rejected',
    unit: report.unit,
    period: report.period,
    issues: report.issues,
  };
}

async function ingestOnce(
  context: AppContext,
  principal: Extract<Principal, { kind: 'unit' }>,
  upload: Upload,
  sha256: string,
): Promise<IngestAnswer> {
  // The file is kept before anything reads it: nothing a hostile or broken file does to the
  // validator can lose it.
  await context.store.storeUpload(upload.bytes, 'xlsx', sha256);
  const { report, wrongUnit } = await validateForUnit(
    upload.bytes,
    await planChooser(context),
    principal.unitCode,
  );
  const { record, duplicate } = await context.store.recordUpload({
    bytes: upload.bytes,
    sha256,
    alreadyStored: true,
    report,
    unitCode: principal.unitCode,
    submittedBy: describePrincipal(principal),
    submittedAt: context.clock.now(),
    source: 'upload',
    fileName: upload.fileName,
  });
  return {
    status: verdictStatus(report, wrongUnit),
    body: {
      ...answerBody(report),
      sha256: record.sha256,
      submittedAt: record.submittedAt,
      // A month the Secretariat has locked keeps the upload but does not let it become current.
      ...(await lockNoticeFor(context, record)),
    },
    duplicate,
  };
}

export const ingest = httpHandler(async (context, req, res) => {
  if (req.method !== 'POST') throw errors.method('POST');
  const principal = await authenticate(context, req);
  requireUnitToken(principal);
  const upload = await readUpload(req, context.config.uploadLimitBytes);
  if (param(req, 'dryRun') === 'true') {
    const { report, wrongUnit } = await validateForUnit(
      upload.bytes,
      await planChooser(context),
      principal.unitCode,
    );
    const status = verdictStatus(report, wrongUnit);
    res.status(status === 201 ? 200 : status).json({ ...answerBody(report), dryRun: true });
    return;
  }
  const sha256 = sha256Hex(upload.bytes);
  const flights = inFlight.get(context.store) ?? new SingleFlight<IngestAnswer>();
  inFlight.set(context.store, flights);
  const { value, joined } = await flights.run(`${principal.unitCode}|${sha256}`, () =>
    ingestOnce(context, principal, upload, sha256),
  );
  // A joined upload is the same bytes arriving while the first was being stored: a duplicate.
  const duplicate = value.duplicate || joined;
  res.status(duplicate && value.status === 201 ? 200 : value.status).json({ ...value.body, duplicate });
});
