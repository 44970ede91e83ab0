/**
 * Storage on S3-compatible object storage (AWS S3, MinIO, Google Cloud Storage's XML API)
 * through @aws-sdk/client-s3. Keys live under an optional prefix in one bucket.
 */

import { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { assertSafeKey, type ObjectStorage, type PutOptions, StorageError } from './object-storage.ts';

/** Options for {@link createS3Client}. */
export interface S3ClientOptions {
  /** Custom endpoint for S3-compatible servers (`http://127.0.0.1:4569`); omit for AWS. */
  readonly endpoint?: string;
  readonly region: string;
  /** `bucket` in the path rather than the host name: what most S3-compatible servers need. */
  readonly forcePathStyle: boolean;
  /** Omit to use the SDK's default chain (environment, profile, instance role). */
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

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
  });
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
  readonly description: string;

  constructor(options: { client: S3Client; bucket: string; prefix?: string }) {
    this.client = options.client;
    this.bucket = options.bucket;
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    if (prefix) assertSafeKey(prefix);
    this.prefix = prefix ? `${prefix}/` : '';
    this.description = `s3://${this.bucket}/${this.prefix}`;
  }

  private objectKey(key: string): string {
    assertSafeKey(key);
    return `${this.prefix}${key}`;
  }

  private fail(operation: string, key: string, cause: unknown): never {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new StorageError(`S3 ${operation} failed for s3://${this.bucket}/${this.prefix}${key}: ${reason}`, {
      cause,
    });
  }

  async put(key: string, body: Uint8Array | string, options?: PutOptions): Promise<void> {
    const objectKey = this.objectKey(key);
    try {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: objectKey,
          Body: body,
          ContentType: options?.contentType,
        }),
      );
    } catch (cause) {
      this.fail('PutObject', key, cause);
    }
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
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      return response.Body ? await response.Body.transformToByteArray() : new Uint8Array();
    } catch (cause) {
      if (isNotFound(cause)) return undefined;
      this.fail('GetObject', key, cause);
    }
  }

  async getStream(key: string): Promise<Readable | undefined> {
    const objectKey = this.objectKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: objectKey }));
      // In Node the body is an IncomingMessage (a Readable); no body means an empty object, not a missing one.
      return (response.Body as Readable | undefined) ?? Readable.from([]);
    } catch (cause) {
      if (isNotFound(cause)) return undefined;
      this.fail('GetObject', key, cause);
    }
  }

  async exists(key: string): Promise<boolean> {
    const objectKey = this.objectKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: objectKey }));
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
        const page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: `${this.prefix}${prefix}`,
            ContinuationToken: token,
          }),
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
