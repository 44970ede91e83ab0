/**
 * Configuration, read once per cold start and validated with zod. `parseConfig(env)` takes the
 * environment as an argument so tests pass their own; a bad value throws a ConfigError that
 * names the variable.
 */
import { z } from 'zod';

const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const envSchema = z.object({
  STORAGE_URL: z
    .string()
    .regex(
      /^(file:.+|s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?)$/,
      'use file:./data or s3://bucket/prefix',
    )
    .default('file:./data'),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_FORCE_PATH_STYLE: booleanText.default(false),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_CONDITIONAL_WRITES: z.enum(['auto', 'true', 'false']).default('auto'),
  STORAGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  SCOPE_SPAN: z
    .string()
    .regex(/^\d{4}-\d{4}$/, 'use YYYY-YYYY, e.g. 2021-2025')
    .refine((span) => span.slice(0, 4) <= span.slice(5), 'the first year comes first')
    .optional(),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().max(100).default(20),
  REPORT_DUE_DAY: z.coerce.number().int().min(1).max(28).default(10),
  TIME_ZONE: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone, e.g. Asia/Vientiane')
    .default('Asia/Vientiane'),
  TOKENS_SOURCE: z
    .string()
    .regex(/^(storage|env|file:.+)$/, 'use storage, env or file:PATH')
    .default('storage'),
  TOKEN_HASHES: z.string().optional(),
  SESSION_MINUTES: z.coerce.number().int().min(5).max(1440).default(240),
  REMINDER_WEBHOOK_URL: z.url().optional(),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
  GOOGLE_SHEETS_ROOT_URL: z.url().optional(),
  GOOGLE_DRIVE_ROOT_URL: z.url().optional(),
  GOOGLE_OAUTH_ACCESS_TOKEN: z.string().min(10).optional(),
  SHEETS_PULL_SECONDS: z.coerce.number().int().min(5).max(480).default(45),
});

/** Where files live. */
export type StorageLocation =
  | { kind: 'file'; directory: string }
  | { kind: 's3'; bucket: string; prefix: string };

/** Validated configuration. */
export interface Config {
  readonly storage: StorageLocation;
  readonly s3: {
    readonly endpoint?: string;
    readonly region: string;
    readonly forcePathStyle: boolean;
    readonly credentials?: { accessKeyId: string; secretAccessKey: string };
    /** `auto` probes the server once; `on`/`off` force If-None-Match writes or check-then-write. */
    readonly conditionalWrites: 'auto' | 'on' | 'off';
  };
  /** Bound on every storage call; past it the caller gets 503 with Retry-After. */
  readonly storageTimeoutMs: number;
  /** Years a compile or status may cover (default: the plan's own span). */
  readonly scopeSpan?: { readonly firstYear: number; readonly lastYear: number };
  readonly uploadLimitBytes: number;
  readonly reportDueDay: number;
  readonly timeZone: string;
  /** `storage`: token hashes kept under `auth/` in storage; `env`: TOKEN_HASHES JSON; `file:`: a JSON file. */
  readonly tokensSource: string;
  readonly tokenHashesJson?: string;
  /** How long a browser session opened on the portal lasts. */
  readonly sessionLifetimeMs: number;
  readonly reminderWebhookUrl?: string;
  /** Headless Chromium that prints the front section to PDF; none installed: no PDF. */
  readonly chromiumPath: string;
  /** How Google Sheets are reached: API roots (tests, emulators) and an optional fixed token. */
  readonly google: {
    readonly sheetsRootUrl?: string;
    readonly driveRootUrl?: string;
    /** Overrides Application Default Credentials; never logged. */
    readonly accessToken?: string;
    /** Time one pull (an ingestSheet call) may spend retrying Google. */
    readonly pullBudgetMs: number;
  };
}

/** A configuration variable is missing or wrong; the message names it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function parseStorageUrl(url: string): StorageLocation {
  if (url.startsWith('file:'))
    return { kind: 'file', directory: url.slice('file:'.length).replace(/^\/\/(?=\/)/, '') };
  const [bucket = '', ...rest] = url.slice('s3://'.length).split('/');
  return { kind: 's3', bucket, prefix: rest.filter(Boolean).join('/') };
}

/** Reads and validates configuration from an environment (default: `process.env`). */
export function parseConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = envSchema.safeParse(known);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issue.path.join('.')}: ${issue.message} (got ${
          // Secrets are never echoed, even when wrong.
          /TOKEN|SECRET/.test(String(issue.path[0]))
            ? 'a hidden value'
            : JSON.stringify(known[String(issue.path[0])])
        })`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  if ((e.S3_ACCESS_KEY_ID === undefined) !== (e.S3_SECRET_ACCESS_KEY === undefined))
    throw new ConfigError('invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together');
  if (e.TOKENS_SOURCE === 'env' && !e.TOKEN_HASHES)
    throw new ConfigError('invalid configuration: TOKEN_HASHES is required when TOKENS_SOURCE=env');
  return {
    storage: parseStorageUrl(e.STORAGE_URL),
    s3: {
      endpoint: e.S3_ENDPOINT,
      region: e.S3_REGION,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      credentials:
        e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY
          ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }
          : undefined,
      conditionalWrites:
        e.S3_CONDITIONAL_WRITES === 'auto' ? 'auto' : e.S3_CONDITIONAL_WRITES === 'true' ? 'on' : 'off',
    },
    storageTimeoutMs: e.STORAGE_TIMEOUT_MS,
    scopeSpan: e.SCOPE_SPAN
      ? { firstYear: Number(e.SCOPE_SPAN.slice(0, 4)), lastYear: Number(e.SCOPE_SPAN.slice(5)) }
      : undefined,
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    reportDueDay: e.REPORT_DUE_DAY,
    timeZone: e.TIME_ZONE,
    tokensSource: e.TOKENS_SOURCE,
    tokenHashesJson: e.TOKEN_HASHES,
    sessionLifetimeMs: e.SESSION_MINUTES * 60_000,
    reminderWebhookUrl: e.REMINDER_WEBHOOK_URL,
    chromiumPath: e.CHROMIUM_PATH,
    google: {
      sheetsRootUrl: e.GOOGLE_SHEETS_ROOT_URL,
      driveRootUrl: e.GOOGLE_DRIVE_ROOT_URL,
      accessToken: e.GOOGLE_OAUTH_ACCESS_TOKEN,
      pullBudgetMs: e.SHEETS_PULL_SECONDS * 1000,
    },
  };
}
