// Pure hotline service hours: whether the hotline is staffed at `now`, and when that changes.
import type { WorkingCalendar } from './calendar.js';
import { isHhMm } from './calendar.js';

/** opensAt / closesAt are ISO instants (Date#toISOString()). */
export interface ServiceHoursAnswer {
  open: boolean;
  opensAt?: string;
  closesAt?: string;
  provisional: boolean;
}

export function serviceHours(now: Date, calendar: WorkingCalendar, hours: { opens: string; closes: string }): ServiceHoursAnswer {
  if (!isHhMm(hours.opens) || !isHhMm(hours.closes) || hours.opens >= hours.closes) {
    throw new RangeError(`Invalid service hours ${JSON.stringify(hours)}: expected HH:MM with opens before closes`);
  }
  const local = calendar.localDateTime(now);
  const today = calendar.isWorkingDay(local.date);
  if (today.working && local.time >= hours.opens && local.time < hours.closes) {
    return {
      open: true,
      closesAt: calendar.zonedInstant(local.date, hours.closes).toISOString(),
      provisional: today.provisional,
    };
  }
  if (today.working && local.time < hours.opens) {
    return {
      open: false,
      opensAt: calendar.zonedInstant(local.date, hours.opens).toISOString(),
      provisional: today.provisional,
    };
  }
  const next = calendar.nextWorkingDay(local.date);
  return {
    open: false,
    opensAt: calendar.zonedInstant(next.date, hours.opens).toISOString(),
    // Today's status was consulted too: a guessed "non-working" today may be wrong.
    provisional: today.provisional || next.provisional,
  };
}
