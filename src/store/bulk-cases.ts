import type { Queryable } from './db.js';
import type { CaseState } from '../domain/case-machine.js';
import type { Language } from '../domain/templates.js';
import type { LineStatus } from './lines.js';
import type { ArrayParam } from './array-literal.js';

/*
 * Set-based writes for bulk termination (CONTRACT §10): the same rows as apply → assign →
 * approve write one statement at a time, written here a batch at a time (one statement per
 * table), so a million lines do not cost a million round trips per table. Their array parameters
 * are read as `$n::text::T[]`: a JavaScript array or arrayLiteralBytes's text of one.
 */

/** A line a bulk batch took, with its holder. */
export interface BulkLineRow {
  id: number;
  msisdn: string;
  balance_minor: number;
  subscriber_id: number;
  region: string;
  language: Language;
  /** Sealed, as stored. */
  email: string;
}

/**
 * Marks the live lines of these numbers that can be ended — active or suspended, with no open case
 * — pending termination, and answers them with their holder. One pass that also locks them: an
 * application or a second bulk run touching one of them waits until this batch commits, and then
 * sees its case. (Locking first with SELECT … FOR UPDATE and updating after wrote every line
 * twice: a tenth of a batch's database time.)
 */
export async function takeLinesForBulk(tx: Queryable, msisdns: readonly string[], openStates: readonly CaseState[]): Promise<BulkLineRow[]> {
  return tx.query<BulkLineRow>(
    `WITH taken AS (
       UPDATE lines l SET status = 'pending_termination', updated_at = now()
        WHERE l.id = ANY(ARRAY(SELECT f.id FROM unnest($1::text[]) AS m(msisdn)
                                CROSS JOIN LATERAL (SELECT f.id FROM lines f WHERE f.msisdn = m.msisdn OFFSET 0) f))
          AND l.status IN ('active', 'suspended')
          AND NOT EXISTS (SELECT 1 FROM cases c WHERE c.line_id = l.id AND c.state = ANY($2::text[]) OFFSET 0)
       RETURNING l.id, l.msisdn, l.balance_minor, l.subscriber_id)
     SELECT t.id, t.msisdn, t.balance_minor::bigint AS balance_minor, t.subscriber_id, s.region, s.language, s.email
       FROM taken t JOIN subscribers s ON s.id = t.subscriber_id
      ORDER BY t.id`,
    [msisdns, openStates],
  );
}

/**
 * Why a bulk batch left these numbers alone, one row each: the status and open case of the
 * number's live line (null: no live line), and whether the number is held by a released line (ended,
 * and given back to the pool).
 */
export async function linesLeftByBulk(
  tx: Queryable,
  msisdns: readonly string[],
  openStates: readonly CaseState[],
): Promise<{ msisdn: string; status: LineStatus | null; open_reference: string | null; released: boolean }[]> {
  if (msisdns.length === 0) return [];
  return tx.query(
    `SELECT m.msisdn, l.status,
            (SELECT c.reference FROM cases c WHERE c.line_id = l.id AND c.state = ANY($2::text[]) LIMIT 1) AS open_reference,
            EXISTS (SELECT 1 FROM lines r WHERE r.msisdn = m.msisdn AND NOT r.live OFFSET 0) AS released
       FROM unnest($1::text[]) AS m(msisdn)
       LEFT JOIN LATERAL (SELECT l.id, l.status FROM lines l WHERE l.msisdn = m.msisdn AND l.live OFFSET 0) l ON true`,
    [msisdns, openStates],
  );
}

/**
 * Takes `n` serials of the year's gap-free counter at once; returns the last (the first is
 * last - n + 1). The counter row stays locked until commit, as nextSerial's does.
 */
export async function reserveSerials(tx: Queryable, year: number, n: number): Promise<number> {
  const [row] = await tx.query<{ last: number }>(
    `INSERT INTO reference_counters (year, last) VALUES ($1, $2)
     ON CONFLICT (year) DO UPDATE SET last = reference_counters.last + $2 RETURNING last`,
    [year, n],
  );
  return row!.last;
}

/**
 * Ids for `n` new cases and their notices, drawn from the tables' own identity sequences, so a
 * batch can send its cases, events, notices and jobs one after another without waiting to learn
 * the ids each insert made.
 */
export async function allocateCaseIds(tx: Queryable, n: number): Promise<{ caseIds: number[]; communicationIds: number[] }> {
  const rows = await tx.query<{ c: number; m: number }>(
    // The sequences looked up once, not per row (MATERIALIZED: inlined, the look-up cost ten times the numbers).
    `WITH s AS MATERIALIZED (
       SELECT pg_get_serial_sequence('cases', 'id')::regclass AS c, pg_get_serial_sequence('communications', 'id')::regclass AS m)
     SELECT nextval(s.c)::bigint AS c, nextval(s.m)::bigint AS m FROM s, generate_series(1, $1::int)`,
    [n],
  );
  return { caseIds: rows.map((r) => r.c), communicationIds: rows.map((r) => r.m) };
}

