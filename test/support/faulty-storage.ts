/**
 * Fault injection behind the storage port: fail the N-th write (a crash at that point), or cut
 * a read stream after some bytes (storage failing mid-download). Wraps any adapter, so the
 * same faults run on local files and on s3rver.
 */
import { Readable, Transform } from 'node:stream';
import {
  type ObjectStorage,
  type PutOptions,
  StorageError,
  type StoredObjectStream,
} from '../../shared/storage/object-storage.ts';

export class FaultyStorage implements ObjectStorage {
  /** Writes attempted so far (put, putIfAbsent, putStream), counting the failed one. */
  writes = 0;
  /** 1-based index of the write to fail; 0 = none. Every later write succeeds. */
  failWriteAt = 0;
  /** Keys written, in order (for messages). */
  readonly written: string[] = [];
  /** Cut every read stream after this many bytes; undefined = never. */
  cutReadsAfter: number | undefined;

  constructor(readonly inner: ObjectStorage) {}

  get description() {
    return `faulty(${this.inner.description})`;
  }
  get atomicCreate() {
    return this.inner.atomicCreate;
  }

  private beforeWrite(key: string): void {
    this.writes += 1;
    if (this.writes === this.failWriteAt)
      throw new StorageError(`injected failure at write ${this.writes} (${key})`);
    this.written.push(key);
  }

  async put(key: string, body: Uint8Array | string, options?: PutOptions) {
    this.beforeWrite(key);
    return this.inner.put(key, body, options);
  }
  async putIfAbsent(key: string, body: Uint8Array | string, options?: PutOptions) {
    this.beforeWrite(key);
    return this.inner.putIfAbsent(key, body, options);
  }
  async putStream(key: string, body: Readable, options?: PutOptions) {
    try {
      this.beforeWrite(key);
    } catch (error) {
      body.destroy();
      throw error;
    }
    return this.inner.putStream(key, body, options);
  }
  get(key: string) {
    return this.inner.get(key);
  }
  async getStream(key: string) {
    return (await this.openRead(key))?.body;
  }
  async openRead(key: string): Promise<StoredObjectStream | undefined> {
    const object = await this.inner.openRead(key);
    const limit = this.cutReadsAfter;
    if (!object || limit === undefined) return object;
    let sent = 0;
    const cutter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        const room = limit - sent;
        if (room <= 0) return done(new StorageError('injected failure mid-stream'));
        sent += Math.min(room, chunk.length);
        if (chunk.length > room) {
          this.push(chunk.subarray(0, room));
          return done(new StorageError('injected failure mid-stream'));
        }
        done(null, chunk);
      },
    });
    object.body.on('error', (error) => cutter.destroy(error));
    cutter.on('close', () => object.body.destroy());
    return { body: object.body.pipe(cutter) as unknown as Readable, size: object.size };
  }
  exists(key: string) {
    return this.inner.exists(key);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  locate(key: string) {
    return this.inner.locate(key);
  }
}

/** Makes a Readable of bytes (for tests that need a stream). */
export const streamOf = (bytes: Uint8Array) => Readable.from([Buffer.from(bytes)]);
