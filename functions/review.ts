/**
 * `review` (Secretariat): the month at the desk, and the decisions on it.
 *
 *   GET  ?period=YYYY-MM               lock state, headline figures and progress by goal
 *   GET  ?period=YYYY-MM&unit=CODE     the unit's uploads that month: issues, reviews, figures
 *   POST {action: accept|return, period, unit, sha256, comment}
 *   POST {action: lock|unlock, period, reason}
 *
 * Decisions are append-only records (shared/store/review-state.ts) and audit events. The
 * rule they feed (which upload is current) lives in the store, so ingest, the compile, the
 * status API and the portal all apply it. Accepting an upload made after the lock compiles
 * the month again, which gives the workbook a new version.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import { describePrincipal, type Principal } from '../shared/auth/tokens.ts';
import type { AcceptedSubmission } from '../shared/compile/compile-input.ts';
import { compileScope, gatherCompileInput } from '../shared/compile/compile-scope.ts';
import { deskFigures } from '../shared/compile/desk-figures.ts';
import { buildNationalReport } from '../shared/compile/national-report.ts';
import { type PeriodScope, parseScope } from '../shared/compile/period-scope.ts';
import {
  chooseCurrent,
  isAfterLock,
  latestReview,
  lockState,
  type MonthControl,
} from '../shared/store/review-state.ts';
import type { SubmissionRecord } from '../shared/store/submission-record.ts';
import type { AppContext } from './app-context.ts';
import { plansOf } from './app-context.ts';
import { authenticate, errors, HttpError, httpHandler, param, requireSecretariat } from './http-support.ts';

const MAX_COMMENT = 2000;

function monthScope(req: Request): PeriodScope {
  const period = param(req, 'period') ?? '';
  const scope = /^\d{4}-\d{2}$/.test(period) ? parseScope(period) : undefined;
  if (!scope)
    throw errors.badRequest('review/bad-period', {
      lo: `ເດືອນ "${period}" ບໍ່ຖືກຕ້ອງ. ໃຊ້ຮູບແບບ 2025-06.`,
      en: `Month "${period}" is not valid. Use the form 2025-06.`,
    });
  return scope;
}

function unitParam(context: AppContext, req: Request): string {
  const code = param(req, 'unit') ?? '';
  if (!context.catalogue.unitByCode.has(code))
    throw errors.badRequest('review/bad-unit', {
      lo: `ບໍ່ມີຫົວໜ່ວຍ "${code}".`,
      en: `There is no unit "${code}".`,
    });
  return code;
}

function lockView(control: MonthControl) {
  return { ...lockState(control.locks), events: control.locks };
}

/** Figures of one submission, through the same report builder as the workbook. */
async function figuresOf(context: AppContext, scope: PeriodScope, record: SubmissionRecord) {
  let data: AcceptedSubmission['data'];
  try {
    data = await context.store.loadParsed(record.sha256);
  } catch {
    return null;
  }
  const submission: AcceptedSubmission = {
    sha256: record.sha256,
    submittedAt: record.submittedAt,
    submittedBy: record.submittedBy,
    fileName: record.fileName,
    data,
    warnings: [],
  };
  return deskFigures(
    buildNationalReport({ scope, statuses: [], submissions: [submission] }, context.catalogue),
  );
}

async function showMonth(context: AppContext, req: Request, res: Response): Promise<void> {
  const scope = monthScope(req);
  const period = scope.label;
  const control = await context.store.monthControl(period);
  if (param(req, 'unit') === undefined) {
    const { input } = await gatherCompileInput(context.store, context.catalogue, scope, context.config);
    res.json({
      period,
      lock: lockView(control),
      figures: deskFigures(buildNationalReport(input, context.catalogue)),
    });
    return;
  }
  const unitCode = unitParam(context, req);
  const records = await context.store.listUnitRecords(period, unitCode);
  const choice = chooseCurrent(records, control);
  const chosen = records.find((r) => r.sha256 === param(req, 'sha256')) ?? choice.current ?? records.at(-1);
  const unit = context.catalogue.unitByCode.get(unitCode);
  res.json({
    period,
    unit: { code: unitCode, name: unit?.name },
    lock: lockView(control),
    current: choice.current?.sha256 ?? null,
    review: choice.review,
    returned: choice.returned
      ? { sha256: choice.returned.record.sha256, comment: choice.returned.review.comment }
      : null,
    uploads: [...records].reverse().map((record) => ({
      sha256: record.sha256,
      submittedAt: record.submittedAt,
      submittedBy: record.submittedBy,
      fileName: record.fileName,
      verdict: record.verdict,
      issues: record.issues,
      afterLock: record.verdict === 'accepted' && isAfterLock(record, control),
      current: record.sha256 === choice.current?.sha256,
      reviews: control.reviews.filter((r) => r.sha256 === record.sha256),
    })),
    figuresOf: chosen?.sha256 ?? null,
    figures: chosen ? await figuresOf(context, scope, chosen) : null,
  });
}

