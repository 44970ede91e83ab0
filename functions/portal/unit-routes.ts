/**
 * The portal's JSON and file routes for a signed-in reporting unit. Every route takes the
 * unit from the authenticated principal, never from a parameter, and reads through the same
 * store as the other functions: a unit can only ever name its own folder.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import type { Principal } from '../../shared/auth/tokens.ts';
import { deriveStatuses } from '../../shared/compile/derive-statuses.ts';
import {
  dueInstant,
  monthsEndingAt,
  previousMonthIn,
  shiftMonth,
} from '../../shared/compile/period-scope.ts';
import type { Unit } from '../../shared/reference/reference-schema.ts';
import { isAfterLock, latestReview, type MonthControl, NO_CONTROL } from '../../shared/store/review-state.ts';
import type { SubmissionRecord } from '../../shared/store/submission-record.ts';
import { currentAcceptedByUnit } from '../../shared/store/submission-store.ts';
import type { AppContext } from '../app-context.ts';
import { errors, param } from '../http-support.ts';
import { planChooser, validateForUnit } from '../ingest.ts';
import { readUpload } from '../read-upload.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Months a unit sees on its page: the last year, and the month in progress. */
const HISTORY_MONTHS = 13;
const STATUS_MONTHS = 7;

/** The signed-in unit, or 403 for any other kind of caller. */
export function unitOf(context: AppContext, principal: Principal): Unit {
  const unit = principal.kind === 'unit' ? context.catalogue.unitByCode.get(principal.unitCode) : undefined;
  if (!unit)
    throw errors.forbidden({
      lo: 'ໜ້ານີ້ສຳລັບຫົວໜ່ວຍລາຍງານ. ກະລຸນາໃຊ້ລະຫັດຂອງຫົວໜ່ວຍທ່ານ.',
      en: "This page is for reporting units. Sign in with your unit's token.",
    });
  return unit;
}

function monthParam(req: Request, name: string): string {
  const value = param(req, name) ?? '';
  if (!/^20\d{2}-(0[1-9]|1[0-2])$/.test(value))
    throw errors.badRequest('portal/bad-month', {
      lo: `ເດືອນ "${value}" ບໍ່ຖືກຕ້ອງ. ໃຊ້ຮູບແບບ 2025-06.`,
      en: `Month "${value}" is not valid. Use the form 2025-06.`,
    });
  return value;
}

