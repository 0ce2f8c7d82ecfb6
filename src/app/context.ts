import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database, Queryable } from '../store/db.js';
import type { CalendarBook } from './sla/calendars.js';
import type { NetworkProvisioner } from '../adapters/network.js';
import type { EsimProfileService } from '../adapters/esim-profiles.js';
import type { MessageSender } from '../adapters/messages.js';
import type { Vault } from '../security/vault.js';
import type { Limits } from './identity/limits.js';
import type { Metrics } from '../metrics.js';
import type { WebhookSender } from '../adapters/webhooks/sender.js';
import type { PdfRenderer } from '../pdf/pool.js';

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** What every use case may use. Built once at start; tests build their own. */
export interface AppContext {
  config: Config;
  db: Database;
  clock: Clock;
  calendars: CalendarBook;
  network: NetworkProvisioner;
  /** eSIM profiles (SM-DP+); the simulator, as no SM-DP+ runs here. */
  esim: EsimProfileService;
  /** Counters for GET /metrics (network operations, …). */
  metrics: Metrics;
  sender: MessageSender;
  /** Signs and POSTs partner webhooks (Standard Webhooks), to vetted public addresses only. */
  webhooks: Pick<WebhookSender, 'send'>;
  /** HMAC key for one-time codes, tokens and rate-limit keys. */
  secret: Buffer;
  /** Seals and opens personal data (AES-256-GCM) and computes its blind indexes. */
  vault: Vault;
  /** Renders receipts and forms on worker threads, off the event loop. */
  pdf: PdfRenderer;
  limits: Limits;
  log: Logger;
  /** Nudges the outbox worker after a commit, so work starts at once instead of at the next poll. */
  wakeWorker(): void;
}

export type Tx = Queryable;

/** Who did it, as written into case history. */
export type Actor =
  | { kind: 'customer'; subscriberId: number }
  | { kind: 'staff'; user: string; role: string }
  /** A partner's system acting through its API key (an operator's BSS ordering a cancellation). */
  | { kind: 'partner'; partnerId: number }
  | { kind: 'system' };

/** In the audit trail a customer is named by subscriber id, so their steps can be followed. */
export function auditActor(a: Actor): string {
  return a.kind === 'customer' ? `customer:${a.subscriberId}` : actorLabel(a);
}

export function actorLabel(a: Actor): string {
  if (a.kind === 'customer') return 'customer';
  if (a.kind === 'staff') return `staff:${a.user}`;
  if (a.kind === 'partner') return `partner:${a.partnerId}`;
  return 'system';
}
