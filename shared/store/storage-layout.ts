/**
 * Where everything lives in object storage. One module, so the README's storage layout, the
 * adapters and the lake agree.
 *
 *   uploads/<sha[0:2]>/<sha256>.xlsx                 raw upload, as received, never overwritten
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
 *   lake/...                                          Parquet snapshot (see the lake module)
 */
export const layout = {
  upload: (sha256: string) => `uploads/${sha256.slice(0, 2)}/${sha256}.xlsx`,
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
  nationalPdf: (period: string, version: string) =>
    `national/${period}/${version}/national-${period}-${version}.pdf`,
  nationalManifest: (period: string, version: string) => `national/${period}/${version}/manifest.json`,
  monthFigures: (month: string, hash: string) => `figures/${month}/${hash}.json`,
  nationalByInputs: (period: string, inputsHash: string) => `national/${period}/by-inputs/${inputsHash}.json`,
  audit: (at: Date, suffix: string) =>
    `audit/${at.toISOString().slice(0, 10)}/${at.toISOString().replace(/[:.]/g, '')}-${suffix}.json`,
  token: (tokenHash: string) => `auth/tokens/${tokenHash}.json`,
  tokens: 'auth/tokens/',
  session: (sessionHash: string) => `auth/sessions/${sessionHash}.json`,
  sessionClosed: (sessionHash: string) => `auth/sessions/${sessionHash}.closed.json`,
} as const;
