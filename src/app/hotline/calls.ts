import crypto from 'node:crypto';
import { actorLabel, auditActor, type AppContext, type Tx } from '../context.js';
import { appendAudit } from '../../store/audit.js';
import { inTransaction } from '../transaction.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { conflict, forbidden, notFound, unprocessable } from '../../domain/errors.js';
import { isPaused, openStates } from '../../domain/case-machine.js';
import { slaNow } from '../sla/state.js';
import { inspectLine } from '../lines/lines.js';
import { foldEmail, foldName, maskMsisdn, maskName } from '../../domain/validation.js';
import type { Language } from '../../domain/templates.js';
import { findCase, findOpenCaseForLine, type CaseRow } from '../../store/cases.js';
import { findLineById, findLiveLine, findSubscriber, type SubscriberRow } from '../../store/lines.js';
import { recordCaseEvent } from '../case-events.js';

/*
 * The hotline desk: a call pops up (or an agent starts one), an agent answers it, checks who the
 * caller is by asking what only the subscriber knows, and ends it with an outcome that is kept
 * as a communication (channel phone) on the caller's case and in the audit trail.
 */

export const callStates = ['ringing', 'active', 'ended'] as const;
export type CallState = (typeof callStates)[number];
export const callFacts = ['name', 'id_number', 'email', 'iccid_last6'] as const;
export type CallFact = (typeof callFacts)[number];
export const callOutcomes = ['case_opened', 'status_given', 'not_verified', 'callback_done', 'no_answer', 'other'] as const;
export type CallOutcome = (typeof callOutcomes)[number];
export const callbackStates = ['waiting', 'done', 'cancelled'] as const;
export type CallbackState = (typeof callbackStates)[number];

/** Wrong answers a call may give before its verification locks: guessing stops there. */
export const maxFailedChecks = 3;
/**
 * Wrong answers for one number across all its calls in a day: a caller who fails on one call
 * and rings again for a fresh agent gets one more call's worth, then must verify in the portal
 * (a code to the line or its e-mail) or at a store with an identity document.
 */
export const maxFailedChecksPerNumber = 6;
const numberLockMs = 24 * 3600_000;

interface CallRow {
  id: number;
  public_id: string;
  msisdn: string;
  direction: 'in' | 'out';
  state: CallState;
  subscriber_id: number | null;
  line_id: number | null;
  case_id: number | null;
  callback_id: number | null;
  agent: string | null;
  facts: CallFact[];
  failed_checks: number;
  outcome: CallOutcome | null;
  received_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
}

type CallViewRow = CallRow & { reference: string | null; callback_public_id: string | null };

const callColumns = `k.id, k.public_id, k.msisdn, k.direction, k.state, k.subscriber_id, k.line_id, k.case_id, k.callback_id,
  k.agent, k.facts, k.failed_checks, k.outcome, k.received_at, k.answered_at, k.ended_at`;
const viewSql = `SELECT ${callColumns}, c.reference, b.public_id AS callback_public_id
  FROM calls k LEFT JOIN cases c ON c.id = k.case_id LEFT JOIN callbacks b ON b.id = k.callback_id`;

/** Name and ID number are what the contract asks before anything is done on a caller's behalf. */
const isVerified = (facts: readonly CallFact[]) => facts.includes('name') && facts.includes('id_number');
const inFactOrder = (facts: readonly CallFact[]) => callFacts.filter((f) => facts.includes(f));
const triesLeft = (k: CallRow) => Math.max(maxFailedChecks - k.failed_checks, 0);

