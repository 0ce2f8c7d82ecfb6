import type { Actor, AppContext } from '../context.js';
import { auditActor } from '../context.js';
import { inTransaction } from '../transaction.js';
import { queueMessage } from '../messages/outgoing.js';
import { inspectLine, lineView, undoDaysOf } from './lines.js';
import { tellBssOfLine } from '../partners/line-news.js';
import { appendAudit } from '../../store/audit.js';
import { findCompletedCaseOfLine } from '../../store/cases.js';
import { restoreTerminatedLine } from '../../store/lines.js';
import { enqueue } from '../../store/outbox.js';
import { conflict, unauthenticated } from '../../domain/errors.js';
import { undoUntil } from '../../domain/afterlife.js';

/**
 * Undo a cancellation (CONTRACT §9's afterlife): within the region's undo window, and while the
 * number still rests in quarantine, its former holder — verified again after the cancellation
 * completed, since an older token may be on a phone that changed hands — gets the line back. The
 * network is provisioned again by the outbox. An eSIM's profile was released at completion and
 * cannot come back this way.
 */
export async function restoreNumber(ctx: AppContext, msisdn: string, who: { actor: Extract<Actor, { kind: 'customer' }>; subscriberId: number; verifiedAt?: Date }) {
  const result = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const { line, subscriber, bindings, calendar } = await inspectLine(ctx, tx, msisdn, who.subscriberId, now, true);
    const undoDays = undoDaysOf(ctx, subscriber.region);
    const until = undoUntil({ status: line.status, terminatedOn: line.terminated_on, quarantineEndsOn: line.quarantine_ends_on }, undoDays);
    const today = calendar.localDateTime(now).date;
    if (line.status !== 'terminated') throw conflict('line_not_restorable', `The line is ${line.status}: only a cancelled line in quarantine can be restored.`, { reason: 'not_cancelled' });
    if (!until || today > until) {
      throw conflict('line_not_restorable', undoDays > 0 ? `The cancellation could be undone until ${until ?? line.terminated_on}.` : 'Cancellations cannot be undone in this region.', { reason: 'window_closed', undoUntil: until });
    }
    if (line.sim_type === 'esim') throw conflict('line_not_restorable', 'The eSIM profile was released when the line was cancelled; please call the hotline for a new one.', { reason: 'esim' });
    const ended = await findCompletedCaseOfLine(tx, line.id);
    if (!who.verifiedAt || !ended || who.verifiedAt <= ended.completed_at) {
      throw unauthenticated('reverification_required', 'Verify your identity again (after the cancellation) to restore the number.');
    }
    await restoreTerminatedLine(tx, line.id);
    await enqueue(tx, 'restore_line', { lineId: line.id, by: auditActor(who.actor) });
    await appendAudit(tx, now, { actor: auditActor(who.actor), action: 'line.restored', subject: line.msisdn, data: { lineId: line.id, reference: ended.reference, terminatedOn: line.terminated_on } });
    await tellBssOfLine(tx, now, { msisdn: line.msisdn, status: 'active', terminatedOn: null, hasOpenCase: false }, ctx.config.publicUrl);
    await queueMessage(ctx, tx, {
      caseId: ended.id,
      subscriberId: subscriber.id,
      channel: 'email',
      to: subscriber.email,
      language: subscriber.language,
      message: { template: 'number_restored', vars: { msisdn: line.msisdn, at: now.toISOString() } },
    });
    const restored = { ...line, status: 'active' as const, terminated_on: null, quarantine_ends_on: null, suspended_at: null };
    return lineView(restored, subscriber.region, bindings, undefined, undoDays);
  });
  ctx.wakeWorker();
  return result;
}
