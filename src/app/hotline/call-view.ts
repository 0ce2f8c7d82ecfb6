import { auditActor, type Tx } from '../context.js';
import { appendAudit } from '../../store/audit.js';
import type { StaffActor } from '../staff/permission.js';
import { conflict, forbidden, notFound } from '../../domain/errors.js';
import { inFactOrder, isVerified, maxFailedChecks } from '../../domain/hotline.js';
import { findCallView, lockCall, type CallRow, type CallViewRow } from '../../store/calls.js';

/* What every step of a call shares: how the desk sees a call, its lock, who may act on it, its audit rows. */

const triesLeft = (k: CallRow) => Math.max(maxFailedChecks - k.failed_checks, 0);

export function callView(k: CallViewRow) {
  return {
    id: k.public_id,
    msisdn: k.msisdn,
    direction: k.direction,
    state: k.state,
    agent: k.agent,
    facts: inFactOrder(k.facts),
    verified: isVerified(k.facts),
    triesLeft: triesLeft(k),
    outcome: k.outcome,
    reference: k.reference,
    callbackId: k.callback_public_id,
    receivedAt: k.received_at.toISOString(),
    answeredAt: k.answered_at?.toISOString() ?? null,
    endedAt: k.ended_at?.toISOString() ?? null,
  };
}

export type CallView = ReturnType<typeof callView>;

/** The call as it is now, within the transaction that just changed it. */
export async function readCall(tx: Tx, id: number): Promise<CallView> {
  return callView((await findCallView(tx, id))!);
}

/** The call, locked until the use case commits, so two agents cannot both answer or end it. */
export async function lockCallOr404(tx: Tx, publicId: string): Promise<CallRow> {
  const k = await lockCall(tx, publicId);
  if (!k) throw notFound('call_not_found', 'No call with this id.');
  return k;
}

export const callEnded = () => conflict('call_ended', 'This call has ended.');

/** Only the agent on the line speaks for the call; a supervisor may close one left open. */
export function requireOwnCall(k: CallRow, actor: StaffActor, supervisorMay: boolean) {
  if (k.agent === actor.user || (supervisorMay && actor.role === 'supervisor')) return;
  throw forbidden('not_your_call', `This call is handled by ${k.agent ?? 'nobody yet'}.`);
}

export function auditCall(tx: Tx, now: Date, actor: StaffActor, action: string, msisdn: string, data: Record<string, unknown>) {
  return appendAudit(tx, now, { actor: auditActor(actor), action, subject: msisdn, data });
}
