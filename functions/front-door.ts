/**
 * Checks a request before its body is read: the route's access rule (a valid token of the
 * right kind) and the declared size. Used by the local server (`npm start`) in front of every
 * function, and reusable by any page or function added to it: declare a {@link RouteRule}.
 * The principal found is kept on the request (admitted-principal.ts), so the handler does not
 * resolve the token again.
 *
 * Also turns the functions framework's own failures (a body that is not valid JSON, a
 * charset it cannot decode, a body over its limit) into the same bilingual JSON errors as
 * the handlers', without a stack trace or a path.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Bilingual } from '../shared/text/bilingual.ts';
import { markAdmitted } from './admitted-principal.ts';
import type { AppContext } from './app-context.ts';
import {
  failureAnswer,
  HttpError,
  RETRY_AFTER_SECONDS,
  requireReader,
  requireSecretariat,
  requireUnitToken,
  resolveAuthorization,
} from './http-support.ts';

/**
 * `unit`, `secretariat`, `reader` (the Secretariat or the read-only role), `any` (any valid
 * token or portal session) or `public` (no token: a sign-in page).
 */
export type Access = 'unit' | 'secretariat' | 'reader' | 'any' | 'public';

/** Who may call a route, and how large a body it takes. */
export interface RouteRule {
  /** The access rule, or one per path inside the function (a page and its API). */
  readonly access: Access | ((path: string) => Access);
  /** Largest body accepted, in bytes; a larger declared Content-Length gets 413 unread. */
  readonly maxBodyBytes: (context: AppContext) => number;
}

const SMALL_BODY = () => 64 * 1024;

/** The rules of the functions `npm start` serves; a new function adds its line. */
export const ROUTE_RULES: Readonly<Record<string, RouteRule>> = {
  ingest: { access: 'unit', maxBodyBytes: (c) => c.config.uploadLimitBytes + 64 * 1024 },
  // A unit pulls its own registered Google Sheet, the Secretariat any unit's: no body.
  ingestSheet: { access: 'any', maxBodyBytes: SMALL_BODY },
  compile: { access: 'secretariat', maxBodyBytes: SMALL_BODY },
  // Deployed, only its Pub/Sub trigger can invoke it (no public invoker); locally, the
  // Secretariat's token stands in for that trigger.
  compileScheduled: { access: 'secretariat', maxBodyBytes: SMALL_BODY },
  // Workbooks and the partner export are also for the read-only role; the lake pointer is not
  // (the function checks that itself).
  download: { access: 'reader', maxBodyBytes: SMALL_BODY },
  status: { access: 'secretariat', maxBodyBytes: SMALL_BODY },
  review: { access: 'secretariat', maxBodyBytes: SMALL_BODY },
  // The page and its assets are public (they hold no data); every API route needs a token or
  // a session, and only /api/annotate takes a file.
  portal: {
    access: (path) => (/^\/(index\.html|app\.js|app\.css)?$/.test(path) ? 'public' : 'any'),
    maxBodyBytes: (c) => c.config.uploadLimitBytes + 64 * 1024,
  },
};

/** Sends a bilingual JSON error and closes the connection (an unread body is not waited for). */
export function refuse(res: ServerResponse, status: number, code: string, message: Bilingual): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    connection: 'close',
  };
  if (status === 503) headers['retry-after'] = String(RETRY_AFTER_SECONDS);
  res.writeHead(status, headers);
  res.end(JSON.stringify({ error: { code, message } }));
}

const tooLarge = (limit: number) =>
  new HttpError(413, 'http/too-large', {
    lo: `ຄຳຮ້ອງໃຫຍ່ເກີນ ${(limit / 1024 / 1024).toFixed(1)} MB.`,
    en: `The request is larger than ${(limit / 1024 / 1024).toFixed(1)} MB.`,
  });

