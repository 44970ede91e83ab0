import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // s3rver's paged listings need the legacy OpenSSL provider; forks carry execArgv.
    pool: 'forks',
    execArgv: ['--openssl-legacy-provider'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
