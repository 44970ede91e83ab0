/**
 * One contract, every adapter: local files, and S3 against a real s3rver on 127.0.0.1 (with and
 * without a key prefix). Whatever one adapter does, the others must do too.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { type ObjectStorage, StorageError } from '../../shared/storage/object-storage.ts';
import { S3Storage } from '../../shared/storage/s3-storage.ts';
import { startS3Server } from '../support/s3-server.ts';

interface Subject {
  readonly storage: ObjectStorage;
  /** The folder behind a local store, to look for leftover temp files. */
  readonly root?: string;
  /** The same bucket without the prefix, to see where prefixed keys really land. */
  readonly unprefixed?: ObjectStorage;
  /** What `locate('a/b.txt')` must return. */
  readonly located: string;
  stop(): Promise<void>;
}

const bucket = 'contract';

const adapters: [string, () => Promise<Subject>][] = [
  [
    'LocalFsStorage',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'laingan-store-'));
      return {
        storage: new LocalFsStorage(root),
        root,
        located: join(root, 'a', 'b.txt'),
        stop: async () => rmSync(root, { recursive: true, force: true }),
      };
    },
  ],
  [
    'S3Storage',
    async () => {
      const server = await startS3Server(bucket);
      return {
        storage: new S3Storage({ client: server.client, bucket }),
        located: `s3://${bucket}/a/b.txt`,
        stop: server.stop,
      };
    },
  ],
  [
    'S3Storage with a key prefix',
    async () => {
      const server = await startS3Server(bucket);
      return {
        storage: new S3Storage({ client: server.client, bucket, prefix: 'env/prod' }),
        unprefixed: new S3Storage({ client: server.client, bucket }),
        located: `s3://${bucket}/env/prod/a/b.txt`,
        stop: server.stop,
      };
    },
  ],
];

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(directory, entry.name)) : [entry.name],
  );
}

async function readAll(stream: Readable | undefined): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream ?? []) parts.push(Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
}

/** 3 MiB of varied bytes in 1 MiB chunks: a dropped, repeated or reordered chunk changes the result. */
function generatedChunks(): Buffer[] {
  let state = 0x9e3779b9;
  return [0, 1, 2].map(() => {
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < chunk.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      chunk[i] = state >>> 24;
    }
    return chunk;
  });
}

