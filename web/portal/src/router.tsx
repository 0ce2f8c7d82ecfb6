/**
 * A tiny History-API router: real paths (the server answers index.html for any GET outside
 * /api), `navigate()` for code, `<Link>` for markup, `useLocation()` to re-render on change.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export interface Location {
  path: string;
  search: string;
}

function read(): Location {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  return { path, search: window.location.search };
}

let current = read();
let navigated = false;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

window.addEventListener('popstate', () => {
  current = read();
  navigated = true;
  emit();
});

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  current = read();
  navigated = true;
  window.scrollTo(0, 0);
  emit();
}

/** True once the user moved within the app (then headings take focus so a screen reader hears the new page). */
export const hasNavigated = () => navigated;

export function currentPathWithSearch(): string {
  return current.path + current.search;
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => current);
}

export function useQuery(): URLSearchParams {
  const { search } = useLocation();
  return new URLSearchParams(search);
}

/** Only same-site paths: never `//host` or `https://…` (no open redirect through ?next=). */
export function safeNext(value: string | null | undefined, fallback: string): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith('/verify')) return fallback;
  return value;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string; beforeNavigate?: () => void };

export function Link({ to, beforeNavigate, onClick, children, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    beforeNavigate?.();
    navigate(to);
  };
  return (
    <a href={to} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
