/**
 * Fault injection behind the storage port: fail the N-th write (a crash at that point) or the
 * writes of chosen keys, slow writes down (so they overlap whatever runs meanwhile), or cut a
 * read stream after some bytes (storage failing mid-download). It logs when each write starts
 * and ends, for tests of the order of concurrent writes. Wraps any adapter, so the same faults
 * run on local files and on s3rver.
 */
import { Readable, Transform } from 'node:stream';
import {
  type ObjectStorage,
  type PutOptions,
  StorageError,
  type StoredObjectStream,
} from '../../shared/storage/object-storage.ts';

/** One entry of the write log: a write starting or ending (`ok: false` when it failed), or a note. */
export interface LogEntry {
  readonly event: 'start' | 'end' | 'note';
  readonly key: string;
  readonly ok?: boolean;
}

export class FaultyStorage implements ObjectStorage {
  /** Every prefix listed, in order. */
  readonly listed: string[] = [];
  /** Every write's start and end, in order, and the test's notes between them. */
  readonly log: LogEntry[] = [];
  /** Milliseconds each write of a key takes at least. */
  delayMs: (key: string) => number = () => 0;
  /** Writes of matching keys fail (after their delay). */
  failWrite: (key: string) => boolean = () => false;
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

  /** Adds a note to the log (what the caller did between writes). */
  note(text: string): void {
    this.log.push({ event: 'note', key: text });
  }

  private beforeWrite(key: string): void {
    this.writes += 1;
    if (this.writes === this.failWriteAt)
      throw new StorageError(`injected failure at write ${this.writes} (${key})`);
    this.written.push(key);
  }

  private async write<T>(key: string, run: () => Promise<T>): Promise<T> {
    this.beforeWrite(key);
    this.log.push({ event: 'start', key });
    const ms = this.delayMs(key);
    if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
    try {
      if (this.failWrite(key)) throw new StorageError(`injected failure writing ${key}`);
      const result = await run();
      this.log.push({ event: 'end', key, ok: true });
      return result;
    } catch (error) {
      this.log.push({ event: 'end', key, ok: false });
      throw error;
    }
  }

  async put(key: string, body: Uint8Array | string, options?: PutOptions) {
    return this.write(key, () => this.inner.put(key, body, options));
  }
  async putIfAbsent(key: string, body: Uint8Array | string, options?: PutOptions) {
    return this.write(key, () => this.inner.putIfAbsent(key, body, options));
  }
  async putStream(key: string, body: Readable, options?: PutOptions) {
    try {
      return await this.write(key, () => this.inner.putStream(key, body, options));
    } catch (error) {
      // A write failed before (or while) reading its source: release it.
      body.destroy();
      throw error;
    }
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
    this.listed.push(prefix);
    return this.inner.list(prefix);
  }
  locate(key: string) {
    return this.inner.locate(key);
  }
}

/** Makes a Readable of bytes (for tests that need a stream). */
export const streamOf = (bytes: Uint8Array) => Readable.from([Buffer.from(bytes)]);
