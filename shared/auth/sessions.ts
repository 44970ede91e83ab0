/**
 * Browser sessions: a signed-in page never holds the long-lived token. It exchanges a
 * credential once (today the unit's token; later an email one-time link or a Google
 * sign-in, each a new way in that ends in {@link SessionStore.open}) for a short-lived
 * session token that every function accepts like a bearer token. Only the session's sha256
 * is stored, with its expiry; an expired or closed session is refused.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { StorageError } from '../storage/object-storage.ts';
import { layout } from '../store/storage-layout.ts';
import { type Principal, principalSchema } from './tokens.ts';

/** Prefix that tells a session token from a long-lived one. */
export const SESSION_PREFIX = 'lgs_';

const sessionSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  principal: principalSchema,
  /** How the session was opened: `token` today; `email-link` or `google` later. */
  via: z.string(),
  openedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type StoredSession = z.infer<typeof sessionSchema>;

/** A session handed to the browser (the token is never stored). */
export interface OpenedSession {
  readonly token: string;
  readonly expiresAt: string;
  readonly principal: Principal;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** True when a bearer token is a session token. */
export function isSessionToken(token: string): boolean {
  return token.startsWith(SESSION_PREFIX);
}

/** Sessions kept as hashes in object storage, `auth/sessions/<hash>.json`. */
export class SessionStore {
  constructor(
    private readonly storage: ObjectStorage,
    private readonly lifetimeMs: number,
  ) {}

  /** Opens a session for a principal someone has already proven to be. */
  async open(principal: Principal, via: string, now: Date): Promise<OpenedSession> {
    const token = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
    const session: StoredSession = {
      hash: sha256(token),
      principal,
      via,
      openedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.lifetimeMs).toISOString(),
    };
    await this.storage.put(layout.session(session.hash), `${JSON.stringify(session)}\n`, {
      contentType: 'application/json',
    });
    return { token, expiresAt: session.expiresAt, principal };
  }

  /** The session's record while it is open and unexpired; otherwise undefined. */
  async resolve(token: string, now: Date): Promise<StoredSession | undefined> {
    if (!isSessionToken(token)) return undefined;
    const hash = sha256(token);
    const bytes = await this.storage.get(layout.session(hash));
    if (!bytes) return undefined;
    let session: StoredSession;
    try {
      session = sessionSchema.parse(JSON.parse(new TextDecoder().decode(bytes)));
    } catch (cause) {
      throw new StorageError(`stored session ${hash.slice(0, 8)} is damaged`, { cause });
    }
    if (session.hash !== hash || Date.parse(session.expiresAt) <= now.getTime()) return undefined;
    if (await this.storage.exists(layout.sessionClosed(hash))) return undefined;
    return session;
  }

  /** Signs out: a marker beside the session (nothing is deleted). */
  async close(token: string, now: Date): Promise<void> {
    if (!isSessionToken(token)) return;
    const hash = sha256(token);
    await this.storage.put(
      layout.sessionClosed(hash),
      `${JSON.stringify({ closedAt: now.toISOString() })}\n`,
      {
        contentType: 'application/json',
      },
    );
  }
}
