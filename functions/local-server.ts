/**
 * Every function on one local port, a path per function (`/ingest`, `/ingestSheet`, `/compile`,
 * `/download`, `/status`, `/portal`, and `/compileScheduled` for CloudEvents), bound to 127.0.0.1 only. Each path is
 * served by the functions framework's own server for that function, so local runs behave as
 * deployed ones. Every path is behind the front door: its token and size are checked before
 * the body is read, and no path answers without a valid token (see ROUTE_RULES).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import './index.ts';
import { appContext } from './app-context.ts';
import { admit, answerFrameworkErrorsAsJson, ROUTE_RULES, refuse, refuseFailure } from './front-door.ts';

export const FUNCTION_NAMES = [
  'ingest',
  'ingestSheet',
  'compile',
  'compileScheduled',
  'download',
  'status',
  'portal',
  'review',
] as const;

/** Starts the router; resolves with the server and its base URL. */
export async function startLocalServer(
  port = 8080,
  host = '127.0.0.1',
): Promise<{ server: Server; url: string }> {
  const targets = new Map<string, Server>(
    FUNCTION_NAMES.map((name) => {
      const target = getTestServer(name);
      answerFrameworkErrorsAsJson(target);
      return [name, target];
    }),
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const [, name = '', ...rest] = url.pathname.split('/');
    const target = targets.get(name);
    const rule = ROUTE_RULES[name];
    if (!target || !rule) {
      refuse(res, 404, 'http/not-found', {
        lo: `ບໍ່ມີເສັ້ນທາງນີ້. ເສັ້ນທາງທີ່ມີ: ${FUNCTION_NAMES.map((n) => `/${n}`).join(', ')}`,
        en: `No such path. Paths: ${FUNCTION_NAMES.map((n) => `/${n}`).join(', ')}`,
      });
      return;
    }
    // Nothing of the body is read until the request is admitted: with no 'data' listener the
    // request stays in paused mode and TCP back-pressure holds the rest of the body.
    appContext()
      .then((context) => admit(context, req, rule, `/${rest.join('/')}`))
      .then(
        () => {
          req.url = `/${rest.join('/')}${url.search}`;
          target.emit('request', req, res);
        },
        (error) => refuseFailure(res, error),
      );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}
