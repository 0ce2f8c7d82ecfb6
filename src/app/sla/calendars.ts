import type { CalendarYear, WorkingCalendar } from '../../domain/calendar.js';
import { calendarFor } from '../../domain/calendar.js';
import type { RegionSettings } from '../../domain/region.js';
import { unprocessable } from '../../domain/errors.js';
import type { Database } from '../../store/db.js';
import { loadCalendarYears, loadRegions } from '../../store/calendar-files.js';
import { readCalendarYears, seedCalendarYear } from '../../store/calendars.js';

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

export { readCalendarYears };

/** Seeds the shipped calendar files that the database does not hold yet, then reads them all. */
export async function openCalendarBook(db: Database): Promise<CalendarBook> {
  for (const year of await loadCalendarYears()) {
    await seedCalendarYear(db, year);
  }
  return new CalendarBook(await loadRegions(), await readCalendarYears(db));
}
