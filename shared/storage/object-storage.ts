import type { Readable } from 'node:stream';

/**
 * The storage port: a flat key -> bytes store with the few operations the pipeline needs.
 * Keys are `/`-separated relative paths (`uploads/ab/abcd....xlsx`). There is deliberately no
 * delete and no conditional write: nothing is ever removed, and common S3-compatible servers
 * do not implement If-None-Match, so callers make writes idempotent by choosing keys derived
 * from content (same content -> same key) and checking `exists` first.
 */
export interface ObjectStorage {
  /** Human-readable location, for logs and the demo's summary (`file:///...`, `s3://bucket/prefix`). */
  readonly description: string;
  /** Writes an object whole. Overwrites if present (callers avoid that by key design). */
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void>;
  /** Streams an object in (large workbooks) without buffering it whole. */
  putStream(key: string, body: Readable, options?: PutOptions): Promise<void>;
  /** Reads an object whole, or undefined when absent. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Streams an object out, or undefined when absent. */
  getStream(key: string): Promise<Readable | undefined>;
  /** True when the object exists. */
  exists(key: string): Promise<boolean>;
  /** Every key under a prefix (all pages), sorted ascending. */
  list(prefix: string): Promise<string[]>;
  /** Absolute location of a key for people (a path or an s3:// URL). */
  locate(key: string): string;
}

export interface PutOptions {
  readonly contentType?: string;
}

/** Storage failed (outage, permissions): a thrown error, mapped to HTTP 503 in one place. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/** Rejects keys that could escape the store's root or confuse S3 (`..`, leading `/`, empty parts). */
export function assertSafeKey(key: string): void {
  if (
    !key ||
    key.startsWith('/') ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..')
  )
    throw new StorageError(`unsafe storage key: ${JSON.stringify(key)}`);
}
