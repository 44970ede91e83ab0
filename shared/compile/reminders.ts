/**
 * Reminders: once a month's due day has passed, the units that have not reported (missing,
 * or only rejected uploads) are listed as JSON in storage and, when a webhook is configured,
 * posted there once per set of inputs (a redelivered scheduler message posts nothing new).
 */
import type { Catalogue } from '../reference/catalogue.ts';
import type { SubmissionStore } from '../store/submission-store.ts';
import type { Bilingual } from '../text/bilingual.ts';
import type { ReportingStatusEntry, SourceProblem } from './compile-input.ts';

/** The list for one month. */
export interface ReminderList {
  readonly period: string;
  readonly due: string;
  readonly generatedAt: string;
  readonly units: readonly {
    unit: string;
    name: Bilingual;
    status: 'missing' | 'rejected' | 'returned';
    /** Why the unit's registered Google Sheet could not be read, when that is the case. */
    sheetProblem?: Bilingual;
  }[];
  readonly message: Bilingual;
}

/** Sends a reminder list somewhere people see it (a chat webhook, e-mail relay...). */
export type ReminderSender = (list: ReminderList) => Promise<void>;

/** Posts the list as JSON to a webhook URL; a non-2xx answer is an error. */
export function webhookSender(url: string): ReminderSender {
  return async (list) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: `${list.message.lo}\n${list.message.en}`, ...list }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`reminder webhook answered HTTP ${response.status}`);
  };
}

/** Pure: who has not reported a month, from its statuses. */
export function buildReminderList(
  period: string,
  statuses: readonly ReportingStatusEntry[],
  catalogue: Catalogue,
  due: Date,
  now: Date,
  sourceProblems: readonly SourceProblem[] = [],
): ReminderList {
  const problems = new Map(sourceProblems.filter((p) => p.period === period).map((p) => [p.unitCode, p]));
  const units = statuses
    .filter(
      (s) =>
        s.period === period && (s.status === 'missing' || s.status === 'rejected' || s.status === 'returned'),
    )
    .map((s) => {
      const problem = problems.get(s.unitCode);
      return {
        unit: s.unitCode,
        name: catalogue.unitByCode.get(s.unitCode)?.name ?? { lo: s.unitCode, en: s.unitCode },
        status: s.status as 'missing' | 'rejected' | 'returned',
        ...(problem ? { sheetProblem: problem.message } : {}),
      };
    });
  // A unit whose sheet could not be read is named with the reason, so the fix is obvious.
  const codes = units
    .map((u) => (problems.has(u.unit) ? `${u.unit} (Google Sheet: ${problems.get(u.unit)?.reason})` : u.unit))
    .join(', ');
  return {
    period,
    due: due.toISOString(),
    generatedAt: now.toISOString(),
    units,
    message: {
      lo: `ລາຍງານເດືອນ ${period} ເລີຍກຳນົດແລ້ວ. ຫົວໜ່ວຍທີ່ຍັງບໍ່ທັນສົ່ງ (${units.length}): ${codes || '-'}`,
      en: `Reports for ${period} are past due. Units that have not reported (${units.length}): ${codes || '-'}`,
    },
  };
}

/**
 * Stores the list (`reminders/<period>/<inputs-hash>.json`) and sends it when it is new.
 * Returns undefined before the due instant: nobody is late yet.
 */
export async function issueReminders(
  deps: { store: SubmissionStore; catalogue: Catalogue; send?: ReminderSender },
  period: string,
  statuses: readonly ReportingStatusEntry[],
  inputsHash: string,
  due: Date,
  now: Date,
  sourceProblems: readonly SourceProblem[] = [],
): Promise<{ list: ReminderList; sent: boolean } | undefined> {
  if (now <= due) return undefined;
  const list = buildReminderList(period, statuses, deps.catalogue, due, now, sourceProblems);
  const key = `reminders/${period}/${inputsHash}.json`;
  if (await deps.store.storage.exists(key)) return { list, sent: false };
  let sent = false;
  if (deps.send && list.units.length) {
    await deps.send(list);
    sent = true;
  }
  // Written after sending: a failed post is retried on the next delivery.
  await deps.store.storage.put(key, `${JSON.stringify(list, null, 1)}\n`, {
    contentType: 'application/json',
  });
  await deps.store.appendAudit({
    at: now.toISOString(),
    action: 'reminder',
    actor: 'scheduler',
    details: { period, units: list.units.length, sent },
  });
  return { list, sent };
}
