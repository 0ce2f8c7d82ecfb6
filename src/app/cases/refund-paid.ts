import type { AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { recordCaseEvent } from '../case-events.js';
import { queueMessage } from '../messages/outgoing.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { findCase } from '../../store/cases.js';
import { findLineById, findSubscriber } from '../../store/lines.js';
import { findRefundPayment, markRefundPaid } from '../../store/settlements.js';
import { conflict, invalid, notFound } from '../../domain/errors.js';
import { describeRefund } from '../../domain/refund.js';

/**
 * Billing paid a cancelled line's refund: recorded on the settlement and in the case's history,
 * and the former holder is told — the last notice of a cancellation with money owed to them.
 * Once per case; a case without a refund (or not completed) is refused.
 */
export async function confirmRefundPaid(ctx: AppContext, actor: StaffActor, reference: string, input: { paidOn: string; paymentReference?: string | undefined }) {
  requirePermission(actor, 'settlement.confirm');
  const result = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const c = await findCase(tx, reference, true);
    if (!c) throw notFound('case_not_found', `No case ${reference}.`);
    if (c.state !== 'completed') throw conflict('no_unpaid_refund', 'The case is not completed yet; its settlement comes with completion.', { reason: 'not_completed' });
    const today = ctx.calendars.calendar(c.region).localDateTime(now).date;
    if (input.paidOn > today) throw invalid('paid_in_future', `paidOn (${input.paidOn}) is after today.`);
    const settlement = await markRefundPaid(tx, c.id, { paidOn: input.paidOn, by: `staff:${actor.user}`, paymentReference: input.paymentReference ?? null });
    if (!settlement) {
      const known = await findRefundPayment(tx, c.id);
      throw conflict('no_unpaid_refund', known?.kind === 'refund' ? `The refund was recorded as paid on ${known.paid_on}.` : 'The case has no refund to pay.', {
        reason: known?.kind === 'refund' ? 'already_paid' : 'no_refund',
      });
    }
    await recordCaseEvent(tx, c.id, {
      type: 'refund_paid',
      actor: `staff:${actor.user}`,
      at: now,
      data: { amountMinor: settlement.amountMinor, currency: settlement.currency, method: settlement.method, ...(settlement.destination ? { destination: settlement.destination } : {}), paidOn: input.paidOn, paymentReference: input.paymentReference ?? null },
    });
    const line = (await findLineById(tx, c.line_id))!;
    const holder = (await findSubscriber(tx, ctx.vault, c.subscriber_id))!;
    await queueMessage(ctx, tx, {
      caseId: c.id,
      subscriberId: holder.id,
      channel: 'email',
      to: holder.email,
      language: holder.language,
      message: {
        template: 'refund_paid',
        vars: { reference, msisdn: line.msisdn, amountMinor: settlement.amountMinor, currency: settlement.currency, via: describeRefund(settlement, holder.language === 'zh-CN'), paidOn: input.paidOn },
      },
    });
    return {
      reference,
      paidOn: input.paidOn,
      refund: { amountMinor: settlement.amountMinor, currency: settlement.currency, method: settlement.method, ...(settlement.destination ? { destination: settlement.destination } : {}) },
    };
  });
  ctx.wakeWorker();
  return result;
}
