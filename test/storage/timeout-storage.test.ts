/** Every storage call is bounded, whatever the adapter: a call that hangs becomes a 503-able error. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../shared/config/config.ts';
import { createStorage } from '../../shared/storage/create-storage.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';
import { type ObjectStorage, StorageTimeoutError } from '../../shared/storage/object-storage.ts';
import { TimeoutStorage } from '../../shared/storage/timeout-storage.ts';

/** A store whose every call hangs (a dead network mount). */
function hangingStorage(): ObjectStorage {
  const never = () => new Promise<never>(() => undefined);
  return {
    description: 'hanging',
    atomicCreate: false,
    put: never,
    putIfAbsent: never,
    putStream: never,
    get: never,
    getStream: never,
    openRead: never,
    exists: never,
    list: never,
    locate: (key) => key,
  };
}

describe('TimeoutStorage', () => {
  it('fails every call of a hung store with StorageTimeoutError within its bound', async () => {
    const storage = new TimeoutStorage(hangingStorage(), 50);
    const started = Date.now();
    const calls = [
      storage.put('a/b', 'x'),
      storage.putIfAbsent('a/b', 'x'),
      storage.get('a/b'),
      storage.getStream('a/b'),
      storage.openRead('a/b'),
      storage.exists('a/b'),
      storage.list('a/'),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(StorageTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('passes answers through, and is what the configuration builds', async () => {
    const root = mkdtempSync(join(tmpdir(), 'laingan-timeout-'));
    const storage = new TimeoutStorage(new LocalFsStorage(root), 5_000);
    await storage.put('a/b.txt', 'hello');
    expect(new TextDecoder().decode(await storage.get('a/b.txt'))).toBe('hello');
    expect(storage.atomicCreate).toBe(true);
    const configured = await createStorage(
      parseConfig({ STORAGE_URL: `file:${root}`, STORAGE_TIMEOUT_MS: '1000' }),
    );
    expect(configured).toBeInstanceOf(TimeoutStorage);
    expect(await configured.exists('a/b.txt')).toBe(true);
  });
});