export interface BulkCases {
  ids: ArrayParam<number>;
  references: ArrayParam<string>;
  lineIds: ArrayParam<number>;
  subscriberIds: ArrayParam<number>;
  regions: ArrayParam<string>;
  languages: ArrayParam<Language>;
  /** JSON of the refund method, or null. */
  refunds: ArrayParam<string | null>;
  receivedOn: ArrayParam<string>;
  dueOn: ArrayParam<string>;
  dueProvisional: ArrayParam<boolean>;
  calendarVersions: ArrayParam<string>;
}

export interface BulkEvents {
  caseIds: ArrayParam<number>;
  seqs: ArrayParam<number>;
  types: ArrayParam<string>;
  from: ArrayParam<string | null>;
  to: ArrayParam<string | null>;
  actors: ArrayParam<string>;
  /** Every event's data in one JSON array (jsonArrayBytes: its elements' text is already JSON). */
  data: Buffer;
}

export interface BulkMessages {
  ids: ArrayParam<number>;
  caseIds: ArrayParam<number>;
  subscriberIds: ArrayParam<number>;
  languages: ArrayParam<Language>;
  recipients: ArrayParam<string>;
  subjects: ArrayParam<string>;
  /** Each line's number, put into its language's body where `standIns.msisdn` is. */
  msisdns: ArrayParam<string>;
  messageIds: ArrayParam<string>;
}

/**
 * The notices' bodies, one per language, with stand-ins where each line's number and reference go:
 * the statement fills them in, rather than a batch sending thousands of nearly equal texts.
 */
export interface BulkBodies {
  byLanguage: Partial<Record<Language, string>>;
  standIns: { msisdn: string; reference: string };
}

/**
 * Case events of cases not yet written, whose ids were drawn by allocateCaseIds and whose
 * sequence numbers the caller knows (1, 2, 3 …); their foreign key is checked at commit, by
 * when the cases must be in (insertBulkCasesWithNotices).
 */
export async function insertEventsBeforeCases(tx: Queryable, e: BulkEvents, at: Date): Promise<void> {
  await tx.query('SET CONSTRAINTS case_events_case_id_fkey DEFERRED');
  await tx.query(
    `INSERT INTO case_events (case_id, seq, type, from_state, to_state, actor, data, at)
     SELECT ci, sq, ty, fs, ts, ac, d::jsonb, $8
       FROM ROWS FROM (unnest($1::text::bigint[]), unnest($2::text::int[]), unnest($3::text::text[]), unnest($4::text::text[]),
                       unnest($5::text::text[]), unnest($6::text::text[]), json_array_elements($7::text::json)) AS t(ci, sq, ty, fs, ts, ac, d)`,
    [e.caseIds, e.seqs, e.types, e.from, e.to, e.actors, e.data, at],
  );
}

/**
 * Inserts approved bulk cases (opened by one supervisor, decided by the other) under ids from
 * allocateCaseIds and their notices (outgoing e-mails of one template, pending) in one statement:
 * one round trip instead of two, with the batch's reference counter held. The notices' foreign
 * key is checked at the end of the statement, when the cases are in.
 */
export async function insertBulkCasesWithNotices(
  tx: Queryable,
  c: BulkCases,
  m: BulkMessages & { template: string },
  bodies: BulkBodies,
  common: { reason: string; at: Date; openedBy: string; decidedBy: string },
): Promise<void> {
  await tx.query(
    `WITH new_cases AS (
       INSERT INTO cases (id, reference, line_id, subscriber_id, region, language, channel, reason, state, refund, acknowledgements,
                          submitted_at, received_on, due_on, due_provisional, due_calendar_version, assignee, opened_by,
                          decided_at, decided_by, decision_note)
       OVERRIDING SYSTEM VALUE
       SELECT id, r, li, si, rg, lg, 'bulk', $11, 'approved', rf::jsonb, '[]'::jsonb,
              $12, ro, du, dp, cv, $14, $13, $12, $14, $11
         FROM unnest($15::text::bigint[], $1::text::text[], $2::text::bigint[], $3::text::bigint[], $4::text::text[], $5::text::text[],
                     $6::text::text[], $7::text::date[], $8::text::date[], $9::text::boolean[], $10::text::text[]) AS t(id, r, li, si, rg, lg, rf, ro, du, dp, cv)),
     new_messages AS (
       INSERT INTO communications (id, case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id, created_at)
       OVERRIDING SYSTEM VALUE
       SELECT id, ci, si, 'email', 'out', $24, lg, rc, sb, replace(replace($25::jsonb ->> lg, $26, ms), $27, r), 'pending', mi, $12
         FROM unnest($16::text::bigint[], $17::text::bigint[], $18::text::bigint[], $19::text::text[], $20::text::text[], $21::text::text[],
                     $22::text::text[], $23::text::text[], $1::text::text[]) AS t(id, ci, si, lg, rc, sb, ms, mi, r))
     SELECT 1`,
    [
      c.references, c.lineIds, c.subscriberIds, c.regions, c.languages, c.refunds, c.receivedOn, c.dueOn, c.dueProvisional,
      c.calendarVersions, common.reason, common.at, common.openedBy, common.decidedBy, c.ids,
      m.ids, m.caseIds, m.subscriberIds, m.languages, m.recipients, m.subjects, m.msisdns, m.messageIds, m.template,
      JSON.stringify(bodies.byLanguage), bodies.standIns.msisdn, bodies.standIns.reference,
    ],
  );
}
