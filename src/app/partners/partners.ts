/**
 * The partners room (CONTRACT §9): banks, payment apps, social networks and an operator's BSS.
 * Here: partners and their keys (this file), authenticating a partner's request (auth.ts), the
 * disconnected-number query (numbers.ts), hooks and deliveries (hooks.ts), telling partners what
 * happened (emit.ts, deliver.ts) and the TM Forum facade for a BSS (tmf-*.ts).
 */
import crypto from 'node:crypto';
import type { AppContext, Tx } from '../context.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { hmac } from '../identity/hmac.js';
import { appendAudit } from '../../store/audit.js';
import { insertPartner, listPartners, lockPartner, replacePartnerKey, setPartnerDisabled, type PartnerRow } from '../../store/partners.js';
import { conflict, notFound } from '../../domain/errors.js';
import { formatPartnerKey, type PartnerBinding, type PartnerKind } from '../../domain/partners.js';

/** The stored form of a key: an HMAC under the server's secret, never the key. */
export const partnerKeyHash = (ctx: Pick<AppContext, 'secret'>, key: string) => hmac(ctx.secret, 'partner_key', key);

function newKey(ctx: Pick<AppContext, 'secret'>): { key: string; keyId: string; keyHash: string } {
  const keyId = crypto.randomBytes(6).toString('hex');
  const key = formatPartnerKey(keyId, crypto.randomBytes(32).toString('base64url'));
  return { key, keyId, keyHash: partnerKeyHash(ctx, key) };
}

export const partnerView = (p: PartnerRow) => ({
  id: p.id,
  name: p.name,
  kind: p.kind as PartnerKind,
  binding: p.binding as PartnerBinding | null,
  status: p.status,
  keyId: p.key_id,
  keyIssuedAt: p.key_issued_at.toISOString(),
  createdBy: p.created_by,
  createdAt: p.created_at.toISOString(),
  disabledAt: p.disabled_at?.toISOString() ?? null,
});

/** A new partner; its key is in this answer and nowhere else, ever. */
export async function createPartner(ctx: AppContext, actor: StaffActor, input: { name: string; kind: PartnerKind; binding?: PartnerBinding | null }) {
  requirePermission(actor, 'partner.manage');
  const now = ctx.clock.now();
  const k = newKey(ctx);
  return ctx.db.transaction(async (tx) => {
    const row = await insertPartner(tx, { name: input.name, kind: input.kind, binding: input.binding ?? null, keyId: k.keyId, keyHash: k.keyHash, createdBy: `staff:${actor.user}`, at: now });
    if (!row) throw conflict('partner_exists', `A partner called ${input.name} exists.`);
    await appendAudit(tx, now, { actor: `staff:${actor.user}`, action: 'partner.created', subject: `partner:${row.id}`, data: { name: row.name, kind: row.kind, binding: row.binding, keyId: row.key_id } });
    return { ...partnerView(row), apiKey: k.key };
  });
}

export async function listPartnersForStaff(ctx: AppContext, actor: StaffActor) {
  requirePermission(actor, 'partner.read');
  const rows = await listPartners(ctx.db);
  return { items: rows.map((r) => ({ ...partnerView(r), hooks: r.hooks, deliveries: r.deliveries, failing: r.failing })) };
}

async function changePartner<T>(ctx: AppContext, actor: StaffActor, id: number, change: (p: PartnerRow, now: Date, tx: Tx) => Promise<T>): Promise<T> {
  requirePermission(actor, 'partner.manage');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const p = await lockPartner(tx, id);
    if (!p) throw notFound('partner_not_found', `No partner has id ${id}.`);
    return change(p, now, tx);
  });
}

/** Disabled at once: its key stops working and its hooks hear nothing more. Not undone. */
export function disablePartner(ctx: AppContext, actor: StaffActor, id: number) {
  return changePartner(ctx, actor, id, async (p, now, tx) => {
    if (p.status === 'disabled') return partnerView(p);
    const row = await setPartnerDisabled(tx, p.id, now);
    await appendAudit(tx, now, { actor: `staff:${actor.user}`, action: 'partner.disabled', subject: `partner:${p.id}` });
    return partnerView(row);
  });
}

/** A new key; the old one stops working with this answer (a leaked key is a rotation away). */
export function rotatePartnerKey(ctx: AppContext, actor: StaffActor, id: number) {
  return changePartner(ctx, actor, id, async (p, now, tx) => {
    if (p.status === 'disabled') throw conflict('partner_disabled', 'The partner is disabled; a new key would not work.');
    const k = newKey(ctx);
    const row = await replacePartnerKey(tx, p.id, k.keyId, k.keyHash, now);
    await appendAudit(tx, now, { actor: `staff:${actor.user}`, action: 'partner.key_rotated', subject: `partner:${p.id}`, data: { oldKeyId: p.key_id, keyId: k.keyId } });
    return { ...partnerView(row), apiKey: k.key };
  });
}
