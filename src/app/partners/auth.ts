import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { hitLimit } from '../identity/rate-limit.js';
import { findPartnerByKeyId, logPartnerRequest } from '../../store/partners.js';
import { rateLimited, unauthenticated } from '../../domain/errors.js';
import { parsePartnerKey, type PartnerBinding, type PartnerKind } from '../../domain/partners.js';
import { partnerKeyHash } from './partners.js';

/** The partner behind a request, as the partner use cases see it. */
export interface PartnerActor {
  partnerId: number;
  name: string;
  kind: PartnerKind;
  binding: PartnerBinding | null;
  keyId: string;
}

const refused = () => unauthenticated('invalid_partner_key', 'This route needs a valid partner API key (Authorization: Bearer lcp_…).');

/**
 * A partner key, checked: it must look like one (so a customer token never reaches the lookup),
 * name a partner by its id, match the stored HMAC in constant time, and belong to an active
 * partner. Every way of failing gives the same answer.
 */
export async function authenticatePartner(ctx: AppContext, key: string | undefined): Promise<PartnerActor> {
  const parsed = parsePartnerKey(key);
  if (!parsed || !key) throw refused();
  const row = await findPartnerByKeyId(ctx.db, parsed.keyId);
  const presented = Buffer.from(partnerKeyHash(ctx, key), 'hex');
  const stored = Buffer.from(row?.key_hash ?? '0'.repeat(64), 'hex');
  if (!row || presented.length !== stored.length || !crypto.timingSafeEqual(presented, stored) || row.status !== 'active') throw refused();
  return { partnerId: row.id, name: row.name, kind: row.kind as PartnerKind, binding: row.binding as PartnerBinding | null, keyId: row.key_id };
}

/**
 * Each partner request counts against its key's limit and is written to the partners' access log
 * (who asked what, refused or not) — two single statements, so no lock is held across them and
 * thousands of questions a minute do not queue behind the audit chain's head.
 */
export async function admitPartnerRequest(ctx: AppContext, partner: PartnerActor, what: { method: string; route: string; path: string }): Promise<void> {
  const now = ctx.clock.now();
  const rule = { scope: 'partner_key', limit: ctx.config.partners.ratePerMinute * ctx.config.rateLimitScale, windowMs: 60_000 };
  const limit = await hitLimit(ctx.db, ctx.secret, rule, partner.keyId, now);
  await logPartnerRequest(ctx.db, { partnerId: partner.partnerId, keyId: partner.keyId, at: now, ...what, allowed: limit.allowed });
  if (!limit.allowed) throw rateLimited('partner_rate_limited', `At most ${rule.limit} requests a minute with one partner key.`, limit.retryAfterSeconds);
}
