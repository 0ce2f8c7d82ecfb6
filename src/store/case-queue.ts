import type { Queryable } from './db.js';
import type { CaseState } from '../domain/case-machine.js';
import type { CaseRow } from './cases.js';

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
const queueSql = (order: string) => `
SELECT c.reference, c.state, c.channel, c.region, c.received_on, c.due_on, c.due_provisional, c.sla_paused_days,
       c.paused_since, c.pause_reason, c.sla_breached_at IS NOT NULL AS breached, c.duplicate_of, c.assignee,
       count(*) OVER ()::int AS matching
  FROM cases c
 WHERE ($1::text IS NULL OR c.state = $1 OR ($1 = 'undecided' AND c.state = ANY($4::text[])))
   AND ($2::text IS NULL OR c.region = $2) AND ($3::text IS NULL OR c.channel = $3)
 ORDER BY ${order} LIMIT $5`;

const statements = {
  due: { name: 'queue_by_due', sql: queueSql('c.due_on, c.id') },
  submitted: { name: 'queue_by_submitted', sql: queueSql('c.submitted_at DESC, c.id DESC') },
} as const;

/** The first `limit` cases the filter selects, by stored due day or newest first, and how many it selects. */
export async function listQueue(db: Queryable, f: QueueFilter, sort: 'due' | 'submitted', limit: number): Promise<QueuePage> {
  const s = statements[sort];
  const rows = await db.query<QueueRow & { matching: number }>(s.sql, [f.state, f.region, f.channel, f.undecidedStates, limit], s.name);
  return { rows, matching: rows[0]?.matching ?? 0 };
}
