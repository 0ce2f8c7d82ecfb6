import crypto from 'node:crypto';
import { auditActor, type AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { inspectLine } from '../lines/lines.js';
import { queueMessage } from '../messages/outgoing.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import type { CallbackState } from '../../domain/hotline.js';
import { maskMsisdn, maskName } from '../../domain/validation.js';
import { appendAudit } from '../../store/audit.js';
import { findWaitingCallback, insertCallback, listCallbacksInState } from '../../store/callbacks.js';
import { findSubscriber, type SubscriberRow } from '../../store/lines.js';
import { auditCall } from './call-view.js';

export interface CallbackRequest {
  msisdn: string;
  /** Where to call: the line itself by default, another number when the SIM is gone. */
  phone?: string | undefined;
  preferredTime?: string | undefined;
  note?: string | undefined;
}

/**
 * A customer asks the hotline to call back (outside its hours, typically). One waiting request
 * per line: asking again answers with the one already queued instead of queueing a second.
 */
export async function requestCallback(ctx: AppContext, subscriberId: number, req: CallbackRequest) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const { line, subscriber } = await inspectLine(ctx, tx, req.msisdn, subscriberId, now, true);
    const waiting = await findWaitingCallback(tx, line.id);
    if (waiting) {
      return { created: false, body: { id: waiting.public_id, status: 'waiting' as const, msisdn: line.msisdn, preferredTime: waiting.preferred_time, createdAt: waiting.requested_at.toISOString() } };
    }
    const id = crypto.randomUUID();
    const phone = req.phone ?? line.msisdn;
    const settings = ctx.calendars.settings(subscriber.region);
    await insertCallback(tx, {
      publicId: id,
      subscriberId: subscriber.id,
      lineId: line.id,
      region: subscriber.region,
      language: subscriber.language,
      phone: ctx.vault.seal(phone),
      preferredTime: req.preferredTime ?? null,
      note: req.note === undefined ? null : ctx.vault.seal(req.note),
      at: now,
    });
    await appendAudit(tx, now, { actor: auditActor({ kind: 'customer', subscriberId: subscriber.id }), action: 'callback.requested', subject: line.msisdn, data: { callbackId: id } });
    await queueMessage(ctx, tx, {
      caseId: null,
      subscriberId: subscriber.id,
      channel: 'email',
      to: subscriber.email,
      language: subscriber.language,
      message: { template: 'callback_requested', vars: { msisdn: line.msisdn, phone, preferredTime: req.preferredTime ?? null, hotline: settings.hotline.number } },
    });
    return { created: true, body: { id, status: 'waiting' as const, msisdn: line.msisdn, preferredTime: req.preferredTime ?? null, createdAt: now.toISOString() } };
  });
}

/**
 * Callback requests in one state, oldest first: the phone masked, the name masked, the note as
 * the customer wrote it. Each one shown is a look at that caller's data, filed under their number.
 */
export async function listCallbacks(ctx: AppContext, actor: StaffActor, state: CallbackState) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const rows = await listCallbacksInState(tx, state);
    const subscribers = new Map<number, SubscriberRow>();
    const items = [];
    for (const b of rows) {
      if (!subscribers.has(b.subscriber_id)) subscribers.set(b.subscriber_id, (await findSubscriber(tx, ctx.vault, b.subscriber_id))!);
      items.push({
        id: b.public_id,
        msisdn: b.msisdn,
        maskedName: maskName(subscribers.get(b.subscriber_id)!.legal_name),
        region: b.region,
        language: b.language,
        phone: maskMsisdn(await ctx.vault.open(b.phone)),
        preferredTime: b.preferred_time,
        note: await ctx.vault.openOptional(b.note),
        state: b.state,
        requestedAt: b.requested_at.toISOString(),
        handledAt: b.handled_at?.toISOString() ?? null,
        handledBy: b.handled_by,
      });
      await auditCall(tx, now, actor, 'personal_data.read', b.msisdn, { via: 'callbacks', callbackId: b.public_id, subscriberId: b.subscriber_id, fields: ['name', 'phone', 'note'], masked: true });
    }
    return { items };
  });
}
