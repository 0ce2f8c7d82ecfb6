/**
 * Who is logged in. The session itself is the httpOnly cookie (the page never sees it); what the
 * page keeps, in memory only, is the user, the role and the CSRF token from the log-in, re-read
 * with GET /staff/session when the page loads. `undefined` = not known yet.
 */
import { useSyncExternalStore } from 'react';
import { currentPathWithSearch, navigate } from '@shared/router';
import type { StaffSession } from '@api/identity';

let current: StaffSession | null | undefined;
let ended = false;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

export const getSession = () => current;
export const csrfToken = () => current?.csrfToken;

export function setSession(s: StaffSession | null) {
  current = s;
  if (s) ended = false;
  emit();
}

/** True when the last session ended by a 401 (expired, logged out elsewhere), not by "Log out". */
export const sessionWasEnded = () => ended;

export function useSession(): StaffSession | null | undefined {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

export function loginPath(next: string, expired = false): string {
  const q = new URLSearchParams();
  if (next && next !== '/' && !next.startsWith('/login')) q.set('next', next);
  if (expired) q.set('expired', '1');
  const s = q.toString();
  return `/login${s ? `?${s}` : ''}`;
}

/** The server refused the session (401): back to the log-in page, then back here. */
export function sessionEnded() {
  if (current === null) return;
  const here = currentPathWithSearch();
  ended = current !== undefined;
  current = null;
  emit();
  if (!here.startsWith('/login')) navigate(loginPath(here, true), { replace: true });
}
