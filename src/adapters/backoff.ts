/** Reconnect back-off shared by the long-lived links to the outside (HLR CTRL, SMPP). */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** 0..1: how much of each delay is random, so many clients do not knock at the same instant. */
  jitter: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 250, maxMs: 30_000, factor: 2, jitter: 0.5 };

/** The wait before reconnect attempt `attempt` (0-based): exponential, capped, part of it random. */
export function backoffDelay(attempt: number, b: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(b.maxMs, b.initialMs * b.factor ** attempt);
  return Math.round(base * (1 - b.jitter * random()));
}
