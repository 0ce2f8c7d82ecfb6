import type { CalendarYear } from '../../domain/calendar.js';
import { undecidedStates } from '../../domain/case-machine.js';
import { currentDueDay, defaultSlaPolicy, type SlaPolicy } from '../../domain/sla.js';
import type { Database } from '../../store/db.js';
import { lockProvisionalCases, updateCase } from '../../store/cases.js';
import { readCalendarYears, saveCalendarYear } from '../../store/calendars.js';
import type { CalendarBook } from './calendars.js';
import { recordCaseEvent } from '../case-events.js';

/**
 * Loads official schedules (e.g. next year's, once published) and recomputes every open case
 * whose due day was provisional, writing the change into the case's history.
 */
export async function loadOfficialSchedules(db: Database, book: CalendarBook, years: CalendarYear[], at: Date, policy: SlaPolicy = defaultSlaPolicy) {
  return db.transaction(async (tx) => {
    for (const year of years) {
      book.settings(year.region);
      await saveCalendarYear(tx, year);
    }
    book.replaceYears(await readCalendarYears(tx));
    const regions = [...new Set(years.map((y) => y.region))];
    // A decided case keeps the due day it was decided against.
    const cases = await lockProvisionalCases(tx, regions, undecidedStates);
    const recomputed: { reference: string; from: string; to: string }[] = [];
    for (const c of cases) {
      const cal = book.calendar(c.region);
      const received = cal.receiptDay(c.submitted_at);
      const today = cal.localDateTime(at).date;
      const due = currentDueDay(cal, { receivedOn: received.date, pausedDays: c.sla_paused_days, pausedSince: c.paused_since }, today, policy);
      const provisional = received.provisional || due.provisional;
      await updateCase(tx, c.id, { received_on: received.date, due_on: due.date, due_provisional: provisional, due_calendar_version: cal.version() });
      await recordCaseEvent(tx, c.id, {
        type: 'sla_recomputed',
        actor: 'system',
        at,
        data: { calendarVersion: cal.version(), from: { receivedOn: c.received_on, dueOn: c.due_on }, to: { receivedOn: received.date, dueOn: due.date }, provisional },
      });
      recomputed.push({ reference: c.reference, from: c.due_on, to: due.date });
    }
    return { years: years.map((y) => `${y.region}-${y.year}`), recomputed };
  });
}
