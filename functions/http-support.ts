/**
 * One place that turns failures into HTTP answers. Handlers throw HttpError for expected
 * refusals (401, 403, 413...); storage outages become 503; anything else is a 500 with a
 * bilingual message and no stack trace.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import { isSessionToken, SessionStore } from '../shared/auth/sessions.ts';
import { bearerToken, type Principal } from '../shared/auth/tokens.ts';
import { ConfigError } from '../shared/config/config.ts';
import { StorageError } from '../shared/storage/object-storage.ts';
import type { Bilingual } from '../shared/text/bilingual.ts';
import { admittedPrincipal } from './admitted-principal.ts';
import { type AppContext, appContext } from './app-context.ts';

/** An error that knows its HTTP answer. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    readonly bilingual: Bilingual,
  ) {
    super(bilingual.en);
  }
}

export const errors = {
  unauthenticated: () =>
    new HttpError(401, 'auth/missing-token', {
      lo: 'ຕ້ອງມີລະຫັດເຂົ້າໃຊ້ (Authorization: Bearer ...). ກະລຸນາຂໍລະຫັດຈາກກອງເລຂາ.',
      en: 'A valid access token is required (Authorization: Bearer ...). Ask the Secretariat for one.',
    }),
  forbidden: (what: Bilingual) => new HttpError(403, 'auth/forbidden', what),
  method: (allowed: string) =>
    new HttpError(405, 'http/method', { lo: `ໃຊ້ໄດ້ແຕ່ ${allowed}.`, en: `Only ${allowed} is allowed here.` }),
  badRequest: (code: string, message: Bilingual) => new HttpError(400, code, message),
  notFound: (message: Bilingual) => new HttpError(404, 'http/not-found', message),
};

/** The portal's sessions on this context's storage. */
export function sessionStore(context: AppContext): SessionStore {
  return new SessionStore(context.store.storage, context.config.sessionLifetimeMs);
}

/**
 * Resolves the caller's token, a long-lived one or a portal session (which expires); throws
 * 401 when absent, unknown or expired. Every function, and the portal's pages, go through here.
 */
export async function authenticate(context: AppContext, req: Request): Promise<Principal> {
  // Behind the local front door the token was already resolved, before the body was read.
  return admittedPrincipal(req) ?? resolveAuthorization(context, req.get('authorization'));
}

/** The principal of an Authorization header (token or session); throws 401 when there is none. */
export async function resolveAuthorization(
  context: AppContext,
  header: string | undefined,
): Promise<Principal> {
  const token = bearerToken(header);
  const principal = !token
    ? undefined
    : isSessionToken(token)
      ? (await sessionStore(context).resolve(token, context.clock.now()))?.principal
      : await context.tokens.resolve(token);
  if (!principal) throw errors.unauthenticated();
  return principal;
}

/** Only the Secretariat may go on. */
export function requireSecretariat(principal: Principal): void {
  if (principal.kind !== 'secretariat')
    throw errors.forbidden({
      lo: 'ສະເພາະກອງເລຂາເທົ່ານັ້ນ ທີ່ເຮັດສິ່ງນີ້ໄດ້.',
      en: 'Only the Secretariat can do this.',
    });
}

/** The Secretariat, or the read-only role (national workbooks and the partner export). */
export function requireReader(principal: Principal): void {
  if (principal.kind !== 'secretariat' && principal.kind !== 'reader')
    throw errors.forbidden({
      lo: 'ສະເພາະກອງເລຂາ ແລະ ຜູ້ມີສິດອ່ານເທົ່ານັ້ນ ທີ່ດາວໂຫຼດບົດລາຍງານແຫ່ງຊາດໄດ້.',
      en: 'Only the Secretariat and read-only partners can download national reports.',
    });
}

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 30;

/** Only a unit may go on (uploads are made with a unit's token). */
export function requireUnitToken(
  principal: Principal,
): asserts principal is Extract<Principal, { kind: 'unit' }> {
  if (principal.kind !== 'unit')
    throw errors.forbidden({
      lo: 'ການສົ່ງລາຍງານຕ້ອງໃຊ້ລະຫັດຂອງຫົວໜ່ວຍ.',
      en: "Reports are uploaded with a unit's token, not the Secretariat's.",
    });
}

function sendError(res: Response, status: number, code: string, message: Bilingual): void {
  if (!res.headersSent) {
    if (status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(status).json({ error: { code, message } });
  }
  // Part of an answer is out: breaking the connection is the only way to say it is incomplete.
  else res.destroy();
}

/** The HTTP answer to a failure (logged here; nothing about the server goes to the client). */
export function failureAnswer(error: unknown): { status: number; code: string; message: Bilingual } {
  if (error instanceof HttpError) return { status: error.status, code: error.code, message: error.bilingual };
  if (error instanceof StorageError) {
    console.error(
      JSON.stringify({ severity: 'ERROR', message: error.message, cause: String(error.cause ?? '') }),
    );
    return {
      status: 503,
      code: 'storage/unavailable',
      message: {
        lo: 'ບ່ອນເກັບຂໍ້ມູນບໍ່ພ້ອມໃຊ້ງານຊົ່ວຄາວ. ກະລຸນາລອງໃໝ່ໃນອີກບໍ່ເທົ່າໃດນາທີ.',
        en: 'Storage is temporarily unavailable. Please try again in a few minutes.',
      },
    };
  }
  if (error instanceof ConfigError) {
    console.error(JSON.stringify({ severity: 'ERROR', message: error.message }));
    return { status: 500, code: 'config/invalid', message: { lo: 'ການຕັ້ງຄ່າລະບົບບໍ່ຖືກຕ້ອງ.', en: error.message } };
  }
  console.error(JSON.stringify({ severity: 'ERROR', message: String((error as Error)?.stack ?? error) }));
  return {
    status: 500,
    code: 'internal',
    message: {
      lo: 'ລະບົບຂັດຂ້ອງ. ໄຟລ໌ຂອງທ່ານບໍ່ສູນຫາຍ; ກະລຸນາລອງໃໝ່ ຫຼື ແຈ້ງກອງເລຂາ.',
      en: 'Something went wrong on our side. Nothing you sent was lost; try again or tell the Secretariat.',
    },
  };
}

/** Wraps a handler: builds the context, maps every failure to one HTTP answer, never crashes. */
export function httpHandler(handle: (context: AppContext, req: Request, res: Response) => Promise<void>) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await handle(await appContext(), req, res);
    } catch (error) {
      const { status, code, message } = failureAnswer(error);
      sendError(res, status, code, message);
    }
  };
}

/** A query or body parameter as a string. */
export function param(req: Request, name: string): string | undefined {
  const fromQuery = req.query[name];
  if (typeof fromQuery === 'string') return fromQuery;
  const body = req.body as Record<string, unknown> | undefined;
  const fromBody = body && typeof body === 'object' && !Buffer.isBuffer(body) ? body[name] : undefined;
  return typeof fromBody === 'string' ? fromBody : undefined;
}