function callView(k: CallViewRow) {
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

async function readCall(tx: Tx, id: number): Promise<CallView> {
  const [k] = await tx.query<CallViewRow>(`${viewSql} WHERE k.id = $1`, [id]);
  return callView(k!);
}

/** The call, locked until the use case commits, so two agents cannot both answer or end it. */
async function lockCall(tx: Tx, publicId: string): Promise<CallRow> {
  const [k] = await tx.query<CallRow>(`SELECT ${callColumns} FROM calls k WHERE k.public_id = $1 FOR UPDATE`, [publicId]);
  if (!k) throw notFound('call_not_found', 'No call with this id.');
  return k;
}

const callEnded = () => conflict('call_ended', 'This call has ended.');

/** Only the agent on the line speaks for the call; a supervisor may close one left open. */
function requireOwnCall(k: CallRow, actor: StaffActor, supervisorMay: boolean) {
  if (k.agent === actor.user || (supervisorMay && actor.role === 'supervisor')) return;
  throw forbidden('not_your_call', `This call is handled by ${k.agent ?? 'nobody yet'}.`);
}

function auditCall(tx: Tx, now: Date, actor: StaffActor, action: string, msisdn: string, data: Record<string, unknown>) {
  return appendAudit(tx, now, { actor: auditActor(actor), action, subject: msisdn, data });
}

interface NewCall {
  msisdn: string;
  direction: 'in' | 'out';
  state: 'ringing' | 'active';
  line: { id: number; subscriber_id: number } | undefined;
  agent: string | null;
  callbackId: number | null;
  now: Date;
}

async function insertCall(tx: Tx, c: NewCall): Promise<{ id: number; publicId: string }> {
  const publicId = crypto.randomUUID();
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO calls (public_id, msisdn, direction, state, subscriber_id, line_id, callback_id, agent, received_at, answered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [publicId, c.msisdn, c.direction, c.state, c.line?.subscriber_id ?? null, c.line?.id ?? null, c.callbackId, c.agent, c.now, c.state === 'active' ? c.now : null],
  );
  return { id: row!.id, publicId };
}

/** What the telephony system reports: a call for the desk, ringing until an agent answers. A number that is not ours still rings. */
export async function incomingCall(ctx: AppContext, actor: StaffActor, msisdn: string) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const line = await findLiveLine(tx, msisdn);
    const call = await insertCall(tx, { msisdn, direction: 'in', state: 'ringing', line, agent: null, callbackId: null, now });
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
      const [cb] = await tx.query<{ id: number; state: CallbackState; line_id: number; subscriber_id: number; msisdn: string }>(
        `SELECT b.id, b.state, b.line_id, b.subscriber_id, l.msisdn FROM callbacks b JOIN lines l ON l.id = b.line_id
         WHERE b.public_id = $1 FOR UPDATE OF b`,
        [callbackPublicId],
      );
      if (!cb) throw notFound('callback_not_found', 'No callback request with this id.');
      if (cb.msisdn !== msisdn) throw unprocessable('callback_mismatch', 'This callback was asked for another number.');
      if (cb.state !== 'waiting') throw conflict('callback_not_waiting', `This callback is ${cb.state}, not waiting.`, { state: cb.state });
      const [live] = await tx.query<{ public_id: string; agent: string | null }>(`SELECT public_id, agent FROM calls WHERE callback_id = $1 AND state <> 'ended'`, [cb.id]);
      if (live) throw conflict('callback_in_progress', 'Someone is already returning this callback.', { callId: live.public_id, agent: live.agent });
      callbackId = cb.id;
      line = { id: cb.line_id, subscriber_id: cb.subscriber_id };
    } else {
      line = await findLiveLine(tx, msisdn);
    }
    const direction = callbackId === null ? 'in' : 'out';
    const call = await insertCall(tx, { msisdn, direction, state: 'active', line, agent: actor.user, callbackId, now });
    await auditCall(tx, now, actor, 'call.started', msisdn, { callId: call.publicId, direction, known: line !== undefined, ...(callbackPublicId ? { callbackId: callbackPublicId } : {}) });
    return { call: await readCall(tx, call.id) };
  });
}

/** The agent takes a ringing call. Answering one's own call again is harmless; someone else's is 409. */
export async function answerCall(ctx: AppContext, actor: StaffActor, publicId: string) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const k = await lockCall(tx, publicId);
    if (k.state === 'ended') throw callEnded();
    if (k.state === 'active') {
      if (k.agent !== actor.user) throw conflict('call_taken', `${k.agent} has already answered this call.`, { agent: k.agent });
      return { call: await readCall(tx, k.id) };
    }
    await tx.query(`UPDATE calls SET state = 'active', agent = $2, answered_at = $3 WHERE id = $1`, [k.id, actor.user, now]);
    await auditCall(tx, now, actor, 'call.answered', k.msisdn, { callId: k.public_id });
    return { call: await readCall(tx, k.id) };
  });
}

