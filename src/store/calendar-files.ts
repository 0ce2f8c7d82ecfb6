// Loads calendar data and region settings from disk; validation lives in the pure domain module.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { CalendarYear } from '../domain/calendar.js';
import { CalendarFileError, parseCalendarFile, parseRegions } from './calendar-file-format.js';
import type { RegionSettings } from '../domain/region.js';

// Relative to this file, which resolves to the project root from both src/store and dist/store.
export const DEFAULT_CALENDAR_DIR = new URL('../../data/calendars/', import.meta.url);
export const DEFAULT_REGIONS_FILE = new URL('../../data/regions.json', import.meta.url);

const FILE_NAME = /^([A-Z]{2})-(\d{4})\.json$/;

function toPath(p: string | URL): string {
  return typeof p === 'string' ? p : fileURLToPath(p);
}

// Read synchronously: a few small files, read at start, where the asynchronous reads of all seven
// took 0.25–0.3 s on a restart (waiting behind PGlite's start) against 0.02 s this way.
function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CalendarFileError(`${file}: cannot read file: ${(err as Error).message}`, { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new CalendarFileError(`${file}: not valid JSON: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Reads every *.json file in dir. A file named REGION-YEAR.json must contain exactly that
 * region-year; a region-year defined by two files is an error rather than last-one-wins.
 */
export async function loadCalendarYears(dir: string | URL = DEFAULT_CALENDAR_DIR): Promise<CalendarYear[]> {
  const dirPath = toPath(dir);
  const names = readdirSync(dirPath).filter((n) => n.endsWith('.json')).sort();
  const years: CalendarYear[] = [];
  const origin = new Map<string, string>();
  for (const name of names) {
    const file = path.join(dirPath, name);
    const m = FILE_NAME.exec(name);
    const expected = m ? { region: m[1], year: Number(m[2]) } : undefined;
    let parsed: CalendarYear[];
    try {
      parsed = parseCalendarFile(readJson(file), expected);
    } catch (err) {
      if (err instanceof CalendarFileError && !err.message.startsWith(file)) {
        throw new CalendarFileError(`${file}: ${err.message}`, { cause: err });
      }
      throw err;
    }
    for (const y of parsed) {
      const key = `${y.region}-${y.year}`;
      const prior = origin.get(key);
      if (prior !== undefined) throw new CalendarFileError(`${file}: ${key} is already defined in ${prior}`);
      origin.set(key, file);
      years.push(y);
    }
  }
  return years;
}

/** Reads and validates data/regions.json (or the given file). */
export async function loadRegions(file: string | URL = DEFAULT_REGIONS_FILE): Promise<Record<string, RegionSettings>> {
  const filePath = toPath(file);
  const json = readJson(filePath);
  try {
    return parseRegions(json);
  } catch (err) {
    if (err instanceof CalendarFileError) throw new CalendarFileError(`${filePath}: ${err.message}`, { cause: err });
    throw err;
  }
}
