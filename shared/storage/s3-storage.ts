/**
 * Storage on S3-compatible object storage (AWS S3, MinIO, Google Cloud Storage's XML API)
 * through @aws-sdk/client-s3. Keys live under an optional prefix in one bucket.
 */

import type { Readable } from 'node:stream';
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
  readonly endpoint?: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string };
}

/**
 * An S3 client that S3-compatible servers understand. Without `WHEN_REQUIRED`, the SDK sends
 * streamed bodies with aws-chunked framing and trailing checksums, which several servers
 * store verbatim as the object: silent corruption.
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.$metadata?.httpStatusCode === 404;
}

export class S3Storage implements ObjectStorage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  readonly description: string;

  constructor(options: { client: S3Client; bucket: string; prefix?: string }) {
    this.client = options.client;
    this.bucket = options.bucket;
    const prefix = (options.prefix ?? '').replace(/^\/+|\/+$/g, '');
    this.prefix = prefix ? `${prefix}/` : '';
    this.description = `s3://${this.bucket}/${this.prefix}`;
  }

  private objectKey(key: string): string {
    assertSafeKey(key);
    return `${this.prefix}${key}`;
  }

  private fail(operation: string, key: string, cause: unknown): never {
    throw new StorageError(
      `S3 ${operation} failed for s3://${this.bucket}/${this.prefix}${key}: ${(cause as Error)?.message ?? cause}`,
      {
        cause,
      },
    );
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
   * Streams in. PutObject needs a known length for a plain stream, and @aws-sdk/lib-storage
   * (multipart) is not a dependency, so the stream is gathered first; the objects written this
   * way (national workbooks, Parquet files) are a few MB.
   */
  async putStream(key: string, body: Readable, options?: PutOptions): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of body)
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array));
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
      return response.Body as Readable | undefined;
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
    return keys.sort();
  }

  locate(key: string): string {
    return `s3://${this.bucket}/${this.objectKey(key)}`;
  }
}
