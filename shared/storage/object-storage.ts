import type { Readable } from 'node:stream';

/**
 * The storage port: a flat key -> bytes store with the few operations the pipeline needs.
 * Keys are `/`-separated relative paths (`uploads/ab/abcd....xlsx`). There is deliberately no
 * delete: nothing is ever removed. Writes are made idempotent by key design (keys derive from
 * content or inputs, so racing writers write equivalent bytes to the same key); `putIfAbsent`
 * adds a real "create only" where the store offers it (local files: link(2); S3: If-None-Match)
 * and falls back to check-then-write where it does not (s3rver, older MinIO).
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
  /**
   * Writes an object only if no object has that key. Returns true when this call created it.
   * Atomic where {@link atomicCreate} is true; otherwise a check then a write, so two racing
   * callers may both get true: callers only use it for keys whose content is equivalent
   * whoever writes it.
   */
  putIfAbsent(key: string, body: Uint8Array | string, options?: PutOptions): Promise<boolean>;
  /** Whether `putIfAbsent` is atomic on this store (known after the first call on S3). */
  readonly atomicCreate: boolean;
  /** Streams an object out, or undefined when absent. */
  getStream(key: string): Promise<Readable | undefined>;
  /** Streams an object out with its exact size (for Content-Length), or undefined when absent. */
  openRead(key: string): Promise<StoredObjectStream | undefined>;
  /** True when the object exists. */
  exists(key: string): Promise<boolean>;
  /** Every key under a prefix (all pages), sorted ascending. */
  list(prefix: string): Promise<string[]>;
  /** Absolute location of a key for people (a path or an s3:// URL). */
  locate(key: string): string;
}

/** An object being read: its bytes as a stream, and how many there will be. */
export interface StoredObjectStream {
  readonly body: Readable;
  readonly size: number;
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

/** A storage call took longer than its bound: the store is stalled, answer 503 and retry later. */
export class StorageTimeoutError extends StorageError {
  constructor(operation: string, key: string, ms: number) {
    super(`storage ${operation} of ${key} took longer than ${ms} ms`);
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
