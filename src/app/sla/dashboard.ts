import type { IsoDate } from '../../domain/calendar.js';
import { addDays } from '../../domain/calendar.js';
import type { CaseState } from '../../domain/case-machine.js';
import { dashboardPeriod, periodProblem, slaFigures, type SlaChannel, type SlaFigures } from '../../domain/sla-figures.js';
import { unprocessable } from '../../domain/errors.js';
import type { Database } from '../../store/db.js';
import type { CalendarBook } from './calendars.js';
import type { Clock } from '../context.js';

/** What the figures need: the HTTP route passes its AppContext, the CLI builds this much. */
export interface DashboardDeps {
  db: Pick<Database, 'transaction'>;
  calendars: Pick<CalendarBook, 'calendar' | 'regions'>;
  clock: Clock;
}

export interface DashboardPeriod {
  from?: IsoDate | undefined;
  to?: IsoDate | undefined;
}

interface CaseFiguresRow {
  reference: string;
  channel: SlaChannel;
  region: string;
  state: CaseState;
  received_on: string;
  due_on: string;
  decided_at: Date | string | null;
  breached: boolean;
  pause_reason: string | null;
  reasons: string[] | null;
  pauses: number;
  info_requests: number;
}

/** Today's date where the day starts first: the default period then holds every region's today. */
function latestToday(deps: DashboardDeps, now: Date): IsoDate {
  const days = Object.keys(deps.calendars.regions).map((r) => deps.calendars.calendar(r).localDateTime(now).date);
  return days.length > 0 ? days.reduce((a, b) => (a > b ? a : b)) : now.toISOString().slice(0, 10);
}

/**
 * The supervisor's SLA figures for [from, to] (default: the 8 ISO weeks up to today), from one
 * read-only snapshot. Compliance counts cases decided in the period, intake cases submitted in it,
 * both by the local day of the case's region; open cases, ageing and callbacks are as of now.
 */
export async function supervisorDashboard(deps: DashboardDeps, asked: DashboardPeriod = {}): Promise<SlaFigures> {
  const now = deps.clock.now();
  const { from, to } = dashboardPeriod(latestToday(deps, now), asked);
  const problem = periodProblem(from, to);
  if (problem) throw unprocessable('invalid_period', `The period is not valid: ${problem}.`, { from, to });
  // Local days run from UTC−12 to UTC+14: a day and two either side catch every instant of them.
  const windowStart = `${addDays(from, -1)}T00:00:00Z`;
  const windowEnd = `${addDays(to, 2)}T00:00:00Z`;
  const regions = Object.keys(deps.calendars.regions);
  const zones = regions.map((r) => deps.calendars.calendar(r).timeZone);

  const read = await deps.db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const cases = await tx.query<CaseFiguresRow>(
      `SELECT c.reference, c.channel, c.region, c.state, c.received_on, c.due_on, c.decided_at,
              c.sla_breached_at IS NOT NULL AS breached, c.pause_reason,
              p.reasons, coalesce(p.pauses, 0)::int AS pauses, coalesce(p.info_requests, 0)::int AS info_requests
         FROM cases c
         LEFT JOIN LATERAL (
           SELECT array_agg(DISTINCT coalesce(e.data->>'reason', 'other')) FILTER (WHERE e.type = 'sla_paused') AS reasons,
                  count(*) FILTER (WHERE e.type = 'sla_paused')::int AS pauses,
                  count(*) FILTER (WHERE e.type = 'request_info')::int AS info_requests
             FROM case_events e
            WHERE e.case_id = c.id AND e.type IN ('sla_paused', 'request_info')
         ) p ON true
        WHERE c.state IN ('submitted', 'in_review', 'awaiting_customer', 'approved')
           OR (c.state IN ('approved', 'rejected', 'completed') AND c.decided_at >= $1 AND c.decided_at < $2)`,
      [windowStart, windowEnd],
    );
    const intake = await tx.query<{ day: string; channel: SlaChannel; count: number }>(
      `SELECT day, channel, count(*)::int AS count
         FROM (SELECT (c.submitted_at AT TIME ZONE coalesce(z.tz, 'UTC'))::date AS day, c.channel
                 FROM cases c
                 LEFT JOIN unnest($3::text[], $4::text[]) AS z(region, tz) ON z.region = c.region
                WHERE c.submitted_at >= $1 AND c.submitted_at < $2) AS submitted
        WHERE day BETWEEN $5::date AND $6::date
        GROUP BY day, channel`,
      [windowStart, windowEnd, regions, zones, from, to],
    );
    const [callbacks] = await tx.query<{ waiting: number }>(`SELECT count(*)::int AS waiting FROM callbacks WHERE state = 'waiting'`);
    return { cases, intake, callbacksWaiting: callbacks?.waiting ?? 0 };
  });

  const today = new Map<string, IsoDate>();
  const todayIn = (region: string) => {
    let d = today.get(region);
    if (!d) today.set(region, (d = deps.calendars.calendar(region).localDateTime(now).date));
    return d;
  };
  return slaFigures({
    from,
    to,
    generatedAt: now,
    cases: read.cases.map((c) => ({
      reference: c.reference,
      channel: c.channel,
      region: c.region,
      state: c.state,
      receivedOn: c.received_on,
      dueOn: c.due_on,
      decidedOn: c.decided_at === null ? null : deps.calendars.calendar(c.region).localDateTime(new Date(c.decided_at)).date,
      breached: c.breached,
      pauseReasons: pauseReasons(c),
    })),
    intake: read.intake,
    callbacksWaiting: read.callbacksWaiting,
    today: todayIn,
    workingDaysBetween: (region, a, b) => deps.calendars.calendar(region).workingDaysBetween(a, b),
  });
}

/**
 * Every reason the case was paused for: its sla_paused events, the pause running now, and
 * 'other' for information requests older than sla_paused events (they carry no reason).
 */
function pauseReasons(c: CaseFiguresRow): string[] {
  const reasons = new Set(c.reasons ?? []);
  if (c.pause_reason) reasons.add(c.pause_reason);
  if (c.info_requests > c.pauses) reasons.add('other');
  return [...reasons];
}
