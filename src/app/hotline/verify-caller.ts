import crypto from 'node:crypto';
import type { AppContext, Tx } from '../context.js';
import { inTransaction } from '../transaction.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { conflict } from '../../domain/errors.js';
import { inFactOrder, isVerified, maxFailedChecks, maxFailedChecksPerNumber, numberLockMs, type CallFact } from '../../domain/hotline.js';
import { foldEmail, foldName } from '../../domain/validation.js';
import { failedChecksForNumber, recordCallChecks, type CallRow } from '../../store/calls.js';
import { findLineById, findSubscriber } from '../../store/lines.js';
import { auditCall, callEnded, lockCallOr404, requireOwnCall } from './call-view.js';

/** How an answer and the record are made comparable: the rules customer verification uses for names and e-mails. */
const normalise: Record<CallFact, (v: string) => string> = {
  name: foldName,
  id_number: (v) => v.normalize('NFKC').replace(/\s+/gu, '').toUpperCase(),
  email: foldEmail,
  iccid_last6: (v) => v.normalize('NFKC').replace(/\s+/gu, ''),
};

/** Compares through HMACs of equal length, so the time taken does not say how much matched. */
function same(key: Buffer, a: string, b: string): boolean {
  const mac = (v: string) => crypto.createHmac('sha256', key).update(`call-fact\0${v}`).digest();
  return crypto.timingSafeEqual(mac(a), mac(b));
}

async function recordedFact(ctx: AppContext, tx: Tx, k: CallRow, fact: CallFact): Promise<string | null> {
  if (k.subscriber_id === null) return null;
  if (fact === 'iccid_last6') {
    const line = k.line_id === null ? undefined : await findLineById(tx, k.line_id);
    return line ? line.iccid.slice(-6) : null;
  }
  const s = (await findSubscriber(tx, ctx.vault, k.subscriber_id))!;
  return { name: s.legal_name, id_number: s.id_number, email: s.email }[fact];
}

/**
 * The agent types what the caller says; the server compares it with the record and answers only
 * whether it matched, so the agent never sees the subscriber's details. The answer itself is kept
 * nowhere. An unknown number confirms nothing; the third wrong answer locks the call's verification.
 */
export async function verifyFact(ctx: AppContext, actor: StaffActor, publicId: string, fact: CallFact, answer: string) {
  requirePermission(actor, 'call.handle');
  const result = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const k = await lockCallOr404(tx, publicId);
    if (k.state === 'ended') throw callEnded();
    if (k.state === 'ringing') throw conflict('call_not_answered', 'Answer the call before checking who is calling.');
    requireOwnCall(k, actor, false);
    if (k.failed_checks >= maxFailedChecks) {
      // Committed on purpose: a try on a locked call is worth a row in the trail.
      await auditCall(tx, now, actor, 'call.verification_locked', k.msisdn, { callId: k.public_id, fact });
      return { locked: 'call' as const };
    }
    const earlier = await failedChecksForNumber(tx, k.msisdn, k.id, new Date(now.getTime() - numberLockMs));
    if (earlier + k.failed_checks >= maxFailedChecksPerNumber) {
      await auditCall(tx, now, actor, 'call.verification_locked', k.msisdn, { callId: k.public_id, fact, failedChecksForNumber: earlier + k.failed_checks });
      return { locked: 'number' as const };
    }
    const recorded = await recordedFact(ctx, tx, k, fact);
    const matched = same(ctx.secret, normalise[fact](recorded ?? '\u0000'), normalise[fact](answer));
    const confirmed = matched && recorded !== null;
    const facts = confirmed ? inFactOrder([...k.facts, fact]) : inFactOrder(k.facts);
    const failed = confirmed ? k.failed_checks : k.failed_checks + 1;
    await recordCallChecks(tx, k.id, facts, failed);
    await auditCall(tx, now, actor, 'call.fact_checked', k.msisdn, { callId: k.public_id, fact, confirmed, failedChecks: failed, verified: isVerified(facts) });
    return { locked: null, body: { fact, confirmed, facts, verified: isVerified(facts), triesLeft: Math.max(Math.min(maxFailedChecks - failed, maxFailedChecksPerNumber - earlier - failed), 0) } };
  });
  if (result.locked === 'call') throw conflict('verification_locked', `${maxFailedChecks} wrong answers on this call: verification is locked. End the call as not_verified.`);
  if (result.locked === 'number') {
    throw conflict('caller_locked', `${maxFailedChecksPerNumber} wrong answers for this number in the last 24 hours: the hotline cannot verify this caller today. The holder can verify in the portal, or at a store with an identity document.`);
  }
  return result.body!;
}
