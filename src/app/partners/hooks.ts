import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { appendAudit } from '../../store/audit.js';
import { enqueueJob } from '../../store/outbox.js';
import { countLiveHooks, deleteHook, findDelivery, findHook, insertHook, listDeliveries, listHooks, reopenDelivery, type DeliveryRow, type HookRow } from '../../store/webhooks.js';
import { checkHookUrl, HookUrlError } from '../../adapters/webhooks/public-address.js';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import type { PartnerEventType } from '../../domain/partners.js';
import type { PartnerActor } from './auth.js';

/** Enough for a partner's few endpoints; a runaway script registering hooks is stopped early. */
export const maxHooksPerPartner = 10;

const hookView = (h: HookRow) => ({ id: h.id, url: h.url, events: h.events as PartnerEventType[], createdAt: h.created_at.toISOString() });

export const deliveryView = (d: DeliveryRow) => ({
  id: d.id,
  hookId: d.hook_id,
  webhookId: d.webhook_id,
  eventType: d.event_type,
  cause: d.cause,
  status: d.status,
  attempts: d.attempts,
  lastAttemptAt: d.last_attempt_at?.toISOString() ?? null,
  lastStatus: d.last_status,
  lastError: d.last_error,
  deliveredAt: d.delivered_at?.toISOString() ?? null,
  createdAt: d.created_at.toISOString(),
  body: d.body,
});

/**
 * Only https to public addresses (SSRF: a hook must not make lastcall knock on the operator's
 * own network), checked now and again on every delivery and redirect.
 */
export async function vetHookUrl(ctx: AppContext, url: string): Promise<string> {
  try {
    return (await checkHookUrl(url, { allowPrivate: ctx.config.partners.allowPrivateHooks })).url.toString();
  } catch (err) {
    if (err instanceof HookUrlError) throw invalid('hook_url_not_allowed', err.message, { reason: err.reason });
    throw err;
  }
}

/** A new hook and its signing secret (`whsec_…`), shown this once; the stored copy is sealed. */
export async function createHook(ctx: AppContext, partner: PartnerActor, input: { url: string; events: PartnerEventType[]; kind?: HookRow['kind'] }) {
  const url = await vetHookUrl(ctx, input.url);
  const secret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    if ((await countLiveHooks(tx, partner.partnerId)) >= maxHooksPerPartner) throw conflict('too_many_hooks', `A partner may have at most ${maxHooksPerPartner} hooks.`);
    const hook = await insertHook(tx, { partnerId: partner.partnerId, kind: input.kind ?? 'webhook', url, events: [...new Set(input.events)], sealedSecret: ctx.vault.seal(secret), at: now });
    await appendAudit(tx, now, { actor: `partner:${partner.partnerId}`, action: 'partner.hook_created', subject: `partner:${partner.partnerId}`, data: { hookId: hook.id, kind: hook.kind, url, events: hook.events } });
    return { ...hookView(hook), secret };
  });
}

export async function listPartnerHooks(ctx: AppContext, partner: PartnerActor, kind: HookRow['kind'] = 'webhook') {
  return { items: (await listHooks(ctx.db, partner.partnerId, kind)).map(hookView) };
}

/** Another partner's hook is "not found": ids reveal nothing across partners. */
export async function deletePartnerHook(ctx: AppContext, partner: PartnerActor, hookId: number, kind: HookRow['kind'] = 'webhook'): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const hook = await findHook(tx, partner.partnerId, hookId);
    if (!hook || hook.kind !== kind) throw notFound('hook_not_found', `No hook ${hookId}.`);
    await deleteHook(tx, hook.id, now);
    await appendAudit(tx, now, { actor: `partner:${partner.partnerId}`, action: 'partner.hook_deleted', subject: `partner:${partner.partnerId}`, data: { hookId } });
  });
}

const pageSize = 100;

export async function listHookDeliveries(ctx: AppContext, partner: PartnerActor, hookId: number, beforeId?: number) {
  const hook = await findHook(ctx.db, partner.partnerId, hookId);
  if (!hook) throw notFound('hook_not_found', `No hook ${hookId}.`);
  return { items: (await listDeliveries(ctx.db, { hookId }, { beforeId, limit: pageSize })).map(deliveryView) };
}

/** The console's view: one partner's hooks and its newest deliveries. */
export async function partnerActivity(ctx: AppContext, actor: StaffActor, partnerId: number, beforeId?: number) {
  requirePermission(actor, 'partner.read');
  const hooks = (await listHooks(ctx.db, partnerId)).concat(await listHooks(ctx.db, partnerId, 'tmf_hub'));
  return {
    hooks: hooks.map((h) => ({ ...hookView(h), kind: h.kind })),
    deliveries: (await listDeliveries(ctx.db, { partnerId }, { beforeId, limit: pageSize })).map(deliveryView),
  };
}

/** A dead delivery sent again: same webhook-id and body (receivers may already have it), new attempts. */
export async function replayDelivery(ctx: AppContext, actor: StaffActor, deliveryId: number) {
  requirePermission(actor, 'partner.replay');
  const now = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const reopened = await reopenDelivery(tx, deliveryId);
    if (!reopened) {
      if (!(await findDelivery(tx, deliveryId))) throw notFound('delivery_not_found', `No webhook delivery ${deliveryId}.`);
      throw conflict('delivery_not_dead', 'Only a dead delivery can be sent again; a failing one is still being retried.');
    }
    await enqueueJob(tx, { topic: 'deliver_webhook', payload: { deliveryId } });
    await appendAudit(tx, now, { actor: `staff:${actor.user}`, action: 'partner.delivery_replayed', subject: `partner:${reopened.partner_id}`, data: { deliveryId, webhookId: reopened.webhook_id } });
    return reopened;
  });
  ctx.wakeWorker();
  return deliveryView(row);
}
