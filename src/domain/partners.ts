/**
 * Partners: the banks, payment apps, social networks and BSS that hold a customer's number as a
 * login or a contact (CONTRACT §9). A cancelled number is later given to someone else, who would
 * then receive the old holder's codes; partners can ask whether a number was disconnected, and
 * are told so without asking. This module is the vocabulary and the rules, without I/O.
 */
import { bindingKinds } from './precheck.js';

export const partnerKinds = ['bank', 'payment', 'social', 'bss', 'other'] as const;
export type PartnerKind = (typeof partnerKinds)[number];

/** The customer's declared bindings a partner can stand for (the bindings table's kinds). */
export const partnerBindings = bindingKinds;
export type PartnerBinding = (typeof partnerBindings)[number];

export const partnerEventTypes = [
  'case.submitted',
  'case.approved',
  'case.rejected',
  'case.completed',
  'line.suspended',
  'line.terminated',
  'number.released',
] as const;
export type PartnerEventType = (typeof partnerEventTypes)[number];

/**
 * What a partner is told: the number and the case's reference and dates — never a name, an ID
 * number or an e-mail address. `data` is closed over these fields so nothing else can slip in.
 */
export interface PartnerEventData {
  msisdn: string;
  reference?: string;
  submittedAt?: string;
  dueOn?: string;
  decidedAt?: string;
  suspendedAt?: string;
  terminatedOn?: string;
  quarantineEndsOn?: string;
  releasedOn?: string;
}

export interface PartnerEvent {
  type: PartnerEventType;
  data: PartnerEventData;
}

const allowedDataKeys = new Set<keyof PartnerEventData>(['msisdn', 'reference', 'submittedAt', 'dueOn', 'decidedAt', 'suspendedAt', 'terminatedOn', 'quarantineEndsOn', 'releasedOn']);

/** The body every hook receives (Standard Webhooks: `{type, timestamp, data}`), as exact bytes to sign. */
export function partnerEventBody(e: PartnerEvent, at: Date): string {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.data)) {
    if (!allowedDataKeys.has(k as keyof PartnerEventData)) throw new Error(`partner event data may not carry "${k}"`);
    if (v !== undefined) data[k] = v;
  }
  return JSON.stringify({ type: e.type, timestamp: at.toISOString(), data });
}

/**
 * Partner API keys: `lcp_<id>_<secret>`. The id (public, 12 hex) finds the row; only an HMAC of
 * the whole key is stored, so a copy of the database does not hold a working key.
 */
const keyPattern = /^lcp_([0-9a-f]{12})_([A-Za-z0-9_-]{32,64})$/;
export const parsePartnerKey = (key: string | undefined): { keyId: string } | null => {
  const m = key ? keyPattern.exec(key) : null;
  return m ? { keyId: m[1]! } : null;
};
export const formatPartnerKey = (keyId: string, secret: string) => `lcp_${keyId}_${secret}`;

/**
 * Retries of a webhook delivery, in seconds after each failed attempt: the first two within a
 * minute (a receiver restarting), then growing to 8 hours, for about 32 hours in all — more than
 * the day a partner's on-call needs to notice. Then the delivery is a dead letter a supervisor
 * can replay. Standard Webhooks and Svix use a similar ladder.
 */
export const webhookRetrySeconds = [5, 30, 120, 600, 1800, 3600, 7200, 14_400, 28_800, 28_800, 28_800] as const;
export const webhookMaxAttempts = webhookRetrySeconds.length + 1;

/** The wait after failed attempt `attempt` (1-based), with ±10 % jitter so retries do not march in step. */
export function webhookRetryDelay(attempt: number, random: () => number = Math.random): number {
  const base = webhookRetrySeconds[Math.min(Math.max(attempt, 1), webhookRetrySeconds.length) - 1]!;
  return base * (0.9 + 0.2 * random());
}

/** One past life of a number in our records: when its line ended, if it did. */
export interface NumberHistoryRow {
  terminatedOn: string | null;
}

export type DisconnectedAnswer = { answer: 'yes'; disconnectedOn: string } | { answer: 'no' } | { answer: 'no_data' };

/**
 * "Was this number permanently disconnected on or after `since`?" (as the US Reassigned Numbers
 * Database asks). yes, with the latest such day — whatever the date, a disconnection we know of is
 * a fact; no only when our records cover all of `since` onwards; no_data when it is not one of our
 * numbers, or when `since` is before our records begin (it may have been disconnected before we
 * knew it). It never says who held the number, or whether it is in service now.
 */
export function disconnectedAnswer(rows: NumberHistoryRow[], since: string, recordsBegin: string | null): DisconnectedAnswer {
  if (rows.length === 0) return { answer: 'no_data' };
  const after = rows.map((r) => r.terminatedOn).filter((d): d is string => d !== null && d >= since).sort();
  if (after.length > 0) return { answer: 'yes', disconnectedOn: after[after.length - 1]! };
  return recordsBegin === null || since < recordsBegin ? { answer: 'no_data' } : { answer: 'no' };
}
