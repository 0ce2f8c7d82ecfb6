import type { Queryable } from './db.js';
import type { CaseState } from '../domain/case-machine.js';
import type { CaseRow } from './cases.js';
import type { StaffRole } from '../domain/roles.js';
import type { StaffSessionRow } from './staff.js';
import { casesChangedSince } from './case-changes.js';

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
 * The session's staff member and the queue in ONE statement (one round trip, one snapshot): the
 * console polls the queue, and a session read before it doubled its trips. The session counts as
 * `findStaffSession` counts it (by its token's hash, before its absolute end, of an enabled
 * log-in); the cases are read only for a session not idle since `idleSince` whose role is in
 * `roles` (the caller still checks both, and the CSRF and last-use rules, on the session row).
 * `page` gets that condition for its WHERE and must select queueColumns, c.id, c.submitted_at and
 * matching; parameters $p to $p+4 are the token's hash, now, the idle limit, the roles and the
 * snapshot of the page the caller already holds (or null).
 *
 * That page is read again only if a transaction the snapshot did not see has changed a case since
 * (case_changes, migration 0019); otherwise `stale` is false and the caller's page is the page of
 * this statement's snapshot too, which comes back (`snapshot`) to be held in its place. A console
 * polled by a hundred reviewers reads the cases once per change, not once per poll.
 *
 * One row comes back (none: no such session), the page in it as one JSON array of arrays in
 * `order`: parsing fifty rows of thirteen columns field by field, with the session repeated on
 * each, was a quarter of the server's time on the console's most polled read.
 */
const withSession = (p: number, order: string, page: (admitted: string) => string) => `
SELECT s.username AS staff_username, s.role AS staff_role, s.csrf_token AS staff_csrf_token, floor(extract(epoch FROM s.last_seen_at) * 1000)::float8 AS staff_last_seen_ms,
       x.admitted, x.stale, pg_current_snapshot()::text AS snapshot, q.rows, coalesce(q.matching, 0) AS matching
  FROM (SELECT u.username, u.role, s.csrf_token, s.last_seen_at FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_id
         WHERE s.token_hash = $${p} AND s.expires_at > $${p + 1} AND u.disabled_at IS NULL) s
 CROSS JOIN LATERAL (
    SELECT s.last_seen_at >= $${p + 2} AND s.role = ANY($${p + 3}::text[]) AS admitted,
           ${casesChangedSince(`$${p + 4}`)} AS stale) x
  LEFT JOIN LATERAL (
    SELECT json_agg(json_build_array(${queueFields.map((f) => `c.${f}`).join(', ')}) ORDER BY ${order}) AS rows, max(c.matching) AS matching
      FROM (${page('x.admitted AND x.stale')}) c) q ON true`;

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

/**
 * The session and the first `limit` cases the filter selects, as listQueue pages them. `known`:
 * the snapshot of a page of the same filter the caller holds, to be read again only if changed.
 */
export async function listQueueForSession(
  db: Queryable,
  s: { tokenHash: string; now: Date; idleSince: Date; roles: readonly StaffRole[] },
  f: QueueFilter,
  sort: 'due' | 'submitted',
  limit: number,
  known: string | null = null,
): Promise<SessionQueueRead> {
  type Row = {
    staff_username: string; staff_role: StaffRole; staff_csrf_token: string; staff_last_seen_ms: number;
    admitted: boolean; stale: boolean; snapshot: string; rows: unknown[][] | null; matching: number;
  };
  let found: Row[];
  if (sort === 'due' && f.state === 'undecided' && f.channel === null) {
    const st = sessionUndecidedStatement(f.undecidedStates);
    found = await db.query<Row>(st.sql, [f.region, limit, s.tokenHash, s.now, s.idleSince, s.roles, known], st.name);
  } else {
    const st = sessionStatements[sort];
    found = await db.query<Row>(st.sql, [f.state, f.region, f.channel, f.undecidedStates, limit, s.tokenHash, s.now, s.idleSince, s.roles, known], st.name);
  }
  const [first] = found;
  if (!first) return { session: undefined, snapshot: '', page: null, unchanged: false };
  // Its last use comes as milliseconds (truncated as pg parses a timestamp).
  const session = { username: first.staff_username, role: first.staff_role, csrf_token: first.staff_csrf_token, last_seen_at: new Date(first.staff_last_seen_ms) };
  if (!first.admitted || !first.stale) return { session, snapshot: first.snapshot, page: null, unchanged: first.admitted };
  const rows = (first.rows ?? []).map(queueRowOf);
  return { session, snapshot: first.snapshot, page: { rows, matching: rows.length > 0 ? first.matching : 0 }, unchanged: false };
}
