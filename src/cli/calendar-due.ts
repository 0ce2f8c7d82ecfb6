import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { calendarFor, type CalendarYear } from '../domain/calendar.js';
import { decisionWorkingDays } from '../domain/sla.js';
import { parseIsoInstant } from '../domain/validation.js';
import { readCalendarYears } from '../app/sla/calendars.js';
import { loadCalendarYears, loadRegions } from '../store/calendar-files.js';
import { openDatabase } from '../store/db.js';
import { UsageError } from './usage.js';

/**
 * The calendars in force: those in the database (which include schedules an operator loaded),
 * or the shipped files when the database is busy or not there yet.
 */
async function calendarsInForce(): Promise<{ years: CalendarYear[]; from: string }> {
  const shipped = await loadCalendarYears();
  const config = loadConfig();
  // Never create an embedded database just to answer a date question.
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'pgdata'))) return { years: shipped, from: 'files' };
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const stored = await readCalendarYears(db);
      const keys = new Set(stored.map((y) => `${y.region}-${y.year}`));
      return { years: [...stored, ...shipped.filter((y) => !keys.has(`${y.region}-${y.year}`))], from: 'database' };
    } finally {
      await db.close();
    }
  } catch {
    return { years: shipped, from: 'files' };
  }
}

export async function calendarDue(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { region: { type: 'string' }, submitted: { type: 'string' }, days: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  const regions = await loadRegions();
  if (!values.region || !Object.hasOwn(regions, values.region)) throw new UsageError(`--region: one of ${Object.keys(regions).join(', ')}`);
  const submitted = values.submitted ? parseIsoInstant(values.submitted) : null;
  if (!submitted) throw new UsageError('--submitted: an ISO 8601 time with its offset, e.g. 2026-09-30T19:00:00+08:00');
  const days = values.days === undefined ? decisionWorkingDays : Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 60) throw new UsageError('--days: a whole number from 1 to 60');
  const { years } = await calendarsInForce();
  const cal = calendarFor(values.region, regions, years);
  const received = cal.receiptDay(submitted);
  const due = cal.dueDay(received.date, days);
  const provisional = received.provisional || due.provisional;
  if (values.json) {
    console.log(JSON.stringify({ region: cal.region, receivedOn: received.date, dueOn: due.date, provisional, workingDays: days, calendarVersion: cal.version() }));
  } else {
    console.log(`region:       ${cal.region} (${cal.timeZone}, closing time ${cal.closingTime})`);
    console.log(`submitted:    ${values.submitted}`);
    console.log(`receipt day:  ${received.date}`);
    console.log(`due day:      ${due.date} (${days} working days after the receipt day)${provisional ? ' — provisional: a year on the way has no official calendar loaded' : ''}`);
  }
  return 0;
}
