import type { Database, Queryable } from './db.js';
import type { CaseState } from '../domain/case-machine.js';
import type { CaseChannel } from '../domain/channels.js';
import type { CaseEventType } from '../domain/case-events.js';
import { casesChangedSince } from './case-changes.js';

/** A case as the supervisor's figures read it, with what its history says about pauses. */
export interface CaseFiguresRow {
  reference: string;
  channel: CaseChannel;
  region: string;
  state: CaseState;
  received_on: string;
  due_on: string;
  decided_at: Date | string | null;
  breached: boolean;
  pause_reason: string | null;
  /** The reasons of its sla_paused events. */
  reasons: string[] | null;
  pauses: number;
  info_requests: number;
}

export interface IntakeCountRow {
  day: string;
  channel: CaseChannel;
  count: number;
}

export interface DashboardQuery {
  /** Instants around the period wide enough to hold every local day of it, in any region. */
  windowStart: string;
  windowEnd: string;
  /** The period's first and last local day. */
  from: string;
  to: string;
  /** Each region with its time zone, to find the local day a case was submitted on. */
  regions: readonly string[];
  zones: readonly string[];
  /** Cases in these states are read whenever they were decided… */
  openStates: readonly CaseState[];
  /** …and cases in these only when decided within the window. */
  decisionStates: readonly CaseState[];
}

// An information request older than sla_paused events carries no reason: both are counted.
const pauseEvent: CaseEventType = 'sla_paused';
const infoEvent: CaseEventType = 'request_info';

