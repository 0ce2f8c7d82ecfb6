import type { IsoDate } from '../../domain/calendar.js';
import type { CaseChannel } from '../../domain/channels.js';
import { addDays } from '../../domain/calendar.js';
import { openStates } from '../../domain/case-machine.js';
import { dashboardPeriod, decisionStates, periodProblem, slaFigures, slaFiguresOfGroups, type SlaFigures } from '../../domain/sla-figures.js';
import { unprocessable } from '../../domain/errors.js';
import type { Database, Queryable } from '../../store/db.js';
import { coalesced } from '../../store/coalesce.js';
import { compactDashboardRollup, readDashboardRollup, readDashboardRows, type CaseFiguresRow, type DashboardRollup } from '../../store/dashboard.js';
import { HeldReads, heldView } from '../held-reads.js';
import { localDaysKey } from './local-days.js';
import type { CalendarBook } from './calendars.js';
import type { Clock } from '../context.js';
import { readNetworkDrift, type NetworkDrift } from '../network/nightly-check.js';

/** What the figures need: the HTTP route passes its AppContext, the CLI builds this much. */
export interface DashboardDeps {
  db: Pick<Database, 'transaction' | 'query'>;
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

/** Folds the rollup's rows of counts into one per key: the sweeps do it every few minutes. */
export async function compactDashboard(ctx: Pick<DashboardDeps, 'db'> & { db: Queryable }): Promise<void> {
  await compactDashboardRollup(ctx.db);
}

/** The period asked for, checked, and the instants around it that hold every local day of it in any region. */
function periodOf(deps: DashboardDeps, now: Date, asked: DashboardPeriod) {
  const { from, to } = dashboardPeriod(latestToday(deps, now), asked);
  const problem = periodProblem(from, to);
  if (problem) throw unprocessable('invalid_period', `The period is not valid: ${problem}.`, { from, to });
  // Local days run from UTC−12 to UTC+14: a day and two either side catch every instant of them.
  return { from, to, windowStart: `${addDays(from, -1)}T00:00:00Z`, windowEnd: `${addDays(to, 2)}T00:00:00Z` };
}

/**
 * The rollup's sums per window, held with the snapshot they were read in (held-reads.ts), and the
 * figures worked out from them while every region is on the same local day under the same
 * calendar and the callbacks waiting are as many: a supervisor's dashboard polled while no case
 * moves is neither summed again by the database nor worked out again here.
 */
const heldRollups = new WeakMap<DashboardDeps['db'], HeldReads<DashboardRollup, SlaFigures>>();
const heldRollupsOf = (deps: DashboardDeps) => {
  let reads = heldRollups.get(deps.db);
  if (!reads) heldRollups.set(deps.db, (reads = new HeldReads(() => Object.keys(deps.calendars.regions))));
  return reads;
};

/**
 * The supervisor's SLA figures for [from, to] (default: the 8 ISO weeks up to today), from the
 * rollup the database keeps as cases move (0013_dashboard_rollup.sql), read in one statement:
 * its rows count cases alike in what the figures read, so the read grows with days, not cases.
 * Compliance counts cases decided in the period, intake cases submitted in it, both by the local
 * day of the case's region (a rollup slot is 15 minutes, and every zone's offset a multiple of
 * them); open cases, ageing and callbacks are as of now.
 */
export async function supervisorDashboard(deps: DashboardDeps, asked: DashboardPeriod = {}): Promise<SupervisorDashboard> {
  const now = deps.clock.now();
  const { from, to, windowStart, windowEnd } = periodOf(deps, now, asked);
  const reads = heldRollupsOf(deps);
  const key = `${windowStart}|${windowEnd}`;
  const known = reads.get(key);
  const read = await readDashboardRollup(deps.db, { windowStart, windowEnd, openStates, decisionStates, known: known?.snapshot ?? null });
  const held = reads.hold(key, read.snapshot, read.rollup, known);
  const n = read.networkCheck;
  const networkDrift: NetworkDrift | null = n && { checkedAt: new Date(n.finished_at).toISOString(), provisioner: n.provisioner, checked: n.checked, differences: n.differences, failed: n.failed };
  const days = `${from}/${to}/${read.callbacksWaiting}/${localDaysKey(deps, held.regions, now)}`;
  const figures = heldView(held, days, () => figuresOf(deps, held.page, { from, to, now, callbacksWaiting: read.callbacksWaiting }));
  return { ...figures, generatedAt: now.toISOString(), networkDrift };
}

function figuresOf(deps: DashboardDeps, read: DashboardRollup, p: { from: IsoDate; to: IsoDate; now: Date; callbacksWaiting: number }): SlaFigures {
  const { from, to, now } = p;
  const localDay = (region: string, ms: number) => deps.calendars.calendar(region).localDateTime(new Date(ms)).date;
  const intake = new Map<string, { day: IsoDate; channel: CaseChannel; count: number }>();
  for (const r of read.intake) {
    const day = localDay(r.region, r.slot);
    if (day < from || day > to) continue;
    const key = `${day} ${r.channel}`;
    const known = intake.get(key);
    if (known) known.count += r.cases;
    else intake.set(key, { day, channel: r.channel, count: r.cases });
  }
  return slaFiguresOfGroups({
    from,
    to,
    generatedAt: now,
    open: read.open.map((o) => ({ region: o.region, state: o.state, receivedOn: o.received_on, dueOn: o.due_on, breached: o.breached, count: o.cases })),
    decided: read.decided.map((d) => ({
      channel: d.channel,
      state: d.state,
      dueOn: d.due_on,
      decidedOn: localDay(d.region, d.slot),
      breached: d.breached,
      pauseReasons: d.reasons,
      count: d.cases,
    })),
    intake: [...intake.values()],
    callbacksWaiting: p.callbacksWaiting,
    today: (region) => deps.calendars.calendar(region).localDateTime(now).date,
    workingDaysBetween: (region, a, b) => deps.calendars.calendar(region).workingDaysBetween(a, b),
  });
}

/**
 * The dashboard as the HTTP route serves it: supervisorDashboard, with requests for the same
 * period that arrive together answered by one read and one working-out (store/coalesce.ts). The
 * figures are the same for every reader of a period, and each batch is read after all its requests
 * arrived, so every answer is as current as its own read would have been. A period that is not
 * valid is refused for its own request, before it joins anything.
 */
export async function sharedSupervisorDashboard(deps: DashboardDeps, asked: DashboardPeriod = {}): Promise<SupervisorDashboard> {
  const { from, to } = periodOf(deps, deps.clock.now(), asked);
  let read = shared.get(deps);
  if (!read) {
    read = coalesced<{ from: IsoDate; to: IsoDate }, SupervisorDashboard>((batch) => {
      const byPeriod = new Map<string, Promise<SupervisorDashboard>>();
      return Promise.all(batch.map((p) => {
        const key = `${p.from}/${p.to}`;
        let figures = byPeriod.get(key);
        if (!figures) byPeriod.set(key, (figures = supervisorDashboard(deps, p)));
        return figures;
      }));
    }, { maxInFlight: 2, maxBatch: 64 });
    shared.set(deps, read);
  }
  return read({ from, to });
}

const shared = new WeakMap<DashboardDeps, (p: { from: IsoDate; to: IsoDate }) => Promise<SupervisorDashboard>>();

/**
 * The same figures as supervisorDashboard, from a read of every case in the period (what the
 * dashboard did before its rollup; kept to check the rollup against). Compliance counts cases decided in the period, intake cases submitted in it,
 * both by the local day of the case's region; open cases, ageing and callbacks are as of now.
 */
export async function supervisorDashboardByScan(deps: DashboardDeps, asked: DashboardPeriod = {}): Promise<SupervisorDashboard> {
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
