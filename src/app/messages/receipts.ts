import type { AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { messageSubject } from './outgoing.js';
import { appendAudit } from '../../store/audit.js';
import { recordReceipt } from '../../store/communications.js';
import { fallBackToEmail } from '../identity/sms-fallback.js';

export interface DeliveryReceipt {
  /** The SMS centre's id of the message (submit_sm_resp message_id). */
  providerMessageId: string;
  delivered: boolean;
  /** The centre's word for a failure (e.g. UNDELIV, EXPIRED, REJECTD). */
  error: string | null;
}

/** A delivery receipt turns the message's status into delivered or failed, kept as evidence. */
export async function recordDeliveryReceipt(ctx: AppContext, receipt: DeliveryReceipt): Promise<void> {
  const recorded = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const m = await recordReceipt(tx, receipt.providerMessageId, { delivered: receipt.delivered, error: receipt.error, at: now });
    if (!m) return false; // a one-time code, not ours yet (its send is recorded next, and applies it), or a repeat
    await appendAudit(tx, now, {
      actor: 'system',
      action: receipt.delivered ? 'message.delivered' : 'message.undelivered',
      subject: messageSubject(m.reference, m.subscriber_id),
      data: { communicationId: m.id, providerMessageId: receipt.providerMessageId, ...(receipt.error ? { error: receipt.error } : {}) },
    });
    return true;
  });
  // A one-time code the phone never got is offered by e-mail instead.
  if (!recorded && !receipt.delivered) await fallBackToEmail(ctx, { providerMessageId: receipt.providerMessageId }, receipt.error ?? 'undelivered');
}
