import crypto from 'node:crypto';
import type { Tx } from '../context.js';
import { enqueueJob } from '../../store/outbox.js';
import { hooksForEvent, insertDelivery, tmfHubs } from '../../store/webhooks.js';
import { partnerEventBody, type PartnerEvent } from '../../domain/partners.js';

/** Standard Webhooks' message id: unique per delivery, the same on each of its retries. */
export const newWebhookId = () => `msg_${crypto.randomBytes(16).toString('base64url')}`;

/**
 * Tells the partners who should hear of it, in the caller's transaction: one delivery per hook
 * (its body fixed now, so every retry signs the same bytes) and one outbox job each, sent after
 * commit. For line.terminated, a partner standing for a binding the line had bound is told even
 * if it did not subscribe — the customer's "unbind me from the bank" done for them.
 */
export async function emitPartnerEvent(tx: Tx, at: Date, event: PartnerEvent, opts: { boundKinds?: readonly string[] } = {}): Promise<number> {
  const boundKinds = event.type === 'line.terminated' ? (opts.boundKinds ?? []) : [];
  const hooks = await hooksForEvent(tx, event.type, boundKinds);
  if (hooks.length === 0) return 0;
  const body = partnerEventBody(event, at);
  for (const h of hooks) {
    const deliveryId = await insertDelivery(tx, { hookId: h.id, partnerId: h.partner_id, webhookId: newWebhookId(), eventType: event.type, cause: h.cause, body, at });
    await enqueueJob(tx, { topic: 'deliver_webhook', payload: { deliveryId } });
  }
  return hooks.length;
}

/**
 * A TM Forum event (ProductOrderStateChangeEvent, ProductStateChangeEvent) to the BSS listeners
 * registered at …/hub — `partnerId` for an order's own BSS, null for every BSS.
 */
export async function emitTmfEvent(tx: Tx, at: Date, eventType: string, body: string, partnerId: number | null): Promise<number> {
  const hubs = await tmfHubs(tx, eventType, partnerId);
  for (const h of hubs) {
    const deliveryId = await insertDelivery(tx, { hookId: h.id, partnerId: h.partner_id, webhookId: newWebhookId(), eventType, cause: 'tmf', body, at });
    await enqueueJob(tx, { topic: 'deliver_webhook', payload: { deliveryId } });
  }
  return hubs.length;
}
