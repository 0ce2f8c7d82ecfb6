// The supervisor's SLA figures (docs/console-api.md, "Supervisor dashboard"), worked out from
// plain rows. Pure: the rows, the period and "today" are passed in; the app layer reads them.
import type { IsoDate } from './calendar.js';
import { addDays, isIsoDate, weekday } from './calendar.js';
import { undecidedStates, type CaseState } from './case-machine.js';
import { caseChannels, type CaseChannel } from './channels.js';

/** The reasons a reviewer picks when asking the customer for something, and "never paused". */
export const slaPauseReasons = ['none', 'documents', 'identity', 'bindings', 'balance', 'other'] as const;
export type SlaPauseReason = (typeof slaPauseReasons)[number];

export const ageingBuckets = ['0-2', '3-5', '6-7', '8-10', '>10'] as const;
export type AgeingBucket = (typeof ageingBuckets)[number];

/** The states counted as open "now"; approved is open until the line is off the network. */
export const openStatesShown = ['submitted', 'in_review', 'awaiting_customer', 'approved'] as const;
/** A case in one of these states was decided (withdrawn is no decision). */
export const decisionStates: readonly CaseState[] = ['approved', 'rejected', 'completed'];

/** A case as the figures need it; no personal data. */
export interface SlaCaseRow {
  reference: string;
  channel: CaseChannel;
  region: string;
  state: CaseState;
  receivedOn: IsoDate;
  dueOn: IsoDate;
  /** The local day (in the case's region) of the decision, or null when not decided. */
  decidedOn: IsoDate | null;
  /** The sweeper once saw it past its due day; never undone. */
  breached: boolean;
  /** Every reason the clock was paused for; empty when it never was. */
  pauseReasons: string[];
}

/** Cases submitted on a local day through a channel. */
export interface IntakeRow {
  day: IsoDate;
  channel: CaseChannel;
  count: number;
}

export interface SlaFiguresInput {
  from: IsoDate;
  to: IsoDate;
  generatedAt: Date;
  /** Open cases and decided ones (those decided outside [from, to] are left out here). */
  cases: SlaCaseRow[];
  intake: IntakeRow[];
  callbacksWaiting: number;
  /** Today's local date in a region. */
  today(region: string): IsoDate;
  /** Working days w of the region's calendar with from <= w < to. */
  workingDaysBetween(region: string, from: IsoDate, to: IsoDate): number;
}

export interface Compliance {
  decided: number;
  onTime: number;
  /** onTime / decided as a fraction from 0 to 1 (4 decimals); null when nothing was decided. */
  share: number | null;
}

export type IntakeDay = { day: IsoDate } & Record<CaseChannel, number>;

export interface SlaFigures {
  from: IsoDate;
  to: IsoDate;
  generatedAt: string;
  openByState: Record<(typeof openStatesShown)[number], number>;
  compliance: {
    overall: Compliance;
    byWeek: ({ week: string } & Compliance)[];
    byChannel: ({ channel: CaseChannel } & Compliance)[];
    byPauseReason: ({ reason: SlaPauseReason } & Compliance)[];
  };
  ageing: { bucket: AgeingBucket; count: number }[];
  intake: IntakeDay[];
  callbacksWaiting: number;
  /** Cases still waiting for a decision that breached: flagged by the sweeper, or past their due day now. */
  breachedOpen: number;
}

/** The longest period a dashboard or report covers: two years and a leap day. */
export const maxPeriodDays = 731;
/** The default period: the 8 ISO weeks up to today (this week and the 7 before it). */
export const defaultPeriodWeeks = 8;

/** The Monday of d's ISO week. */
export function isoWeekStart(d: IsoDate): IsoDate {
  return addDays(d, -((weekday(d) + 6) % 7));
}

// The dashboard asks for the same few hundred days on every read: each is worked out once.
const weekOfDay = new Map<IsoDate, string>();
const daysOfPeriod = new Map<string, readonly IsoDate[]>();
const remember = <K, V>(memo: Map<K, V>, key: K, value: V, most: number) => {
  if (memo.size >= most) memo.clear();
  memo.set(key, value);
  return value;
};

