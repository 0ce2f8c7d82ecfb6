import { describe, it, expect } from 'vitest';
import { addDays, calendarFor, UnknownRegionError, weekday, WorkingCalendar } from '../../src/domain/calendar.js';
import type { CalendarYear } from '../../src/domain/calendar.js';
import { CalendarFileError, parseCalendarFile, parseRegions } from '../../src/store/calendar-file-format.js';
import { loadCalendarYears, loadRegions } from '../../src/store/calendar-files.js';

// The real data files are the thing under test as much as the code.
const years = await loadCalendarYears();
const regions = await loadRegions();
const cn = calendarFor('CN', regions, years);
const gb = calendarFor('GB', regions, years);

describe('data files', () => {
  it('loads every region-year', () => {
    expect(years.map((y) => `${y.region}-${y.year}`).sort()).toEqual(
      ['CN-2024', 'CN-2025', 'CN-2026', 'GB-2024', 'GB-2025', 'GB-2026', 'GB-2027'],
    );
    expect(Object.keys(regions).sort()).toEqual(['CN', 'GB']);
    expect(regions.GB?.timeZone).toBe('Europe/London');
    expect(cn.hasYear(2026)).toBe(true);
    expect(cn.hasYear(2027)).toBe(false);
    expect(gb.hasYear(2027)).toBe(true);
  });

  it('version names every loaded year and changes with the content', () => {
    expect(cn.version()).toMatch(/^CN:2024=CN-2024-国办发明电〔2023〕7号#[0-9a-f]{8},2025=.*,2026=CN-2026-国办发明电〔2025〕7号#[0-9a-f]{8}$/);
    const edited = years.map((y) =>
      y.region === 'CN' && y.year === 2025 ? { ...y, holidays: y.holidays.slice(1) } : y,
    );
    expect(new WorkingCalendar('CN', 'Asia/Shanghai', '18:00', edited).version()).not.toBe(cn.version());
  });

  it('rejects an unknown region', () => {
    expect(() => calendarFor('FR', regions, years)).toThrow(UnknownRegionError);
    expect(() => calendarFor('toString', regions, years)).toThrow(UnknownRegionError);
    try {
      calendarFor('FR', regions, years);
    } catch (err) {
      expect((err as UnknownRegionError).code).toBe('unknown_region');
    }
  });
});

describe('date arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(weekday('2026-10-10')).toBe(6);
    expect(weekday('2026-10-11')).toBe(0);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });
});