/** Refuses a body declared larger than the limit (413) or not declared at all (411). */
function checkDeclaredSize(req: IncomingMessage, limit: number): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
  if (declared === undefined && req.headers['transfer-encoding'])
    throw new HttpError(411, 'http/length-required', {
      lo: 'ຕ້ອງບອກຂະໜາດຂອງຄຳຮ້ອງ (Content-Length). ກະລຸນາສົ່ງໄຟລ໌ທັງໝົດໃນຄັ້ງດຽວ.',
      en: 'The request must declare its size (Content-Length). Send the file whole, not streamed.',
    });
}

/**
 * Admits a request or throws the HttpError to answer it with: the token first (an anonymous
 * caller learns nothing, not even the size limit), then the declared size. Reads headers
 * only: the body stays unread until the request is admitted.
 */
export async function admit(
  context: AppContext,
  req: IncomingMessage,
  rule: RouteRule,
  path = '/',
): Promise<void> {
  const access = typeof rule.access === 'function' ? rule.access(path) : rule.access;
  if (access === 'public') return checkDeclaredSize(req, rule.maxBodyBytes(context));
  const principal = await resolveAuthorization(context, req.headers.authorization);
  if (access === 'secretariat') requireSecretariat(principal);
  if (access === 'reader') requireReader(principal);
  if (access === 'unit') requireUnitToken(principal);
  markAdmitted(req, principal);
  checkDeclaredSize(req, rule.maxBodyBytes(context));
}

/** Answers a failure of {@link admit}: its HttpError, or 503 when the token store is down. */
export function refuseFailure(res: ServerResponse, error: unknown): void {
  const { status, code, message } = failureAnswer(error);
  refuse(res, status, code, message);
}

/** body-parser's error types, in words people can act on. */
function frameworkMessage(type: string | undefined): { status: number; code: string; message: Bilingual } {
  if (type === 'entity.parse.failed')
    return {
      status: 400,
      code: 'http/bad-json',
      message: {
        lo: 'ເນື້ອໃນຂອງຄຳຮ້ອງບໍ່ແມ່ນ JSON ທີ່ຖືກຕ້ອງ. ຖ້າສົ່ງໄຟລ໌ .xlsx ໃຫ້ໃຊ້ Content-Type: application/octet-stream ຫຼື ແບບຟອມ (multipart/form-data).',
        en: 'The request body is not valid JSON. To send an .xlsx file use Content-Type: application/octet-stream or a multipart form.',
      },
    };
  if (type === 'entity.too.large')
    return {
      status: 413,
      code: 'http/too-large',
      message: { lo: 'ຄຳຮ້ອງໃຫຍ່ເກີນໄປ.', en: 'The request is too large.' },
    };
  if (type === 'charset.unsupported' || type === 'encoding.unsupported')
    return {
      status: 415,
      code: 'http/unsupported-encoding',
      message: {
        lo: 'ບໍ່ຮອງຮັບການເຂົ້າລະຫັດຂອງຄຳຮ້ອງນີ້. ໃຊ້ UTF-8 ແລະ ບໍ່ບີບອັດ.',
        en: 'This request encoding is not supported. Use UTF-8, uncompressed.',
      },
    };
  return {
    status: 400,
    code: 'http/bad-request',
    message: { lo: 'ຄຳຮ້ອງບໍ່ຖືກຕ້ອງ.', en: 'The request could not be read.' },
  };
}

type ErrorMiddleware = (error: unknown, req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Adds a last error handler to a functions-framework server's Express app, replacing Express's
 * HTML page (with a stack trace and local paths) by a bilingual JSON error.
 */
export function answerFrameworkErrorsAsJson(server: Server): void {
  const app = server.listeners('request')[0] as { use?: (handler: ErrorMiddleware) => void } | undefined;
  app?.use?.((error, _req, res, _next) => {
    const { status, code, message } = frameworkMessage((error as { type?: string } | undefined)?.type);
    refuse(res, status, code, message);
  });
}
