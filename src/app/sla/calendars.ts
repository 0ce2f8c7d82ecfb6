import type { CalendarYear, WorkingCalendar } from '../../domain/calendar.js';
import { calendarFor } from '../../domain/calendar.js';
import type { RegionSettings } from '../../domain/calendar-file.js';
import { unprocessable } from '../../domain/errors.js';
import type { Database, Queryable } from '../../store/db.js';
import { updateCase, type CaseRow } from '../../store/cases.js';
import { currentDueDay, defaultSlaPolicy, type SlaPolicy } from '../../domain/sla.js';
import { loadCalendarYears, loadRegions } from '../../store/calendar-files.js';
import { recordCaseEvent } from '../case-events.js';

/**
 * The working-day calendars of every region, held in memory and backed by the
 * calendar_years table (seeded from data/calendars, extended by `lastcall calendar load`).
 */
export class CalendarBook {
  private cache = new Map<string, WorkingCalendar>();

  constructor(
    readonly regions: Record<string, RegionSettings>,
    private years: CalendarYear[],
  ) {}

  has(region: string): boolean {
    return Object.hasOwn(this.regions, region);
  }

  settings(region: string): RegionSettings {
    if (!this.has(region)) throw unprocessable('unknown_region', `No calendar is loaded for region ${region}.`);
    return this.regions[region]!;
  }

  calendar(region: string): WorkingCalendar {
    let cal = this.cache.get(region);
    if (!cal) {
      this.settings(region);
      cal = calendarFor(region, this.regions, this.years);
      this.cache.set(region, cal);
    }
    return cal;
  }

  replaceYears(years: CalendarYear[]): void {
    this.years = years;
    this.cache.clear();
  }
}

export async function readCalendarYears(db: Queryable): Promise<CalendarYear[]> {
  const rows = await db.query<{ data: CalendarYear }>('SELECT data FROM calendar_years ORDER BY region, year');
  return rows.map((r) => r.data);
}

/** Seeds the shipped calendar files that the database does not hold yet, then reads them all. */
export async function openCalendarBook(db: Database): Promise<CalendarBook> {
  for (const year of await loadCalendarYears()) {
    await db.query(
      `INSERT INTO calendar_years (region, year, version, data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (region, year) DO NOTHING`,
      [year.region, year.year, year.version, JSON.stringify(year)],
    );
  }
  return new CalendarBook(await loadRegions(), await readCalendarYears(db));
}

/**
 * Loads official schedules (e.g. next year's, once published) and recomputes every open case
 * whose due day was provisional, writing the change into the case's history.
 */
export async function loadOfficialSchedules(db: Database, book: CalendarBook, years: CalendarYear[], at: Date, policy: SlaPolicy = defaultSlaPolicy) {
  return db.transaction(async (tx) => {
    for (const year of years) {
      book.settings(year.region);
      await tx.query(
        `INSERT INTO calendar_years (region, year, version, data) VALUES ($1, $2, $3, $4)
         ON CONFLICT (region, year) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, loaded_at = now()`,
        [year.region, year.year, year.version, JSON.stringify(year)],
      );
    }
    book.replaceYears(await readCalendarYears(tx));
    const regions = [...new Set(years.map((y) => y.region))];
    const cases = await tx.query<CaseRow>(
      `SELECT * FROM cases WHERE due_provisional AND region = ANY($1::text[])
         AND state IN ('submitted', 'in_review', 'awaiting_customer') ORDER BY id FOR UPDATE`,
      [regions],
    );
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
