import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Browser, LibreOffice and s3rver tests share two cores in CI: generous timeouts, no timed asserts.
    // s3rver's paged listings need the legacy OpenSSL provider; forks carry execArgv.
    pool: 'forks',
    execArgv: ['--openssl-legacy-provider'],
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
});
