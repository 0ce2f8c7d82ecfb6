import { actorLabel, type AppContext, type Tx } from '../context.js';
import { inTransaction } from '../transaction.js';
import { recordCaseEvent } from '../case-events.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { unprocessable } from '../../domain/errors.js';
import type { CallOutcome } from '../../domain/hotline.js';
import type { Language } from '../../domain/templates.js';
import { findCase, findCaseById, findOpenCaseForLine } from '../../store/cases.js';
import { markCallbackDone } from '../../store/callbacks.js';
import { insertCallLog, markCallEnded, type CallRow } from '../../store/calls.js';
import { findSubscriberLanguage } from '../../store/lines.js';
import { auditCall, callEnded, lockCallOr404, readCall, requireOwnCall } from './call-view.js';
import { sha256Hex } from '../../domain/sha256.js';

export interface CallEnding {
  outcome: CallOutcome;
  note?: string | undefined;
  reference?: string | undefined;
}

/** The case a call is filed under: the one named, else the one opened on the call, else the line's open case. */
async function caseForCall(tx: Tx, k: CallRow, reference: string | undefined): Promise<{ id: number; reference: string } | undefined> {
  if (reference !== undefined) {
    const c = await findCase(tx, reference);
    if (!c || k.subscriber_id === null || c.subscriber_id !== k.subscriber_id) {
      throw unprocessable('case_not_for_caller', 'This reference is not a case of the caller.');
    }
    return c;
  }
  if (k.case_id !== null) return findCaseById(tx, k.case_id);
  return k.line_id === null ? undefined : findOpenCaseForLine(tx, k.line_id);
}

/** A number that is not ours has no subscriber to take the language from; the call log needs one. */
const languageOfNumber = (msisdn: string): Language => (msisdn.startsWith('+86') ? 'zh-CN' : 'en');

/**
 * Ends the call with its outcome. The call is kept as a communication (channel phone) on the
 * caller's case, with a `call_logged` event in the case history; the note is sealed on the call.
 * A returned callback is done, unless nobody answered: then it stays waiting for another try.
 */
export async function endCall(ctx: AppContext, actor: StaffActor, publicId: string, ending: CallEnding) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const k = await lockCallOr404(tx, publicId);
    if (k.state === 'ended') throw callEnded();
    // A ringing call nobody took (the caller hung up) may be closed by anyone on the desk.
    if (k.state === 'active') requireOwnCall(k, actor, true);
    const c = await caseForCall(tx, k, ending.reference);
    const language = k.subscriber_id === null ? undefined : await findSubscriberLanguage(tx, k.subscriber_id);
    const subject = `Call ${ending.outcome}`;
    // The agent's note may carry what the caller said about themselves: it stays sealed on the call.
    const text = ending.note === undefined ? ending.outcome : `${ending.outcome} (note kept with the call)`;
    const communicationId = await insertCallLog(tx, {
      caseId: c?.id ?? null,
      subscriberId: k.subscriber_id,
      direction: k.direction,
      language: language ?? languageOfNumber(k.msisdn),
      recipient: ctx.vault.seal(k.msisdn),
      subject,
      body: text,
      messageId: `<call-${k.public_id}@lastcall.invalid>`,
      at: now,
    });
    await markCallEnded(tx, k.id, {
      outcome: ending.outcome,
      note: ending.note === undefined ? null : ctx.vault.seal(ending.note),
      at: now,
      communicationId,
      caseId: c?.id ?? null,
    });
    await auditCall(tx, now, actor, 'call.ended', k.msisdn, {
      callId: k.public_id, outcome: ending.outcome, direction: k.direction, agent: k.agent, communicationId, reference: c?.reference ?? null,
      sha256: sha256Hex(`${subject}\n${text}`),
    });
    if (k.callback_id !== null && ending.outcome !== 'no_answer') {
      const done = await markCallbackDone(tx, k.callback_id, now, actor.user);
      if (done) await auditCall(tx, now, actor, 'callback.handled', k.msisdn, { callbackId: done.public_id, callId: k.public_id });
    }
    if (c) await recordCaseEvent(tx, c.id, { type: 'call_logged', actor: actorLabel(actor), at: now, data: { callId: k.public_id, outcome: ending.outcome, direction: k.direction, agent: k.agent } });
    return { call: await readCall(tx, k.id) };
  });
}
