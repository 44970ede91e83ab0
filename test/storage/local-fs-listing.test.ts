/**
 * The local store walks folders synchronously (cheaper than a thread-pool round trip per
 * folder), but a long listing gives the event loop back every few dozen folders, so a request
 * arriving meanwhile is not held up behind the whole walk.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';

describe('LocalFsStorage listing', () => {
  it('lets other work run during a listing of hundreds of folders, and lists every key', async () => {
    const root = mkdtempSync(join(tmpdir(), 'laingan-listing-'));
    for (let folder = 0; folder < 300; folder++) {
      const dir = join(root, 'audit', `2025-${String(folder).padStart(3, '0')}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'event.json'), '{}');
    }
    const storage = new LocalFsStorage(root);
    const order: string[] = [];
    const listing = storage.list('audit/').then((keys) => {
      order.push('listed');
      return keys;
    });
    setImmediate(() => order.push('other work'));
    const keys = await listing;
    expect(order).toEqual(['other work', 'listed']);
    expect(keys).toHaveLength(300);
    expect(keys[0]).toBe('audit/2025-000/event.json');
    expect(keys.at(-1)).toBe('audit/2025-299/event.json');
  });
});
