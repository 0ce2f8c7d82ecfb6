import crypto from 'node:crypto';
import { auditActor, type AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { inspectLine } from '../lines/lines.js';
import { queueMessage } from '../messages/outgoing.js';
import { appendAudit } from '../../store/audit.js';

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
    const [waiting] = await tx.query<{ public_id: string; requested_at: Date; preferred_time: string | null }>(
      `SELECT public_id, requested_at, preferred_time FROM callbacks WHERE line_id = $1 AND state = 'waiting'`,
      [line.id],
    );
    if (waiting) {
      return { created: false, body: { id: waiting.public_id, status: 'waiting' as const, msisdn: line.msisdn, preferredTime: waiting.preferred_time, createdAt: waiting.requested_at.toISOString() } };
    }
    const id = crypto.randomUUID();
    const phone = req.phone ?? line.msisdn;
    const settings = ctx.calendars.settings(subscriber.region);
    await tx.query(
      `INSERT INTO callbacks (public_id, subscriber_id, line_id, region, language, phone, preferred_time, note, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, subscriber.id, line.id, subscriber.region, subscriber.language, ctx.vault.seal(phone), req.preferredTime ?? null, req.note === undefined ? null : ctx.vault.seal(req.note), now],
    );
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
