/**
 * Storage on S3-compatible object storage (AWS S3, MinIO, Google Cloud Storage's XML API)
 * through @aws-sdk/client-s3. Keys live under an optional prefix in one bucket.
 */

import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  assertSafeKey,
  type ObjectStorage,
  type PutOptions,
  StorageError,
  StorageTimeoutError,
  type StoredObjectStream,
} from './object-storage.ts';

/** Options for {@link createS3Client}. */
export interface S3ClientOptions {
  /** Custom endpoint for S3-compatible servers (`http://127.0.0.1:4569`); omit for AWS. */
  readonly endpoint?: string;
  readonly region: string;
  /** `bucket` in the path rather than the host name: what most S3-compatible servers need. */
  readonly forcePathStyle: boolean;
  /** Omit to use the SDK's default chain (environment, profile, instance role). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bound on connecting, and on a socket staying silent mid-request (ms). */
  readonly connectTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
}

/**
 * How `putIfAbsent` works: `on` sends If-None-Match: * (AWS S3 since 2024, MinIO, R2);
 * `off` checks then writes; `auto` probes the server once (two create-only writes of one fixed
 * key: a server that honours the header refuses the second) and picks one of the two.
 */
export type ConditionalWrites = 'on' | 'off' | 'auto';

/** The fixed key the `auto` probe writes (the same key every time, so nothing accumulates). */
export const CONDITIONAL_WRITE_PROBE_KEY = '_probe/conditional-writes.txt';

/**
 * An S3 client that S3-compatible servers understand. Without `WHEN_REQUIRED`, the SDK sends
 * streamed bodies with aws-chunked framing and trailing checksums, which some servers (s3rver,
 * older MinIO) answer with 200 and store verbatim as the object: silent corruption.
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    forcePathStyle: options.forcePathStyle,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Without these the SDK waits on a stalled server for ever (seen: uploads unanswered past 30 s).
    requestHandler: {
      connectionTimeout: options.connectTimeoutMs ?? 3_000,
      requestTimeout: options.idleTimeoutMs ?? 10_000,
    },
    maxAttempts: 2,
  });
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** 412: the object exists; 409: a concurrent conditional write won the race. */
function isPreconditionFailed(error: unknown): boolean {
  const status = statusOf(error);
  const name = (error as { name?: string } | undefined)?.name;
  return status === 412 || status === 409 || name === 'PreconditionFailed';
}

/**
 * True when S3 says the object is absent. A missing bucket is excluded: that is a
 * misconfiguration, and reporting it as "no object" would make the store look empty.
 * (HeadObject has no body, so a missing bucket there is an indistinguishable 404.)
 */
function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  if (e?.name === 'NoSuchBucket') return false;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

