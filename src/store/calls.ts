import type { Queryable } from './db.js';
import type { CallDirection, CallFact, CallOutcome, CallState } from '../domain/hotline.js';
import type { Language } from '../domain/templates.js';

export interface CallRow {
  id: number;
  public_id: string;
  msisdn: string;
  direction: CallDirection;
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

/** A call as the desk shows it: with its case's reference and the callback it returns. */
export type CallViewRow = CallRow & { reference: string | null; callback_public_id: string | null };

const callColumns = `k.id, k.public_id, k.msisdn, k.direction, k.state, k.subscriber_id, k.line_id, k.case_id, k.callback_id,
  k.agent, k.facts, k.failed_checks, k.outcome, k.received_at, k.answered_at, k.ended_at`;
const viewSql = `SELECT ${callColumns}, c.reference, b.public_id AS callback_public_id
  FROM calls k LEFT JOIN cases c ON c.id = k.case_id LEFT JOIN callbacks b ON b.id = k.callback_id`;

export interface NewCall {
  publicId: string;
  msisdn: string;
  direction: CallDirection;
  state: 'ringing' | 'active';
  subscriberId: number | null;
  lineId: number | null;
  callbackId: number | null;
  agent: string | null;
  at: Date;
}

/** An active call starts answered: the agent who started it is on the line already. */
export async function insertCall(tx: Queryable, c: NewCall): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO calls (public_id, msisdn, direction, state, subscriber_id, line_id, callback_id, agent, received_at, answered_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [c.publicId, c.msisdn, c.direction, c.state, c.subscriberId, c.lineId, c.callbackId, c.agent, c.at, c.state === 'active' ? c.at : null],
  );
  return row!.id;
}

export async function findCallView(tx: Queryable, id: number): Promise<CallViewRow | undefined> {
  const [k] = await tx.query<CallViewRow>(`${viewSql} WHERE k.id = $1`, [id]);
  return k;
}

export async function findCallViewByPublicId(tx: Queryable, publicId: string): Promise<CallViewRow | undefined> {
  const [k] = await tx.query<CallViewRow>(`${viewSql} WHERE k.public_id = $1`, [publicId]);
  return k;
}

/** The call, locked until the transaction ends, so two agents cannot both answer or end it. */
export async function lockCall(tx: Queryable, publicId: string): Promise<CallRow | undefined> {
  const [k] = await tx.query<CallRow>(`SELECT ${callColumns} FROM calls k WHERE k.public_id = $1 FOR UPDATE`, [publicId]);
  return k;
}

/** Calls in one state (or all), oldest or newest first; the desk shows at most 200. */
export async function listCallViews(db: Queryable, state: CallState | undefined, order: 'oldest' | 'newest'): Promise<CallViewRow[]> {
  const dir = order === 'oldest' ? 'ASC' : 'DESC';
  return db.query<CallViewRow>(
    `${viewSql} WHERE ($1::text IS NULL OR k.state = $1) ORDER BY k.received_at ${dir}, k.id ${dir} LIMIT 200`,
    [state ?? null],
  );
}

export async function markCallAnswered(tx: Queryable, id: number, agent: string, at: Date): Promise<void> {
  await tx.query(`UPDATE calls SET state = 'active', agent = $2, answered_at = $3 WHERE id = $1`, [id, agent, at]);
}

export async function recordCallChecks(tx: Queryable, id: number, facts: readonly CallFact[], failedChecks: number): Promise<void> {
  await tx.query('UPDATE calls SET facts = $2, failed_checks = $3 WHERE id = $1', [id, JSON.stringify(facts), failedChecks]);
}

/** Wrong answers given for a number on its other calls received since `since`. */
export async function failedChecksForNumber(tx: Queryable, msisdn: string, exceptCallId: number, since: Date): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    'SELECT coalesce(sum(failed_checks), 0)::int AS n FROM calls WHERE msisdn = $1 AND id <> $2 AND received_at > $3',
    [msisdn, exceptCallId, since],
  );
  return row!.n;
}

export interface CallEnd {
  outcome: CallOutcome;
  /** Sealed by the caller. */
  note: string | null;
  at: Date;
  communicationId: number;
  caseId: number | null;
}

export async function markCallEnded(tx: Queryable, id: number, e: CallEnd): Promise<void> {
  await tx.query(
    `UPDATE calls SET state = 'ended', outcome = $2, note = $3, ended_at = $4, communication_id = $5, case_id = $6 WHERE id = $1`,
    [id, e.outcome, e.note, e.at, e.communicationId, e.caseId],
  );
}

/** The call still returning this callback, if any: one agent at a time returns it. */
export async function findLiveCallForCallback(tx: Queryable, callbackId: number): Promise<{ public_id: string; agent: string | null } | undefined> {
  const [k] = await tx.query<{ public_id: string; agent: string | null }>(
    `SELECT public_id, agent FROM calls WHERE callback_id = $1 AND state <> 'ended'`,
    [callbackId],
  );
  return k;
}

/** What opening a case on a call needs to know of it; the row stays locked until the case is in. */
export async function lockCallForCase(tx: Queryable, publicId: string): Promise<{ id: number; msisdn: string; state: CallState; facts: CallFact[] } | undefined> {
  const [k] = await tx.query<{ id: number; msisdn: string; state: CallState; facts: CallFact[] }>(
    'SELECT id, msisdn, state, facts FROM calls WHERE public_id = $1 FOR UPDATE',
    [publicId],
  );
  return k;
}

export async function setCallCase(tx: Queryable, callId: number, caseId: number): Promise<void> {
  await tx.query('UPDATE calls SET case_id = $2 WHERE id = $1', [callId, caseId]);
}

export interface CallLog {
  caseId: number | null;
  subscriberId: number | null;
  direction: CallDirection;
  language: Language;
  /** Sealed by the caller. */
  recipient: string;
  subject: string;
  body: string;
  messageId: string;
  at: Date;
}

/**
 * The call kept as a communication (channel phone): received when the caller rang, sent when
 * the desk rang out. It lives with the other communications so the case shows it in one list.
 */
export async function insertCallLog(tx: Queryable, log: CallLog): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id, created_at, sent_at)
     VALUES ($1, $2, 'phone', $3, 'call_log', $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
    [log.caseId, log.subscriberId, log.direction, log.language, log.recipient, log.subject, log.body,
      log.direction === 'in' ? 'received' : 'sent', log.messageId, log.at],
  );
  return row!.id;
}

/** A hotline call as a case's record shows it (staff view, evidence bundle). */
export interface CaseCallRow {
  public_id: string;
  msisdn: string;
  direction: CallDirection;
  agent: string | null;
  facts: CallFact[];
  failed_checks: number;
  outcome: CallOutcome | null;
  /** Sealed. */
  note: string | null;
  communication_id: number | null;
  received_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
}

export async function listCallsOfCase(tx: Queryable, caseId: number): Promise<CaseCallRow[]> {
  return tx.query<CaseCallRow>(
    `SELECT public_id, msisdn, direction, agent, facts, failed_checks, outcome, note, communication_id, received_at, answered_at, ended_at
     FROM calls WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
}
