/**
 * Creates a unit's template as a Google Sheet: `spreadsheets.create`, one `batchUpdate` with
 * every label, rule, format and protection, then (optionally) Drive `permissions.create` to
 * give the unit's focal point edit access.
 */
import type { GoogleSheetsPort } from '../shared/sheets/sheets-port.ts';
import type { SheetsTemplatePlan } from './sheets-template-requests.ts';

/** The created sheet. */
export interface CreatedSheet {
  readonly spreadsheetId: string;
  readonly spreadsheetUrl: string;
  readonly sharedWith?: string;
}

/** Sends a plan built by `buildSheetsTemplate` to Google. */
export async function createSheetsTemplate(
  port: GoogleSheetsPort,
  plan: SheetsTemplatePlan,
  shareWith?: string,
): Promise<CreatedSheet> {
  const created = await port.create(plan.create);
  await port.batchUpdate(created.spreadsheetId, plan.requests);
  if (shareWith) await port.shareWith(created.spreadsheetId, shareWith);
  return { ...created, ...(shareWith ? { sharedWith: shareWith } : {}) };
}
