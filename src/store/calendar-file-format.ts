// Validation of calendar data files and region settings. Pure: takes already-parsed JSON,
// so the store owns I/O and this module can be tested without a filesystem.
import { z } from 'zod';
import { isHhMm, isIsoDate, weekday } from '../domain/calendar.js';
import type { CalendarYear } from '../domain/calendar.js';
import type { RegionSettings } from '../domain/region.js';

export class CalendarFileError extends Error {
  readonly code = 'calendar_file_invalid';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CalendarFileError';
  }
}

const isoDate = z.string().refine(isIsoDate, { message: 'must be an existing date in YYYY-MM-DD form' });
const hhMm = z.string().refine(isHhMm, { message: 'must be a time in HH:MM form (00:00–23:59)' });
const regionCode = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter upper-case region code');

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const calendarDay = z.strictObject({
  date: isoDate,
  name: z.string().trim().min(1, 'must not be empty'),
});

// strictObject: a misspelt key (e.g. "workingWeekend") must fail loudly, not be dropped,
// because a silently missing make-up day shifts every due day around it.
export const CalendarYearSchema = z
  .strictObject({
    region: regionCode,
    year: z.number().int().min(1970).max(9999),
    version: z.string().trim().min(1, 'must not be empty'),
    source: z.string().trim().min(1, 'must not be empty'),
    holidays: z.array(calendarDay),
    workingWeekends: z.array(calendarDay).default([]),
  })
  .superRefine((y, ctx) => {
    const seen = new Map<string, string>();
    const check = (list: 'holidays' | 'workingWeekends') => {
      y[list].forEach((day, i) => {
        const path = [list, i, 'date'];
        // Only meaningful once the date itself is valid; zod reports malformed dates separately.
        if (!isIsoDate(day.date)) return;
        if (Number(day.date.slice(0, 4)) !== y.year) {
          ctx.addIssue({ code: 'custom', path, message: `${day.date} is not in year ${y.year}` });
        }
        const prior = seen.get(day.date);
        if (prior !== undefined) {
          ctx.addIssue({ code: 'custom', path, message: `${day.date} is listed twice (also ${prior})` });
        } else {
          seen.set(day.date, `${list}[${i}]`);
        }
        if (list === 'workingWeekends') {
          const wd = weekday(day.date);
          if (wd !== 0 && wd !== 6) {
            ctx.addIssue({ code: 'custom', path, message: `${day.date} is not a Saturday or Sunday, so it cannot be a make-up working weekend day` });
          }
        }
      });
    };
    check('holidays');
    check('workingWeekends');
  });

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`).join('; ');
}

/**
 * Validates one calendar file's content: a single region-year object or an array of them.
 * `expected` (typically derived from the file name, e.g. CN-2026.json) guards against a file
 * whose content belongs to another region or year.
 */
export function parseCalendarFile(json: unknown, expected?: { region?: string; year?: number }): CalendarYear[] {
  const items: unknown[] = Array.isArray(json) ? json : [json];
  const result: CalendarYear[] = [];
  const keys = new Set<string>();
  items.forEach((item, i) => {
    const prefix = Array.isArray(json) ? `[${i}].` : '';
    const parsed = CalendarYearSchema.safeParse(item);
    if (!parsed.success) {
      const msg = parsed.error.issues.map((is) => `${prefix}${formatPath(is.path)}: ${is.message}`).join('; ');
      throw new CalendarFileError(`Invalid calendar file: ${msg}`);
    }
    const y = parsed.data;
    if (expected?.region !== undefined && y.region !== expected.region) {
      throw new CalendarFileError(`Invalid calendar file: ${prefix}region: "${y.region}" does not match expected region "${expected.region}"`);
    }
    if (expected?.year !== undefined && y.year !== expected.year) {
      throw new CalendarFileError(`Invalid calendar file: ${prefix}year: ${y.year} does not match expected year ${expected.year}`);
    }
    const key = `${y.region}-${y.year}`;
    if (keys.has(key)) throw new CalendarFileError(`Invalid calendar file: ${prefix}year: ${key} is defined more than once`);
    keys.add(key);
    result.push(y);
  });
  return result;
}

const hotline = z
  .strictObject({
    number: z.string().trim().min(1, 'must not be empty'),
    opens: hhMm,
    closes: hhMm,
  })
  .refine((h) => h.opens < h.closes, { message: 'opens must be earlier than closes', path: ['closes'] });

export const RegionSettingsSchema: z.ZodType<RegionSettings> = z.strictObject({
  timeZone: z.string().refine(isTimeZone, { message: 'must be a valid IANA time zone' }),
  closingTime: hhMm,
  hotline,
  quarantineDays: z.number().int().nonnegative(),
  // Files written before the undo window existed have none: not offered.
  undoDays: z.number().int().nonnegative().max(365).default(0),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code'),
  earlyTerminationFeePerMonthMinor: z.number().int().nonnegative(),
  earlyTerminationMaxMonths: z.number().int().nonnegative(),
});


export const RegionsSchema = z.record(regionCode, RegionSettingsSchema);

/** Validates the content of data/regions.json. */
export function parseRegions(json: unknown): Record<string, RegionSettings> {
  const parsed = RegionsSchema.safeParse(json);
  if (!parsed.success) throw new CalendarFileError(`Invalid regions file: ${formatIssues(parsed.error)}`);
  return parsed.data;
}
