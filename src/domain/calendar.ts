// Pure working-day calendar. No I/O and no reading of the clock: every instant is passed in,
// so due days are reproducible and testable.
import type { RegionSettings } from './region.js';

export type IsoDate = string; // 'YYYY-MM-DD'

export interface CalendarDay {
  date: IsoDate;
  name: string;
}

export interface CalendarYear {
  region: string;
  year: number;
  version: string;
  source: string;
  holidays: CalendarDay[];
  workingWeekends: CalendarDay[];
}

/** provisional: some day consulted lies in a year whose data is not loaded. */
export interface Dated {
  date: IsoDate;
  provisional: boolean;
}

export class UnknownRegionError extends Error {
  readonly code = 'unknown_region';
  constructor(readonly region: string) {
    super(`Unknown region: ${JSON.stringify(region)}`);
    this.name = 'UnknownRegionError';
  }
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
// Longest run of consecutive non-working days we accept before assuming the data is broken;
// real calendars never get close (Spring Festival is 9 days), so this only stops runaway loops.
const MAX_NON_WORKING_RUN = 60;

function parseIsoDate(d: IsoDate): number {
  const m = ISO_DATE.exec(d);
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Round-trip rejects impossible dates such as 2026-02-30, which Date.UTC would roll over.
    if (new Date(ms).toISOString().slice(0, 10) === d) return ms;
  }
  throw new RangeError(`Invalid date ${JSON.stringify(d)}: expected an existing YYYY-MM-DD date`);
}

export function isIsoDate(d: unknown): d is IsoDate {
  if (typeof d !== 'string') return false;
  try {
    parseIsoDate(d);
    return true;
  } catch {
    return false;
  }
}

export function isHhMm(t: unknown): t is string {
  return typeof t === 'string' && HH_MM.test(t);
}