/** Everything the figures need, from one read-only snapshot so the parts agree with each other. */
export async function readDashboardRows(db: Pick<Database, 'transaction'>, q: DashboardQuery) {
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const cases = await tx.query<CaseFiguresRow>(
      `SELECT c.reference, c.channel, c.region, c.state, c.received_on, c.due_on, c.decided_at,
              c.sla_breached_at IS NOT NULL AS breached, c.pause_reason,
              p.reasons, coalesce(p.pauses, 0)::int AS pauses, coalesce(p.info_requests, 0)::int AS info_requests
         FROM cases c
         LEFT JOIN LATERAL (
           SELECT array_agg(DISTINCT coalesce(e.data->>'reason', 'other')) FILTER (WHERE e.type = $5) AS reasons,
                  count(*) FILTER (WHERE e.type = $5)::int AS pauses,
                  count(*) FILTER (WHERE e.type = $6)::int AS info_requests
             FROM case_events e
            WHERE e.case_id = c.id AND e.type IN ($5, $6)
         ) p ON true
        WHERE c.state = ANY($3::text[])
           OR (c.state = ANY($4::text[]) AND c.decided_at >= $1 AND c.decided_at < $2)`,
      [q.windowStart, q.windowEnd, q.openStates, q.decisionStates, pauseEvent, infoEvent],
    );
    const intake = await tx.query<IntakeCountRow>(
      `SELECT day, channel, count(*)::int AS count
         FROM (SELECT (c.submitted_at AT TIME ZONE coalesce(z.tz, 'UTC'))::date AS day, c.channel
                 FROM cases c
                 LEFT JOIN unnest($3::text[], $4::text[]) AS z(region, tz) ON z.region = c.region
                WHERE c.submitted_at >= $1 AND c.submitted_at < $2) AS submitted
        WHERE day BETWEEN $5::date AND $6::date
        GROUP BY day, channel`,
      [q.windowStart, q.windowEnd, q.regions, q.zones, q.from, q.to],
    );
    const [callbacks] = await tx.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM callbacks WHERE state = 'waiting'`);
    return { cases, intake, callbacksWaiting: callbacks?.waiting ?? 0 };
  });
}

/** Open cases counted together (dashboard_open, 0013): alike in state, receipt day, due day and breach flag. */
export interface OpenCountRow {
  region: string;
  state: CaseState;
  received_on: string;
  due_on: string;
  breached: boolean;
  cases: number;
}

/** Decided cases counted together (dashboard_decided): `slot` is the decision's 15-minute slot, in ms since 1970. */
export interface DecidedCountRow {
  slot: number;
  region: string;
  channel: CaseChannel;
  state: CaseState;
  due_on: string;
  breached: boolean;
  reasons: string[];
  cases: number;
}

/** Applications counted together (dashboard_intake) by the 15-minute slot they came in. */
export interface IntakeSlotRow {
  slot: number;
  region: string;
  channel: CaseChannel;
  cases: number;
}

const slotMs = (col: string) => `floor(extract(epoch FROM ${col}) * 1000)::float8`;

/**
 * The dashboard's counts from the rollup kept by 0013's triggers, summed per key in one statement
 * (one snapshot): open cases in $3's states, decisions in $4's states within the window,
 * applications within the window, callbacks waiting, the last network comparison. As many rows as there are distinct days
 * (and changes since the last compaction), not cases. The rollup changes only with the cases
 * (its triggers are on them; compaction keeps every sum), so with $5, the snapshot of counts the
 * caller holds, they are summed again only if a case changed since; the statement's own snapshot
 * comes back to be held in its place.
 */
const rollupSql = `
SELECT x.stale, pg_current_snapshot()::text AS snapshot,
  CASE WHEN x.stale THEN (SELECT coalesce(json_agg(json_build_object('region', o.region, 'state', o.state, 'received_on', o.received_on, 'due_on', o.due_on,
                                              'breached', o.breached, 'cases', o.cases)), '[]')
     FROM (SELECT region, state, received_on, due_on, breached, sum(cases)::int AS cases FROM dashboard_open
            WHERE state = ANY($3::text[]) GROUP BY 1, 2, 3, 4, 5 HAVING sum(cases) <> 0) o) END AS open,
  CASE WHEN x.stale THEN (SELECT coalesce(json_agg(json_build_object('slot', ${slotMs('d.decided_slot')}, 'region', d.region, 'channel', d.channel, 'state', d.state,
                                              'due_on', d.due_on, 'breached', d.breached, 'reasons', d.reasons, 'cases', d.cases)), '[]')
     FROM (SELECT decided_slot, region, channel, state, due_on, breached, reasons, sum(cases)::int AS cases FROM dashboard_decided
            WHERE state = ANY($4::text[]) AND decided_slot >= $1 AND decided_slot < $2 GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(cases) <> 0) d) END AS decided,
  CASE WHEN x.stale THEN (SELECT coalesce(json_agg(json_build_object('slot', ${slotMs('i.submitted_slot')}, 'region', i.region, 'channel', i.channel, 'cases', i.cases)), '[]')
     FROM (SELECT submitted_slot, region, channel, sum(cases)::int AS cases FROM dashboard_intake
            WHERE submitted_slot >= $1 AND submitted_slot < $2 GROUP BY 1, 2, 3 HAVING sum(cases) <> 0) i) END AS intake,
  (SELECT count(*)::int FROM callbacks WHERE state = 'waiting') AS callbacks_waiting,
  (SELECT json_build_object('finished_at', ${slotMs('n.finished_at')}, 'provisioner', n.provisioner, 'checked', n.checked,
                            'differences', n.differences, 'failed', n.failed)
     FROM network_checks n WHERE n.finished_at IS NOT NULL ORDER BY n.finished_at DESC, n.id DESC LIMIT 1) AS network_check
  FROM (SELECT ${casesChangedSince('$5')} AS stale) x`;

/** The last finished comparison of the lines with the network, as the rollup read carries it (`finished_at` in ms since 1970). */
export interface LastNetworkCheck {
  finished_at: number;
  provisioner: string;
  checked: number;
  differences: number;
  failed: number;
}

/** Folds the rollup's rows of counts into one per key (the sweeps call it; see 0013). */
export async function compactDashboardRollup(db: Queryable): Promise<void> {
  await db.query('SELECT dashboard_rollup_compact()');
}

/** The rollup's sums: what a caller holds with the snapshot they were read in. */
export interface DashboardRollup {
  open: OpenCountRow[];
  decided: DecidedCountRow[];
  intake: IntakeSlotRow[];
}

export interface DashboardRollupRead {
  /** The snapshot the statement saw the cases in (pg_snapshot as text). */
  snapshot: string;
  /** The sums, unless `known` was given and no case changed since (then they are the held ones). */
  rollup: DashboardRollup | null;
  callbacksWaiting: number;
  networkCheck: LastNetworkCheck | null;
}

export async function readDashboardRollup(
  db: Queryable,
  q: Pick<DashboardQuery, 'windowStart' | 'windowEnd' | 'openStates' | 'decisionStates'> & { known: string | null },
): Promise<DashboardRollupRead> {
  const [row] = await db.query<{ stale: boolean; snapshot: string; open: OpenCountRow[]; decided: DecidedCountRow[]; intake: IntakeSlotRow[]; callbacks_waiting: number; network_check: LastNetworkCheck | null }>(
    rollupSql,
    [q.windowStart, q.windowEnd, q.openStates, q.decisionStates, q.known],
    'dashboard_rollup_read',
  );
  return {
    snapshot: row!.snapshot,
    rollup: row!.stale ? { open: row!.open, decided: row!.decided, intake: row!.intake } : null,
    callbacksWaiting: row!.callbacks_waiting,
    networkCheck: row!.network_check,
  };
}
