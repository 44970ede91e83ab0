/**
 * `download` (Secretariat, GET): without parameters lists compiled periods; with `period`
 * lists that period's versions; with `period` and `version` (or `version=latest`) streams
 * the national workbook, or with `format=pdf` the front section as PDF (when the compile had
 * a browser to print it).
 *
 * A cut download can never pass for a whole one: the answer carries Content-Length (and the
 * workbook's sha-256 as Repr-Digest when the manifest records it), and a storage failure
 * mid-stream destroys the connection instead of ending the response cleanly.
 */
import { listCompiledScopes, listVersions } from '../shared/compile/compile-scope.ts';
import { authenticate, errors, httpHandler, param, requireSecretariat } from './http-support.ts';
import { requireScope } from './scope-param.ts';

export const download = httpHandler(async (context, req, res) => {
  if (req.method !== 'GET') throw errors.method('GET');
  requireSecretariat(await authenticate(context, req));
  const requested = param(req, 'period');
  if (!requested) {
    res.json({ periods: await listCompiledScopes(context.store) });
    return;
  }
  const period = requireScope(context, requested, 'download/bad-period').label;
  const versions = await listVersions(context.store, period);
  const wanted = param(req, 'version');
  if (!wanted) {
    res.json({ period, versions });
    return;
  }
  const manifest = wanted === 'latest' ? versions.at(-1) : versions.find((v) => v.version === wanted);
  const format = param(req, 'format') ?? 'xlsx';
  if (format !== 'xlsx' && format !== 'pdf')
    throw errors.badRequest('download/bad-format', {
      lo: `ຮູບແບບ "${format.slice(0, 20)}" ບໍ່ມີ. ໃຊ້ xlsx ຫຼື pdf.`,
      en: `No format "${format.slice(0, 20)}". Use xlsx or pdf.`,
    });
  if (manifest && format === 'pdf' && !manifest.pdfKey)
    throw errors.notFound({
      lo: `ສະບັບ ${manifest.version} ບໍ່ມີ PDF: ບ່ອນລວບລວມບໍ່ມີ Chromium ເພື່ອພິມ. ກະລຸນາດາວໂຫຼດ xlsx.`,
      en: `Version ${manifest.version} has no PDF: the compile had no Chromium to print it. Download the xlsx.`,
    });
  const key = format === 'pdf' ? manifest?.pdfKey : manifest?.workbookKey;
  const object = key ? await context.store.storage.openRead(key) : undefined;
  if (!manifest || !key || !object)
    throw errors.notFound({
      lo: `ບໍ່ພົບສະບັບ "${wanted.slice(0, 80)}" ຂອງ ${period}. ກະລຸນາເບິ່ງລາຍການສະບັບກ່ອນ.`,
      en: `No version "${wanted.slice(0, 80)}" of ${period}. List the versions first.`,
    });
  const fileName = key.split('/').at(-1) ?? `national.${format}`;
  const digest = format === 'pdf' ? manifest.pdfSha256 : manifest.workbookSha256;
  res.status(200);
  res.setHeader(
    'Content-Type',
    format === 'pdf'
      ? 'application/pdf'
      : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Content-Length', String(object.size));
  res.setHeader('X-Laingan-Version', manifest.version);
  if (digest) res.setHeader('Repr-Digest', `sha-256=:${Buffer.from(digest, 'hex').toString('base64')}:`);
  const { body } = object;
  await new Promise<void>((resolve) => {
    body.on('error', (error) => {
      // Headers and part of the body are out: the only honest answer left is a broken
      // connection, which the client sees as an incomplete transfer (fewer bytes than
      // Content-Length), never as a complete file.
      console.error(
        JSON.stringify({ severity: 'ERROR', message: 'download cut by storage', error: String(error) }),
      );
      res.destroy(error);
      resolve();
    });
    res.on('close', () => {
      body.destroy();
      resolve();
    });
    body.pipe(res);
  });
});
