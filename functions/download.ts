/**
 * `download` (GET; the Secretariat, or the read-only role for workbooks and the partner export):
 *
 *   (no parameters)                  compiled periods
 *   ?period=P                        that period's versions
 *   ?period=P&version=V|latest       the national workbook (.xlsx)
 *   ?partner=YYYY-MM                 the month's partner export files (suppressed counts)
 *   ?partner=YYYY-MM&table=T         one partner export file (.parquet)
 *   ?lake=latest                     the lake pointer `_latest.json` (Secretariat only)
 */
import type { Response } from '@google-cloud/functions-framework';
import { listCompiledScopes, listVersions } from '../shared/compile/compile-scope.ts';
import { LAKE_LATEST_KEY, type LakeLatest } from '../shared/lake/write-lake-snapshot.ts';
import type { AppContext } from './app-context.ts';
import {
  authenticate,
  errors,
  httpHandler,
  param,
  requireReader,
  requireSecretariat,
} from './http-support.ts';

async function stream(
  context: AppContext,
  res: Response,
  key: string,
  contentType: string,
  fileName: string,
): Promise<boolean> {
  const body = await context.store.storage.getStream(key);
  if (!body) return false;
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  await new Promise<void>((resolve, reject) => {
    body.on('error', reject);
    res.on('finish', resolve);
    res.on('close', resolve);
    body.pipe(res);
  });
  return true;
}

async function readLatest(context: AppContext): Promise<LakeLatest | undefined> {
  const bytes = await context.store.storage.get(LAKE_LATEST_KEY);
  return bytes ? (JSON.parse(new TextDecoder().decode(bytes)) as LakeLatest) : undefined;
}

const nothingCompiled = (what: string) =>
  errors.notFound({
    lo: `ຍັງບໍ່ມີ ${what}. ກະລຸນາລວບລວມ (compile) ກ່ອນ.`,
    en: `There is no ${what} yet. Compile first.`,
  });

export const download = httpHandler(async (context, req, res) => {
  if (req.method !== 'GET') throw errors.method('GET');
  const principal = await authenticate(context, req);
  requireReader(principal);
  if (param(req, 'lake') !== undefined) {
    requireSecretariat(principal);
    if (!(await stream(context, res, LAKE_LATEST_KEY, 'application/json', 'lake-latest.json')))
      throw nothingCompiled('lake/_latest.json');
    return;
  }
  const partner = param(req, 'partner');
  if (partner !== undefined) {
    const files = (await readLatest(context))?.periods[partner]?.partnerFiles ?? [];
    const table = param(req, 'table');
    if (!table) {
      res.json({ period: partner, files: files.map((f) => ({ table: f.table, rows: f.rows })) });
      return;
    }
    const file = files.find((f) => f.table === table);
    if (
      !file ||
      !(await stream(
        context,
        res,
        file.key,
        'application/vnd.apache.parquet',
        `partner-${table}-${partner}.parquet`,
      ))
    )
      throw nothingCompiled(`partner export ${table} ${partner}`);
    return;
  }
  const period = param(req, 'period');
  if (!period) {
    res.json({ periods: await listCompiledScopes(context.store) });
    return;
  }
  const versions = await listVersions(context.store, period);
  const wanted = param(req, 'version');
  if (!wanted) {
    res.json({ period, versions });
    return;
  }
  const manifest = wanted === 'latest' ? versions.at(-1) : versions.find((v) => v.version === wanted);
  const fileName = manifest?.workbookKey.split('/').at(-1) ?? 'national.xlsx';
  if (manifest) res.setHeader('X-Laingan-Version', manifest.version);
  if (
    !manifest ||
    !(await stream(
      context,
      res,
      manifest.workbookKey,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      fileName,
    ))
  )
    throw errors.notFound({
      lo: `ບໍ່ພົບສະບັບ "${wanted}" ຂອງ ${period}. ກະລຸນາເບິ່ງລາຍການສະບັບກ່ອນ.`,
      en: `No version "${wanted}" of ${period}. List the versions first.`,
    });
});
