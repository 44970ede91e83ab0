/**
 * `portal` (HTTP): the web page for reporting units (and, later, the Secretariat's desk),
 * served by one function. Routes, relative to the function:
 *
 *   GET  /                 the page (Lao first)         GET /app.js, /app.css   its assets
 *   POST /api/session      exchange a token for an expiring session; DELETE signs out
 *   GET  /api/status       the unit's months: due date, on time / late / missing
 *   GET  /api/history      every upload of the unit, by month
 *   GET  /api/template     the unit's template for ?period=YYYY-MM
 *   GET  /api/annotated    annotated copy of a stored upload (?period=&sha256=)
 *   POST /api/annotate     annotated copy of a file that was only checked
 *
 * Uploads go to the `ingest` function itself. Every API route authenticates like every other
 * function (http-support's `authenticate`), and a unit's routes only ever read its own folder.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import { bearerToken, describePrincipal } from '../../shared/auth/tokens.ts';
import type { AppContext } from '../app-context.ts';
import { authenticate, errors, HttpError, httpHandler, sessionStore } from '../http-support.ts';
import { clientScript } from './client-script.ts';
import { PORTAL_CSS, portalHtml } from './page.ts';
import {
  annotateUnchecked,
  unitAnnotatedCopy,
  unitHistory,
  unitStatus,
  unitTemplate,
} from './unit-routes.ts';

/** Headers for the page: no framing, no sniffing, scripts and styles only from here. */
function securityHeaders(res: Response): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  );
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function sendText(res: Response, body: string, contentType: string, cache: string): void {
  securityHeaders(res);
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', cache);
  res.end(body);
}

/** POST: a long-lived token opens a session; DELETE: the session's holder signs out. */
async function sessionRoute(context: AppContext, req: Request, res: Response): Promise<void> {
  const sessions = sessionStore(context);
  const now = context.clock.now();
  if (req.method === 'DELETE') {
    await authenticate(context, req);
    await sessions.close(bearerToken(req.get('authorization')) ?? '', now);
    res.status(204).end();
    return;
  }
  if (req.method !== 'POST') throw errors.method('POST, DELETE');
  const token = bearerToken(req.get('authorization'));
  const principal = await authenticate(context, req);
  if (token?.startsWith('lgs_'))
    throw errors.badRequest('portal/session-from-session', {
      lo: 'ກະລຸນາໃຊ້ລະຫັດເຂົ້າໃຊ້ຂອງຫົວໜ່ວຍ, ບໍ່ແມ່ນລະຫັດການເຂົ້າໃຊ້ຊົ່ວຄາວ.',
      en: "Sign in with your unit's access token, not a session token.",
    });
  const opened = await sessions.open(principal, 'token', now);
  await context.store.appendAudit({
    at: now.toISOString(),
    action: 'session-opened',
    actor: describePrincipal(principal),
    details: { via: 'token', expiresAt: opened.expiresAt },
  });
  const unit = principal.kind === 'unit' ? context.catalogue.unitByCode.get(principal.unitCode) : undefined;
  res.setHeader('Cache-Control', 'no-store');
  res.status(201).json({
    token: opened.token,
    expiresAt: opened.expiresAt,
    // The browser times the session from this, not from its own clock, which may be wrong.
    expiresInSeconds: Math.round((Date.parse(opened.expiresAt) - now.getTime()) / 1000),
    principal,
    unit: unit ? { code: unit.code, name: unit.name } : undefined,
  });
}

export const portal = httpHandler(async (context, req, res) => {
  const path = req.path.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/index.html') {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.method('GET');
    return sendText(res, portalHtml(), 'text/html; charset=utf-8', 'no-cache');
  }
  if (path === '/app.css') return sendText(res, PORTAL_CSS, 'text/css; charset=utf-8', 'public, max-age=300');
  if (path === '/app.js')
    return sendText(res, await clientScript(), 'text/javascript; charset=utf-8', 'public, max-age=300');
  if (path === '/api/session') return sessionRoute(context, req, res);
  const principal = await authenticate(context, req);
  const read = (handler: () => Promise<void>) => {
    if (req.method !== 'GET') throw errors.method('GET');
    return handler();
  };
  switch (path) {
    case '/api/status':
      return read(() => unitStatus(context, principal, res));
    case '/api/history':
      return read(() => unitHistory(context, principal, res));
    case '/api/template':
      return read(() => unitTemplate(context, principal, req, res));
    case '/api/annotated':
      return read(() => unitAnnotatedCopy(context, principal, req, res));
    case '/api/annotate':
      if (req.method !== 'POST') throw errors.method('POST');
      return annotateUnchecked(context, principal, req, res);
    default:
      throw new HttpError(404, 'http/not-found', {
        lo: `ບໍ່ມີໜ້າ ${path} ໃນປະຕູນີ້.`,
        en: `There is no ${path} on the portal.`,
      });
  }
});
