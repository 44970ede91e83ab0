/**
 * Bearer tokens. A token maps to one unit or to the Secretariat. Only sha256 hashes are
 * stored; a presented token is hashed and compared in constant time, so neither storage nor
 * timing gives a token away.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { ObjectStorage } from '../storage/object-storage.ts';
import { layout } from '../store/storage-layout.ts';

/** Who is calling. */
export type Principal =
  | { readonly kind: 'unit'; readonly unitCode: string }
  | { readonly kind: 'secretariat' }
  /** Read-only (a partner, the Committee): national workbooks and the partner export, nothing else. */
  | { readonly kind: 'reader' };

/** Schema of a principal as stored beside a token or session hash. */
export const principalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), unitCode: z.string().min(2) }),
  z.object({ kind: z.literal('secretariat') }),
  z.object({ kind: z.literal('reader') }),
]);

const storedTokenSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  principal: principalSchema,
  label: z.string(),
  issuedAt: z.string(),
  /** Set by `npm run tokens -- --revoke`: from then on the token gets 401. */
  revokedAt: z.string().optional(),
});
export type StoredToken = z.infer<typeof storedTokenSchema>;

/** Hex sha256 of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time equality of two hex hashes. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** A new random token: 256 bits, URL-safe. */
export function generateToken(): string {
  return `lgn_${randomBytes(32).toString('base64url')}`;
}

/** Reads the bearer token of an Authorization header, if well-formed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]{16,200})$/.exec(header?.trim() ?? '');
  return match?.[1];
}

/** The token port: who a token belongs to. */
export interface TokenStore {
  resolve(token: string): Promise<Principal | undefined>;
}

/** Tokens kept as hashes in object storage (`auth/tokens/<hash>.json`); issue writes one. */
export class StorageTokenStore implements TokenStore {
  constructor(private readonly storage: ObjectStorage) {}

  async resolve(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    // Read on every request, never cached: a revocation takes effect on the next call.
    const stored = await this.read(layout.token(hash));
    return stored && !stored.revokedAt && hashesEqual(stored.hash, hash) ? stored.principal : undefined;
  }

  private async read(key: string): Promise<StoredToken | undefined> {
    const bytes = await this.storage.get(key);
    return bytes ? storedTokenSchema.parse(JSON.parse(new TextDecoder().decode(bytes))) : undefined;
  }

  /** Every issued token (hashes, never tokens), oldest first. */
  async list(): Promise<StoredToken[]> {
    const keys = (await this.storage.list(layout.tokens)).filter((k) => k.endsWith('.json'));
    const tokens = await Promise.all(keys.map((key) => this.read(key)));
    return tokens
      .filter((t): t is StoredToken => t !== undefined)
      .sort((a, b) => a.issuedAt.localeCompare(b.issuedAt) || a.hash.localeCompare(b.hash));
  }

  /**
   * Revokes the one token whose hash starts with `hashPrefix` (at least 8 hex digits), or the
   * token itself when given whole. Returns the revoked entry; throws when none or several match.
   */
  async revoke(hashPrefixOrToken: string, now: Date): Promise<StoredToken> {
    const prefix = hashPrefixOrToken.startsWith('lgn_')
      ? hashToken(hashPrefixOrToken)
      : hashPrefixOrToken.toLowerCase();
    if (!/^[0-9a-f]{8,64}$/.test(prefix))
      throw new Error('give at least 8 hex digits of the token hash (see --list), or the token itself');
    const matches = (await this.list()).filter((t) => t.hash.startsWith(prefix));
    if (matches.length !== 1)
      throw new Error(
        matches.length === 0
          ? `no token hash starts with ${prefix}`
          : `${matches.length} token hashes start with ${prefix}; give more digits`,
      );
    const [match] = matches as [StoredToken];
    if (match.revokedAt) return match;
    const revoked: StoredToken = { ...match, revokedAt: now.toISOString() };
    await this.storage.put(layout.token(match.hash), `${JSON.stringify(revoked)}\n`, {
      contentType: 'application/json',
    });
    return revoked;
  }

  /** Issues a token, stores its hash and returns the token (shown once, never stored). */
  async issue(principal: Principal, label: string, now: Date): Promise<string> {
    const token = generateToken();
    const stored: StoredToken = { hash: hashToken(token), principal, label, issuedAt: now.toISOString() };
    await this.storage.put(layout.token(stored.hash), `${JSON.stringify(stored)}\n`, {
      contentType: 'application/json',
    });
    return token;
  }
}

/** Tokens given as a JSON list of `{hash, principal}` (env var or file), compared in constant time. */
export class StaticTokenStore implements TokenStore {
  private readonly entries: { hash: string; principal: Principal }[];

  constructor(json: string) {
    this.entries = z
      .array(z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/), principal: principalSchema }))
      .parse(JSON.parse(json));
  }

  async resolve(token: string): Promise<Principal | undefined> {
    const hash = hashToken(token);
    // Compare against every entry so the time taken does not depend on which one matches.
    let found: Principal | undefined;
    for (const entry of this.entries) if (hashesEqual(entry.hash, hash)) found = entry.principal;
    return found;
  }
}

/** A short name for logs and records: `unit:MPS`, `secretariat` or `reader`. */
export function describePrincipal(principal: Principal): string {
  return principal.kind === 'unit' ? `unit:${principal.unitCode}` : principal.kind;
}