function sendXlsx(res: Response, bytes: Uint8Array, fileName: string): void {
  res.status(200);
  res.setHeader('Content-Type', XLSX_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/** The months shown to a unit, ending with the month in progress in the configured zone. */
function visibleMonths(context: AppContext): string[] {
  const current = shiftMonth(previousMonthIn(context.clock.now(), context.config.timeZone), 1);
  return monthsEndingAt(current, HISTORY_MONTHS);
}

/** The unit's records and the Secretariat's decisions for each month. */
async function monthsOfUnit(context: AppContext, unit: Unit, months: readonly string[]) {
  const [lists, controls] = await Promise.all([
    Promise.all(months.map((month) => context.store.listUnitRecords(month, unit.code))),
    Promise.all(months.map((month) => context.store.monthControl(month))),
  ]);
  return {
    records: new Map(months.map((month, index) => [month, lists[index] ?? []])),
    // Only this unit's reviews travel further.
    controls: new Map(
      months.map((month, index) => {
        const control = controls[index] ?? NO_CONTROL;
        return [month, { ...control, reviews: control.reviews.filter((r) => r.unitCode === unit.code) }];
      }),
    ),
  };
}

/** GET api/status: due date and on time / late / missing per month, from the `status` API's function. */
export async function unitStatus(context: AppContext, principal: Principal, res: Response): Promise<void> {
  const unit = unitOf(context, principal);
  // Status: the last six months and the one in progress; history goes back a year.
  const months = visibleMonths(context).slice(-STATUS_MONTHS);
  const { records, controls } = await monthsOfUnit(context, unit, months);
  const dueOf = (period: string) => dueInstant(period, context.config.reportDueDay, context.config.timeZone);
  const { statuses } = deriveStatuses(months, [unit], records, dueOf, controls);
  const now = context.clock.now();
  res.setHeader('Cache-Control', 'no-store');
  res.json({
    unit: { code: unit.code, name: unit.name },
    timeZone: context.config.timeZone,
    templateFromLast: true,
    now: now.toISOString(),
    months: statuses
      .map((entry) => ({
        period: entry.period,
        dueAt: dueOf(entry.period).toISOString(),
        status: entry.status,
        // A missing report is only overdue once its due date has passed.
        notYetDue: entry.status !== 'on_time' && entry.status !== 'late' && now <= dueOf(entry.period),
        submittedAt: entry.submittedAt,
        fileName: entry.fileName,
        locked: entry.locked ?? false,
        comment: entry.status === 'returned' ? (entry.returnComment ?? null) : null,
      }))
      .reverse(),
  });
}

function historyItem(record: SubmissionRecord, current: SubmissionRecord | undefined, control: MonthControl) {
  const review = latestReview(control, record.sha256);
  return {
    period: record.period,
    sha256: record.sha256,
    submittedAt: record.submittedAt,
    fileName: record.fileName,
    verdict: record.verdict,
    current: current?.sha256 === record.sha256,
    errors: record.issues.filter((issue) => issue.severity === 'error').length,
    warnings: record.issues.filter((issue) => issue.severity === 'warning').length,
    afterLock: record.verdict === 'accepted' && isAfterLock(record, control),
    review: review ? { decision: review.decision, comment: review.comment, at: review.at } : null,
  };
}

/** GET api/history: every upload of the unit per month, newest month first. */
export async function unitHistory(context: AppContext, principal: Principal, res: Response): Promise<void> {
  const unit = unitOf(context, principal);
  const months = visibleMonths(context);
  const { records: byMonth, controls } = await monthsOfUnit(context, unit, months);
  const unreadable = await context.store.listUnitRecords(null, unit.code);
  res.setHeader('Cache-Control', 'no-store');
  res.json({
    unit: unit.code,
    timeZone: context.config.timeZone,
    months: months
      .map((period) => {
        const records = byMonth.get(period) ?? [];
        const control = controls.get(period) ?? NO_CONTROL;
        const current = currentAcceptedByUnit(records, control).get(unit.code);
        return { period, uploads: records.map((record) => historyItem(record, current, control)).reverse() };
      })
      .filter((month) => month.uploads.length > 0)
      .reverse(),
    unreadable: unreadable.map((record) => historyItem(record, undefined, NO_CONTROL)).reverse(),
  });
}

/** GET api/template?period=YYYY-MM: the unit's template for a month. */
export async function unitTemplate(
  context: AppContext,
  principal: Principal,
  req: Request,
  res: Response,
): Promise<void> {
  const unit = unitOf(context, principal);
  const period = monthParam(req, 'period');
  if (param(req, 'prefill') === 'last') {
    // Carried over from the unit's own last accepted report, read from the same store ingest
    // writes to; with nothing accepted yet it is the blank template, and the header says so.
    const { writeTemplateFromLast } = await import('../../templates/from-last.ts');
    const { bytes, carriedFrom } = await writeTemplateFromLast(
      { unit, period },
      context.catalogue,
      context.store.storage,
    );
    res.setHeader('X-Carried-From', carriedFrom ?? 'none');
    sendXlsx(res, bytes, `laingan-${unit.code}-${period}.xlsx`);
    return;
  }
  const { writeXlsxTemplate } = await import('../../templates/write-xlsx-template.ts');
  const bytes = await writeXlsxTemplate({ unit, period }, context.catalogue);
  sendXlsx(res, bytes, `laingan-${unit.code}-${period}.xlsx`);
}

/** GET api/annotated?period=&sha256=: the annotated copy of one of the unit's stored uploads. */
export async function unitAnnotatedCopy(
  context: AppContext,
  principal: Principal,
  req: Request,
  res: Response,
): Promise<void> {
  const unit = unitOf(context, principal);
  const periodText = param(req, 'period');
  const period = periodText === 'unreadable' ? null : monthParam(req, 'period');
  const record = await context.store.findRecord(period, unit.code, param(req, 'sha256') ?? '');
  const bytes = record ? await context.store.loadUpload(record.sha256) : undefined;
  if (!record || !bytes)
    throw errors.notFound({
      lo: 'ບໍ່ພົບໄຟລ໌ນີ້ໃນປະຫວັດການສົ່ງຂອງຫົວໜ່ວຍທ່ານ.',
      en: "This file is not in your unit's upload history.",
    });
  await sendAnnotated(res, bytes, record.issues, record.fileName);
}

/** POST api/annotate (file): the annotated copy of a file checked but not submitted. */
export async function annotateUnchecked(
  context: AppContext,
  principal: Principal,
  req: Request,
  res: Response,
): Promise<void> {
  const unit = unitOf(context, principal);
  const upload = await readUpload(req, context.config.uploadLimitBytes);
  const { report } = await validateForUnit(upload.bytes, await planChooser(context), unit.code);
  await sendAnnotated(res, upload.bytes, report.issues, upload.fileName);
}

async function sendAnnotated(
  res: Response,
  bytes: Uint8Array,
  issues: SubmissionRecord['issues'],
  fileName: string | null,
): Promise<void> {
  const { annotateWorkbook } = await import('../../shared/report/annotate-workbook.ts');
  // A file too broken to restyle still gets a copy with the Issues sheet (the annotator's fallback).
  const annotated = await annotateWorkbook(bytes, issues);
  const base = (fileName ?? 'report.xlsx').replace(/\.xlsx$/i, '').replace(/[^\w.-]+/g, '_');
  sendXlsx(res, annotated.bytes, `${base}-annotated.xlsx`);
}
