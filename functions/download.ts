/**
 * `download` (GET; the Secretariat, or the read-only role for workbooks and the partner export):
 *
 *   (no parameters)                  compiled periods
 *   ?period=P                        that period's versions
 *   ?period=P&version=V|latest       the national workbook (.xlsx)
 *   ...&format=pdf                   its front section as PDF (printed on first request, then kept)
 *   ?partner=YYYY-MM                 the month's partner export files (counts 1-10 suppressed)
 *   ?partner=YYYY-MM&table=T         one partner export file (.parquet)
 *   ?lake=latest                     the lake pointer `_latest.json` (Secretariat only)
 *
 * A cut download can never pass for a whole one: the answer carries Content-Length (and the
 * workbook's sha-256 as Repr-Digest when the manifest records it), and a storage failure
 * mid-stream destroys the connection instead of ending the response cleanly.
 */

import { createHash } from 'node:crypto';
import type { Response } from '@google-cloud/functions-framework';
import { listCompiledScopes, listVersions } from '../shared/compile/compile-scope.ts';
import { frontPdfOf } from '../shared/compile/front-pdf.ts';
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
import { requireScope } from './scope-param.ts';

/** Streams a stored object as an attachment; false when it is not there. */
async function sendObject(
  context: AppContext,
  res: Response,
  key: string,
  contentType: string,
  fileName: string,
  headers: Record<string, string> = {},
): Promise<boolean> {
  const object = await context.store.storage.openRead(key);
  if (!object) return false;
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Content-Length', String(object.size));
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
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
  return true;
}

/** Sends bytes already read (a PDF: small) with their length and sha-256. */
function sendBytes(
  res: Response,
  bytes: Uint8Array,
  contentType: string,
  fileName: string,
  headers: Record<string, string>,
): void {
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Content-Length', String(bytes.byteLength));
  res.setHeader('Repr-Digest', `sha-256=:${createHash('sha256').update(bytes).digest('base64')}:`);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
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
    if (!(await sendObject(context, res, LAKE_LATEST_KEY, 'application/json', 'lake-latest.json')))
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
    const fileName = `partner-${table}-${partner}.parquet`;
    if (!file || !(await sendObject(context, res, file.key, 'application/vnd.apache.parquet', fileName)))
      throw nothingCompiled(`partner export ${table.slice(0, 40)} ${partner.slice(0, 20)}`);
    return;
  }
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
  const noVersion = () =>
    errors.notFound({
      lo: `ບໍ່ພົບສະບັບ "${wanted.slice(0, 80)}" ຂອງ ${period}. ກະລຸນາເບິ່ງລາຍການສະບັບກ່ອນ.`,
      en: `No version "${wanted.slice(0, 80)}" of ${period}. List the versions first.`,
    });
  if (!manifest) throw noVersion();
  const headers: Record<string, string> = { 'X-Laingan-Version': manifest.version };
  if (format === 'pdf') {
    const pdf = await frontPdfOf(context.store.storage, manifest, context.pdf);
    if (!pdf.found)
      throw errors.notFound(
        pdf.reason === 'no-renderer'
          ? {
              lo: `ສະບັບ ${manifest.version} ຍັງບໍ່ມີ PDF ແລະ ບ່ອນນີ້ບໍ່ມີ Chromium ເພື່ອພິມ. ກະລຸນາດາວໂຫຼດ xlsx.`,
              en: `Version ${manifest.version} has no PDF yet, and there is no Chromium here to print it. Download the xlsx.`,
            }
          : {
              lo: `ສະບັບ ${manifest.version} ບໍ່ມີພາກໜ້າ (ລວບລວມກ່ອນມີ PDF). ກະລຸນາລວບລວມຄືນ ຫຼື ດາວໂຫຼດ xlsx.`,
              en: `Version ${manifest.version} has no front section (compiled before PDFs). Compile again or download the xlsx.`,
            },
      );
    sendBytes(res, pdf.bytes, 'application/pdf', `national-${period}-${manifest.version}.pdf`, headers);
    return;
  }
  if (manifest.workbookSha256)
    headers['Repr-Digest'] = `sha-256=:${Buffer.from(manifest.workbookSha256, 'hex').toString('base64')}:`;
  const key = manifest.workbookKey;
  const fileName = key.split('/').at(-1) ?? 'national.xlsx';
  const contentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  if (!(await sendObject(context, res, key, contentType, fileName, headers))) throw noVersion();
});
