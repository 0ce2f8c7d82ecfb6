import type { Dated, IsoDate, WorkingCalendar } from './calendar.js';
import { addDays } from './calendar.js';
import type { CaseState } from './case-machine.js';

/**
 * The 7-working-day promise. The clock runs from the receipt day; while the operator waits for
 * the customer it stops, and every working day of the pause moves the due day by one.
 */
export const decisionWorkingDays = 7;

export interface SlaClock {
  receivedOn: IsoDate;
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

/**
 * The due day as of `today`. While paused it assumes the clock restarts tomorrow at the
 * earliest, so the day shown moves on with every working day the customer has not replied.
 */
export function currentDueDay(cal: WorkingCalendar, clock: SlaClock, today: IsoDate): Dated {
  const ongoing = pausedWorkingDays(cal, clock, addDays(today, 1));
  return cal.dueDay(clock.receivedOn, decisionWorkingDays, clock.pausedDays + ongoing);
}

export type SlaBadge = 'on_track' | 'due_soon' | 'overdue' | 'paused';

/** The badge a reviewer sees: due within 2 working days is "due soon"; past the due day is "overdue". */
export function slaBadge(cal: WorkingCalendar, state: CaseState, dueOn: IsoDate, today: IsoDate): SlaBadge | null {
  if (state === 'awaiting_customer') return 'paused';
  if (state !== 'submitted' && state !== 'in_review') return null;
  if (today > dueOn) return 'overdue';
  return cal.workingDaysBetween(today, dueOn) <= 2 ? 'due_soon' : 'on_track';
}
