/**
 * The page's only way to the server: the same functions and bearer auth as the API. The
 * session token lives in sessionStorage (gone when the tab closes), never in a URL.
 */
export interface Bilingual {
  readonly lo: string;
  readonly en: string;
}

export type Principal = { kind: 'unit'; unitCode: string } | { kind: 'secretariat' } | { kind: string };

export interface Session {
  readonly token: string;
  /** When the session ends, by this browser's clock (the server says how long it lasts). */
  readonly endsAt: number;
  readonly principal: Principal;
  readonly unit?: { code: string; name: Bilingual };
}

const SESSION_KEY = 'laingan.session';

/** The open session, or undefined when absent or expired. */
export function currentSession(): Session | undefined {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (session && session.endsAt > Date.now()) return session;
  } catch {
    // A damaged entry is the same as none.
  }
  sessionStorage.removeItem(SESSION_KEY);
  return undefined;
}

export function keepSession(session: Session): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function forgetSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
}

/** An answer the server refused, with its bilingual message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly bilingual: Bilingual,
  ) {
    super(bilingual.en);
  }
}

/** Raised when the session is gone (401): the page goes back to sign-in. */
export class SessionEnded extends Error {}

const NETWORK: Bilingual = {
  lo: 'ເຊື່ອມຕໍ່ເຊີບເວີບໍ່ໄດ້. ກະລຸນາກວດອິນເຕີເນັດ ແລ້ວລອງໃໝ່.',
  en: 'Could not reach the server. Check the connection and try again.',
};

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { message?: Bilingual } };
    if (body.error?.message) return new ApiError(response.status, body.error.message);
  } catch {
    // Not JSON: fall through to a generic message.
  }
  return new ApiError(response.status, { lo: `ຂໍ້ຜິດພາດ ${response.status}`, en: `Error ${response.status}` });
}

/** Calls a function path (`/portal/api/history`, `/ingest`...) with the session's token. */
export async function call(
  path: string,
  init: RequestInit = {},
  token = currentSession()?.token,
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers, credentials: 'omit', cache: 'no-store' });
  } catch {
    throw new ApiError(0, NETWORK);
  }
  if (response.status === 401 && token === currentSession()?.token) {
    forgetSession();
    throw new SessionEnded();
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await call(path)).json()) as T;
}

/** Exchanges a pasted unit token for a session (the token itself is not kept). */
export async function openSession(token: string): Promise<Session> {
  const response = await call('/portal/api/session', { method: 'POST' }, token);
  const answer = (await response.json()) as Omit<Session, 'endsAt'> & { expiresInSeconds: number };
  const session: Session = {
    token: answer.token,
    endsAt: Date.now() + answer.expiresInSeconds * 1000,
    principal: answer.principal,
    unit: answer.unit,
  };
  keepSession(session);
  return session;
}

/** Saves a response body as a file through a temporary link. */
export async function saveResponse(response: Response, fallbackName: string): Promise<string> {
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return fileName;
}

/** The ingest function's answer. */
export interface IngestAnswer {
  readonly accepted: boolean;
  readonly verdict: 'accepted' | 'rejected' | 'unreadable';
  readonly unit: string | null;
  readonly period: string | null;
  readonly issues: readonly Issue[];
  readonly dryRun?: boolean;
  readonly duplicate?: boolean;
  readonly sha256?: string;
  readonly afterLock?: boolean;
  readonly notice?: Bilingual;
}

export interface Issue {
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly sheet: string | null;
  readonly cell: string | null;
  readonly message: Bilingual;
}

/**
 * Uploads a file to the ingest function with a progress callback (XMLHttpRequest, since
 * fetch reports no upload progress). Rejected and unreadable files are answers, not errors.
 */
export function uploadReport(
  file: File,
  dryRun: boolean,
  onProgress: (fraction: number) => void,
): Promise<IngestAnswer> {
  const token = currentSession()?.token;
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', dryRun ? '/ingest?dryRun=true' : '/ingest');
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onerror = () => reject(new ApiError(0, NETWORK));
    request.onload = () => {
      const body = request.response as (IngestAnswer & { error?: { message: Bilingual } }) | null;
      if (request.status === 401) {
        forgetSession();
        reject(new SessionEnded());
      } else if (body && 'verdict' in body && body.verdict) resolve(body);
      else
        reject(
          new ApiError(
            request.status,
            body?.error?.message ?? { lo: `ຂໍ້ຜິດພາດ ${request.status}`, en: `Error ${request.status}` },
          ),
        );
    };
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}
