/**
 * A tiny History-API router for both apps: real paths (the server answers index.html for every
 * page path of an app), `navigate()` for code, `<Link>` for markup, `useLocation()` to re-render
 * on change. The app's base path is Vite's `base` ("/" for the portal, "/console/" for the
 * console): code and markup use paths without it ("/queue"), `navigate()` and `<Link>` add it,
 * `useLocation()` strips it.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** "" for the portal, "/console" for the console. */
const basePath = import.meta.env.BASE_URL.replace(/\/+$/, '');

export interface Location {
  /** The page path without the base path: "/", "/queue", "/progress/LC-…". */
  path: string;
  search: string;
}

function read(): Location {
  let path = window.location.pathname;
  if (basePath && (path === basePath || path.startsWith(`${basePath}/`))) path = path.slice(basePath.length);
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

/** The address of a page of this app ("/queue?state=x" → "/console/queue?state=x"). */
export const href = (to: string) => `${basePath}${to}`;

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

/**
 * Only this app's paths: never `//host` or `https://…` (no open redirect through ?next=), and
 * never back to `askingPage`, the page that reads ?next= (/verify, /login), which would loop.
 */
export function safeNext(value: string | null | undefined, fallback: string, askingPage: string): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (value.startsWith(askingPage)) return fallback;
  return value;
}

/** A path segment decoded; a malformed one (a stray "%") as it is. */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
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
    <a href={href(to)} onClick={handle} {...rest}>
      {children}
    </a>
  );
}
