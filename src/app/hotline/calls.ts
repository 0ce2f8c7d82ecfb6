/**
 * The hotline room: calls (ringing, answered, the caller verified fact by fact, ended with an
 * outcome), the caller's panel, and the callback requests the portal leaves outside service hours.
 */
import crypto from 'node:crypto';
import type { AppContext, Tx } from '../context.js';
import { inTransaction } from '../transaction.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { conflict, notFound, unprocessable } from '../../domain/errors.js';
import { isVerified, type CallDirection, type CallState } from '../../domain/hotline.js';
import { lockCallback } from '../../store/callbacks.js';
import {
  findCallViewByPublicId,
  findLiveCallForCallback,
  insertCall,
  listCallViews,
  lockCallForCase,
  markCallAnswered,
  setCallCase,
} from '../../store/calls.js';
import { findLiveLine } from '../../store/lines.js';
import { callerView } from './caller.js';
import { auditCall, callEnded, callView, lockCallOr404, readCall } from './call-view.js';

/*
 * The hotline desk: a call pops up (or an agent starts one), an agent answers it, checks who the
 * caller is by asking what only the subscriber knows (verify-caller.ts), and ends it with an
 * outcome that is kept as a communication (channel phone) on the caller's case and in the audit
 * trail (end-call.ts).
 */

interface NewCall {
  msisdn: string;
  direction: CallDirection;
  state: 'ringing' | 'active';
  line: { id: number; subscriber_id: number } | undefined;
  agent: string | null;
  callbackId: number | null;
  now: Date;
}

async function openCall(tx: Tx, c: NewCall): Promise<{ id: number; publicId: string }> {
  const publicId = crypto.randomUUID();
  const id = await insertCall(tx, {
    publicId,
    msisdn: c.msisdn,
    direction: c.direction,
    state: c.state,
    subscriberId: c.line?.subscriber_id ?? null,
    lineId: c.line?.id ?? null,
    callbackId: c.callbackId,
    agent: c.agent,
    at: c.now,
  });
  return { id, publicId };
}

/** What the telephony system reports: a call for the desk, ringing until an agent answers. A number that is not ours still rings. */
export async function incomingCall(ctx: AppContext, actor: StaffActor, msisdn: string) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const line = await findLiveLine(tx, msisdn);
    const call = await openCall(tx, { msisdn, direction: 'in', state: 'ringing', line, agent: null, callbackId: null, now });
    await auditCall(tx, now, actor, 'call.received', msisdn, { callId: call.publicId, known: line !== undefined });
    return { call: await readCall(tx, call.id) };
  });
}

/**
 * An agent starts a call: a caller looked up by number, or a callback being returned (direction
 * out). A callback is returned on the line it was asked for, while it is waiting, by one agent at a time.
 */
export async function startCall(ctx: AppContext, actor: StaffActor, msisdn: string, callbackPublicId?: string) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    let callbackId: number | null = null;
    let line: { id: number; subscriber_id: number } | undefined;
    if (callbackPublicId !== undefined) {
      const cb = await lockCallback(tx, callbackPublicId);
      if (!cb) throw notFound('callback_not_found', 'No callback request with this id.');
      if (cb.msisdn !== msisdn) throw unprocessable('callback_mismatch', 'This callback was asked for another number.');
      if (cb.state !== 'waiting') throw conflict('callback_not_waiting', `This callback is ${cb.state}, not waiting.`, { state: cb.state });
      const live = await findLiveCallForCallback(tx, cb.id);
      if (live) throw conflict('callback_in_progress', 'Someone is already returning this callback.', { callId: live.public_id, agent: live.agent });
      callbackId = cb.id;
      line = { id: cb.line_id, subscriber_id: cb.subscriber_id };
    } else {
      line = await findLiveLine(tx, msisdn);
    }
    const direction = callbackId === null ? 'in' : 'out';
    const call = await openCall(tx, { msisdn, direction, state: 'active', line, agent: actor.user, callbackId, now });
    await auditCall(tx, now, actor, 'call.started', msisdn, { callId: call.publicId, direction, known: line !== undefined, ...(callbackPublicId ? { callbackId: callbackPublicId } : {}) });
    return { call: await readCall(tx, call.id) };
  });
}

/** The agent takes a ringing call. Answering one's own call again is harmless; someone else's is 409. */
export async function answerCall(ctx: AppContext, actor: StaffActor, publicId: string) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const k = await lockCallOr404(tx, publicId);
    if (k.state === 'ended') throw callEnded();
    if (k.state === 'active') {
      if (k.agent !== actor.user) throw conflict('call_taken', `${k.agent} has already answered this call.`, { agent: k.agent });
      return { call: await readCall(tx, k.id) };
    }
    await markCallAnswered(tx, k.id, actor.user, now);
    await auditCall(tx, now, actor, 'call.answered', k.msisdn, { callId: k.public_id });
    return { call: await readCall(tx, k.id) };
  });
}

/** The call with what the desk may see of its caller (name masked); the look is on record. */
export async function getCall(ctx: AppContext, actor: StaffActor, publicId: string) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const k = await findCallViewByPublicId(tx, publicId);
    if (!k) throw notFound('call_not_found', 'No call with this id.');
    const caller = await callerView(ctx, tx, k.msisdn, k.line_id, now);
    await auditCall(tx, now, actor, 'personal_data.read', k.msisdn, { via: 'call', callId: k.public_id, subscriberId: k.subscriber_id, fields: caller.known ? ['name'] : [], masked: true });
    return { call: callView(k), caller };
  });
}

/** Calls in one state: ringing and active ones in the order they came (the pop-up takes the oldest), ended ones newest first. */
export async function listCalls(ctx: AppContext, actor: StaffActor, state?: CallState) {
  requirePermission(actor, 'call.handle');
  const rows = await listCallViews(ctx.db, state, state === 'ringing' || state === 'active' ? 'oldest' : 'newest');
  return { items: rows.map(callView) };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * For opening a case on a caller's behalf (in the caller's transaction): the call must be live,
 * for this number, and have confirmed the caller's name and ID number. Locks the call row.
 */
export async function verifiedCallFor(tx: Tx, callPublicId: string, msisdn: string): Promise<{ id: number }> {
  const notVerified = () => conflict('caller_not_verified', 'This call has not verified the caller of this number (name and ID number); verify them on the call first.');
  if (!uuidPattern.test(callPublicId)) throw notVerified();
  const k = await lockCallForCase(tx, callPublicId);
  if (!k || k.state === 'ended' || k.msisdn !== msisdn || !isVerified(k.facts)) throw notVerified();
  return { id: k.id };
}

/** Files the call under the case opened on it, so ending the call logs it there. */
export async function linkCallToCase(tx: Tx, callId: number, caseId: number): Promise<void> {
  await setCallCase(tx, callId, caseId);
}