// Sources: CN — State Council General Office notices 国办发明电〔2024〕12号 (2025) and
// 国办发明电〔2025〕7号 (2026); GB — GOV.UK bank holidays, England and Wales (gov.uk/bank-holidays).
// No CN 2027 or GB 2028 data exists yet, so due days reaching those years must be provisional.
describe('receipt and due days', () => {
  const rows: Array<[string, WorkingCalendar, string, string, string, boolean]> = [
    // name, calendar, submittedAt, receipt, due (7 working days), provisional
    ['CN National Day evening → after golden week; Oct 10 is a make-up Saturday', cn, '2026-09-30T19:00:00+08:00', '2026-10-08', '2026-10-16', false],
    ['CN one minute before closing', cn, '2026-09-30T17:59:00+08:00', '2026-09-30', '2026-10-15', false],
    ['CN exactly at closing counts as after', cn, '2026-09-30T18:00:00+08:00', '2026-10-08', '2026-10-16', false],
    ['CN instant given in UTC is judged in Shanghai time', cn, '2026-09-30T10:30:00Z', '2026-10-08', '2026-10-16', false],
    ['CN Spring Festival eve evening → make-up Saturday Feb 14', cn, '2026-02-13T20:00:00+08:00', '2026-02-14', '2026-03-03', false],
    ['CN on the make-up Saturday itself', cn, '2026-02-14T10:00:00+08:00', '2026-02-14', '2026-03-03', false],
    ['CN during Spring Festival', cn, '2026-02-15T10:00:00+08:00', '2026-02-24', '2026-03-04', false],
    ['CN Sunday Jan 4 2026 is a make-up working day (UTC date is still Jan 3)', cn, '2026-01-03T16:30:00Z', '2026-01-04', '2026-01-13', false],
    ['CN 2025 before Spring Festival; Feb 8 make-up Saturday', cn, '2025-01-27T10:00:00+08:00', '2025-01-27', '2025-02-12', false],
    ['CN 2025 National Day + Mid-Autumn; Oct 11 make-up Saturday', cn, '2025-09-30T19:00:00+08:00', '2025-10-09', '2025-10-17', false],
    ['CN December 2026, due day inside 2026', cn, '2026-12-18T10:00:00+08:00', '2026-12-18', '2026-12-29', false],
    ['CN due day in 2027 (no data) is provisional', cn, '2026-12-28T10:00:00+08:00', '2026-12-28', '2027-01-06', true],
    ['CN New Year\'s Eve evening → receipt itself in 2027', cn, '2026-12-31T19:00:00+08:00', '2027-01-01', '2027-01-12', true],
    ['GB before Easter 2026, BST', gb, '2026-04-02T17:30:00+01:00', '2026-04-02', '2026-04-15', false],
    ['GB after closing before Good Friday', gb, '2026-04-02T18:30:00+01:00', '2026-04-07', '2026-04-16', false],
    ['GB summer (BST) before closing', gb, '2026-07-01T17:30:00+01:00', '2026-07-01', '2026-07-10', false],
    ['GB summer (BST) after closing', gb, '2026-07-01T18:30:00+01:00', '2026-07-02', '2026-07-13', false],
    ['GB 17:30 UTC is 18:30 BST, after closing', gb, '2026-07-01T17:30:00Z', '2026-07-02', '2026-07-13', false],
    ['GB Christmas Eve 2026 at closing; Dec 28 substitute Boxing Day', gb, '2026-12-24T18:00:00Z', '2026-12-29', '2027-01-08', false],
    ['GB Christmas 2027, substitutes Dec 27–28, due in 2028 (no data)', gb, '2027-12-24T10:00:00Z', '2027-12-24', '2028-01-06', true],
  ];

  it.each(rows)('%s', (_name, cal, submittedAt, receipt, due, provisional) => {
    const r = cal.receiptDay(new Date(submittedAt));
    expect(r.date).toBe(receipt);
    const d = cal.dueDay(r.date);
    expect(d.date).toBe(due);
    expect(r.provisional || d.provisional).toBe(provisional);
  });

  it('receipt on a 2027 CN day is provisional even before closing', () => {
    expect(cn.receiptDay(new Date('2027-03-03T10:00:00+08:00'))).toEqual({ date: '2027-03-03', provisional: true });
    expect(gb.isWorkingDay('2028-01-03')).toEqual({ working: true, provisional: true });
  });

  it('pausedWorkingDays moves the due day', () => {
    expect(cn.dueDay('2026-09-30')).toEqual({ date: '2026-10-15', provisional: false });
    expect(cn.dueDay('2026-09-30', 7, 2)).toEqual({ date: '2026-10-19', provisional: false });
    expect(gb.dueDay('2026-04-02', 7, 1)).toEqual({ date: '2026-04-16', provisional: false });
    expect(cn.dueDay('2026-10-08', 0)).toEqual({ date: '2026-10-08', provisional: false });
    expect(() => cn.dueDay('2026-10-08', 7, -1)).toThrow(RangeError);
    expect(() => cn.dueDay('2026-10-08', 1.5)).toThrow(RangeError);
  });
});

