/**
 * `ingestSheet` (HTTP POST): pulls a unit's registered Google Sheet now and judges it exactly
 * like an upload. A unit's token pulls its own sheet; the Secretariat's pulls any
 * (`?unit=CODE`). Answers as `ingest` does (201 accepted, 200 unchanged, 422 rejected,
 * 400 unreadable, 403 another unit's template), plus 404 when the unit has no sheet or Google
 * has none by that id, 403 `sheet/forbidden` when the sheet is not shared with the service
 * account, 503 when Google stays unavailable.
 */
import { describePrincipal } from '../shared/auth/tokens.ts';
import { googleSheetsPortFor } from '../shared/sheets/google-sheets-client.ts';
import { ingestRegisteredSheet, SheetNotRegisteredError } from '../shared/sheets/ingest-sheet.ts';
import { GoogleCredentialsError, SheetAccessError } from '../shared/sheets/sheets-port.ts';
import { verdictStatus } from '../shared/validate/unit-check.ts';
import { authenticate, errors, HttpError, httpHandler, param } from './http-support.ts';
import { lockNoticeFor } from './ingest.ts';

const ACCESS_STATUS: Record<SheetAccessError['reason'], number> = {
  'not-found': 404,
  forbidden: 403,
  refused: 422,
  unavailable: 503,
  changing: 503,
};

export const ingestSheet = httpHandler(async (context, req, res) => {
  if (req.method !== 'POST') throw errors.method('POST');
  const principal = await authenticate(context, req);
  const requested = param(req, 'unit')?.toUpperCase();
  if (principal.kind === 'unit' && requested && requested !== principal.unitCode)
    throw errors.forbidden({
      lo: 'ຫົວໜ່ວຍດຶງໄດ້ແຕ່ Sheet ຂອງຕົນເອງ.',
      en: "A unit's token pulls only its own sheet.",
    });
  const unitCode = principal.kind === 'unit' ? principal.unitCode : requested;
  if (!unitCode || !context.catalogue.unitByCode.has(unitCode))
    throw errors.badRequest('sheet/unit', {
      lo: 'ກະລຸນາລະບຸຫົວໜ່ວຍ: ?unit=CODE.',
      en: 'Name a known unit: ?unit=CODE.',
    });
  const port = googleSheetsPortFor(context.config.google, context.config.google.pullBudgetMs);
  try {
    const result = await ingestRegisteredSheet(
      { store: context.store, catalogue: context.catalogue, clock: context.clock, port },
      unitCode,
      describePrincipal(principal),
    );
    const { report, record } = result;
    const status = verdictStatus(report, result.wrongUnit);
    res.status(result.duplicate && status === 201 ? 200 : status).json({
      accepted: report.accepted,
      verdict: record.verdict,
      unit: report.unit,
      period: report.period,
      issues: report.issues,
      sha256: record.sha256,
      submittedAt: record.submittedAt,
      duplicate: result.duplicate,
      spreadsheetId: result.spreadsheetId,
      via: result.via,
      // A month the Secretariat has locked keeps the pull but does not let it become current.
      ...(await lockNoticeFor(context, record)),
    });
  } catch (error) {
    if (error instanceof SheetNotRegisteredError)
      throw new HttpError(404, 'sheet/not-registered', error.bilingual);
    if (error instanceof SheetAccessError)
      throw new HttpError(ACCESS_STATUS[error.reason], `sheet/${error.reason}`, error.bilingual);
    if (error instanceof GoogleCredentialsError) {
      console.error(JSON.stringify({ severity: 'ERROR', message: error.message }));
      throw new HttpError(500, 'sheet/credentials', {
        lo: 'ລະບົບຍັງບໍ່ໄດ້ຕັ້ງບັນຊີ Google. ກະລຸນາແຈ້ງກອງເລຂາ.',
        en: error.message,
      });
    }
    throw error;
  }
});