/** The call with what the desk may see of its caller (name masked); the look is on record. */
export async function getCall(ctx: AppContext, actor: StaffActor, publicId: string) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [k] = await tx.query<CallViewRow>(`${viewSql} WHERE k.public_id = $1`, [publicId]);
    if (!k) throw notFound('call_not_found', 'No call with this id.');
    const caller = await callerView(ctx, tx, k.msisdn, k.line_id, now);
    await auditCall(tx, now, actor, 'personal_data.read', k.msisdn, { via: 'call', callId: k.public_id, subscriberId: k.subscriber_id, fields: caller.known ? ['name'] : [], masked: true });
    return { call: callView(k), caller };
  });
}

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
    const k = await lockCall(tx, publicId);
    if (k.state === 'ended') throw callEnded();
    if (k.state === 'ringing') throw conflict('call_not_answered', 'Answer the call before checking who is calling.');
    requireOwnCall(k, actor, false);
    if (k.failed_checks >= maxFailedChecks) {
      // Committed on purpose: a try on a locked call is worth a row in the trail.
      await auditCall(tx, now, actor, 'call.verification_locked', k.msisdn, { callId: k.public_id, fact });
      return { locked: 'call' as const };
    }
    const [earlier] = await tx.query<{ n: number }>(
      'SELECT coalesce(sum(failed_checks), 0)::int AS n FROM calls WHERE msisdn = $1 AND id <> $2 AND received_at > $3',
      [k.msisdn, k.id, new Date(now.getTime() - numberLockMs)],
    );
    if (earlier!.n + k.failed_checks >= maxFailedChecksPerNumber) {
      await auditCall(tx, now, actor, 'call.verification_locked', k.msisdn, { callId: k.public_id, fact, failedChecksForNumber: earlier!.n + k.failed_checks });
      return { locked: 'number' as const };
    }
    const recorded = await recordedFact(ctx, tx, k, fact);
    const matched = same(ctx.secret, normalise[fact](recorded ?? '\u0000'), normalise[fact](answer));
    const confirmed = matched && recorded !== null;
    const facts = confirmed ? inFactOrder([...k.facts, fact]) : inFactOrder(k.facts);
    const failed = confirmed ? k.failed_checks : k.failed_checks + 1;
    await tx.query('UPDATE calls SET facts = $2, failed_checks = $3 WHERE id = $1', [k.id, JSON.stringify(facts), failed]);
    await auditCall(tx, now, actor, 'call.fact_checked', k.msisdn, { callId: k.public_id, fact, confirmed, failedChecks: failed, verified: isVerified(facts) });
    return { locked: null, body: { fact, confirmed, facts, verified: isVerified(facts), triesLeft: Math.max(Math.min(maxFailedChecks - failed, maxFailedChecksPerNumber - earlier!.n - failed), 0) } };
  });
  if (result.locked === 'call') throw conflict('verification_locked', `${maxFailedChecks} wrong answers on this call: verification is locked. End the call as not_verified.`);
  if (result.locked === 'number') {
    throw conflict('caller_locked', `${maxFailedChecksPerNumber} wrong answers for this number in the last 24 hours: the hotline cannot verify this caller today. The holder can verify in the portal, or at a store with an identity document.`);
  }
  return result.body!;
}

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
  if (k.case_id !== null) {
    const [c] = await tx.query<{ id: number; reference: string }>('SELECT id, reference FROM cases WHERE id = $1', [k.case_id]);
    return c;
  }
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
    const k = await lockCall(tx, publicId);
    if (k.state === 'ended') throw callEnded();
    // A ringing call nobody took (the caller hung up) may be closed by anyone on the desk.
    if (k.state === 'active') requireOwnCall(k, actor, true);
    const c = await caseForCall(tx, k, ending.reference);
    const [sub] = k.subscriber_id === null ? [] : await tx.query<{ language: Language }>('SELECT language FROM subscribers WHERE id = $1', [k.subscriber_id]);
    const subject = `Call ${ending.outcome}`;
    // The agent's note may carry what the caller said about themselves: it stays sealed on the call.
    const text = ending.note === undefined ? ending.outcome : `${ending.outcome} (note kept with the call)`;
    const [comm] = await tx.query<{ id: number }>(
      `INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id, created_at, sent_at)
       VALUES ($1, $2, 'phone', $3, 'call_log', $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
      [c?.id ?? null, k.subscriber_id, k.direction, sub?.language ?? languageOfNumber(k.msisdn), ctx.vault.seal(k.msisdn), subject, text,
        k.direction === 'in' ? 'received' : 'sent', `<call-${k.public_id}@lastcall.invalid>`, now],
    );
    await tx.query(
      `UPDATE calls SET state = 'ended', outcome = $2, note = $3, ended_at = $4, communication_id = $5, case_id = $6 WHERE id = $1`,
      [k.id, ending.outcome, ending.note === undefined ? null : ctx.vault.seal(ending.note), now, comm!.id, c?.id ?? null],
    );
    await auditCall(tx, now, actor, 'call.ended', k.msisdn, {
      callId: k.public_id, outcome: ending.outcome, direction: k.direction, agent: k.agent, communicationId: comm!.id, reference: c?.reference ?? null,
      sha256: crypto.createHash('sha256').update(`${subject}\n${text}`).digest('hex'),
    });
    if (k.callback_id !== null && ending.outcome !== 'no_answer') {
      const done = await tx.query<{ public_id: string }>(
        `UPDATE callbacks SET state = 'done', handled_at = $2, handled_by = $3 WHERE id = $1 AND state = 'waiting' RETURNING public_id`,
        [k.callback_id, now, actor.user],
      );
      if (done[0]) await auditCall(tx, now, actor, 'callback.handled', k.msisdn, { callbackId: done[0].public_id, callId: k.public_id });
    }
    if (c) await recordCaseEvent(tx, c.id, { type: 'call_logged', actor: actorLabel(actor), at: now, data: { callId: k.public_id, outcome: ending.outcome, direction: k.direction, agent: k.agent } });
    return { call: await readCall(tx, k.id) };
  });
}

/** Calls in one state: ringing and active ones in the order they came (the pop-up takes the oldest), ended ones newest first. */
export async function listCalls(ctx: AppContext, actor: StaffActor, state?: CallState) {
  requirePermission(actor, 'call.handle');
  const order = state === 'ringing' || state === 'active' ? 'ASC' : 'DESC';
  const rows = await ctx.db.query<CallViewRow>(
    `${viewSql} WHERE ($1::text IS NULL OR k.state = $1) ORDER BY k.received_at ${order}, k.id ${order} LIMIT 200`,
    [state ?? null],
  );
  return { items: rows.map(callView) };
}

/** The caller pop-up: who the number belongs to (name masked), their cases and callbacks. */
async function callerView(ctx: AppContext, tx: Tx, msisdn: string, lineId: number | null, now: Date) {
  const line = lineId === null ? undefined : await findLineById(tx, lineId);
  if (!line) return { msisdn, known: false as const, cases: [], callbacks: [], duplicates: [] };
  const subscriber = (await findSubscriber(tx, ctx.vault, line.subscriber_id))!;
  const cases = await tx.query<CaseRow>('SELECT * FROM cases WHERE line_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT 50', [line.id]);
  const callbacks = await tx.query<{ public_id: string; state: CallbackState; preferred_time: string | null; requested_at: Date }>(
    'SELECT public_id, state, preferred_time, requested_at FROM callbacks WHERE line_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 50',
    [line.id],
  );
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

/**
 * Callback requests in one state, oldest first: the phone masked, the name masked, the note as
 * the customer wrote it. Each one shown is a look at that caller's data, filed under their number.
 */
export async function listCallbacks(ctx: AppContext, actor: StaffActor, state: CallbackState) {
  requirePermission(actor, 'call.handle');
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const rows = await tx.query<{
      id: number; public_id: string; subscriber_id: number; region: string; language: Language; phone: string; preferred_time: string | null;
      note: string | null; state: CallbackState; requested_at: Date; handled_at: Date | null; handled_by: string | null; msisdn: string;
    }>(
      `SELECT b.id, b.public_id, b.subscriber_id, b.region, b.language, b.phone, b.preferred_time, b.note, b.state, b.requested_at,
         b.handled_at, b.handled_by, l.msisdn
       FROM callbacks b JOIN lines l ON l.id = b.line_id WHERE b.state = $1 ORDER BY b.requested_at, b.id LIMIT 200`,
      [state],
    );
    const subscribers = new Map<number, SubscriberRow>();
    const items = [];
    for (const b of rows) {
      if (!subscribers.has(b.subscriber_id)) subscribers.set(b.subscriber_id, (await findSubscriber(tx, ctx.vault, b.subscriber_id))!);
      items.push({
        id: b.public_id,
        msisdn: b.msisdn,
        maskedName: maskName(subscribers.get(b.subscriber_id)!.legal_name),
        region: b.region,
        language: b.language,
        phone: maskMsisdn(await ctx.vault.open(b.phone)),
        preferredTime: b.preferred_time,
        note: await ctx.vault.openOptional(b.note),
        state: b.state,
        requestedAt: b.requested_at.toISOString(),
        handledAt: b.handled_at?.toISOString() ?? null,
        handledBy: b.handled_by,
      });
      await auditCall(tx, now, actor, 'personal_data.read', b.msisdn, { via: 'callbacks', callbackId: b.public_id, subscriberId: b.subscriber_id, fields: ['name', 'phone', 'note'], masked: true });
    }
    return { items };
  });
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * For opening a case on a caller's behalf (in the caller's transaction): the call must be live,
 * for this number, and have confirmed the caller's name and ID number. Locks the call row.
 */
export async function verifiedCallFor(tx: Tx, callPublicId: string, msisdn: string): Promise<{ id: number }> {
  const notVerified = () => conflict('caller_not_verified', 'This call has not verified the caller of this number (name and ID number); verify them on the call first.');
  if (!uuidPattern.test(callPublicId)) throw notVerified();
  const [k] = await tx.query<{ id: number; msisdn: string; state: CallState; facts: CallFact[] }>(
    'SELECT id, msisdn, state, facts FROM calls WHERE public_id = $1 FOR UPDATE',
    [callPublicId],
  );
  if (!k || k.state === 'ended' || k.msisdn !== msisdn || !isVerified(k.facts)) throw notVerified();
  return { id: k.id };
}

/** Files the call under the case opened on it, so ending the call logs it there. */
export async function linkCallToCase(tx: Tx, callId: number, caseId: number): Promise<void> {
  await tx.query('UPDATE calls SET case_id = $2 WHERE id = $1', [callId, caseId]);
}
