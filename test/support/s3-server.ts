/** Starts a real S3-compatible server (s3rver) in-process on 127.0.0.1 for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { createS3Client } from '../../shared/storage/s3-storage.ts';

/** A running s3rver and a client for it; `stop` closes both and deletes the server's files. */
export interface TestS3Server {
  readonly endpoint: string;
  readonly port: number;
  readonly client: S3Client;
  stop(): Promise<void>;
}

/**
 * Starts s3rver on a free port of 127.0.0.1 with one empty bucket, storing objects in a fresh
 * temp folder. The client comes from {@link createS3Client}, so tests use the production
 * settings. Truncated listings need Node's `--openssl-legacy-provider` (see vitest.config.ts).
 */
export async function startS3Server(bucket: string): Promise<TestS3Server> {
  const directory = mkdtempSync(join(tmpdir(), 'laingan-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (error) {
    rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  const client = createS3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    // s3rver does not check signatures; these are its documented defaults.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  return {
    endpoint,
    port,
    client,
    stop: async () => {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
