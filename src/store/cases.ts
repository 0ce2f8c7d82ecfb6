import type { Queryable } from './db.js';
import { openStates, type CaseState } from '../domain/case-machine.js';
import type { PauseReason } from '../domain/sla.js';
import type { Language } from '../domain/templates.js';
import type { CaseEventType } from '../domain/case-events.js';
import type { CaseChannel } from '../domain/channels.js';
import type { StoredRefund } from '../domain/refund.js';

export interface CaseRow {
  id: number;
  reference: string;
  line_id: number;
  subscriber_id: number;
  region: string;
  language: Language;
  channel: CaseChannel;
  reason: string;
  state: CaseState;
  refund: StoredRefund | null;
  /** A bank account's holder name and number, sealed JSON; null for any other refund. */
  refund_account: string | null;
  acknowledgements: string[];
  submitted_at: Date;
  received_on: string;
  due_on: string;
  due_provisional: boolean;
  due_calendar_version: string;
  sla_paused_days: number;
  paused_since: string | null;
  assignee: string | null;
  opened_by: string | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_note: string | null;
  completed_at: Date | null;
  pause_reason: PauseReason | null;
  sla_warned_at: Date | null;
  sla_breached_at: Date | null;
  sla_breached_due_on: string | null;
  duplicate_of: DuplicateRef[];
  receipt_sha256: string | null;
}

/** Another case of the same subscriber, opened through another channel close in time. */
export interface DuplicateRef {
  reference: string;
  channel: CaseChannel;
}

export interface CaseEventRow {
  seq: number;
  type: string;
  from_state: string | null;
  to_state: string | null;
  actor: string;
  data: Record<string, unknown>;
  at: Date;
}

export interface CommunicationRow {
  id: number;
  channel: 'email' | 'sms' | 'web' | 'phone';
  direction: 'out' | 'in';
  template: string;
  language: Language;
  recipient: string;
  subject: string;
  body: string;
  status: 'pending' | 'sent' | 'delivered' | 'failed' | 'received';
  created_at: Date;
  sent_at: Date | null;
}

/** Next serial of the year; the row lock serialises concurrent applications. */
export async function nextSerial(tx: Queryable, year: number): Promise<number> {
  const [row] = await tx.query<{ last: number }>(
    `INSERT INTO reference_counters (year, last) VALUES ($1, 1)
     ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + 1 RETURNING last`,
    [year],
  );
  return row!.last;
}

export interface NewCase {
  reference: string;
  lineId: number;
  subscriberId: number;
  region: string;
  language: Language;
  channel: CaseChannel;
  reason: string;
  refund: StoredRefund | null;
  /** Sealed by the vault: the bank account's holder name and number. */
  refundAccount: string | null;
  acknowledgements: string[];
  submittedAt: Date;
  receivedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  calendarVersion: string;
  openedBy: string | null;
  /** What the receipt proves (src/domain/receipt.ts) and its SHA-256, frozen at submission. */
  receipt: unknown;
  receiptSha256: string;
}

export async function insertCase(tx: Queryable, c: NewCase): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO cases (reference, line_id, subscriber_id, region, language, channel, reason, state, refund,
       acknowledgements, submitted_at, received_on, due_on, due_provisional, due_calendar_version, opened_by, receipt, receipt_sha256, refund_account)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'submitted', $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
    [
      c.reference, c.lineId, c.subscriberId, c.region, c.language, c.channel, c.reason,
      c.refund ? JSON.stringify(c.refund) : null, JSON.stringify(c.acknowledgements), c.submittedAt,
      c.receivedOn, c.dueOn, c.dueProvisional, c.calendarVersion, c.openedBy, JSON.stringify(c.receipt), c.receiptSha256, c.refundAccount,
    ],
  );
  return row!.id;
}