/** ISO 8601 week of a day, e.g. '2026-W48': the week belongs to the year of its Thursday. */
export function isoWeek(d: IsoDate): string {
  const known = weekOfDay.get(d);
  if (known !== undefined) return known;
  const thursday = addDays(isoWeekStart(d), 3);
  const year = thursday.slice(0, 4);
  // Week 1 is the week holding 4 January.
  const week = 1 + daysFrom(isoWeekStart(`${year}-01-04`), isoWeekStart(d)) / 7;
  return remember(weekOfDay, d, `${year}-W${String(week).padStart(2, '0')}`, 4096);
}

function daysFrom(a: IsoDate, b: IsoDate): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** Every day from `from` to `to`, both included (shared between calls: not to be changed). */
export function daysOf(from: IsoDate, to: IsoDate): readonly IsoDate[] {
  const key = `${from}/${to}`;
  const known = daysOfPeriod.get(key);
  if (known) return known;
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return remember(daysOfPeriod, key, Object.freeze(out), 64);
}

/** from/to as asked, with the defaults filled in; `to` defaults to today. */
export function dashboardPeriod(today: IsoDate, asked: { from?: IsoDate | undefined; to?: IsoDate | undefined } = {}): { from: IsoDate; to: IsoDate } {
  const to = asked.to ?? today;
  const from = asked.from ?? addDays(isoWeekStart(to), -7 * (defaultPeriodWeeks - 1));
  return { from, to };
}

/** Why a period cannot be reported on, in one line; null when it can. */
export function periodProblem(from: IsoDate, to: IsoDate): string | null {
  if (!isIsoDate(from)) return `from: ${JSON.stringify(from)} is not a date as YYYY-MM-DD`;
  if (!isIsoDate(to)) return `to: ${JSON.stringify(to)} is not a date as YYYY-MM-DD`;
  if (from > to) return `from (${from}) is after to (${to})`;
  if (daysFrom(from, to) + 1 > maxPeriodDays) return `the period from ${from} to ${to} is longer than ${maxPeriodDays} days`;
  return null;
}

/** Working days since the receipt day, as the histogram groups them. */
export function ageingBucket(workingDays: number): AgeingBucket {
  if (workingDays <= 2) return '0-2';
  if (workingDays <= 5) return '3-5';
  if (workingDays <= 7) return '6-7';
  if (workingDays <= 10) return '8-10';
  return '>10';
}

/** Decided when approved, rejected or completed with a decision day; withdrawn cases are no decision. */
export function isDecided<C extends Pick<SlaCaseRow, 'state' | 'decidedOn'>>(c: C): c is C & { decidedOn: IsoDate } {
  return decisionStates.includes(c.state) && c.decidedOn !== null;
}

/** On time: decided by the due day, and never flagged as breached (a breach is never undone). */
export function isOnTime(c: Pick<SlaCaseRow, 'dueOn' | 'breached'> & { decidedOn: IsoDate }): boolean {
  return c.decidedOn <= c.dueOn && !c.breached;
}

/** The reasons a case counts under; an unknown reason counts as 'other', a case never paused as 'none'. */
export function pauseReasonsOf(c: Pick<SlaCaseRow, 'pauseReasons'>): SlaPauseReason[] {
  if (c.pauseReasons.length === 0) return ['none'];
  const known = c.pauseReasons.map((r) => ((slaPauseReasons as readonly string[]).includes(r) && r !== 'none' ? (r as SlaPauseReason) : 'other'));
  return slaPauseReasons.filter((r) => known.includes(r));
}

class Tally {
  decided = 0;
  onTime = 0;
  add(onTime: boolean, n = 1) {
    this.decided += n;
    if (onTime) this.onTime += n;
  }
  figures(): Compliance {
    return { decided: this.decided, onTime: this.onTime, share: this.decided === 0 ? null : Math.round((this.onTime / this.decided) * 10_000) / 10_000 };
  }
}

