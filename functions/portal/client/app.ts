/**
 * The portal page's entry: language switch, sign-in (a pasted token exchanged once for an
 * expiring session), sign-out, and the signed-in view.
 */
import {
  ApiError,
  call,
  currentSession,
  forgetSession,
  openSession,
  type Session,
  SessionEnded,
} from './api.ts';
import { DeskView } from './desk-view.ts';
import { byId, escapeHtml, formatters, relabel } from './dom.ts';
import { type Language, text } from './strings.ts';
import { UnitView } from './unit-view.ts';

const LANGUAGE_KEY = 'laingan.language';
let language: Language = localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'lo';
let view: UnitView | DeskView | undefined;
let expiryTimer: ReturnType<typeof setTimeout> | undefined;

function applyLanguage(): void {
  document.documentElement.lang = language;
  relabel(document.body, language);
  const toggle = byId('language');
  const other: Language = language === 'lo' ? 'en' : 'lo';
  toggle.textContent = text('switchLanguage', language);
  toggle.lang = other;
  toggle.setAttribute('aria-label', text('switchLanguageLabel', language));
  const session = currentSession();
  if (session) showWho(session);
  view?.setLanguage(language);
}

function showWho(session: Session): void {
  const who = byId('who');
  const name = session.unit
    ? `${session.unit.name[language]} (${session.unit.code})`
    : session.principal.kind;
  const ends = formatters(language, 'Asia/Vientiane').time(new Date(session.endsAt).toISOString());
  who.innerHTML = `${escapeHtml(text('signedInAs', language))} <strong>${escapeHtml(name)}</strong> · ${escapeHtml(text('sessionEnds', language))} ${escapeHtml(ends)}`;
  who.hidden = false;
}

function showSignIn(message?: string): void {
  clearTimeout(expiryTimer);
  view = undefined;
  byId('unit-view').hidden = true;
  byId('unit-view').innerHTML = '';
  byId('who').hidden = true;
  byId('sign-out').hidden = true;
  byId('sign-in').hidden = false;
  byId('sign-in-error').textContent = message ?? '';
  byId('token').focus();
}

/** What every part of the page does with a failure it cannot show itself. */
function onFailure(error: unknown): void {
  if (error instanceof SessionEnded) showSignIn(text('sessionExpired', language));
  else if (error instanceof ApiError) showSignIn(error.bilingual[language]);
  else showSignIn(String(error));
}

async function showSignedIn(session: Session): Promise<void> {
  byId('sign-in').hidden = true;
  byId('sign-out').hidden = false;
  showWho(session);
  clearTimeout(expiryTimer);
  expiryTimer = setTimeout(
    () => {
      forgetSession();
      showSignIn(text('sessionExpired', language));
    },
    Math.max(0, session.endsAt - Date.now()),
  );
  const root = byId('unit-view');
  root.hidden = false;
  if (session.principal.kind === 'unit') {
    view = new UnitView(root, language, onFailure);
    await view.open();
  } else {
    view = new DeskView(root, language, session.principal.kind !== 'secretariat', onFailure);
    await view.open();
  }
}

async function signIn(event: Event): Promise<void> {
  event.preventDefault();
  const input = byId<HTMLInputElement>('token');
  const token = input.value.trim();
  const error = byId('sign-in-error');
  if (!token) {
    error.textContent = text('emptyToken', language);
    input.focus();
    return;
  }
  error.textContent = text('signingIn', language);
  try {
    const session = await openSession(token);
    input.value = '';
    error.textContent = '';
    await showSignedIn(session);
    byId('content').focus();
  } catch (failure) {
    error.textContent =
      failure instanceof ApiError ? failure.bilingual[language] : text('networkError', language);
    input.focus();
  }
}

async function signOut(): Promise<void> {
  try {
    await call('/portal/api/session', { method: 'DELETE' });
  } catch {
    // Signing out locally is what matters; the session also expires by itself.
  }
  forgetSession();
  showSignIn();
}

byId('language').addEventListener('click', () => {
  language = language === 'lo' ? 'en' : 'lo';
  localStorage.setItem(LANGUAGE_KEY, language);
  applyLanguage();
});
byId('sign-in-form').addEventListener('submit', (event) => void signIn(event));
byId('sign-out').addEventListener('click', () => void signOut());
applyLanguage();
const session = currentSession();
if (session) void showSignedIn(session);