export async function findCase(tx: Queryable, reference: string, forUpdate = false): Promise<CaseRow | undefined> {
  const [row] = await tx.query<CaseRow>(`SELECT * FROM cases WHERE reference = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [reference]);
  return row;
}

export async function findCaseById(tx: Queryable, id: number, forUpdate = false): Promise<CaseRow | undefined> {
  const [row] = await tx.query<CaseRow>(`SELECT * FROM cases WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  return row;
}

export async function findCaseId(tx: Queryable, reference: string): Promise<number | undefined> {
  const [row] = await tx.query<{ id: number }>('SELECT id FROM cases WHERE reference = $1', [reference]);
  return row?.id;
}

/** The line's open case, if any (the database allows at most one). */
export async function findOpenCaseForLine(tx: Queryable, lineId: number): Promise<{ id: number; reference: string; state: CaseState } | undefined> {
  const [row] = await tx.query<{ id: number; reference: string; state: CaseState }>(
    'SELECT id, reference, state FROM cases WHERE line_id = $1 AND state = ANY($2::text[])',
    [lineId, openStates],
  );
  return row;
}

export async function countCases(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
  return row!.n;
}

/** Cases in `states` the SLA sweeper looks at: not yet flagged as breached, or in a state it still acts on after the flag. */
export async function listCasesToSweep(db: Queryable, states: readonly CaseState[], evenWhenBreached: readonly CaseState[]): Promise<number[]> {
  const rows = await db.query<{ id: number }>(
    `SELECT id FROM cases WHERE state = ANY($1::text[]) AND (sla_breached_at IS NULL OR state = ANY($2::text[])) ORDER BY due_on, id`,
    [states, evenWhenBreached],
  );
  return rows.map((r) => r.id);
}

/** Locks a case unless another transaction holds it: that one is deciding it right now. */
export async function lockCaseUnlessBusy(tx: Queryable, id: number): Promise<CaseRow | undefined> {
  const [row] = await tx.query<CaseRow>('SELECT * FROM cases WHERE id = $1 FOR UPDATE SKIP LOCKED', [id]);
  return row;
}

/** Cases of the regions in `states` whose due day rests on a provisional calendar, locked for recomputing. */
export async function lockProvisionalCases(tx: Queryable, regions: readonly string[], states: readonly CaseState[]): Promise<CaseRow[]> {
  return tx.query<CaseRow>(
    `SELECT * FROM cases WHERE due_provisional AND region = ANY($1::text[]) AND state = ANY($2::text[]) ORDER BY id FOR UPDATE`,
    [regions, states],
  );
}

type CaseUpdate = Partial<{
  state: CaseState;
  due_on: string;
  due_provisional: boolean;
  due_calendar_version: string;
  received_on: string;
  sla_paused_days: number;
  paused_since: string | null;
  pause_reason: PauseReason | null;
  sla_warned_at: Date;
  sla_breached_at: Date;
  sla_breached_due_on: string;
  assignee: string | null;
  decided_at: Date;
  decided_by: string;
  decision_note: string | null;
  completed_at: Date;
}>;

export async function updateCase(tx: Queryable, id: number, changes: CaseUpdate): Promise<void> {
  const keys = Object.keys(changes) as (keyof CaseUpdate)[];
  if (keys.length === 0) return;
  const sets = keys.map((k, i) => `${k} = $${i + 2}`).join(', ');
  await tx.query(`UPDATE cases SET ${sets}, updated_at = now() WHERE id = $1`, [id, ...keys.map((k) => changes[k])]);
}

export interface NewEvent {
  type: CaseEventType;
  from?: CaseState | null;
  to?: CaseState | null;
  actor: string;
  data?: Record<string, unknown>;
  at: Date;
}

/** Appends the event row with the case's next sequence number; the app's recordCaseEvent adds its audit row and follow-up jobs. */
export async function insertCaseEvent(tx: Queryable, caseId: number, e: NewEvent): Promise<{ seq: number; reference: string }> {
  const [row] = await tx.query<{ reference: string; seq: number }>(
    `INSERT INTO case_events (case_id, seq, type, from_state, to_state, actor, data, at)
     VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM case_events WHERE case_id = $1), $2, $3, $4, $5, $6, $7)
     RETURNING seq, (SELECT reference FROM cases WHERE id = $1) AS reference`,
    [caseId, e.type, e.from ?? null, e.to ?? null, e.actor, JSON.stringify(e.data ?? {}), e.at],
  );
  return row!;
}

export async function listEvents(tx: Queryable, caseId: number): Promise<CaseEventRow[]> {
  return tx.query<CaseEventRow>(
    'SELECT seq, type, from_state, to_state, actor, data, at FROM case_events WHERE case_id = $1 ORDER BY seq',
    [caseId],
  );
}

export async function listCommunications(tx: Queryable, caseId: number): Promise<CommunicationRow[]> {
  return tx.query<CommunicationRow>(
    `SELECT id, channel, direction, template, language, recipient, subject, body, status, created_at, sent_at
     FROM communications WHERE case_id = $1 ORDER BY id`,
    [caseId],
  );
}

/** A line's cases, newest first (the hotline's caller pop-up shows at most 50). */
export async function listCasesOfLine(tx: Queryable, lineId: number): Promise<CaseRow[]> {
  return tx.query<CaseRow>('SELECT * FROM cases WHERE line_id = $1 ORDER BY submitted_at DESC, id DESC LIMIT 50', [lineId]);
}

/** The case that ended the line (its newest completed one). */
export async function findCompletedCaseOfLine(tx: Queryable, lineId: number): Promise<{ id: number; reference: string; completed_at: Date } | undefined> {
  const [row] = await tx.query<{ id: number; reference: string; completed_at: Date }>(
    "SELECT id, reference, completed_at FROM cases WHERE line_id = $1 AND state = 'completed' ORDER BY completed_at DESC LIMIT 1",
    [lineId],
  );
  return row;
}
