import type { IsoDate } from '../../domain/calendar.js';
import { addDays } from '../../domain/calendar.js';
import { openStates } from '../../domain/case-machine.js';
import { dashboardPeriod, decisionStates, periodProblem, slaFigures, type SlaFigures } from '../../domain/sla-figures.js';
import { unprocessable } from '../../domain/errors.js';
import type { Database } from '../../store/db.js';
import { readDashboardRows, type CaseFiguresRow } from '../../store/dashboard.js';
import type { CalendarBook } from './calendars.js';
import type { Clock } from '../context.js';
import { readNetworkDrift, type NetworkDrift } from '../network/nightly-check.js';

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

/** Today's date where the day starts first: the default period then holds every region's today. */
function latestToday(deps: DashboardDeps, now: Date): IsoDate {
  const days = Object.keys(deps.calendars.regions).map((r) => deps.calendars.calendar(r).localDateTime(now).date);
  return days.length > 0 ? days.reduce((a, b) => (a > b ? a : b)) : now.toISOString().slice(0, 10);
}

/** The figures, and what the last nightly comparison of the lines with the network found. */
export type SupervisorDashboard = SlaFigures & { networkDrift: NetworkDrift | null };

/**
 * The supervisor's SLA figures for [from, to] (default: the 8 ISO weeks up to today), from one
 * read-only snapshot. Compliance counts cases decided in the period, intake cases submitted in it,
 * both by the local day of the case's region; open cases, ageing and callbacks are as of now.
 */
export async function supervisorDashboard(deps: DashboardDeps, asked: DashboardPeriod = {}): Promise<SupervisorDashboard> {
  const now = deps.clock.now();
  const { from, to } = dashboardPeriod(latestToday(deps, now), asked);
  const problem = periodProblem(from, to);
  if (problem) throw unprocessable('invalid_period', `The period is not valid: ${problem}.`, { from, to });
  // Local days run from UTC−12 to UTC+14: a day and two either side catch every instant of them.
  const windowStart = `${addDays(from, -1)}T00:00:00Z`;
  const windowEnd = `${addDays(to, 2)}T00:00:00Z`;
  const regions = Object.keys(deps.calendars.regions);

  const read = await readDashboardRows(deps.db, {
    windowStart,
    windowEnd,
    from,
    to,
    regions,
    zones: regions.map((r) => deps.calendars.calendar(r).timeZone),
    openStates,
    decisionStates,
  });

  const today = new Map<string, IsoDate>();
  const todayIn = (region: string) => {
    let d = today.get(region);
    if (!d) today.set(region, (d = deps.calendars.calendar(region).localDateTime(now).date));
    return d;
  };
  const networkDrift = await deps.db.transaction((tx) => readNetworkDrift(tx));
  const figures = slaFigures({
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
  return { ...figures, networkDrift };
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
