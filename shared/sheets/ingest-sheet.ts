/**
 * A registered Google Sheet goes through exactly what an upload goes through: pulled into the
 * cell grid, validated by the same validator, judged for its registered unit, recorded by the
 * same store (so the current-submission rule, review and period lock apply unchanged). The
 * raw record is the grid as canonical JSON: an unchanged sheet has the same sha256 and makes
 * no new record.
 */
import { mapBounded } from '../async/map-bounded.ts';
import type { Clock } from '../ports/clock.ts';
import type { Catalogue } from '../reference/catalogue.ts';
import { appendSheetPull } from '../store/sheet-pull-log.ts';
import type { SubmissionRecord } from '../store/submission-record.ts';
import type { SubmissionStore } from '../store/submission-store.ts';
import type { Bilingual } from '../text/bilingual.ts';
import { judgeForUnit } from '../validate/unit-check.ts';
import { corruptFileReport, type ValidationReport, validateGrid } from '../validate/validate-upload.ts';
import { pullSpreadsheet } from './pull-spreadsheet.ts';
import { SheetRegistry } from './sheet-registry.ts';
import { GoogleCredentialsError, type GoogleSheetsPort, SheetAccessError } from './sheets-port.ts';

/** What ingesting needs. */
export interface SheetIngestDeps {
  readonly store: SubmissionStore;
  readonly catalogue: Catalogue;
  readonly clock: Clock;
  readonly port: GoogleSheetsPort;
}

/** The unit has no registered sheet. */
export class SheetNotRegisteredError extends Error {
  override readonly name = 'SheetNotRegisteredError';
  readonly bilingual: Bilingual;
  constructor(readonly unitCode: string) {
    super(`unit ${unitCode} has no registered Google Sheet`);
    this.bilingual = {
      lo: `ຫົວໜ່ວຍ ${unitCode} ບໍ່ມີ Google Sheet ທີ່ລົງທະບຽນໄວ້. ກອງເລຂາລົງທະບຽນດ້ວຍ npm run sheets -- register.`,
      en: `Unit ${unitCode} has no registered Google Sheet. The Secretariat registers one with npm run sheets -- register.`,
    };
  }
}

/** A sheet that was read and judged. */
export interface SheetIngested {
  readonly spreadsheetId: string;
  readonly via: 'sheets-api' | 'drive-export';
  readonly report: ValidationReport;
  readonly wrongUnit: boolean;
  readonly record: SubmissionRecord;
  /** The same content was already recorded: nothing new was written. */
  readonly duplicate: boolean;
}

const encoder = new TextEncoder();

function validateSafely(grid: Parameters<typeof validateGrid>[0], catalogue: Catalogue): ValidationReport {
  try {
    return validateGrid(grid, catalogue);
  } catch (error) {
    console.error(JSON.stringify({ severity: 'ERROR', message: 'validator failed on a pulled sheet' }));
    return corruptFileReport(error);
  }
}

/**
 * Pulls the unit's registered sheet and records it. Throws {@link SheetNotRegisteredError},
 * {@link SheetAccessError} (404, 403, still failing after retries, always changing) or
 * {@link GoogleCredentialsError}.
 */
export async function ingestRegisteredSheet(
  deps: SheetIngestDeps,
  unitCode: string,
  actor: string,
): Promise<SheetIngested> {
  const registration = await new SheetRegistry(deps.store).find(unitCode);
  if (!registration) throw new SheetNotRegisteredError(unitCode);
  const pulled = await pullSpreadsheet(deps.port, registration.spreadsheetId);
  const { report, wrongUnit } = judgeForUnit(validateSafely(pulled.grid, deps.catalogue), unitCode);
  const { record, duplicate } = await deps.store.recordUpload({
    bytes: encoder.encode(pulled.raw),
    rawFormat: 'sheet-grid',
    report,
    unitCode,
    submittedBy: actor,
    submittedAt: deps.clock.now(),
    source: 'google-sheets',
    fileName: `${pulled.title || 'Google Sheet'} (${registration.spreadsheetId})`,
  });
  return { spreadsheetId: registration.spreadsheetId, via: pulled.via, report, wrongUnit, record, duplicate };
}

/** One unit's result in a scheduled pull. */
export interface ScheduledPullResult {
  readonly unitCode: string;
  readonly spreadsheetId: string;
  readonly outcome: 'recorded' | 'duplicate' | 'failed';
  readonly verdict?: SubmissionRecord['verdict'];
  readonly reason?: string;
  readonly message?: Bilingual;
}

/**
 * The scheduled run's pull: every registered sheet, a few at a time. A sheet that cannot be
 * read (404, 403, Google still down after retries) is logged for `period` with its reason,
 * so the compile's Sources sheet and the reminders show it, and the others go on.
 */
export async function pullRegisteredSheets(
  deps: SheetIngestDeps,
  period: string,
  actor: string,
  concurrency = 4,
): Promise<ScheduledPullResult[]> {
  const registrations = await new SheetRegistry(deps.store).list();
  return mapBounded(registrations, concurrency, async ({ unitCode, spreadsheetId }) => {
    const at = deps.clock.now().toISOString();
    try {
      const result = await ingestRegisteredSheet(deps, unitCode, actor);
      const outcome = result.duplicate ? 'duplicate' : 'recorded';
      await appendSheetPull(deps.store.storage, {
        unitCode,
        period,
        spreadsheetId,
        at,
        outcome,
        sha256: result.record.sha256,
      });
      return { unitCode, spreadsheetId, outcome, verdict: result.record.verdict };
    } catch (error) {
      if (!(error instanceof SheetAccessError || error instanceof GoogleCredentialsError)) throw error;
      const reason = error instanceof SheetAccessError ? error.reason : 'credentials';
      const message =
        error instanceof SheetAccessError ? error.bilingual : { lo: 'ບໍ່ມີສິດເຂົ້າເຖິງ Google.', en: error.message };
      await appendSheetPull(deps.store.storage, {
        unitCode,
        period,
        spreadsheetId,
        at,
        outcome: 'failed',
        reason,
        message,
      });
      await deps.store.appendAudit({
        at,
        action: 'sheet-pull-failed',
        actor,
        details: { unit: unitCode, spreadsheetId, period, reason },
      });
      return { unitCode, spreadsheetId, outcome: 'failed', reason, message };
    }
  });
}
