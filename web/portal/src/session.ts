/**
 * The verified session: the bearer token, when it expires, and the line being worked on.
 * Kept in sessionStorage (gone when the tab closes). The token covers every line of the
 * verified person, so switching the current line needs no new verification.
 */
import { useSyncExternalStore } from 'react';
import { currentPathWithSearch, navigate } from '@shared/router';

export interface Session {
  token: string;
  /** When the token expires, on this device's clock. */
  expiresAt: string;
  /** The line currently worked on. */
  msisdn: string;
  /** The line that was verified. */
  verifiedMsisdn: string;
}

const KEY = 'lastcall.session';
const listeners = new Set<() => void>();

function load(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'string' || typeof s.msisdn !== 'string') return null;
    return { token: s.token, expiresAt: s.expiresAt, msisdn: s.msisdn, verifiedMsisdn: s.verifiedMsisdn ?? s.msisdn };
  } catch {
    return null;
  }
}

let cache: Session | null = load();

function store(s: Session | null) {
  cache = s;
  try {
    if (s) window.sessionStorage.setItem(KEY, JSON.stringify(s));
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the session lives in memory for this page only.
  }
  for (const l of listeners) l();
}

export const getSession = () => cache;

export function isLive(s: Session | null): s is Session {
  return s !== null && Date.parse(s.expiresAt) > Date.now();
}

/**
 * Keeps the expiry on this device's clock (now + the token's lifetime in seconds), so a phone
 * whose clock is off neither drops a fresh token nor trusts a dead one.
 */
export function saveSession(token: string, expiresInSeconds: number, msisdn: string) {
  const local = new Date(Date.now() + expiresInSeconds * 1000).toISOString();
  store({ token, expiresAt: local, msisdn, verifiedMsisdn: msisdn });
}

export function setCurrentLine(msisdn: string) {
  if (cache && cache.msisdn !== msisdn) store({ ...cache, msisdn });
}

export function clearSession() {
  store(null);
}

export function useSession(): Session | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => cache,
  );
}

export function verifyPath(next: string, expired = false): string {
  const q = new URLSearchParams({ next });
  if (expired) q.set('expired', '1');
  return `/verify?${q.toString()}`;
}

/** The token was refused (401) or ran out: back to /verify, then back here. */
export function sessionExpired() {
  clearSession();
  navigate(verifyPath(currentPathWithSearch(), true), { replace: true });
}
