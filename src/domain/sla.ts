import type { Dated, IsoDate, WorkingCalendar } from './calendar.js';
import { addDays } from './calendar.js';
import { isUndecided, type CaseState } from './case-machine.js';

/**
 * The 7-working-day promise. The clock runs from the receipt day; while the operator waits for
 * the customer it stops, and every working day of the pause moves the due day by one — up to a
 * cap on the case's paused days in all, so that asking again and again cannot stretch the promise.
 */
export const decisionWorkingDays = 7;

/** What the operator has configured around the promise. */
export interface SlaPolicy {
  /** Working days a case may spend paused in all; beyond them the clock runs while waiting. */
  pauseCapDays: number;
  /** Working days a case may wait for the customer before it is closed for want of an answer. */
  awaitingCloseDays: number;
}

export const defaultSlaPolicy: SlaPolicy = { pauseCapDays: 10, awaitingCloseDays: 10 };

/** Why the clock is paused: the reviewer picks one with every request for information. */
export const pauseReasons = ['documents', 'identity', 'bindings', 'balance', 'other'] as const;
export type PauseReason = (typeof pauseReasons)[number];

export interface SlaClock {
  receivedOn: IsoDate;
  /** Working days of earlier, finished pauses (uncapped). */
  pausedDays: number;
  pausedSince: IsoDate | null;
}

/**
 * Working days a pause has taken: those from the later of its start and the receipt day, up to
 * (not including) the day the clock restarts — a pause opened and answered on the same day costs nothing.
 */
export function pausedWorkingDays(cal: WorkingCalendar, clock: SlaClock, restartsOn: IsoDate): number {
  if (!clock.pausedSince) return 0;
  const from = clock.pausedSince > clock.receivedOn ? clock.pausedSince : clock.receivedOn;
  return cal.workingDaysBetween(from, restartsOn);
}

/** The paused days that move the due day: all of them, up to the cap. */
export function countedPausedDays(totalPausedDays: number, policy: SlaPolicy): number {
  return Math.min(totalPausedDays, policy.pauseCapDays);
}

/**
 * The due day as of `today`. While paused it assumes the clock restarts tomorrow at the
 * earliest, so the day shown moves on with every working day the customer has not replied —
 * until the pause cap is reached, after which it stands still.
 */
export function currentDueDay(cal: WorkingCalendar, clock: SlaClock, today: IsoDate, policy: SlaPolicy = defaultSlaPolicy): Dated {
  const ongoing = pausedWorkingDays(cal, clock, addDays(today, 1));
  return cal.dueDay(clock.receivedOn, decisionWorkingDays, countedPausedDays(clock.pausedDays + ongoing, policy));
}

/** True once the case's pauses (the running one included, through today) have used up the cap. */
export function pauseCapReached(cal: WorkingCalendar, clock: SlaClock, today: IsoDate, policy: SlaPolicy = defaultSlaPolicy): boolean {
  return clock.pausedDays + pausedWorkingDays(cal, clock, addDays(today, 1)) >= policy.pauseCapDays;
}

/**
 * True when a case has waited for the customer longer than the policy allows: `awaitingCloseDays`
 * whole working days have passed since the request (the request's own day not counted).
 */
export function waitedTooLong(cal: WorkingCalendar, pausedSince: IsoDate, today: IsoDate, policy: SlaPolicy = defaultSlaPolicy): boolean {
  return cal.workingDaysBetween(addDays(pausedSince, 1), addDays(today, 1)) > policy.awaitingCloseDays;
}

export type SlaBadge = 'on_track' | 'due_soon' | 'overdue' | 'paused';

/**
 * The badge a reviewer sees: due within 2 working days is "due soon"; past the due day is "overdue".
 * A case waiting for the customer is "paused" unless its pause cap is used up: then its clock runs.
 */
export function slaBadge(cal: WorkingCalendar, state: CaseState, dueOn: IsoDate, today: IsoDate, clockRunning = false): SlaBadge | null {
  if (state === 'awaiting_customer' && !clockRunning) return 'paused';
  if (!isUndecided(state)) return null;
  if (today > dueOn) return 'overdue';
  return cal.workingDaysBetween(today, dueOn) <= 2 ? 'due_soon' : 'on_track';
}
