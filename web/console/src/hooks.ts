import { useEffect, useRef } from 'react';

// useLoad is in web/shared/hooks.ts; polling and Idempotency-Keys are the console's own.

/*
 * The server ends a staff session after 30 idle minutes; background polls (the bell, the desk's
 * ringing calls) would keep an unattended console logged in for ever. So polls stop once nobody
 * has touched the page for 25 minutes, and the server's idle rule applies as intended.
 */
const idleAfterMs = 25 * 60 * 1000;
let lastActivity = Date.now();
for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart']) {
  window.addEventListener(type, () => (lastActivity = Date.now()), { passive: true, capture: true });
}
const someoneIsThere = () => Date.now() - lastActivity < idleAfterMs;

/**
 * Calls `tick` every `ms` while the page is visible and someone is at it (and once at once); a
 * slow answer is never overtaken by the next tick. Stops when the component goes.
 */
export function usePoll(tick: () => Promise<void>, ms: number, enabled = true): void {
  const fn = useRef(tick);
  fn.current = tick;
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      if (stopped) return;
      if (document.visibilityState !== 'hidden' && someoneIsThere()) {
        try {
          await fn.current();
        } catch {
          // The next tick tries again; the page shows its own errors.
        }
      }
      if (!stopped) timer = setTimeout(() => void run(), ms);
    };
    void run();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [ms, enabled]);
}

/** A fresh Idempotency-Key for one attempt at creating something. */
export function newKey(): string {
  return crypto.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}
