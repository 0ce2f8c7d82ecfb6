import type { AppContext } from '../context.js';
import type { OutboxJob } from '../../store/outbox.js';
import { findDeliveryToSend, recordAttempt } from '../../store/webhooks.js';
import { maxAttempts } from '../../store/outbox-topics.js';
import { OutsideError } from '../../adapters/outside-error.js';

/** What a failed attempt tells us beyond the message: the receiver's status code, if it answered. */
const statusOf = (err: unknown): number | null => {
  const s = (err as { status?: unknown }).status;
  return typeof s === 'number' ? s : null;
};

/**
 * The outbox's deliver_webhook job: sign and POST one delivery, outside any transaction, then
 * record the attempt. Its webhook-id and body never change, so a receiver can drop a repeat; the
 * timestamp is the attempt's, as Standard Webhooks wants (receivers refuse old ones). A failure
 * rethrows so the outbox retries on the webhook ladder; the last attempt, or a permanent refusal,
 * leaves the delivery `dead` for a supervisor to replay.
 */
export async function deliverWebhook(ctx: AppContext, deliveryId: number, job: Pick<OutboxJob, 'attempts'>): Promise<void> {
  const d = await findDeliveryToSend(ctx.db, deliveryId);
  if (!d || d.status === 'delivered') return; // already done (a repeat after a lost lease)
  const started = ctx.clock.now();
  if (d.hook_deleted || !d.partner_active) {
    await recordAttempt(ctx.db, d.id, { at: started, status: 'dead', httpStatus: null, error: d.hook_deleted ? 'the hook was deleted' : 'the partner is disabled' });
    return;
  }
  try {
    const secret = await ctx.vault.open(d.secret);
    // webhook-timestamp guards against replays on the receiver's own clock: it is the wall clock's,
    // not the product's (which tests and demos move).
    const result = await ctx.webhooks.send({ url: d.url, secret, id: d.webhook_id, timestamp: new Date(), body: d.body });
    await recordAttempt(ctx.db, d.id, { at: started, status: 'delivered', httpStatus: result.status, error: null });
    ctx.metrics.observe('lastcall_webhook_delivery_seconds', 'Seconds a partner took to answer a webhook delivery', {}, result.ms / 1000);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const last = (err instanceof OutsideError && err.permanent) || job.attempts >= maxAttempts.deliver_webhook;
    await recordAttempt(ctx.db, d.id, { at: started, status: last ? 'dead' : 'failing', httpStatus: statusOf(err), error: message.slice(0, 500) });
    ctx.metrics.count('lastcall_webhook_failures_total', 'Webhook delivery attempts that failed', { final: last ? 'yes' : 'no' });
    throw err;
  }
}
