import type { AppContext, Tx } from '../context.js';
import { inTransaction } from '../transaction.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { isPaused, openStates } from '../../domain/case-machine.js';
import { maskName } from '../../domain/validation.js';
import { slaNow } from '../sla/state.js';
import { inspectLine } from '../lines/lines.js';
import { listCasesOfLine } from '../../store/cases.js';
import { listCallbacksOfLine } from '../../store/callbacks.js';
import { findLineById, findLiveLine, findSubscriber } from '../../store/lines.js';
import { auditCall } from './call-view.js';

/** The caller pop-up: who the number belongs to (name masked), their cases and callbacks. */
export async function callerView(ctx: AppContext, tx: Tx, msisdn: string, lineId: number | null, now: Date) {
  const line = lineId === null ? undefined : await findLineById(tx, lineId);
  if (!line) return { msisdn, known: false as const, cases: [], callbacks: [], duplicates: [] };
  const subscriber = (await findSubscriber(tx, ctx.vault, line.subscriber_id))!;
  const cases = await listCasesOfLine(tx, line.id);
  const callbacks = await listCallbacksOfLine(tx, line.id);
  const open = cases.find((c) => openStates.includes(c.state));
  const openDue = open && slaNow(ctx, open, now);
  // What the agent reads out before opening a case: the same checklist the customer sees.
  const cancellable = line.status === 'active' || line.status === 'suspended';
  const precheck = cancellable && !open ? (await inspectLine(ctx, tx, line.msisdn, null, now)).precheck : null;
  return {
    msisdn,
    known: true as const,
    region: subscriber.region,
    lineStatus: line.status,
    maskedName: maskName(subscriber.legal_name),
    language: subscriber.language,
    openCase: open ? { reference: open.reference, state: open.state, dueOn: openDue!.due.date, sla: openDue!.sla, paused: isPaused(open.state) } : null,
    cases: cases.map((c) => ({ reference: c.reference, state: c.state, channel: c.channel, submittedAt: c.submitted_at.toISOString(), dueOn: slaNow(ctx, c, now).due.date })),
    precheck: precheck && { blocking: precheck.blocking, items: precheck.items },
    callbacks: callbacks.map((b) => ({ id: b.public_id, state: b.state, preferredTime: b.preferred_time, requestedAt: b.requested_at.toISOString() })),
    duplicates: open?.duplicate_of ?? [],
  };
}

/** Looks a number up for the desk; audited as a look at the caller's personal data. */
export async function lookupCaller(ctx: AppContext, actor: StaffActor, msisdn: string) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const line = await findLiveLine(tx, msisdn);
    const caller = await callerView(ctx, tx, msisdn, line?.id ?? null, now);
    await auditCall(tx, now, actor, 'personal_data.read', msisdn, { via: 'caller', subscriberId: line?.subscriber_id ?? null, fields: caller.known ? ['name'] : [], masked: true });
    return caller;
  });
}
