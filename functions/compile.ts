/**
 * `compile`: the Secretariat over HTTP, and the monthly Cloud Scheduler -> Pub/Sub message
 * as a CloudEvent. The scope defaults to the month that just closed in the configured time
 * zone; a message may name one (`{"period":"2025-06"}`, a quarter, a year or `2021-2025`).
 * A redelivered message with unchanged inputs creates no new version.
 */
import type { CloudEvent } from '@google-cloud/functions-framework';
import { describePrincipal } from '../shared/auth/tokens.ts';
import { compileScope } from '../shared/compile/compile-scope.ts';
import { dueInstant, previousMonthIn } from '../shared/compile/period-scope.ts';
import { issueReminders, webhookSender } from '../shared/compile/reminders.ts';
import { googleSheetsPortFor } from '../shared/sheets/google-sheets-client.ts';
import { pullRegisteredSheets } from '../shared/sheets/ingest-sheet.ts';
import { SheetRegistry } from '../shared/sheets/sheet-registry.ts';
import { type AppContext, appContext, plansOf } from './app-context.ts';
import { authenticate, errors, httpHandler, param, requireSecretariat } from './http-support.ts';
import { requireScope } from './scope-param.ts';

/** Pub/Sub push payload as the functions framework hands it over. */
export interface PubSubMessagePublished {
  readonly message?: { readonly data?: string; readonly attributes?: Record<string, string> };
}

function resolveScope(context: AppContext, requested: string | undefined) {
  const label = requested?.trim() || previousMonthIn(context.clock.now(), context.config.timeZone);
  return requireScope(context, label, 'compile/bad-period');
}

/** Runs a compile for a scope and the configured settings. */
export async function runCompile(context: AppContext, requested: string | undefined, actor: string) {
  const scope = resolveScope(context, requested);
  const plans = await plansOf(context).registry();
  return compileScope({ ...context, registry: plans }, scope, context.config, actor);
}

export const compileHttp = httpHandler(async (context, req, res) => {
  if (req.method !== 'POST') throw errors.method('POST');
  const principal = await authenticate(context, req);
  requireSecretariat(principal);
  const result = await runCompile(context, param(req, 'period'), describePrincipal(principal));
  res.status(result.created ? 201 : 200).json({ created: result.created, ...result.manifest });
});

/** Decodes the scheduler's message: base64 JSON `{ "period": "..." }`, or nothing for the default. */
export function periodFromMessage(data: PubSubMessagePublished | undefined): string | undefined {
  const encoded = data?.message?.data;
  if (!encoded) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { period?: unknown };
    return typeof payload.period === 'string' ? payload.period : undefined;
  } catch {
    return undefined;
  }
}

/** Time the scheduled run gives the Sheets pull (Google retries included); the compile keeps the rest. */
const SCHEDULED_PULL_BUDGET_MS = 240_000;

/**
 * Pulls every registered Google Sheet before a one-month compile, so Sheets units are judged
 * and counted like uploads; a sheet that cannot be read is logged for the month and the rest
 * go on. Does nothing (and loads no Google code) when no sheet is registered.
 */
async function pullSheetsBeforeCompile(context: AppContext, requested: string | undefined, actor: string) {
  const months = resolveScope(context, requested).months;
  const period = months[0];
  if (months.length !== 1 || !period) return undefined;
  if (!(await new SheetRegistry(context.store).list()).length) return undefined;
  const port = googleSheetsPortFor(context.config.google, SCHEDULED_PULL_BUDGET_MS);
  return pullRegisteredSheets(
    { store: context.store, catalogue: context.catalogue, clock: context.clock, port },
    period,
    actor,
  );
}

export async function compileScheduled(event: CloudEvent<PubSubMessagePublished>): Promise<void> {
  const context = await appContext();
  const requested = periodFromMessage(event.data);
  const pulls = await pullSheetsBeforeCompile(context, requested, `scheduler:${event.id}`);
  const result = await runCompile(context, requested, `scheduler:${event.id}`);
  // After the due day, the scheduled run also says who has not reported.
  const months = result.input.scope.months;
  const period = months[months.length - 1];
  const reminders =
    months.length === 1 && period
      ? await issueReminders(
          {
            store: context.store,
            catalogue: context.catalogue,
            send: context.config.reminderWebhookUrl
              ? webhookSender(context.config.reminderWebhookUrl)
              : undefined,
          },
          period,
          result.input.statuses,
          result.manifest.inputsHash,
          dueInstant(period, context.config.reportDueDay, context.config.timeZone),
          context.clock.now(),
          result.input.sourceProblems,
        )
      : undefined;
  console.log(
    JSON.stringify({
      severity: 'INFO',
      message: result.created ? 'compiled new version' : 'inputs unchanged; no new version',
      scope: result.manifest.scope,
      version: result.manifest.version,
      notReported: reminders?.list.units.map((u) => u.unit),
      reminderSent: reminders?.sent ?? false,
      sheets: pulls?.map((p) => ({
        unit: p.unitCode,
        outcome: p.outcome,
        verdict: p.verdict,
        reason: p.reason,
      })),
    }),
  );
}
