import type { Queryable } from './db.js';
import type { CalendarYear } from '../domain/calendar.js';

export async function readCalendarYears(db: Queryable): Promise<CalendarYear[]> {
  const rows = await db.query<{ data: CalendarYear }>('SELECT data FROM calendar_years ORDER BY region, year');
  return rows.map((r) => r.data);
}

/** Adds a region-year the table does not hold yet; one already there (perhaps loaded later and newer) is kept. */
export async function seedCalendarYear(db: Queryable, year: CalendarYear): Promise<void> {
  await db.query(
    `INSERT INTO calendar_years (region, year, version, data) VALUES ($1, $2, $3, $4)
     ON CONFLICT (region, year) DO NOTHING`,
    [year.region, year.year, year.version, JSON.stringify(year)],
  );
}

/** Writes a region-year, replacing the one held (an official schedule replacing a provisional one). */
export async function saveCalendarYear(tx: Queryable, year: CalendarYear): Promise<void> {
  await tx.query(
    `INSERT INTO calendar_years (region, year, version, data) VALUES ($1, $2, $3, $4)
     ON CONFLICT (region, year) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data, loaded_at = now()`,
    [year.region, year.year, year.version, JSON.stringify(year)],
  );
}
