/**
 * Where everything lives in object storage. One module, so the README's storage layout, the
 * adapters and the lake agree.
 *
 *   uploads/<sha[0:2]>/<sha256>.xlsx                 raw upload, as received, never overwritten
 *   uploads/<sha[0:2]>/<sha256>.sheet.json           raw pull of a Google Sheet: its cell grid, canonical JSON
 *   parsed/<sha256>.json                              typed submission parsed once at ingest
 *   submissions/<period>/<unit>/<sha256>.json         one record per distinct upload
 *   submissions/_unreadable/<unit>/<sha256>.json      uploads whose period could not be read
 *   reviews/<period>/<unit>/<time>-<id>.json          the Secretariat's accept / return decisions
 *   locks/<period>/<time>-<id>.json                   month locked / unlocked, by whom and why
 *   national/<period>/<version>/national-<period>-<version>.xlsx
 *   national/<period>/<version>/manifest.json         what went into that version
 *   national/<period>/by-inputs/<inputs-hash>.json    pointer: same inputs -> same version
 *   national/<period>/<version>/national-<period>-<version>.pdf   front section as PDF
 *   figures/<month>/<version>-<inputs-hash>.json      a month's headline figures (front section)
 *   audit/<yyyy-mm-dd>/<timestamp>-<sha-or-random>.json   append-only audit log
 *   auth/tokens/<token-hash>.json                     bearer token hashes (never the token)
 *   auth/sessions/<session-hash>.json                 browser sessions: principal and expiry
 *   sheets/registry/<unit>/<sequence>.json            unit -> Google Sheet registrations (highest wins)
 *   sheets/pulls/<period>/<unit>/<timestamp>.json     each scheduled pull of a unit's sheet and its outcome
 *   lake/...                                          Parquet snapshot (see the lake module)
 */
/** How a raw submission was received: the .xlsx bytes, or a Google Sheet's grid as canonical JSON. */
export type RawFormat = 'xlsx' | 'sheet-grid';

export const layout = {
  upload: (sha256: string, format: RawFormat = 'xlsx') =>
    `uploads/${sha256.slice(0, 2)}/${sha256}${format === 'xlsx' ? '.xlsx' : '.sheet.json'}`,
  parsed: (sha256: string) => `parsed/${sha256}.json`,
  record: (period: string | null, unitCode: string, sha256: string) =>
    period
      ? `submissions/${period}/${unitCode}/${sha256}.json`
      : `submissions/_unreadable/${unitCode}/${sha256}.json`,
  recordsOfPeriod: (period: string) => `submissions/${period}/`,
  recordsOfUnit: (period: string | null, unitCode: string) =>
    period ? `submissions/${period}/${unitCode}/` : `submissions/_unreadable/${unitCode}/`,
  review: (period: string, unitCode: string, at: string, suffix: string) =>
    `reviews/${period}/${unitCode}/${at.replace(/[:.]/g, '')}-${suffix}.json`,
  reviewsOfPeriod: (period: string) => `reviews/${period}/`,
  lockEvent: (period: string, at: string, suffix: string) =>
    `locks/${period}/${at.replace(/[:.]/g, '')}-${suffix}.json`,
  locksOfPeriod: (period: string) => `locks/${period}/`,
  nationalPrefix: (period: string) => `national/${period}/`,
  nationalWorkbook: (period: string, version: string) =>
    `national/${period}/${version}/national-${period}-${version}.xlsx`,
  /** The front section as a printable page, by its content hash (versions with the same front share it). */
  frontHtml: (sha256: string) => `national/front/${sha256}.html`,
  /** Its PDF, printed on first download and kept under the page's hash. */
  frontPdf: (sha256: string) => `national/front/${sha256}.pdf`,
  nationalManifest: (period: string, version: string) => `national/${period}/${version}/manifest.json`,
  monthFigures: (month: string, hash: string) => `figures/${month}/${hash}.json`,
  nationalByInputs: (period: string, inputsHash: string) => `national/${period}/by-inputs/${inputsHash}.json`,
  audit: (at: Date, suffix: string) =>
    `audit/${at.toISOString().slice(0, 10)}/${at.toISOString().replace(/[:.]/g, '')}-${suffix}.json`,
  token: (tokenHash: string) => `auth/tokens/${tokenHash}.json`,
  sheetRegistry: () => 'sheets/registry/',
  sheetRegistration: (unitCode: string, sequence: number) =>
    `sheets/registry/${unitCode}/${String(sequence).padStart(6, '0')}.json`,
  sheetPulls: (period: string) => `sheets/pulls/${period}/`,
  sheetPull: (period: string, unitCode: string, at: Date, suffix: string) =>
    `sheets/pulls/${period}/${unitCode}/${at.toISOString().replace(/[:.]/g, '')}-${suffix}.json`,
  tokens: 'auth/tokens/',
  session: (sessionHash: string) => `auth/sessions/${sessionHash}.json`,
  sessionClosed: (sessionHash: string) => `auth/sessions/${sessionHash}.closed.json`,
} as const;