function assertHhMm(t: string, what: string): void {
  if (!isHhMm(t)) throw new RangeError(`Invalid ${what} ${JSON.stringify(t)}: expected HH:MM (00:00–23:59)`);
}

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, got ${n}`);
}

/** Pure date arithmetic in UTC, so DST never shifts a calendar date. */
export function addDays(d: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`addDays: n must be an integer, got ${n}`);
  return new Date(parseIsoDate(d) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday .. 6 = Saturday. */
export function weekday(d: IsoDate): number {
  return new Date(parseIsoDate(d)).getUTCDay();
}

function yearOf(d: IsoDate): number {
  return Number(d.slice(0, 4));
}

// Small stable hash so version() changes whenever a year's content changes, even if
// someone edits the holidays and forgets to bump the file's version string.
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

function contentHash(y: CalendarYear): string {
  const days = (list: CalendarDay[]) =>
    list.map((c) => [c.date, c.name] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return fnv1a(JSON.stringify([y.region, y.year, y.version, y.source, days(y.holidays), days(y.workingWeekends)]));
}

export class WorkingCalendar {
  private cachedVersion: string | undefined;
  readonly region: string;
  readonly timeZone: string;
  readonly closingTime: string;
  private readonly years = new Map<number, CalendarYear>();
  private readonly holidays = new Set<IsoDate>();
  private readonly workingWeekends = new Set<IsoDate>();
  private readonly partsFormat: Intl.DateTimeFormat;
  // The years never change after construction, so answers are kept (per day, pair of days,
  // second of local time), dropped wholesale past `memoLimit` entries so they cannot grow without end.
  private readonly dayMemo = new Map<IsoDate, { working: boolean; provisional: boolean }>();
  private readonly addMemo = new Map<string, Dated>();
  private readonly betweenMemo = new Map<string, number>();
  private lastLocal: { second: number; value: { date: IsoDate; time: string } } | undefined;

  constructor(region: string, timeZone: string, closingTime: string, years: CalendarYear[]) {
    this.region = region;
    this.timeZone = timeZone;
    assertHhMm(closingTime, 'closingTime');
    this.closingTime = closingTime;
    // Throws RangeError for an unknown IANA zone, which is what we want at construction time.
    this.partsFormat = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    // Callers may pass every loaded year of every region; only ours matter.
    for (const y of years) {
      if (y.region !== region) continue;
      if (this.years.has(y.year)) throw new Error(`Duplicate calendar data for ${region} ${y.year}`);
      this.years.set(y.year, y);
      for (const h of y.holidays) this.holidays.add(h.date);
      for (const w of y.workingWeekends) this.workingWeekends.add(w.date);
    }
  }

  hasYear(year: number): boolean {
    return this.years.has(year);
  }

  /** e.g. 'CN:2024=<v>#<hash>,2025=…'; stored alongside computed due days so they can be audited. */
  version(): string {
    // The years never change after construction, so the label is worked out once.
    this.cachedVersion ??= `${this.region}:${[...this.years.values()]
      .sort((a, b) => a.year - b.year)
      .map((y) => `${y.year}=${y.version}#${contentHash(y)}`)
      .join(',')}`;
    return this.cachedVersion;
  }

  isWorkingDay(d: IsoDate): { working: boolean; provisional: boolean } {
    let known = this.dayMemo.get(d);
    if (!known) {
      known = this.workingDayOf(d);
      remember(this.dayMemo, d, known);
    }
    return { ...known };
  }

  private workingDayOf(d: IsoDate): { working: boolean; provisional: boolean } {
    const wd = weekday(d);
    const weekdayRule = wd >= 1 && wd <= 5;
    // Without data we can only guess Mon–Fri, and must say it is a guess.
    if (!this.years.has(yearOf(d))) return { working: weekdayRule, provisional: true };
    if (this.workingWeekends.has(d)) return { working: true, provisional: false };
    if (this.holidays.has(d)) return { working: false, provisional: false };
    return { working: weekdayRule, provisional: false };
  }

  /** The first working day strictly after d. */
  nextWorkingDay(d: IsoDate): Dated {
    let provisional = false;
    let cur = d;
    for (let i = 0; i <= MAX_NON_WORKING_RUN; i++) {
      cur = addDays(cur, 1);
      const s = this.isWorkingDay(cur);
      provisional ||= s.provisional;
      if (s.working) return { date: cur, provisional };
    }
    throw new Error(`No working day within ${MAX_NON_WORKING_RUN} days after ${d} in ${this.region}: calendar data is broken`);
  }

  /** The n-th working day strictly after d; n = 0 returns d itself without consulting it. */
  addWorkingDays(d: IsoDate, n: number): Dated {
    assertCount(n, 'addWorkingDays: n');
    const key = `${d}+${n}`;
    const known = this.addMemo.get(key);
    if (known) return { ...known };
    parseIsoDate(d);
    let cur: Dated = { date: d, provisional: false };
    for (let i = 0; i < n; i++) {
      const next = this.nextWorkingDay(cur.date);
      cur = { date: next.date, provisional: cur.provisional || next.provisional };
    }
    remember(this.addMemo, key, cur);
    return { ...cur };
  }

  /** Working days w with from <= w < to; 0 when to <= from. */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    const key = `${from}/${to}`;
    let count = this.betweenMemo.get(key);
    if (count === undefined) {
      count = this.countWorkingDays(from, to);
      remember(this.betweenMemo, key, count);
    }
    return count;
  }

  private countWorkingDays(from: IsoDate, to: IsoDate): number {
    const start = parseIsoDate(from);
    const end = parseIsoDate(to);
    let count = 0;
    for (let ms = start; ms < end; ms += DAY_MS) {
      if (this.isWorkingDay(new Date(ms).toISOString().slice(0, 10)).working) count++;
    }
    return count;
  }

  localDateTime(at: Date): { date: IsoDate; time: string } {
    // Zone offsets are whole seconds: within one second the local day and minute cannot change.
    const second = Math.floor(at.getTime() / 1000);
    if (this.lastLocal?.second !== second) {
      const p = this.zonedParts(at.getTime());
      const pad = (n: number, w = 2) => String(n).padStart(w, '0');
      this.lastLocal = { second, value: { date: `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` } };
    }
    return { ...this.lastLocal.value };
  }

  /** The local submission day if it is a working day before closing time, else the next working day. */
  receiptDay(submittedAt: Date): Dated {
    const local = this.localDateTime(submittedAt);
    const today = this.isWorkingDay(local.date);
    if (today.working && local.time < this.closingTime) return { date: local.date, provisional: today.provisional };
    const next = this.nextWorkingDay(local.date);
    return { date: next.date, provisional: today.provisional || next.provisional };
  }

  /** Pauses (e.g. waiting for the customer) extend the deadline by whole working days. */
  dueDay(receivedOn: IsoDate, workingDays = 7, pausedWorkingDays = 0): Dated {
    assertCount(workingDays, 'dueDay: workingDays');
    assertCount(pausedWorkingDays, 'dueDay: pausedWorkingDays');
    return this.addWorkingDays(receivedOn, workingDays + pausedWorkingDays);
  }

  /**
   * The instant at which local wall time `date time` occurs in timeZone. The offset is looked up
   * at a first guess and then at the corrected instant, which settles across DST transitions.
   * A wall time skipped by a spring-forward gap maps to the instant one gap later (01:30 → 02:30 BST);
   * an ambiguous fall-back wall time maps to one of its two instants.
   */
  zonedInstant(date: IsoDate, time: string): Date {
    assertHhMm(time, 'time');
    const wall = parseIsoDate(date) + Number(time.slice(0, 2)) * 3_600_000 + Number(time.slice(3, 5)) * 60_000;
    let instant = wall - this.offsetMs(wall);
    instant = wall - this.offsetMs(instant);
    return new Date(instant);
  }

  /** Offset of timeZone from UTC at the given instant, in ms (positive east of Greenwich). */
  private offsetMs(instant: number): number {
    const p = this.zonedParts(instant);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return asUtc - Math.floor(instant / 1000) * 1000;
  }

  private zonedParts(instant: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
    if (!Number.isFinite(instant)) throw new RangeError('Invalid Date');
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of this.partsFormat.formatToParts(new Date(instant))) {
      if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
    }
    return out;
  }
}

const memoLimit = 20_000;
const remember = <K, V>(memo: Map<K, V>, key: K, value: V) => void (memo.size >= memoLimit && memo.clear(), memo.set(key, value));

/** The calendar of a configured region; throws UnknownRegionError for anything else. */
export function calendarFor(region: string, regions: Record<string, RegionSettings>, years: CalendarYear[]): WorkingCalendar {
  // hasOwn so that 'toString' or '__proto__' are not mistaken for regions.
  const settings = Object.hasOwn(regions, region) ? regions[region] : undefined;
  if (!settings) throw new UnknownRegionError(region);
  return new WorkingCalendar(region, settings.timeZone, settings.closingTime, years);
}
