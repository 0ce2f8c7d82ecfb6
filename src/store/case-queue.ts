import type { Queryable } from './db.js';
import type { CaseState } from '../domain/case-machine.js';
import type { CaseRow } from './cases.js';
import type { StaffRole } from '../domain/roles.js';
import type { StaffSessionRow } from './staff.js';
import { casesChangedSince } from './case-changes.js';
import { coalesced } from './coalesce.js';

export interface QueueFilter {
  /** A state, or 'undecided' for every state in `undecidedStates`. */
  state: string | null;
  region: string | null;
  channel: string | null;
  undecidedStates: readonly CaseState[];
}

/**
 * Only what the queue shows and the SLA needs: not the frozen receipt (most of a row), not the
 * line (the number is personal data the case page shows, and audits), the breach as a flag.
 */
export type QueueRow = Pick<
  CaseRow,
  'reference' | 'state' | 'channel' | 'region' | 'received_on' | 'due_on' | 'due_provisional' | 'sla_paused_days' | 'paused_since' | 'pause_reason' | 'duplicate_of' | 'assignee'
> & { breached: boolean };

/** The rows, and how many cases the filter selects in all (the rows stop at the limit). */
export interface QueuePage {
  rows: QueueRow[];
  matching: number;
}

// One statement per order, prepared once per connection: the count rides along as a window
// aggregate (every matching row is read for the sort anyway), so no second scan for it.
const queueColumns = `c.reference, c.state, c.channel, c.region, c.received_on, c.due_on, c.due_provisional, c.sla_paused_days,
       c.paused_since, c.pause_reason, c.sla_breached_at IS NOT NULL AS breached, c.duplicate_of, c.assignee`;
/** QueueRow's fields, in the order the session statements' JSON arrays hold them. */
const queueFields = [
  'reference', 'state', 'channel', 'region', 'received_on', 'due_on', 'due_provisional', 'sla_paused_days',
  'paused_since', 'pause_reason', 'breached', 'duplicate_of', 'assignee',
] as const satisfies readonly (keyof QueueRow)[];
// Written out rather than built from queueFields: a generic loop here was an eighth of the read's time.
const queueRowOf = (v: unknown[]): QueueRow => ({
  reference: v[0], state: v[1], channel: v[2], region: v[3], received_on: v[4], due_on: v[5], due_provisional: v[6], sla_paused_days: v[7],
  paused_since: v[8], pause_reason: v[9], breached: v[10], duplicate_of: v[11], assignee: v[12],
}) as QueueRow;
// `extra`: the session statements also select what their JSON array is ordered by.
const queueSelect = (extra = '') => `
SELECT ${queueColumns}${extra}, count(*) OVER ()::int AS matching
  FROM cases c
 WHERE ($1::text IS NULL OR c.state = $1 OR ($1 = 'undecided' AND c.state = ANY($4::text[])))
   AND ($2::text IS NULL OR c.region = $2) AND ($3::text IS NULL OR c.channel = $3)`;

const statements = {
  due: { name: 'queue_by_due', sql: `${queueSelect()} ORDER BY c.due_on, c.id LIMIT $5` },
  submitted: { name: 'queue_by_submitted', sql: `${queueSelect()} ORDER BY c.submitted_at DESC, c.id DESC LIMIT $5` },
} as const;

/** The first `limit` cases the filter selects, by stored due day or newest first, and how many it selects. */
export async function listQueue(db: Queryable, f: QueueFilter, sort: 'due' | 'submitted', limit: number): Promise<QueuePage> {
  const s = statements[sort];
  const found = await db.query<QueueRow & { matching: number }>(s.sql, [f.state, f.region, f.channel, f.undecidedStates, limit], s.name);
  // The count rides on every row; the page's rows are the rows without it, as the session statements give them.
  const rows = found.map(({ matching: _m, ...row }) => row);
  return { rows, matching: found[0]?.matching ?? 0 };
}

