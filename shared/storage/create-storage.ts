import { resolve } from 'node:path';
import type { Config } from '../config/config.ts';
import { LocalFsStorage } from './local-fs-storage.ts';
import type { ObjectStorage } from './object-storage.ts';
import { TimeoutStorage } from './timeout-storage.ts';

/**
 * Builds the storage adapter the configuration names. The S3 SDK is imported only when S3 is
 * configured, so local runs and cold starts that never touch S3 do not pay for it.
 */
export async function createStorage(config: Config): Promise<ObjectStorage> {
  if (config.storage.kind === 'file')
    return new TimeoutStorage(new LocalFsStorage(resolve(config.storage.directory)), config.storageTimeoutMs);
  const { S3Storage, createS3Client } = await import('./s3-storage.ts');
  const client = createS3Client({
    endpoint: config.s3.endpoint,
    region: config.s3.region,
    forcePathStyle: config.s3.forcePathStyle,
    credentials: config.s3.credentials,
    idleTimeoutMs: config.storageTimeoutMs,
  });
  const storage = new S3Storage({
    client,
    bucket: config.storage.bucket,
    prefix: config.storage.prefix,
    operationTimeoutMs: config.storageTimeoutMs,
    conditionalWrites: config.s3.conditionalWrites,
  });
  return new TimeoutStorage(storage, config.storageTimeoutMs + 1_000);
}
