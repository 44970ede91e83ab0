/**
 * `download` (Secretariat, GET): without parameters lists compiled periods; with `period`
 * lists that period's versions; with `period` and `version` (or `version=latest`) streams
 * the national workbook.
 */
import { listCompiledScopes, listVersions } from '../shared/compile/compile-scope.ts';
import { authenticate, errors, httpHandler, param, requireSecretariat } from './http-support.ts';

export const download = httpHandler(async (context, req, res) => {
  if (req.method !== 'GET') throw errors.method('GET');
  requireSecretariat(await authenticate(context, req));
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
  const stream = manifest ? await context.store.storage.getStream(manifest.workbookKey) : undefined;
  if (!manifest || !stream)
    throw errors.notFound({
      lo: `ບໍ່ພົບສະບັບ "${wanted}" ຂອງ ${period}. ກະລຸນາເບິ່ງລາຍການສະບັບກ່ອນ.`,
      en: `No version "${wanted}" of ${period}. List the versions first.`,
    });
  const fileName = manifest.workbookKey.split('/').at(-1) ?? 'national.xlsx';
  res.status(200);
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('X-Laingan-Version', manifest.version);
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    res.on('finish', resolve);
    res.on('close', resolve);
    stream.pipe(res);
  });
});
