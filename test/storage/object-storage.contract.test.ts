/** One contract, two adapters: local files and S3 against a real s3rver on 127.0.0.1. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { type ObjectStorage, StorageError } from '../../shared/storage/object-storage.ts';
import { S3Storage } from '../../shared/storage/s3-storage.ts';
import { startS3Server } from '../support/s3-server.ts';

type Factory = () => Promise<{ storage: ObjectStorage; stop(): Promise<void>; root?: string }>;

const factories: [string, Factory][] = [
  [
    'LocalFsStorage',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'laingan-store-'));
      return { storage: new LocalFsStorage(root), root, stop: async () => {} };
    },
  ],
  [
    'S3Storage',
    async () => {
      const server = await startS3Server('contract');
      return { storage: new S3Storage({ client: server.client, bucket: 'contract' }), stop: server.stop };
    },
  ],
  [
    'S3Storage with a prefix',
    async () => {
      const server = await startS3Server('contract');
      return {
        storage: new S3Storage({ client: server.client, bucket: 'contract', prefix: 'env/prod/' }),
        stop: server.stop,
      };
    },
  ],
];

function walk(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(directory, e.name)) : [e.name],
  );
}

describe.each(factories)('%s', (_name, factory) => {
  let subject: Awaited<ReturnType<Factory>>;
  beforeAll(async () => {
    subject = await factory();
  });
  afterAll(async () => subject.stop());

  it('round-trips every byte value and Lao text', async () => {
    const bytes = new Uint8Array(512).map((_, i) => i % 256);
    await subject.storage.put('a/bytes.bin', bytes);
    expect(await subject.storage.get('a/bytes.bin')).toEqual(bytes);
    await subject.storage.put('a/text.txt', 'ລາຍງານ report');
    expect(new TextDecoder().decode(await subject.storage.get('a/text.txt'))).toBe('ລາຍງານ report');
  });

  it('streams a multi-chunk body in without corrupting it, and back out', async () => {
    const chunk = (n: number) => new Uint8Array(1024 * 1024).fill(n);
    const expected = Buffer.concat([chunk(1), chunk(2), chunk(3)]);
    await subject.storage.putStream('big/three-mb.bin', Readable.from([chunk(1), chunk(2), chunk(3)]));
    expect(Buffer.from((await subject.storage.get('big/three-mb.bin')) ?? []).equals(expected)).toBe(true);
    const stream = await subject.storage.getStream('big/three-mb.bin');
    const parts: Buffer[] = [];
    for await (const part of stream ?? []) parts.push(Buffer.from(part as Uint8Array));
    expect(Buffer.concat(parts).equals(expected)).toBe(true);
  });

  it('answers undefined / false for a missing key', async () => {
    expect(await subject.storage.get('nope/missing.json')).toBeUndefined();
    expect(await subject.storage.getStream('nope/missing.json')).toBeUndefined();
    expect(await subject.storage.exists('nope/missing.json')).toBe(false);
    expect(await subject.storage.exists('a/text.txt')).toBe(true);
  });

  it('lists more than one page of keys under a prefix, sorted, and only those', async () => {
    const keys = Array.from({ length: 1050 }, (_, i) => `many/${String(i).padStart(4, '0')}.json`);
    for (let i = 0; i < keys.length; i += 50)
      await Promise.all(keys.slice(i, i + 50).map((k) => subject.storage.put(k, '{}')));
    await subject.storage.put('many-other/x.json', '{}');
    expect(await subject.storage.list('many/')).toEqual(keys);
    expect(await subject.storage.list('many/001')).toEqual(keys.filter((k) => k.startsWith('many/001')));
  });

  it('refuses unsafe keys', async () => {
    for (const key of ['../x', '/abs', 'a//b', ''])
      await expect(subject.storage.put(key, 'x')).rejects.toThrow(StorageError);
  });

  it('leaves no temporary files behind', () => {
    if (subject.root) expect(walk(subject.root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});