describe('isWorkingDay / workingDaysBetween', () => {
  it.each([
    [cn, '2026-10-10', true], // make-up Saturday
    [cn, '2026-10-11', false],
    [cn, '2026-10-05', false], // National Day
    [cn, '2024-02-18', true], // 2024 make-up Sunday (国办发明电〔2023〕7号)
    [cn, '2024-06-10', false], // 端午 2024
    [gb, '2026-12-28', false], // substitute Boxing Day
    [gb, '2026-04-06', false], // Easter Monday
    [gb, '2026-04-07', true],
  ])('%#: %s', (cal, date, working) => {
    expect(cal.isWorkingDay(date)).toEqual({ working, provisional: false });
  });

  it.each([
    [cn, '2026-10-01', '2026-10-12', 3], // Oct 8, 9 and the make-up Saturday Oct 10
    [cn, '2026-02-14', '2026-03-01', 6], // Feb 14, 24–27, 28
    [cn, '2026-10-12', '2026-10-12', 0],
    [cn, '2026-10-12', '2026-10-01', 0],
    [gb, '2026-12-21', '2027-01-04', 7], // Dec 21–24, 29–31
  ])('%#: [%s, %s) → %i', (cal, from, to, n) => {
    expect(cal.workingDaysBetween(from, to)).toBe(n);
  });
});

describe('zonedInstant and localDateTime', () => {
  it.each([
    [gb, '2026-03-28', '09:00', '2026-03-28T09:00:00.000Z'], // GMT
    [gb, '2026-03-29', '09:00', '2026-03-29T08:00:00.000Z'], // BST from 01:00 UTC that day
    [gb, '2026-03-29', '00:30', '2026-03-29T00:30:00.000Z'], // before the change
    [gb, '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z'], // skipped wall time → 02:30 BST
    [gb, '2026-10-24', '09:00', '2026-10-24T08:00:00.000Z'], // last BST day
    [gb, '2026-10-25', '09:00', '2026-10-25T09:00:00.000Z'], // GMT again
    [cn, '2026-10-08', '18:00', '2026-10-08T10:00:00.000Z'],
    [cn, '2026-01-01', '00:00', '2025-12-31T16:00:00.000Z'],
  ])('%#: %s %s', (cal, date, time, iso) => {
    expect(cal.zonedInstant(date, time).toISOString()).toBe(iso);
  });

  it('localDateTime round-trips zonedInstant on non-gap times', () => {
    for (const cal of [cn, gb]) {
      for (let i = 0; i < 400; i++) {
        const date = addDays('2026-01-01', i);
        for (const time of ['00:00', '08:59', '12:34', '23:59']) {
          expect(cal.localDateTime(cal.zonedInstant(date, time))).toEqual({ date, time });
        }
      }
    }
  });

  it('rejects invalid input', () => {
    expect(() => gb.zonedInstant('2026-01-01', '24:00')).toThrow(RangeError);
    expect(() => gb.localDateTime(new Date('nope'))).toThrow(RangeError);
    expect(() => new WorkingCalendar('XX', 'Mars/Base', '18:00', [])).toThrow(RangeError);
  });
});

// Deterministic PRNG so a failure is reproducible.
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('property: addWorkingDays and workingDaysBetween agree', () => {
  it.each([['CN', cn], ['GB', gb]] as const)('%s', (_region, cal) => {
    const rand = mulberry32(20260930);
    for (let i = 0; i < 500; i++) {
      // 2023-07-01 .. ~2028-12: covers loaded years and unloaded ones on both sides.
      const d = addDays('2023-07-01', Math.floor(rand() * 2000));
      const n = Math.floor(rand() * 31);
      const r = cal.addWorkingDays(d, n);
      // Exactly n working days lie in (d, r].
      expect(cal.workingDaysBetween(addDays(d, 1), addDays(r.date, 1))).toBe(n);
      if (n > 0) {
        expect(cal.isWorkingDay(r.date).working).toBe(true);
        // Same count from [d, r): d itself counts if working, r does not.
        expect(cal.workingDaysBetween(d, r.date)).toBe(n - 1 + (cal.isWorkingDay(d).working ? 1 : 0));
      } else {
        expect(r.date).toBe(d);
      }
      // Provisional exactly when some consulted day lies in an unloaded year.
      let touchesUnloaded = false;
      for (let day = addDays(d, 1); n > 0 && day <= r.date; day = addDays(day, 1)) {
        touchesUnloaded ||= !cal.hasYear(Number(day.slice(0, 4)));
      }
      expect(r.provisional).toBe(touchesUnloaded);
    }
  });
});

