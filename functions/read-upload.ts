/**
 * Gets the uploaded file out of a request: a multipart form with a `file` field (what a
 * browser form sends), or the raw .xlsx as the body (what curl --data-binary sends).
 */
import type { Request } from '@google-cloud/functions-framework';
import busboy from 'busboy';
import { HttpError } from './http-support.ts';

export interface Upload {
  readonly bytes: Uint8Array;
  readonly fileName: string | null;
}

function tooLarge(limitBytes: number): HttpError {
  const mb = (limitBytes / 1024 / 1024).toFixed(0);
  return new HttpError(413, 'file/too-large', {
    lo: `ໄຟລ໌ໃຫຍ່ເກີນ ${mb} MB. ກະລຸນາລຶບຮູບພາບ ຫຼື ແຜ່ນງານທີ່ບໍ່ກ່ຽວຂ້ອງອອກ ແລ້ວສົ່ງໃໝ່.`,
    en: `The file is larger than ${mb} MB. Remove pictures or unrelated sheets and upload again.`,
  });
}

const noFile = () =>
  new HttpError(400, 'file/missing', {
    lo: 'ບໍ່ພົບໄຟລ໌ໃນຄຳຮ້ອງ. ກະລຸນາແນບໄຟລ໌ .xlsx ໃນຊ່ອງ "file".',
    en: 'No file in the request. Attach the .xlsx in a form field named "file", or send it as the request body.',
  });

function readMultipart(req: Request, raw: Buffer, limitBytes: number): Promise<Upload> {
  return new Promise((resolvePromise, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fileSize: limitBytes + 1 } });
    } catch {
      reject(noFile());
      return;
    }
    let upload: Upload | undefined;
    let failure: HttpError | undefined;
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => {
        failure = tooLarge(limitBytes);
      });
      stream.on('end', () => {
        if (field === 'file' && !upload)
          upload = { bytes: Buffer.concat(chunks), fileName: info.filename ?? null };
      });
    });
    parser.on('error', () => reject(noFile()));
    parser.on('close', () => {
      if (failure) reject(failure);
      else if (upload) resolvePromise(upload);
      else reject(noFile());
    });
    parser.end(raw);
  });
}

/** Reads the upload, refusing bodies over the limit with 413 before parsing anything. */
export async function readUpload(req: Request, limitBytes: number): Promise<Upload> {
  const declared = Number(req.get('content-length') ?? 0);
  const raw = req.rawBody ?? (Buffer.isBuffer(req.body) ? req.body : undefined);
  if (declared > limitBytes + 64 * 1024 || (raw && raw.byteLength > limitBytes + 64 * 1024))
    throw tooLarge(limitBytes);
  if (!raw || raw.byteLength === 0) {
    // An empty body is an empty file: the validator explains it like any other bad file.
    if (!req.is('multipart/form-data')) return { bytes: new Uint8Array(), fileName: null };
    throw noFile();
  }
  if (req.is('multipart/form-data')) return readMultipart(req, raw, limitBytes);
  if (raw.byteLength > limitBytes) throw tooLarge(limitBytes);
  const disposition = /filename="([^"]+)"/.exec(req.get('content-disposition') ?? '')?.[1];
  return { bytes: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), fileName: disposition ?? null };
}
