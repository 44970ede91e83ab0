/**
 * Who may call what, through the local server (front door and function alike): every route
 * against no token, a unit's token, a unit's portal session, the Secretariat and the
 * read-only role. Allowed means neither 401 nor 403; refused means 403; no token means 401.
 */
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer } from '../../functions/local-server.ts';
import { StorageTokenStore } from '../../shared/auth/tokens.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { harness } from '../support/function-harness.ts';

type Kind = 'unit' | 'session' | 'secretariat' | 'reader';
interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly allowed: readonly Kind[];
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/status?period=2025-06', allowed: ['secretariat'] },
  { method: 'POST', path: '/compile?period=2025-06', allowed: ['secretariat'] },
  { method: 'GET', path: '/review?period=2025-06', allowed: ['secretariat'] },
  {
    method: 'POST',
    path: '/review',
    body: JSON.stringify({ action: 'lock', period: '2025-05' }),
    contentType: 'application/json',
    allowed: ['secretariat'],
  },
  { method: 'GET', path: '/download', allowed: ['secretariat', 'reader'] },
  { method: 'GET', path: '/download?period=2025-06', allowed: ['secretariat', 'reader'] },
  { method: 'GET', path: '/download?partner=2025-06', allowed: ['secretariat', 'reader'] },
  { method: 'GET', path: '/download?lake=latest', allowed: ['secretariat'] },
  {
    method: 'POST',
    path: '/ingest?dryRun=true',
    body: '',
    contentType: 'application/octet-stream',
    allowed: ['unit', 'session'],
  },
  { method: 'GET', path: '/portal/api/history', allowed: ['unit', 'session'] },
  { method: 'GET', path: '/portal/api/status', allowed: ['unit', 'session'] },
  { method: 'GET', path: '/portal/api/template?period=2025-06', allowed: ['unit', 'session'] },
];
const KINDS: readonly Kind[] = ['unit', 'session', 'secretariat', 'reader'];

describe('the auth matrix', () => {
  let server: Server;
  let base = '';
  const tokens = {} as Record<Kind, string>;

  beforeAll(async () => {
    const storage = new LocalFsStorage(mkdtempSync(join(tmpdir(), 'laingan-matrix-')));
    const h = await harness(storage);
    tokens.unit = h.tokens.mps;
    tokens.secretariat = h.tokens.secretariat;
    tokens.reader = await new StorageTokenStore(storage).issue({ kind: 'reader' }, 'partner', h.clock.now());
    ({ server, url: base } = await startLocalServer(0));
    const opened = await fetch(`${base}/portal/api/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.unit}` },
    });
    tokens.session = ((await opened.json()) as { token: string }).token;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = (route: Route, token?: string) =>
    fetch(`${base}${route.path}`, {
      method: route.method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(route.contentType ? { 'content-type': route.contentType } : {}),
      },
      body: route.method === 'POST' ? (route.body ?? '') : undefined,
    });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s',
    async (_name, route) => {
      expect((await call(route)).status, 'no token').toBe(401);
      for (const kind of KINDS) {
        const status = (await call(route, tokens[kind])).status;
        if (route.allowed.includes(kind)) expect([401, 403], `${kind} is allowed`).not.toContain(status);
        else expect(status, `${kind} is refused`).toBe(403);
      }
    },
  );

  it('serves the portal page itself to anyone, with no data in it', async () => {
    const page = await fetch(`${base}/portal`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toMatch(/MPS|lgn_|lgs_/);
  });
});