/** {@link ObjectStorage} over one S3 bucket, with every key under an optional prefix. */
export class S3Storage implements ObjectStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  /** `''` or a safe path ending in `/`, prepended to every key. */
  private readonly prefix: string;
  private readonly operationTimeoutMs: number;
  private conditional: ConditionalWrites;
  private probe?: Promise<void>;
  readonly description: string;

  constructor(options: {
    client: S3Client;
    bucket: string;
    prefix?: string;
    /** Bound on one whole call (ms); a stalled server gives a StorageTimeoutError, i.e. 503. */
    operationTimeoutMs?: number;
    conditionalWrites?: ConditionalWrites;
  }) {
    this.client = options.client;
    this.bucket = options.bucket;
    this.operationTimeoutMs = options.operationTimeoutMs ?? 15_000;
    this.conditional = options.conditionalWrites ?? 'auto';
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (prefix) assertSafeKey(prefix);
    this.prefix = prefix ? `${prefix}/` : '';
    this.description = `s3://${this.bucket}/${this.prefix}`;
  }

  private objectKey(key: string): string {
    assertSafeKey(key);
    return `${this.prefix}${key}`;
  }

  get atomicCreate(): boolean {
    return this.conditional === 'on';
  }

  /** Sends a command bounded by the operation timeout (the request is aborted, not abandoned). */
  private async bounded<T>(
    operation: string,
    key: string,
    run: (options: { abortSignal: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    const signal = AbortSignal.timeout(this.operationTimeoutMs);
    try {
      return await run({ abortSignal: signal });
    } catch (error) {
      if (signal.aborted) throw new StorageTimeoutError(`S3 ${operation}`, key, this.operationTimeoutMs);
      throw error;
    }
  }

  private fail(operation: string, key: string, cause: unknown): never {
    if (cause instanceof StorageError) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new StorageError(`S3 ${operation} failed for s3://${this.bucket}/${this.prefix}${key}: ${reason}`, {
      cause,
    });
  }

  async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      await this.bounded('PutObject', key, (o) =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: objectKey,
            Body: body,
            ContentType: options?.contentType,
          }),
          o,
        ),
      );
    } catch (cause) {
      this.fail('PutObject', key, cause);
    }
  }

  /** Create-only PutObject (If-None-Match: *); false when the object already exists. */
  private async putCreateOnly(
    key: string,
    body: Uint8Array | string,
    options?: PutOptions,
  ): Promise<boolean> {
    try {
      await this.bounded('PutObject', key, (o) =>
        this.client.send(
          new PutObjectCommand({
            Bucket: this.bucket,
            Key: this.objectKey(key),
            Body: body,
            ContentType: options?.contentType,
            IfNoneMatch: '*',
          }),
          o,
        ),
      );
      return true;
    } catch (cause) {
      if (isPreconditionFailed(cause)) return false;
      this.fail('PutObject', key, cause);
    }
  }

  /** Finds out once whether the server honours If-None-Match (s3rver silently ignores it). */
  private async probeConditionalWrites(): Promise<void> {
    const body = 'laingan: probe for conditional writes (If-None-Match); safe to keep\n';
    const first = await this.putCreateOnly(CONDITIONAL_WRITE_PROBE_KEY, body);
    const second = first ? await this.putCreateOnly(CONDITIONAL_WRITE_PROBE_KEY, body) : false;
    // Honoured: one of the two create-only writes was refused.
    this.conditional = !first || !second ? 'on' : 'off';
  }

  async putIfAbsent(key: string, body: Uint8Array | string, options?: PutOptions): Promise<boolean> {
    assertSafeKey(key);
    if (this.conditional === 'auto') {
      this.probe ??= this.probeConditionalWrites().catch((error) => {
        this.probe = undefined;
        throw error;
      });
      await this.probe;
    }
    // Most calls find the object (re-uploads, re-runs): a HEAD is cheaper than sending the body.
    if (await this.exists(key)) return false;
    if (this.conditional === 'on') return this.putCreateOnly(key, body, options);
    await this.put(key, body, options);
    return true;
  }

  /**
   * Trade-off: this gathers the stream in memory, then sends one PutObject. A plain PutObject
   * needs the length up front (S3 rejects a streamed body without Content-Length), and true
   * streaming means multipart upload via @aws-sdk/lib-storage, which is not a dependency. The
   * objects written this way (national workbooks, Parquet files) are a few MB, so the peak is
   * about one object's size; add lib-storage's `Upload` if objects grow to hundreds of MB.
   */
  async putStream(key: string, body: Readable, options?: PutOptions): Promise<void> {
    try {
      assertSafeKey(key);
    } catch (error) {
      body.destroy();
      throw error;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    await this.put(key, Buffer.concat(chunks), options);
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const objectKey = this.objectKey(key);
    try {
      // Reading the body counts towards the bound too: a body that stalls is a stalled call.
      return await this.bounded('GetObject', key, async (o) => {
        const response = await this.client.send(
          new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }),
          o,
        );
        return response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
      });
    } catch (cause) {
      if (isNotFound(cause)) return undefined;
      this.fail('GetObject', key, cause);
    }
  }

  async getStream(key: string): Promise<Readable | undefined> {
    return (await this.openRead(key))?.body;
  }

  async openRead(key: string): Promise<StoredObjectStream | undefined> {
    const objectKey = this.objectKey(key);
    try {
      // Only the wait for the answer is bounded here (a large body may take a while to read); the
      // client's idle timeout ends a body that stalls, and the stream then errors.
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.operationTimeoutMs);
      let response: GetObjectCommandOutput;
      try {
        response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }), {
          abortSignal: controller.signal,
        });
      } catch (error) {
        if (controller.signal.aborted)
          throw new StorageTimeoutError('S3 GetObject', key, this.operationTimeoutMs);
        throw error;
      } finally {
        clearTimeout(timer);
      }
      // In Node the body is an IncomingMessage (a Readable); no body means an empty object, not a missing one.
      const body = (response.Body as Readable | undefined) ?? Readable.from([]);
      return { body, size: response.ContentLength ?? 0 };
    } catch (cause) {
      if (isNotFound(cause)) return undefined;
      this.fail('GetObject', key, cause);
    }
  }

  async exists(key: string): Promise<boolean> {
    const objectKey = this.objectKey(key);
    try {
      await this.bounded('HeadObject', key, (o) =>
        this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }), o),
      );
      return true;
    } catch (cause) {
      if (isNotFound(cause)) return false;
      this.fail('HeadObject', key, cause);
    }
  }

  async list(prefix: string): Promise<string[]> {
    // Same rule as the local adapter, so both accept and refuse the same prefixes.
    if (prefix) assertSafeKey(`${prefix}x`);
    const keys: string[] = [];
    let token: string | undefined;
    try {
      do {
        const continuation = token;
        const page = await this.bounded('ListObjectsV2', prefix, (o) =>
          this.client.send(
            new ListObjectsV2Command({
              Bucket: this.bucket,
              Prefix: `${this.prefix}${prefix}`,
              ContinuationToken: continuation,
            }),
            o,
          ),
        );
        for (const object of page.Contents ?? [])
          if (object.Key) keys.push(object.Key.slice(this.prefix.length));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (cause) {
      this.fail('ListObjectsV2', prefix, cause);
    }
    // S3 orders by UTF-8 bytes; sort again so both adapters agree (JavaScript string order).
    return keys.sort();
  }

  locate(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }
}
