import type { Actor, AppContext } from '../context.js';
import { actorLabel, auditActor } from '../context.js';
import { inTransaction } from '../transaction.js';
import { queueMessage } from '../messages/outgoing.js';
import { recordCaseEvent } from '../case-events.js';
import { tellPartnersOfLine } from '../partners/line-news.js';
import { inspectLine, lineView } from './lines.js';
import { appendAudit } from '../../store/audit.js';
import { findOpenCaseForLine } from '../../store/cases.js';
import { markLineActive, markLineSuspended } from '../../store/lines.js';
import { enqueue } from '../../store/outbox.js';
import { conflict, unauthenticated } from '../../domain/errors.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';

type Who = { actor: Actor; subscriberId: number | null };

/**
 * Lost or stolen: the line is barred at once in our records and the network barring is queued
 * (the worker is woken by the commit, so the network follows within seconds). Asking again is
 * harmless and answers with the line as it is.
 */
export async function suspendLine(ctx: AppContext, msisdn: string, who: Who) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const { line, subscriber, bindings } = await inspectLine(ctx, tx, msisdn, who.subscriberId, now, true);
    if (line.status === 'suspended') return { changed: false, line: lineView(line, subscriber.region, bindings, await findOpenCaseForLine(tx, line.id)) };
    if (line.status !== 'active') {
      throw conflict('line_not_active', `The line is ${line.status}; only an active line can be barred.`, { status: line.status });
    }
    await markLineSuspended(tx, line.id, now);
    await enqueue(tx, 'bar_line', { lineId: line.id, by: actorLabel(who.actor) });
    await appendAudit(tx, now, { actor: auditActor(who.actor), action: 'line.suspended', subject: line.msisdn, data: { lineId: line.id } });
    const open = await findOpenCaseForLine(tx, line.id);
    if (open) await recordCaseEvent(tx, open.id, { type: 'line_suspended', actor: actorLabel(who.actor), at: now });
    await tellPartnersOfLine(tx, now, { id: line.id, msisdn: line.msisdn, status: 'suspended', terminatedOn: null, hasOpenCase: open !== undefined }, {
      type: 'line.suspended',
      data: { msisdn: line.msisdn, suspendedAt: now.toISOString() },
    }, ctx.config.publicUrl);
    await queueMessage(ctx, tx, {
      caseId: null,
      subscriberId: subscriber.id,
      channel: 'email',
      to: subscriber.email,
      language: subscriber.language,
      message: { template: 'line_suspended', vars: { msisdn: line.msisdn, at: now.toISOString() } },
    });
    const updated = { ...line, status: 'suspended' as const, suspended_at: now };
    return { changed: true, line: lineView(updated, subscriber.region, bindings, open) };
  });
}

/**
 * The phone was found: the bar is lifted in our records and in the network. A customer must have
 * verified again after the line was barred — a token from before the loss may sit on the lost
 * phone itself; staff (an agent on a verified call) may lift it too. Lifting a line that is not
 * barred answers with the line as it is.
 */
export async function liftSuspension(ctx: AppContext, msisdn: string, who: Who & { verifiedAt?: Date }) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const { line, subscriber, bindings } = await inspectLine(ctx, tx, msisdn, who.subscriberId, now, true);
    const open = await findOpenCaseForLine(tx, line.id);
    if (line.status === 'active') return { changed: false, line: lineView(line, subscriber.region, bindings, open) };
    if (line.status !== 'suspended') {
      throw conflict('line_not_suspended', `The line is ${line.status}; only a barred line can be unbarred.`, { status: line.status });
    }
    if (who.actor.kind === 'customer' && !(who.verifiedAt && line.suspended_at && who.verifiedAt > line.suspended_at)) {
      throw unauthenticated('reverification_required', 'Verify your identity again (after the line was barred) to lift the bar.');
    }
    await markLineActive(tx, line.id);
    await enqueue(tx, 'unbar_line', { lineId: line.id, by: actorLabel(who.actor) });
    await appendAudit(tx, now, { actor: auditActor(who.actor), action: 'line.unsuspended', subject: line.msisdn, data: { lineId: line.id, suspendedAt: line.suspended_at?.toISOString() } });
    if (open) await recordCaseEvent(tx, open.id, { type: 'suspension_lifted', actor: actorLabel(who.actor), at: now });
    await queueMessage(ctx, tx, {
      caseId: null,
      subscriberId: subscriber.id,
      channel: 'email',
      to: subscriber.email,
      language: subscriber.language,
      message: { template: 'line_unsuspended', vars: { msisdn: line.msisdn, at: now.toISOString() } },
    });
    return { changed: true, line: lineView({ ...line, status: 'active' as const, suspended_at: null }, subscriber.region, bindings, open) };
  });
}

/** An agent or supervisor bars or unbars a line for a caller they verified (hotline). */
export async function staffSetSuspension(ctx: AppContext, actor: StaffActor, msisdn: string, barred: boolean) {
  requirePermission(actor, 'line.suspend');
  const who = { actor, subscriberId: null };
  return barred ? suspendLine(ctx, msisdn, who) : liftSuspension(ctx, msisdn, who);
}
