/**
 * Bounds every call of any {@link ObjectStorage}: a call that has not settled after `ms` fails
 * with a StorageTimeoutError (HTTP 503 with Retry-After), so a hung disk or a network mount
 * never holds a request open. S3Storage also aborts its own requests; this is the outer bound
 * for adapters that cannot be cancelled.
 */
import type { Readable } from 'node:stream';
import {
  type ObjectStorage,
  type PutOptions,
  StorageTimeoutError,
  type StoredObjectStream,
} from './object-storage.ts';

function bound<T>(operation: string, key: string, ms: number, call: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StorageTimeoutError(operation, key, ms)), ms);
  });
  return Promise.race([call, timeout]).finally(() => clearTimeout(timer));
}

/** {@link ObjectStorage} with a time bound on every call. */
export class TimeoutStorage implements ObjectStorage {
  constructor(
    private readonly inner: ObjectStorage,
    private readonly ms: number,
  ) {}

  get description(): string {
    return this.inner.description;
  }
  get atomicCreate(): boolean {
    return this.inner.atomicCreate;
  }
  put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
    return bound('put', key, this.ms, this.inner.put(key, body, options));
  }
  putIfAbsent(key: string, body: Uint8Array | string, options?: PutOptions): Promise<boolean> {
    return bound('putIfAbsent', key, this.ms, this.inner.putIfAbsent(key, body, options));
  }
  putStream(key: string, body: Readable, options?: PutOptions): Promise<void> {
    // A stream's length is unknown: allow it several bounds, but not for ever.
    return bound('putStream', key, this.ms * 8, this.inner.putStream(key, body, options));
  }
  get(key: string): Promise<Uint8Array | undefined> {
    return bound('get', key, this.ms, this.inner.get(key));
  }
  getStream(key: string): Promise<Readable | undefined> {
    return bound('getStream', key, this.ms, this.inner.getStream(key));
  }
  openRead(key: string): Promise<StoredObjectStream | undefined> {
    return bound('openRead', key, this.ms, this.inner.openRead(key));
  }
  exists(key: string): Promise<boolean> {
    return bound('exists', key, this.ms, this.inner.exists(key));
  }
  list(prefix: string): Promise<string[]> {
    return bound('list', prefix, this.ms, this.inner.list(prefix));
  }
  locate(key: string): string {
    return this.inner.locate(key);
  }
}