describe('parseCalendarFile', () => {
  const valid: CalendarYear = {
    region: 'CN',
    year: 2026,
    version: 'v1',
    source: 'test',
    holidays: [{ date: '2026-10-01', name: 'National Day' }],
    workingWeekends: [{ date: '2026-10-10', name: 'make-up' }],
  };
  const bad = (patch: Record<string, unknown>) => ({ ...valid, ...patch });

  it('accepts a valid file, a list of years, and a missing workingWeekends', () => {
    expect(parseCalendarFile(valid)).toEqual([valid]);
    expect(parseCalendarFile([valid, { ...valid, year: 2025, holidays: [], workingWeekends: [] }])).toHaveLength(2);
    const { workingWeekends: _ww, ...noWw } = valid;
    expect(parseCalendarFile(noWw)[0]?.workingWeekends).toEqual([]);
  });

  it.each([
    ['impossible date', bad({ holidays: [{ date: '2026-02-30', name: 'x' }] }), /holidays\[0\]\.date: must be an existing date/],
    ['malformed date', bad({ holidays: [{ date: '2026-2-3', name: 'x' }] }), /holidays\[0\]\.date/],
    ['duplicate holiday', bad({ holidays: [{ date: '2026-10-01', name: 'a' }, { date: '2026-10-01', name: 'b' }] }), /holidays\[1\]\.date: 2026-10-01 is listed twice/],
    ['holiday also a working weekend', bad({ holidays: [{ date: '2026-10-10', name: 'a' }] }), /workingWeekends\[0\]\.date: 2026-10-10 is listed twice/],
    ['working weekend on a Friday', bad({ workingWeekends: [{ date: '2026-10-09', name: 'x' }] }), /workingWeekends\[0\]\.date: 2026-10-09 is not a Saturday or Sunday/],
    ['date outside the year', bad({ holidays: [{ date: '2025-12-31', name: 'x' }] }), /holidays\[0\]\.date: 2025-12-31 is not in year 2026/],
    ['missing version', bad({ version: undefined }), /version/],
    ['bad region code', bad({ region: 'cn' }), /region/],
    ['misspelt key', bad({ workingWeekend: [] }), /workingWeekend/],
    ['not an object', 'hello', /\(root\)/],
  ])('rejects %s', (_name, json, message) => {
    expect(() => parseCalendarFile(json)).toThrow(CalendarFileError);
    expect(() => parseCalendarFile(json)).toThrow(message);
  });

  it('rejects a region/year that does not match the file name', () => {
    expect(() => parseCalendarFile(valid, { region: 'GB', year: 2026 })).toThrow(/region: "CN" does not match expected region "GB"/);
    expect(() => parseCalendarFile(valid, { region: 'CN', year: 2025 })).toThrow(/year: 2026 does not match expected year 2025/);
    expect(() => parseCalendarFile([valid, valid])).toThrow(/CN-2026 is defined more than once/);
  });
});

describe('parseRegions', () => {
  const cnSettings = regions.CN;
  it('rejects bad settings naming the field', () => {
    expect(() => parseRegions({ CN: { ...cnSettings, timeZone: 'Mars/Base' } })).toThrow(/CN\.timeZone: must be a valid IANA time zone/);
    expect(() => parseRegions({ CN: { ...cnSettings, closingTime: '6pm' } })).toThrow(/CN\.closingTime/);
    expect(() => parseRegions({ CN: { ...cnSettings, hotline: { number: '1', opens: '18:00', closes: '09:00' } } })).toThrow(/CN\.hotline\.closes/);
    expect(() => parseRegions({ CN: { ...cnSettings, quarantineDays: -1 } })).toThrow(CalendarFileError);
  });
});
