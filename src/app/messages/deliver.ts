import type { AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { messageSubject } from './outgoing.js';
import { appendAudit } from '../../store/audit.js';
import { findOutgoingMessage, markMessageSent, recordMessageFailure } from '../../store/communications.js';
import { isPermanent } from '../../adapters/outside-error.js';

/**
 * Sends one recorded message: read it, call the outside system with no transaction open, then
 * record the result in a transaction of its own. A crash between the call and the record sends
 * the message again with the same message id, which lets the receiver drop the duplicate.
 */
export async function deliverCommunication(ctx: AppContext, communicationId: number, answersTextAt?: number): Promise<void> {
  const m = await findOutgoingMessage(ctx.db, communicationId);
  if (!m || m.status !== 'pending') return;
  let providerMessageId: string | null = null;
  try {
    const result = await ctx.sender.send({ channel: m.channel, to: await ctx.vault.open(m.recipient), subject: m.subject, text: m.body, messageId: m.message_id });
    providerMessageId = result?.providerMessageId ?? null;
    // From the customer's text reaching us to our answer accepted by the SMS centre (Ofcom allows 60 s).
    if (answersTextAt !== undefined) ctx.metrics.observe('lastcall_sms_reply_seconds', 'Seconds from an incoming text to its reply accepted by the SMS centre', {}, Math.max(0, Date.now() - answersTextAt) / 1000);
  } catch (err) {
    await recordMessageFailure(ctx.db, communicationId, (err as Error).message, isPermanent(err));
    throw err;
  }
  await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    if (!(await markMessageSent(tx, communicationId, now, providerMessageId))) return;
    await appendAudit(tx, now, { actor: 'system', action: 'message.sent', subject: messageSubject(m.reference, m.subscriber_id), data: { communicationId, channel: m.channel, messageId: m.message_id, ...(providerMessageId ? { providerMessageId } : {}) } });
  });
}