/**
 * The sessions' staff members and the queue in ONE statement (one round trip, one snapshot): the
 * console polls the queue, and a session read before it doubled its trips. Polls of the same
 * page that arrive together share the statement (store/coalesce.ts), one session each. A session
 * counts as `findStaffSession` counts it (by its token's hash, before its absolute end, of an
 * enabled log-in); the cases are read only if a session not idle since its poll's `idleSince`
 * whose role is in `roles` is among them, and each session's row says whether it is one (the
 * caller still checks both, and the CSRF and last-use rules, on the session row, and hands the
 * page only to such a session). `page` gets that condition for its WHERE and must select
 * queueColumns, c.id, c.submitted_at and matching; parameters $p to $p+4 are the polls' token
 * hashes, times and idle limits (arrays, one element a poll), the roles and the snapshot of the
 * page the caller already holds (or null).
 *
 * That page is read again only if a transaction the snapshot did not see has changed a case since
 * (case_changes, migration 0019); otherwise `stale` is false and the caller's page is the page of
 * this statement's snapshot too, which comes back (`snapshot`) to be held in its place. A console
 * polled by a hundred reviewers reads the cases once per change, not once per poll.
 *
 * One row per known session (`n`, its poll's place from 1), the page in each as one JSON array of
 * arrays in `order`, built once: parsing fifty rows of thirteen columns field by field, with the
 * session repeated on each, was a quarter of the server's time on the console's most polled read.
 */
const withSession = (p: number, order: string, page: (admitted: string) => string) => `
WITH s AS (
  SELECT q.n, u.username, u.role, s.csrf_token, s.last_seen_at, s.last_seen_at >= q.idle_since AND u.role = ANY($${p + 3}::text[]) AS admitted
    FROM unnest($${p}::text[], $${p + 1}::timestamptz[], $${p + 2}::timestamptz[]) WITH ORDINALITY AS q(token_hash, at, idle_since, n)
    JOIN staff_sessions s ON s.token_hash = q.token_hash AND s.expires_at > q.at
    JOIN staff_users u ON u.id = s.staff_id AND u.disabled_at IS NULL),
x AS (SELECT coalesce((SELECT bool_or(admitted) FROM s), false) AS admitted, ${casesChangedSince(`$${p + 4}`)} AS stale)
SELECT s.n::int AS n, s.username AS staff_username, s.role AS staff_role, s.csrf_token AS staff_csrf_token,
       floor(extract(epoch FROM s.last_seen_at) * 1000)::float8 AS staff_last_seen_ms,
       s.admitted, x.stale, pg_current_snapshot()::text AS snapshot, q.rows, coalesce(q.matching, 0) AS matching
  FROM s CROSS JOIN x
 CROSS JOIN (
    SELECT json_agg(json_build_array(${queueFields.map((f) => `c.${f}`).join(', ')}) ORDER BY ${order}) AS rows, max(c.matching) AS matching
      FROM (${page('(SELECT x.admitted AND x.stale FROM x)')}) c) q`;

const sessionQueueSql = (order: string) => withSession(6, order, (admitted) => `${queueSelect(', c.id, c.submitted_at')} AND ${admitted} ORDER BY ${order} LIMIT $5`);

const sessionStatements = {
  due: { name: 'session_queue_by_due', sql: sessionQueueSql('c.due_on, c.id') },
  submitted: { name: 'session_queue_by_submitted', sql: sessionQueueSql('c.submitted_at DESC, c.id DESC') },
} as const;

/**
 * The console's own page, polled by every reviewer: every undecided case (of one region, or all) by
 * due day. The general statement reads and sorts every matching case for the window count; this one
 * walks the partial index cases_open_due_id (whose predicate its literal states repeat, so the planner
 * may use it with any parameters) in due-day order and stops at the limit, and counts from the same
 * index. Over 2,010 undecided cases: PostgreSQL ran it 3,961 times a second against 625 for the
 * general statement (pgbench, 4 clients), and the HTTP queue went from about 300 to 600 req/s.
 */
const undecidedStatements = new Map<string, { name: string; sql: string }>();
const sessionUndecidedStatement = (states: readonly CaseState[]) => {
  // Named by its states, so a change to them is a new statement, never a stale prepared one; built
  // once, not on every poll.
  const name = `session_undecided_by_due:${states.join(',')}`;
  let st = undecidedStatements.get(name);
  if (!st) {
    const undecided = `IN (${states.map((state) => `'${state}'`).join(', ')})`;
    st = {
      name,
      sql: withSession(3, 'c.due_on, c.id', (admitted) => `
    SELECT ${queueColumns}, c.id, c.submitted_at,
           (SELECT count(*)::int FROM cases m WHERE m.state ${undecided} AND ($1::text IS NULL OR m.region = $1)) AS matching
      FROM cases c
     WHERE c.state ${undecided} AND ($1::text IS NULL OR c.region = $1) AND ${admitted}
     ORDER BY c.due_on, c.id LIMIT $2`),
    };
    undecidedStatements.set(name, st);
  }
  return st;
};

