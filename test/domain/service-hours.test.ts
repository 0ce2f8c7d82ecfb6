import { describe, it, expect } from 'vitest';
import { calendarFor } from '../../src/domain/calendar.js';
import type { WorkingCalendar } from '../../src/domain/calendar.js';
import { serviceHours } from '../../src/domain/service-hours.js';
import type { ServiceHoursAnswer } from '../../src/domain/service-hours.js';
import { loadCalendarYears, loadRegions } from '../../src/store/calendar-files.js';

const years = await loadCalendarYears();
const regions = await loadRegions();
const cn = calendarFor('CN', regions, years);
const gb = calendarFor('GB', regions, years);
const hours = { opens: '09:00', closes: '18:00' };

// Sources: CN — 国办发明电〔2025〕7号 (2026 holidays and make-up days); GB — GOV.UK bank holidays,
// England and Wales. Hotline hours 09:00–18:00 local, from data/regions.json.
describe('serviceHours', () => {
  const rows: Array<[string, WorkingCalendar, string, ServiceHoursAnswer]> = [
    ['CN open on a working day', cn, '2026-09-30T10:00:00+08:00', { open: true, closesAt: '2026-09-30T10:00:00.000Z', provisional: false }],
    ['CN opens at 09:00 sharp', cn, '2026-09-30T09:00:00+08:00', { open: true, closesAt: '2026-09-30T10:00:00.000Z', provisional: false }],
    ['CN before opening on a working day → today', cn, '2026-09-30T08:00:00+08:00', { open: false, opensAt: '2026-09-30T01:00:00.000Z', provisional: false }],
    ['CN at closing → after National Day week', cn, '2026-09-30T18:00:00+08:00', { open: false, opensAt: '2026-10-08T01:00:00.000Z', provisional: false }],
    ['CN public holiday', cn, '2026-10-03T12:00:00+08:00', { open: false, opensAt: '2026-10-08T01:00:00.000Z', provisional: false }],
    ['CN ordinary weekend', cn, '2026-10-17T12:00:00+08:00', { open: false, opensAt: '2026-10-19T01:00:00.000Z', provisional: false }],
    ['CN make-up Saturday is open', cn, '2026-10-10T12:00:00+08:00', { open: true, closesAt: '2026-10-10T10:00:00.000Z', provisional: false }],
    ['CN Spring Festival eve → make-up Saturday', cn, '2026-02-13T19:00:00+08:00', { open: false, opensAt: '2026-02-14T01:00:00.000Z', provisional: false }],
    ['CN next opening in 2027 (no data) is provisional', cn, '2026-12-31T19:00:00+08:00', { open: false, opensAt: '2027-01-01T01:00:00.000Z', provisional: true }],
    ['CN open in 2027 (no data) is provisional', cn, '2027-03-03T10:00:00+08:00', { open: true, closesAt: '2027-03-03T10:00:00.000Z', provisional: true }],
    ['GB open in BST', gb, '2026-07-01T17:30:00+01:00', { open: true, closesAt: '2026-07-01T17:00:00.000Z', provisional: false }],
    ['GB closed in BST', gb, '2026-07-01T18:30:00+01:00', { open: false, opensAt: '2026-07-02T08:00:00.000Z', provisional: false }],
    ['GB Friday in GMT → Monday in BST', gb, '2026-03-27T18:30:00Z', { open: false, opensAt: '2026-03-30T08:00:00.000Z', provisional: false }],
    ['GB Good Friday → Tuesday after Easter Monday', gb, '2026-04-03T12:00:00+01:00', { open: false, opensAt: '2026-04-07T08:00:00.000Z', provisional: false }],
    ['GB substitute Boxing Day', gb, '2026-12-28T10:00:00Z', { open: false, opensAt: '2026-12-29T09:00:00.000Z', provisional: false }],
    ['GB Sunday', gb, '2026-11-01T10:00:00Z', { open: false, opensAt: '2026-11-02T09:00:00.000Z', provisional: false }],
  ];

  it.each(rows)('%s', (_name, cal, now, expected) => {
    expect(serviceHours(new Date(now), cal, hours)).toEqual(expected);
  });

  it('rejects inverted or malformed hours', () => {
    expect(() => serviceHours(new Date('2026-09-30T10:00:00Z'), cn, { opens: '18:00', closes: '09:00' })).toThrow(RangeError);
    expect(() => serviceHours(new Date('2026-09-30T10:00:00Z'), cn, { opens: '9:00', closes: '18:00' })).toThrow(RangeError);
  });
});
