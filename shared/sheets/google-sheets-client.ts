/**
 * The Google adapter of {@link GoogleSheetsPort}: `@googleapis/sheets` (v4) and
 * `@googleapis/drive` (v3), imported lazily so that only the functions that read Sheets pay
 * for loading them. Credentials are Application Default Credentials (a service account in the
 * cloud, GOOGLE_APPLICATION_CREDENTIALS locally), or a fixed access token for tests against a
 * local fake. The clients' own retries are off: {@link withRetry} retries 429 and 5xx with
 * backoff and jitter within the caller's deadline instead.
 *
 * Errors leave this module as {@link SheetAccessError} with the API's message only: a Google
 * client error carries the request's headers (the bearer token), so it is never passed on.
 */
import type { drive_v3 } from '@googleapis/drive';
import type { sheets_v4 } from '@googleapis/sheets';
import { columnLetters } from '../grid/cell-grid.ts';
import { type RetryPolicy, type RetryVerdict, retryWithin, withRetry } from './retry.ts';
import type { CellFacts } from './sheet-grid.ts';
import {
  type DriveFileInfo,
  GoogleCredentialsError,
  type GoogleSheetsPort,
  SheetAccessError,
  type SpreadsheetMetadata,
} from './sheets-port.ts';

/** How to reach Google. */
export interface GoogleClientOptions {
  /** Root URL of the Sheets API (`https://sheets.googleapis.com/` by default; a fake in tests). */
  readonly sheetsRootUrl?: string;
  /** Root URL of the Drive API (`https://www.googleapis.com/` by default). */
  readonly driveRootUrl?: string;
  /** A fixed OAuth access token instead of Application Default Credentials (tests). */
  readonly accessToken?: string;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
  /** The environment ADC reads (GOOGLE_APPLICATION_CREDENTIALS). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive'];
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const GOOGLE_SHEET_TYPE = 'application/vnd.google-apps.spreadsheet';

interface Clients {
  readonly sheets: sheets_v4.Sheets;
  readonly drive: drive_v3.Drive;
  readonly identity: () => Promise<string | undefined>;
}

/** The message when no credentials are configured: what to set, where. */
export function missingCredentialsMessage(env: Readonly<Record<string, string | undefined>>): string {
  const file = env.GOOGLE_APPLICATION_CREDENTIALS;
  return file
    ? `Google credentials could not be loaded from GOOGLE_APPLICATION_CREDENTIALS=${file}: point it at a service-account key file (JSON) that exists and is readable.`
    : 'No Google credentials found. Locally, set GOOGLE_APPLICATION_CREDENTIALS to a service-account key file (JSON); in Cloud Functions, run the function as a service account. Then share each unit sheet with that service account.';
}

async function buildClients(options: GoogleClientOptions): Promise<Clients> {
  const [{ sheets, auth }, { drive }] = await Promise.all([
    import('@googleapis/sheets'),
    import('@googleapis/drive'),
  ]);
  let client: InstanceType<typeof auth.OAuth2> | InstanceType<typeof auth.GoogleAuth>;
  let identity: () => Promise<string | undefined> = async () => undefined;
  if (options.accessToken) {
    const oauth = new auth.OAuth2();
    oauth.setCredentials({ access_token: options.accessToken, expiry_date: Date.now() + 3_600_000 });
    client = oauth;
  } else {
    const env = options.env ?? process.env;
    const adc = new auth.GoogleAuth({
      scopes: SCOPES,
      keyFile: env.GOOGLE_APPLICATION_CREDENTIALS || undefined,
    });
    try {
      // Resolved now, so a missing key is reported before any work starts.
      await adc.getClient();
      client = adc;
    } catch {
      // The library's error text is replaced on purpose: it names no variable to set.
      throw new GoogleCredentialsError(missingCredentialsMessage(env));
    }
    identity = async () =>
      (await adc.getCredentials().catch(() => ({ client_email: undefined }))).client_email;
  }
  const common = { auth: client, retry: false, timeout: options.timeoutMs ?? 30_000 } as const;
  return {
    sheets: sheets({
      version: 'v4',
      ...common,
      ...(options.sheetsRootUrl ? { rootUrl: options.sheetsRootUrl } : {}),
    }),
    drive: drive({
      version: 'v3',
      ...common,
      ...(options.driveRootUrl ? { rootUrl: options.driveRootUrl } : {}),
    }),
    identity,
  };
}

/** Status and Retry-After of a failed call, read without keeping the error (it holds the token). */
function statusOf(error: unknown): { status?: number; afterMs?: number; apiMessage?: string; code?: string } {
  const e = error as {
    status?: number;
    code?: string | number;
    response?: { status?: number; headers?: unknown; data?: unknown };
  };
  const status = e?.response?.status ?? e?.status;
  const headers = e?.response?.headers as
    | { get?: (name: string) => string | null }
    | Record<string, string>
    | undefined;
  const retryAfter =
    typeof (headers as { get?: unknown })?.get === 'function'
      ? (headers as { get: (name: string) => string | null }).get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  const seconds = Number(retryAfter);
  const data = e?.response?.data as { error?: { message?: string } } | undefined;
  return {
    status: typeof status === 'number' ? status : undefined,
    afterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined,
    apiMessage: typeof data?.error?.message === 'string' ? data.error.message.slice(0, 200) : undefined,
    code: typeof e?.code === 'string' ? e.code : undefined,
  };
}

/** 429, 5xx and dropped connections are worth another try; the rest are answers. */
export function classifyGoogleError(error: unknown): RetryVerdict {
  if (error instanceof SheetAccessError || error instanceof GoogleCredentialsError) return { retry: false };
  const { status, afterMs } = statusOf(error);
  if (status === undefined) return { retry: true };
  return status === 429 || status >= 500 ? { retry: true, afterMs } : { retry: false };
}

/** A failed call as a SheetAccessError with a bilingual message (and no token anywhere). */
export function toSheetAccessError(error: unknown, what: string): Error {
  if (error instanceof SheetAccessError || error instanceof GoogleCredentialsError) return error;
  const { status, apiMessage, code } = statusOf(error);
  const detail = apiMessage ?? code ?? 'no answer';
  if (status === 404)
    return new SheetAccessError('not-found', status, {
      lo: `ບໍ່ພົບ Google Sheet (${what}). ກະລຸນາກວດລະຫັດທີ່ລົງທະບຽນ ຫຼື ກວດວ່າບໍ່ໄດ້ຖືກລຶບ.`,
      en: `The Google Sheet was not found (${what}). Check the registered id, or whether it was deleted.`,
    });
  if (status === 401 || status === 403)
    return new SheetAccessError('forbidden', status, {
      lo: `Google ບໍ່ອະນຸຍາດໃຫ້ອ່ານ Sheet (${what}). ກະລຸນາແບ່ງປັນ Sheet ໃຫ້ບັນຊີບໍລິການຂອງ Laingan.`,
      en: `Google refused access to the sheet (${what}: ${detail}). Share the sheet with Laingan's service account.`,
    });
  if (status !== undefined && status < 500 && status !== 429)
    return new SheetAccessError('refused', status, {
      lo: `Google Sheets API ບໍ່ຍອມອ່ານໄຟລ໌ນີ້ (${what}).`,
      en: `The Sheets API would not read this file (${what}: ${detail}).`,
    });
  return new SheetAccessError('unavailable', status, {
    lo: `Google ບໍ່ຕອບ (${what}). ຈະລອງໃໝ່ໃນຮອບຕໍ່ໄປ.`,
    en: `Google did not answer in time (${what}: ${status ? `HTTP ${status}` : detail}). It is tried again on the next run.`,
  });
}

const quoteTitle = (title: string) => `'${title.replace(/'/g, "''")}'`;

/** The clients of one configuration, built once per process (token caches survive calls). */
const clientCache = new Map<string, Promise<Clients>>();

function clientsFor(options: GoogleClientOptions): Promise<Clients> {
  const key = JSON.stringify([
    options.sheetsRootUrl,
    options.driveRootUrl,
    options.accessToken,
    options.timeoutMs,
  ]);
  let clients = clientCache.get(key);
  if (!clients) {
    clients = buildClients(options);
    clientCache.set(key, clients);
    // A failed start (no credentials) is not kept: the next call reports it again.
    clients.catch(() => clientCache.delete(key));
  }
  return clients;
}

/**
 * The Google port for one piece of work (a function call, a CLI run): every call is retried
 * on 429/5xx until `policy`'s deadline.
 */
export function googleSheetsPort(
  options: GoogleClientOptions,
  policy: RetryPolicy = retryWithin(50_000),
): GoogleSheetsPort {
  const call = async <T>(what: string, run: (clients: Clients) => Promise<T>): Promise<T> => {
    const clients = await clientsFor(options);
    try {
      return await withRetry(() => run(clients), classifyGoogleError, policy);
    } catch (error) {
      throw toSheetAccessError(error, what);
    }
  };
  return {
    fileInfo: (id) =>
      call('drive files.get', async ({ drive }): Promise<DriveFileInfo> => {
        const { data } = await drive.files.get({
          fileId: id,
          fields: 'mimeType,version,name',
          supportsAllDrives: true,
        });
        return { mimeType: data.mimeType ?? '', version: String(data.version ?? ''), name: data.name ?? '' };
      }),
    metadata: (id) =>
      call('spreadsheets.get', async ({ sheets }): Promise<SpreadsheetMetadata> => {
        const { data } = await sheets.spreadsheets.get({
          spreadsheetId: id,
          fields:
            'properties(title),sheets(properties(sheetId,title,hidden),protectedRanges(protectedRangeId))',
        });
        return {
          title: data.properties?.title ?? '',
          sheets: (data.sheets ?? []).map((sheet) => ({
            sheetId: sheet.properties?.sheetId ?? 0,
            title: sheet.properties?.title ?? '',
            hidden: sheet.properties?.hidden === true,
            protectedRanges: sheet.protectedRanges?.length ?? 0,
          })),
        };
      }),
    values: (id, titles) =>
      call('values.batchGet', async ({ sheets }) => {
        if (!titles.length) return [];
        const { data } = await sheets.spreadsheets.values.batchGet({
          spreadsheetId: id,
          ranges: titles.map(quoteTitle),
          majorDimension: 'ROWS',
          valueRenderOption: 'UNFORMATTED_VALUE',
          dateTimeRenderOption: 'SERIAL_NUMBER',
        });
        return titles.map((_, index) => (data.valueRanges?.[index]?.values ?? []) as unknown[][]);
      }),
    facts: (id, ranges) =>
      call('spreadsheets.get (formats)', async ({ sheets }) => {
        const wanted = ranges.filter((r) => r.rows > 0 && r.columns > 0);
        if (!wanted.length) return ranges.map(() => []);
        const { data } = await sheets.spreadsheets.get({
          spreadsheetId: id,
          ranges: wanted.map((r) => `${quoteTitle(r.title)}!A1:${columnLetters(r.columns)}${r.rows}`),
          includeGridData: true,
          fields:
            'sheets(properties(title),data(startRow,startColumn,rowData(values(effectiveFormat(numberFormat),effectiveValue(errorValue)))))',
        });
        const byTitle = new Map((data.sheets ?? []).map((sheet) => [sheet.properties?.title ?? '', sheet]));
        return ranges.map((r) => {
          const grid = byTitle.get(r.title)?.data?.[0];
          const offsetRow = grid?.startRow ?? 0;
          const offsetColumn = grid?.startColumn ?? 0;
          const facts: (CellFacts | undefined)[][] = [];
          (grid?.rowData ?? []).forEach((row, rowIndex) => {
            const cells: (CellFacts | undefined)[] = [];
            (row.values ?? []).forEach((cell, columnIndex) => {
              cells[offsetColumn + columnIndex] = {
                numberFormat: cell.effectiveFormat?.numberFormat,
                errorValue: cell.effectiveValue?.errorValue,
              };
            });
            facts[offsetRow + rowIndex] = cells;
          });
          return facts;
        });
      }),
    downloadXlsx: (id, mimeType) =>
      call('drive export', async ({ drive }) => {
        const response =
          mimeType === GOOGLE_SHEET_TYPE
            ? await drive.files.export({ fileId: id, mimeType: XLSX_TYPE }, { responseType: 'arraybuffer' })
            : await drive.files.get(
                { fileId: id, alt: 'media', supportsAllDrives: true },
                { responseType: 'arraybuffer' },
              );
        return new Uint8Array(response.data as unknown as ArrayBuffer);
      }),
    create: (body) =>
      call('spreadsheets.create', async ({ sheets }) => {
        const { data } = await sheets.spreadsheets.create({
          requestBody: body as sheets_v4.Schema$Spreadsheet,
          fields: 'spreadsheetId,spreadsheetUrl',
        });
        return { spreadsheetId: data.spreadsheetId ?? '', spreadsheetUrl: data.spreadsheetUrl ?? '' };
      }),
    batchUpdate: (id, requests) =>
      call('spreadsheets.batchUpdate', async ({ sheets }) => {
        await sheets.spreadsheets.batchUpdate({
          spreadsheetId: id,
          requestBody: { requests: requests as sheets_v4.Schema$Request[] },
        });
      }),
    shareWith: (id, email) =>
      call('drive permissions.create', async ({ drive }) => {
        await drive.permissions.create({
          fileId: id,
          sendNotificationEmail: true,
          supportsAllDrives: true,
          requestBody: { type: 'user', role: 'writer', emailAddress: email },
        });
      }),
    identity: async () => (await clientsFor(options)).identity(),
  };
}

/** The port for a piece of work under the configured Google settings and a retry budget. */
export function googleSheetsPortFor(
  google: { sheetsRootUrl?: string; driveRootUrl?: string; accessToken?: string },
  budgetMs: number,
): GoogleSheetsPort {
  return googleSheetsPort(
    {
      sheetsRootUrl: google.sheetsRootUrl,
      driveRootUrl: google.driveRootUrl,
      accessToken: google.accessToken,
    },
    retryWithin(budgetMs),
  );
}
