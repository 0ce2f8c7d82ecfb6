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

/** Only what the queue shows and the SLA needs: not the frozen receipt, which is most of a row. */
export type QueueRow = Pick<
  CaseRow,
  | 'id' | 'reference' | 'state' | 'channel' | 'region' | 'received_on' | 'due_on' | 'due_provisional' | 'sla_paused_days'
  | 'paused_since' | 'pause_reason' | 'sla_breached_at' | 'duplicate_of' | 'assignee' | 'opened_by'
> & { msisdn: string };

const where = `($1::text IS NULL OR c.state = $1 OR ($1 = 'undecided' AND c.state = ANY($4::text[])))
     AND ($2::text IS NULL OR c.region = $2) AND ($3::text IS NULL OR c.channel = $3)`;

const params = (f: QueueFilter) => [f.state, f.region, f.channel, f.undecidedStates];

/** The first `limit` cases the filter selects, by stored due day or newest first. */
export async function listQueue(db: Queryable, f: QueueFilter, sort: 'due' | 'submitted', limit: number): Promise<QueueRow[]> {
  return db.query<QueueRow>(
    `SELECT c.id, c.reference, c.state, c.channel, c.region, c.received_on, c.due_on, c.due_provisional, c.sla_paused_days,
            c.paused_since, c.pause_reason, c.sla_breached_at, c.duplicate_of, c.assignee, c.opened_by, l.msisdn
     FROM cases c JOIN lines l ON l.id = c.line_id
     WHERE ${where}
     ORDER BY ${sort === 'due' ? 'c.due_on, c.id' : 'c.submitted_at DESC, c.id DESC'} LIMIT $5`,
    [...params(f), limit],
  );
}

export async function countQueue(db: Queryable, f: QueueFilter): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases c WHERE ${where}`, params(f));
  return row!.n;
}