describe.each(adapters)('%s', (_name, start) => {
  let subject: Subject;
  beforeAll(async () => {
    subject = await start();
  });
  afterAll(async () => subject?.stop());

  it('round-trips every byte value, including 0', async () => {
    const bytes = new Uint8Array(512).map((_, i) => (i * 7) % 256);
    expect(new Set(bytes).size).toBe(256);
    await subject.storage.put('a/bytes.bin', bytes, { contentType: 'application/octet-stream' });
    expect(await subject.storage.get('a/bytes.bin')).toEqual(bytes);
  });

  it('round-trips UTF-8 text with Lao script', async () => {
    await subject.storage.put('a/text.txt', 'ລາຍງານ report ໒໕');
    expect(new TextDecoder().decode(await subject.storage.get('a/text.txt'))).toBe('ລາຍງານ report ໒໕');
  });

  it('overwrites an existing key', async () => {
    await subject.storage.put('a/twice.txt', 'first');
    await subject.storage.put('a/twice.txt', 'second');
    expect(new TextDecoder().decode(await subject.storage.get('a/twice.txt'))).toBe('second');
  });

  it('streams a multi-chunk body in without corrupting it, and back out', async () => {
    const chunks = generatedChunks();
    const expected = Buffer.concat(chunks);
    await subject.storage.putStream('big/three-mb.bin', Readable.from(chunks));
    // A byte-exact comparison catches aws-chunked framing stored as the object.
    const stored = await subject.storage.get('big/three-mb.bin');
    expect(stored?.byteLength).toBe(expected.length);
    expect(Buffer.from(stored ?? []).equals(expected)).toBe(true);
    expect((await readAll(await subject.storage.getStream('big/three-mb.bin'))).equals(expected)).toBe(true);
  });

  it('stores nothing when the stream being written fails', async () => {
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('partial');
        throw new Error('source broke');
      })(),
    );
    await expect(subject.storage.putStream('broken/file.bin', failing)).rejects.toThrow();
    expect(await subject.storage.exists('broken/file.bin')).toBe(false);
  });

  it('answers undefined / false for a missing key, and for a "folder" of other keys', async () => {
    await subject.storage.put('a/text.txt', 'x');
    for (const key of ['nope/missing.json', 'a/missing.json', 'a']) {
      expect(await subject.storage.get(key)).toBeUndefined();
      expect(await subject.storage.getStream(key)).toBeUndefined();
      expect(await subject.storage.exists(key)).toBe(false);
    }
    expect(await subject.storage.exists('a/text.txt')).toBe(true);
  });

  it('lists more than one page of keys under a prefix, sorted, and nothing outside it', async () => {
    // Over 1,000 keys: S3 pages ListObjectsV2 at 1,000, so this needs the continuation token.
    const keys = Array.from({ length: 1050 }, (_, i) => `many/${String(i).padStart(4, '0')}.json`);
    // Written in reverse, so a list that merely echoes write (or directory) order fails.
    const reversed = [...keys].reverse();
    for (let i = 0; i < reversed.length; i += 75)
      await Promise.all(reversed.slice(i, i + 75).map((key) => subject.storage.put(key, '{}')));
    await subject.storage.put('many-other/x.json', '{}');
    await subject.storage.put('manx.json', '{}');
    expect(await subject.storage.list('many/')).toEqual(keys);
    expect(await subject.storage.list('nothing-here/')).toEqual([]);
    // An absent folder deeper down, and a key where a folder would be: nothing, not an error.
    expect(await subject.storage.list('nothing-here/deeper/')).toEqual([]);
    expect(await subject.storage.list('manx.json/')).toEqual([]);
  });

  it('lists with a prefix that ends mid-name, as S3 does', async () => {
    expect(await subject.storage.list('many/001')).toEqual(
      Array.from({ length: 10 }, (_, i) => `many/001${i}.json`),
    );
    // Not `list('many')`: that listing is truncated, and s3rver 3.7 walks its folders (`many/` before
    // `many-other/`) while continuing pages by S3 key order (`-` < `/`), so page 2 skips
    // `many-other/x.json`. Real S3 does not; the adapter is not at fault.
    expect(await subject.storage.list('many-')).toEqual(['many-other/x.json']);
    expect(await subject.storage.list('manx')).toEqual(['manx.json']);
    expect(await subject.storage.list('a/t')).toEqual(['a/text.txt', 'a/twice.txt']);
    // Nested folders (records sit at submissions/<month>/<unit>/): only matching ones count.
    const nested = [
      'deep/2024-12/a/w.json',
      'deep/2025-01/a/x.json',
      'deep/2025-01/b/y.json',
      'deep/2025-02/a/z.json',
    ];
    for (const key of nested) await subject.storage.put(key, '{}');
    expect(await subject.storage.list('deep/')).toEqual(nested);
    expect(await subject.storage.list('deep/2025-0')).toEqual(nested.slice(1));
    expect(await subject.storage.list('deep/2025-01/')).toEqual(nested.slice(1, 3));
    expect(await subject.storage.list('deep/2025-01/b')).toEqual(['deep/2025-01/b/y.json']);
  });

  it('refuses unsafe keys and prefixes with StorageError', async () => {
    for (const key of ['../x', '/abs', 'a//b', 'a/./b', 'a/', '']) {
      await expect(subject.storage.put(key, 'x')).rejects.toThrow(StorageError);
      await expect(subject.storage.putStream(key, Readable.from([Buffer.from('x')]))).rejects.toThrow(
        StorageError,
      );
      await expect(subject.storage.get(key)).rejects.toThrow(StorageError);
      await expect(subject.storage.getStream(key)).rejects.toThrow(StorageError);
      await expect(subject.storage.exists(key)).rejects.toThrow(StorageError);
    }
    for (const prefix of ['../', '/abs', 'a//', '../../etc/'])
      await expect(subject.storage.list(prefix)).rejects.toThrow(StorageError);
  });

  it('creates only when absent: true once, then false, and never overwrites', async () => {
    expect(await subject.storage.putIfAbsent('once/a.json', 'first')).toBe(true);
    expect(await subject.storage.putIfAbsent('once/a.json', 'second')).toBe(false);
    expect(new TextDecoder().decode(await subject.storage.get('once/a.json'))).toBe('first');
    await expect(subject.storage.putIfAbsent('../x', 'x')).rejects.toThrow(StorageError);
  });

  it('lets exactly one of many racing create-only writers win where the store is atomic', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => `writer ${i}`);
    const results = await Promise.all(
      bodies.map((body) => subject.storage.putIfAbsent('race/one.txt', body)),
    );
    const stored = new TextDecoder().decode(await subject.storage.get('race/one.txt'));
    if (subject.storage.atomicCreate) {
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(stored).toBe(bodies[results.indexOf(true)]);
      // Without atomic create (s3rver) several writers may win, and s3rver, which writes objects
      // in place, can even interleave their bytes (AWS S3 PUTs are atomic): callers keep such
      // writes to one per key per process (compile and ingest join concurrent identical work).
    } else expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
  });

  it('opens a read with the exact size', async () => {
    const bytes = new Uint8Array(70_001).map((_, i) => i % 251);
    await subject.storage.put('sized/b.bin', bytes);
    const object = await subject.storage.openRead('sized/b.bin');
    expect(object?.size).toBe(bytes.length);
    expect(new Uint8Array(await readAll(object?.body))).toEqual(bytes);
    expect(await subject.storage.openRead('sized/missing.bin')).toBeUndefined();
  });

  it('describes where a key lives', () => {
    expect(subject.storage.locate('a/b.txt')).toBe(subject.located);
    expect(subject.storage.description).toMatch(/^(file|s3):\/\//);
  });

  it('keeps prefixed keys under the prefix', async ({ skip }) => {
    if (!subject.unprefixed) return skip('no key prefix');
    expect(await subject.unprefixed.exists('env/prod/a/text.txt')).toBe(true);
    expect(await subject.unprefixed.exists('a/text.txt')).toBe(false);
  });

  it('writes again into a folder removed behind its back (folders it made are remembered)', async ({
    skip,
  }) => {
    if (!subject.root) return skip('not a local store');
    await subject.storage.put('gone/soon/a.json', 'first');
    rmSync(join(subject.root, 'gone'), { recursive: true });
    await subject.storage.put('gone/soon/b.json', 'second');
    expect(new TextDecoder().decode(await subject.storage.get('gone/soon/b.json'))).toBe('second');
    expect(await subject.storage.exists('gone/soon/a.json')).toBe(false);
  });

  it('keeps every one of many concurrent writes to one folder, the last write of a key winning', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `concurrent/part-${String(i).padStart(2, '0')}.bin`);
    await Promise.all(keys.map((key, i) => subject.storage.put(key, new Uint8Array([i]))));
    await Promise.all(keys.map((key, i) => subject.storage.put(key, new Uint8Array([i, i]))));
    expect(await subject.storage.list('concurrent/')).toEqual(keys);
    const bodies = await Promise.all(keys.map((key) => subject.storage.get(key)));
    expect(bodies.map((b) => [...(b ?? [])])).toEqual(keys.map((_, i) => [i, i]));
  });

  it('leaves no temporary files behind', ({ skip }) => {
    if (!subject.root) return skip('not a local store');
    expect(filesUnder(subject.root).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('S3 conditional writes', () => {
  it('finds out that s3rver ignores If-None-Match and falls back to check-then-write', async () => {
    const server = await startS3Server(bucket);
    try {
      const storage = new S3Storage({ client: server.client, bucket, conditionalWrites: 'auto' });
      expect(await storage.putIfAbsent('probe/a.txt', 'one')).toBe(true);
      expect(storage.atomicCreate).toBe(false);
      expect(await storage.putIfAbsent('probe/a.txt', 'two')).toBe(false);
      expect(new TextDecoder().decode(await storage.get('probe/a.txt'))).toBe('one');
    } finally {
      await server.stop();
    }
  });

  it('sends If-None-Match: * where the server honours it, and reads 412 as "already there"', async () => {
    // A stand-in for AWS S3's answer (s3rver cannot give it): the client refuses the second
    // create-only write with 412, as S3 does.
    const created = new Set<string>();
    const sent: { name: string; ifNoneMatch?: string }[] = [];
    const client = {
      send: async (command: {
        constructor: { name: string };
        input: { Key: string; IfNoneMatch?: string };
      }) => {
        sent.push({ name: command.constructor.name, ifNoneMatch: command.input.IfNoneMatch });
        if (command.constructor.name === 'HeadObjectCommand')
          throw Object.assign(new Error('NotFound'), {
            name: 'NotFound',
            $metadata: { httpStatusCode: 404 },
          });
        if (command.input.IfNoneMatch === '*' && created.has(command.input.Key))
          throw Object.assign(new Error('PreconditionFailed'), {
            name: 'PreconditionFailed',
            $metadata: { httpStatusCode: 412 },
          });
        created.add(command.input.Key);
        return {};
      },
    };
    const storage = new S3Storage({
      client: client as unknown as ConstructorParameters<typeof S3Storage>[0]['client'],
      bucket,
      conditionalWrites: 'auto',
    });
    expect(await storage.putIfAbsent('x/a.txt', 'one')).toBe(true);
    expect(storage.atomicCreate).toBe(true);
    // The HEAD says "absent" (a race), yet the conditional write still refuses the second writer.
    expect(await storage.putIfAbsent('x/a.txt', 'two')).toBe(false);
    expect(sent.filter((c) => c.name === 'PutObjectCommand').every((c) => c.ifNoneMatch === '*')).toBe(true);
  });
});

describe('createS3Client', () => {
  it('sends a streamed PutObject without aws-chunked framing', async () => {
    // S3Storage.putStream buffers, so the contract above cannot see this; a streamed body from
    // a client without WHEN_REQUIRED is stored with its chunk framing (46 extra bytes here).
    const server = await startS3Server(bucket);
    try {
      const [first, second, third] = generatedChunks();
      const expected = Buffer.concat([first!, second!, third!]);
      await server.client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'raw/stream.bin',
          Body: Readable.from([first!, second!, third!]),
          ContentLength: expected.length,
        }),
      );
      const response = await server.client.send(
        new GetObjectCommand({ Bucket: bucket, Key: 'raw/stream.bin' }),
      );
      const stored = Buffer.from((await response.Body?.transformToByteArray()) ?? []);
      expect(stored.length).toBe(expected.length);
      expect(stored.equals(expected)).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
