/**
 * A tiny History-API router for pages under /console (the server answers index.html for every
 * /console/… page path). Code and markup use paths without the prefix ("/queue"); `navigate()`
 * and `<Link>` add it, `useLocation()` strips it.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export const basePath = '/console';

export interface Location {
  /** The page path without /console: "/", "/queue", "/cases/LC-…". */
  path: string;
  search: string;
}

function read(): Location {
  let path = window.location.pathname;
  if (path === basePath || path.startsWith(`${basePath}/`)) path = path.slice(basePath.length);
  path = path.replace(/\/+$/, '') || '/';
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

/** The address of a console page ("/queue?state=x" → "/console/queue?state=x"). */
export const href = (to: string) => `${basePath}${to === '/' ? '/' : to}`;

export function navigate(to: string, options: { replace?: boolean; keepScroll?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, '', href(to));
  else window.history.pushState(null, '', href(to));
  current = read();
  navigated = true;
  if (!options.keepScroll) window.scrollTo(0, 0);
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

/** Only console paths: never `//host` or `https://…` (no open redirect through ?next=). */
export function safeNext(value: string | null | undefined, fallback: string): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith('/login')) return fallback;
  return value;
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={href(to)} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