async function decide(context: AppContext, principal: Principal, req: Request, res: Response): Promise<void> {
  const action = param(req, 'action');
  const scope = monthScope(req);
  const period = scope.label;
  const by = describePrincipal(principal);
  const at = context.clock.now().toISOString();
  const text = (name: string) => {
    const value = (param(req, name) ?? '').trim();
    if (value.length > MAX_COMMENT)
      throw errors.badRequest('review/too-long', {
        lo: `ຂໍ້ຄວາມຍາວເກີນ ${MAX_COMMENT} ຕົວອັກສອນ.`,
        en: `The text is longer than ${MAX_COMMENT} characters.`,
      });
    return value.normalize('NFC') || null;
  };
  if (action === 'lock' || action === 'unlock') {
    const before = lockState((await context.store.monthControl(period)).locks);
    const changed = before.locked !== (action === 'lock');
    if (changed) await context.store.recordLock({ period, action, reason: text('reason'), by, at });
    res.status(changed ? 201 : 200).json({
      period,
      changed,
      lock: lockView(await context.store.monthControl(period)),
    });
    return;
  }
  if (action !== 'accept' && action !== 'return')
    throw errors.badRequest('review/bad-action', {
      lo: 'ການກະທຳຕ້ອງແມ່ນ accept, return, lock ຫຼື unlock.',
      en: 'The action must be accept, return, lock or unlock.',
    });
  const unitCode = unitParam(context, req);
  const record = await context.store.findRecord(period, unitCode, param(req, 'sha256') ?? '');
  if (record?.verdict !== 'accepted')
    throw new HttpError(409, 'review/not-reviewable', {
      lo: 'ກວດໄດ້ສະເພາະໄຟລ໌ທີ່ຜ່ານການກວດອັດຕະໂນມັດແລ້ວຂອງຫົວໜ່ວຍ ແລະ ເດືອນນີ້.',
      en: 'Only an upload of this unit and month that passed validation can be reviewed.',
    });
  const comment = text('comment');
  if (action === 'return' && !comment)
    throw errors.badRequest('review/comment-required', {
      lo: 'ກະລຸນາຂຽນເຫດຜົນທີ່ສົ່ງຄືນ ເພື່ອໃຫ້ຫົວໜ່ວຍຮູ້ວ່າຕ້ອງແກ້ຫຍັງ.',
      en: 'Write why it is returned, so the unit knows what to fix.',
    });
  const before = await context.store.monthControl(period);
  const wasAfterLock =
    isAfterLock(record, before) && latestReview(before, record.sha256)?.decision !== 'accepted';
  await context.store.recordReview({
    period,
    unitCode,
    sha256: record.sha256,
    decision: action === 'accept' ? 'accepted' : 'returned',
    comment,
    by,
    at,
  });
  // Accepting an upload into a locked month changes the month: compile it into a new version.
  const compiled =
    action === 'accept' && wasAfterLock && lockState(before.locks).locked
      ? await compileScope(
          { ...context, registry: await plansOf(context).registry() },
          scope,
          context.config,
          by,
        )
      : undefined;
  res.status(201).json({
    period,
    unit: unitCode,
    sha256: record.sha256,
    decision: action === 'accept' ? 'accepted' : 'returned',
    comment,
    compiled: compiled ? { version: compiled.manifest.version, created: compiled.created } : null,
  });
}

export const review = httpHandler(async (context, req, res) => {
  const principal = await authenticate(context, req);
  requireSecretariat(principal);
  if (req.method === 'GET') return showMonth(context, req, res);
  if (req.method === 'POST') return decide(context, principal, req, res);
  throw errors.method('GET, POST');
});
