import { describe, expect, it } from 'vitest';
import { hashesEqual, hashToken, StaticTokenStore } from '../../shared/auth/tokens.ts';
import { ConfigError, parseConfig } from '../../shared/config/config.ts';

describe('parseConfig', () => {
  it('defaults to local files and Asia/Vientiane', () => {
    const config = parseConfig({});
    expect(config.storage).toEqual({ kind: 'file', directory: './data' });
    expect(config).toMatchObject({
      uploadLimitBytes: 20 * 1024 * 1024,
      reportDueDay: 10,
      timeZone: 'Asia/Vientiane',
      tokensSource: 'storage',
    });
  });

  it('reads an S3 location and options', () => {
    const config = parseConfig({
      STORAGE_URL: 's3://laingan-data/prod/v1',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config.storage).toEqual({ kind: 's3', bucket: 'laingan-data', prefix: 'prod/v1' });
    expect(config.s3).toMatchObject({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
  });

  it.each([
    [{ STORAGE_URL: 'ftp://x' }, /STORAGE_URL/],
    [{ UPLOAD_LIMIT_MB: 'lots' }, /UPLOAD_LIMIT_MB/],
    [{ REPORT_DUE_DAY: '31' }, /REPORT_DUE_DAY/],
    [{ TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE/],
    [{ S3_FORCE_PATH_STYLE: 'maybe' }, /S3_FORCE_PATH_STYLE/],
    [{ S3_ACCESS_KEY_ID: 'only-one' }, /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/],
    [{ TOKENS_SOURCE: 'env' }, /TOKEN_HASHES/],
  ])('refuses %j naming the variable', (env, message) => {
    expect(() => parseConfig(env)).toThrowError(ConfigError);
    expect(() => parseConfig(env)).toThrowError(message);
  });
});

describe('tokens', () => {
  it('stores and compares only hashes', async () => {
    const token = 'lgn_abcdefghijklmnopqrstuvwxyz012345';
    const store = new StaticTokenStore(
      JSON.stringify([{ hash: hashToken(token), principal: { kind: 'secretariat' } }]),
    );
    expect(await store.resolve(token)).toEqual({ kind: 'secretariat' });
    expect(await store.resolve(`${token}x`)).toBeUndefined();
    expect(hashesEqual(hashToken('a'), hashToken('a'))).toBe(true);
    expect(hashesEqual(hashToken('a'), 'abc')).toBe(false);
  });
});