export interface SessionQueueRead {
  /** The session's row, as `findStaffSession` answers it; none: unknown, ended or disabled. */
  session: StaffSessionRow | undefined;
  /** The snapshot the read saw the cases in (pg_snapshot as text); '' without a session. */
  snapshot: string;
  /** The page, when the session may read it and `known` was not still the page (or not given). */
  page: QueuePage | null;
  /** The session may read the page and the page read in `known` is the page in `snapshot` too. */
  unchanged: boolean;
}

/** One poll of listQueueForSession, as its statement's batch carries it. */
interface SessionPoll {
  statement: { name: string; sql: string };
  params: unknown[];
  known: string | null;
  session: { tokenHash: string; now: Date; idleSince: Date; roles: readonly StaffRole[] };
}

type SessionRow = {
  n: number; staff_username: string; staff_role: StaffRole; staff_csrf_token: string; staff_last_seen_ms: number;
  admitted: boolean; stale: boolean; snapshot: string; rows: unknown[][] | null; matching: number;
};

function sessionReadOf(row: SessionRow | undefined): SessionQueueRead {
  if (!row) return { session: undefined, snapshot: '', page: null, unchanged: false };
  // Its last use comes as milliseconds (truncated as pg parses a timestamp).
  const session = { username: row.staff_username, role: row.staff_role, csrf_token: row.staff_csrf_token, last_seen_at: new Date(row.staff_last_seen_ms) };
  if (!row.admitted || !row.stale) return { session, snapshot: row.snapshot, page: null, unchanged: row.admitted };
  const rows = (row.rows ?? []).map(queueRowOf);
  return { session, snapshot: row.snapshot, page: { rows, matching: rows.length > 0 ? row.matching : 0 }, unchanged: false };
}

/** Polls of the same page with the same held snapshot go as one statement; others as their own. */
async function readPolls(db: Queryable, batch: SessionPoll[]): Promise<SessionQueueRead[]> {
  const groups = new Map<string, number[]>();
  batch.forEach((poll, i) => {
    const key = JSON.stringify([poll.statement.name, poll.params, poll.known, poll.session.roles]);
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const results: SessionQueueRead[] = new Array(batch.length);
  await Promise.all([...groups.values()].map(async (members) => {
    const first = batch[members[0]!]!;
    const polls = members.map((i) => batch[i]!.session);
    const found = await db.query<SessionRow>(first.statement.sql, [
      ...first.params, polls.map((p) => p.tokenHash), polls.map((p) => p.now), polls.map((p) => p.idleSince), first.session.roles, first.known,
    ], first.statement.name);
    const byPlace = new Map(found.map((r) => [r.n, r]));
    members.forEach((i, k) => (results[i] = sessionReadOf(byPlace.get(k + 1))));
  }));
  return results;
}

const pollReaders = new WeakMap<Queryable, (poll: SessionPoll) => Promise<SessionQueueRead>>();

/**
 * The session and the first `limit` cases the filter selects, as listQueue pages them. `known`:
 * the snapshot of a page of the same filter the caller holds, to be read again only if changed.
 */
export function listQueueForSession(
  db: Queryable,
  s: { tokenHash: string; now: Date; idleSince: Date; roles: readonly StaffRole[] },
  f: QueueFilter,
  sort: 'due' | 'submitted',
  limit: number,
  known: string | null = null,
): Promise<SessionQueueRead> {
  let read = pollReaders.get(db);
  // At most 32 polls a statement and two statements out at once, as the customer's read (customer-case.ts).
  if (!read) pollReaders.set(db, (read = coalesced<SessionPoll, SessionQueueRead>((batch) => readPolls(db, batch), { maxInFlight: 2, maxBatch: 32 })));
  const poll = sort === 'due' && f.state === 'undecided' && f.channel === null
    ? { statement: sessionUndecidedStatement(f.undecidedStates), params: [f.region, limit] }
    : { statement: sessionStatements[sort], params: [f.state, f.region, f.channel, f.undecidedStates, limit] };
  return read({ ...poll, known, session: s });
}
