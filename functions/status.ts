/**
 * `status` (Secretariat, GET): units x months, each on time / late / missing / rejected /
 * returned, with the review state and uploads waiting after a lock; rates and lock per month.
 * `?period=` takes a month, quarter, year or `2021-2025`; default: the month that just closed.
 */
import { gatherCompileInput } from '../shared/compile/compile-scope.ts';
import { reportingRates } from '../shared/compile/national-report.ts';
import { dueInstant, previousMonthIn } from '../shared/compile/period-scope.ts';
import { sectionStatuses } from '../shared/compile/section-status.ts';
import { plansOf } from './app-context.ts';
import { authenticate, errors, httpHandler, param, requireSecretariat } from './http-support.ts';
import { requireScope } from './scope-param.ts';

export const status = httpHandler(async (context, req, res) => {
  if (req.method !== 'GET') throw errors.method('GET');
  requireSecretariat(await authenticate(context, req));
  const label = param(req, 'period') ?? previousMonthIn(context.clock.now(), context.config.timeZone);
  const scope = requireScope(context, label, 'status/bad-period');
  const plans = await plansOf(context).registry();
  const { input } = await gatherCompileInput(context.store, plans, scope, context.config);
  const accepted = new Map(input.submissions.map((s) => [`${s.data.period}|${s.data.unitCode}`, s.data]));
  // Per section: complete, nil (marked "nothing to report this month") or missing.
  const units = context.catalogue.units.map((unit) => ({
    unit: unit.code,
    name: unit.name,
    periods: Object.fromEntries(
      input.statuses
        .filter((s) => s.unitCode === unit.code)
        .map((s) => [
          s.period,
          {
            status: s.status,
            submittedAt: s.submittedAt,
            submittedBy: s.submittedBy,
            sha256: s.sha256,
            fileName: s.fileName,
            review: s.review ?? null,
            afterLockPending: s.afterLockPending ?? 0,
            returnComment: s.returnComment ?? null,
            sections: sectionStatuses(
              unit,
              s.status === 'on_time' || s.status === 'late'
                ? accepted.get(`${s.period}|${unit.code}`)
                : undefined,
            ),
          },
        ]),
    ),
  }));
  const { reportingRate, onTimeRate } = reportingRates(scope.label, input.statuses);
  const byMonth = scope.months.map((month) => {
    const entries = input.statuses.filter((s) => s.period === month);
    const rates = reportingRates(month, entries);
    return {
      period: month,
      reportingRate: rates.reportingRate,
      onTimeRate: rates.onTimeRate,
      dueAt: dueInstant(month, context.config.reportDueDay, context.config.timeZone).toISOString(),
      locked: entries.some((s) => s.locked === true),
    };
  });
  res.json({ scope: scope.label, months: scope.months, reportingRate, onTimeRate, byMonth, units });
});
