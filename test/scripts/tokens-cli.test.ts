/** `npm run tokens`: issue, `--list` (hashes, never tokens) and `--revoke PREFIX` (401 at once). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashToken, StorageTokenStore } from '../../shared/auth/tokens.ts';
import { LocalFsStorage } from '../../shared/storage/local-fs-storage.ts';

function tokens(dir: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/tokens.ts', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, STORAGE_URL: `file:${dir}`, TOKENS_SOURCE: 'storage' },
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('tokens CLI', () => {
  it('issues, lists without tokens, and revokes by hash prefix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laingan-tokens-'));
    const issued = tokens(dir, '--unit', 'MPS', '--label', 'focal point');
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    const store = new StorageTokenStore(new LocalFsStorage(dir));
    expect(await store.resolve(token)).toEqual({ kind: 'unit', unitCode: 'MPS' });

    const listed = tokens(dir, '--list');
    expect(listed.code).toBe(0);
    const prefix = hashToken(token).slice(0, 12);
    expect(listed.stdout).toContain(prefix);
    expect(listed.stdout).toContain('unit:MPS');
    expect(listed.stdout).toContain('focal point');
    expect(listed.stdout).not.toContain(token);

    expect(tokens(dir, '--revoke', 'zz').code).not.toBe(0);
    const revoked = tokens(dir, '--revoke', prefix.slice(0, 8));
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`revoked ${prefix}`);
    expect(await store.resolve(token)).toBeUndefined();
    expect(tokens(dir, '--list').stdout).toMatch(/unit:MPS\s+\S+\s+\d{4}-\d\d-\d\dT/);
  });
});