function tallies<K extends string>(keys: readonly K[]): Map<K, Tally> {
  return new Map(keys.map((k) => [k, new Tally()]));
}

/** Cases alike in everything the open figures read, counted together (a rollup's row, or one case). */
export interface OpenGroup {
  region: string;
  state: CaseState;
  receivedOn: IsoDate;
  dueOn: IsoDate;
  breached: boolean;
  count: number;
}

/** Decided cases alike in everything compliance reads, counted together. */
export type DecidedGroup = Pick<SlaCaseRow, 'channel' | 'state' | 'dueOn' | 'decidedOn' | 'breached' | 'pauseReasons'> & { count: number };

/** The figures from one row per case (the full read). */
export function slaFigures(input: SlaFiguresInput): SlaFigures {
  const { cases, ...rest } = input;
  return slaFiguresOfGroups({ ...rest, open: cases.map((c) => ({ ...c, count: 1 })), decided: cases.map((c) => ({ ...c, count: 1 })) });
}

/** The figures from cases counted in groups (the dashboard's rollup): the same sums, weighted. */
export function slaFiguresOfGroups(input: Omit<SlaFiguresInput, 'cases'> & { open: OpenGroup[]; decided: DecidedGroup[] }): SlaFigures {
  const { from, to } = input;
  const problem = periodProblem(from, to);
  if (problem) throw new RangeError(problem);

  const weeks = [...new Set(daysOf(isoWeekStart(from), to).filter((_, i) => i % 7 === 0).map(isoWeek))];
  const overall = new Tally();
  const byWeek = tallies(weeks);
  const byChannel = tallies(caseChannels);
  const byReason = tallies(slaPauseReasons);

  const openByState = { submitted: 0, in_review: 0, awaiting_customer: 0, approved: 0 };
  const ageing = new Map<AgeingBucket, number>(ageingBuckets.map((b) => [b, 0]));
  let breachedOpen = 0;

  for (const c of input.open) {
    if (c.state in openByState) openByState[c.state as keyof typeof openByState] += c.count;
    if (undecidedStates.includes(c.state)) {
      const today = input.today(c.region);
      const bucket = ageingBucket(input.workingDaysBetween(c.region, c.receivedOn, today));
      ageing.set(bucket, ageing.get(bucket)! + c.count);
      // A paused case's stored due day moves on with every unanswered day, so only its flag counts.
      if (c.breached || (c.state !== 'awaiting_customer' && today > c.dueOn)) breachedOpen += c.count;
    }
  }
  for (const c of input.decided) {
    if (!isDecided(c) || c.decidedOn < from || c.decidedOn > to) continue;
    const onTime = isOnTime(c);
    overall.add(onTime, c.count);
    byWeek.get(isoWeek(c.decidedOn))!.add(onTime, c.count);
    byChannel.get(c.channel)?.add(onTime, c.count);
    for (const reason of pauseReasonsOf(c)) byReason.get(reason)!.add(onTime, c.count);
  }

  const noIntake = () => Object.fromEntries(caseChannels.map((ch) => [ch, 0])) as Record<CaseChannel, number>;
  const intake = new Map<IsoDate, IntakeDay>(daysOf(from, to).map((day) => [day, { day, ...noIntake() }]));
  for (const row of input.intake) {
    const day = intake.get(row.day);
    if (day && (caseChannels as readonly string[]).includes(row.channel)) day[row.channel] += row.count;
  }

  return {
    from,
    to,
    generatedAt: input.generatedAt.toISOString(),
    openByState,
    compliance: {
      overall: overall.figures(),
      byWeek: weeks.map((week) => ({ week, ...byWeek.get(week)!.figures() })),
      byChannel: caseChannels.map((channel) => ({ channel, ...byChannel.get(channel)!.figures() })),
      byPauseReason: slaPauseReasons.map((reason) => ({ reason, ...byReason.get(reason)!.figures() })),
    },
    ageing: ageingBuckets.map((bucket) => ({ bucket, count: ageing.get(bucket)! })),
    intake: [...intake.values()],
    callbacksWaiting: input.callbacksWaiting,
    breachedOpen,
  };
}
