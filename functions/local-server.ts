/**
 * Every function on one local port, a path per function (`/ingest`, `/compile`, `/download`,
 * `/status`, `/portal`, and `/compileScheduled` for CloudEvents), bound to 127.0.0.1 only. Each path is
 * served by the functions framework's own server for that function, so local runs behave as
 * deployed ones.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import './index.ts';

export const FUNCTION_NAMES = [
  'ingest',
  'compile',
  'compileScheduled',
  'download',
  'status',
  'portal',
] as const;

/** Starts the router; resolves with the server and its base URL. */
export async function startLocalServer(
  port = 8080,
  host = '127.0.0.1',
): Promise<{ server: Server; url: string }> {
  const targets = new Map<string, Server>(FUNCTION_NAMES.map((name) => [name, getTestServer(name)]));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const [, name = '', ...rest] = url.pathname.split('/');
    const target = targets.get(name);
    if (!target) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'http/not-found', functions: FUNCTION_NAMES.map((n) => `/${n}`) } }),
      );
      return;
    }
    req.url = `/${rest.join('/')}${url.search}`;
    target.emit('request', req, res);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}
