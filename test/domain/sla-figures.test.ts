import { describe, expect, it } from 'vitest';
import regions from '../../data/regions.json' with { type: 'json' };
import { calendarFor } from '../../src/domain/calendar.js';
import {
  ageingBucket,
  dashboardPeriod,
  isoWeek,
  pauseReasonsOf,
  periodProblem,
  slaFigures,
  type SlaCaseRow,
  type SlaFiguresInput,
} from '../../src/domain/sla-figures.js';
import { loadCalendarYears } from '../../src/store/calendar-files.js';

// The real calendars: CN 2026 from 国办发明电〔2025〕7号 (National Day 1–7 Oct, make-up Saturday 10 Oct).
const years = await loadCalendarYears();
const calendars = { CN: calendarFor('CN', regions, years), GB: calendarFor('GB', regions, years) };

let serial = 0;
function aCase(over: Partial<SlaCaseRow> = {}): SlaCaseRow {
  serial++;
  return {
    reference: `LC-2026-${String(serial).padStart(7, '0')}-0`,
    channel: 'web',
    region: 'CN',
    state: 'completed',
    receivedOn: '2026-11-16',
    dueOn: '2026-11-25',
    decidedOn: '2026-11-24',
    breached: false,
    pauseReasons: [],
    ...over,
  };
}

function figures(over: Partial<SlaFiguresInput> = {}) {
  return slaFigures({
    from: '2026-11-16',
    to: '2026-11-29',
    generatedAt: new Date('2026-11-30T02:00:00Z'),
    cases: [],
    intake: [],
    callbacksWaiting: 0,
    today: () => '2026-11-30',
    workingDaysBetween: (region, a, b) => calendars[region as 'CN' | 'GB'].workingDaysBetween(a, b),
    ...over,
  });
}

describe('isoWeek', () => {
  it.each([
    ['2026-11-25', '2026-W48'], // the docs' example week
    ['2026-11-23', '2026-W48'], // its Monday
    ['2026-11-29', '2026-W48'], // its Sunday
    ['2026-01-01', '2026-W01'], // a Thursday: week 1 of its own year
    ['2027-01-01', '2026-W53'], // a Friday: the last week of 2026, which has 53
    ['2024-12-30', '2025-W01'], // a Monday in December that belongs to the next year
    ['2021-01-03', '2020-W53'], // a Sunday in January that belongs to the year before
  ])('puts %s in %s', (day, week) => {
    expect(isoWeek(day)).toBe(week);
  });
});

describe('ageingBucket', () => {
  it.each([
    [0, '0-2'], [2, '0-2'], [3, '3-5'], [5, '3-5'], [6, '6-7'], [7, '6-7'], [8, '8-10'], [10, '8-10'], [11, '>10'], [40, '>10'],
  ] as const)('groups %i working days under %s', (days, bucket) => {
    expect(ageingBucket(days)).toBe(bucket);
  });
});

describe('the default period and its limits', () => {
  it('covers the 8 ISO weeks up to today', () => {
    // Thursday 26 Nov 2026 is in W48; seven weeks before its Monday (23 Nov) is Monday 5 Oct.
    expect(dashboardPeriod('2026-11-26')).toEqual({ from: '2026-10-05', to: '2026-11-26' });
    // Sunday 8 Nov closes W45, which starts on Monday 2 Nov.
    expect(dashboardPeriod('2026-11-26', { to: '2026-11-08' })).toEqual({ from: '2026-09-14', to: '2026-11-08' });
    expect(dashboardPeriod('2026-11-26', { from: '2026-11-01' })).toEqual({ from: '2026-11-01', to: '2026-11-26' });
  });

  it.each([
    ['2026-11-01', '2026-11-30', null],
    ['2026-11-30', '2026-11-30', null],
    ['2026-12-01', '2026-11-30', /after/],
    ['2026-02-30', '2026-03-01', /from/],
    ['2025-01-01', '2026-12-31', null], // 730 days
    ['2024-01-01', '2026-12-31', /longer than 731 days/],
  ])('period %s to %s: %s', (from, to, problem) => {
    const found = periodProblem(from, to);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});

describe('compliance', () => {
  // A case is on time when decided on or before its due day and never flagged as breached.
  it.each([
    ['approved on the due day', { state: 'approved', decidedOn: '2026-11-25', dueOn: '2026-11-25' }, 1, 1],
    ['completed the day after the due day', { state: 'completed', decidedOn: '2026-11-26', dueOn: '2026-11-25' }, 1, 0],
    ['rejected early', { state: 'rejected', decidedOn: '2026-11-18', dueOn: '2026-11-25' }, 1, 1],
    ['decided in time after a breach was flagged (never undone)', { state: 'approved', decidedOn: '2026-11-20', dueOn: '2026-11-25', breached: true }, 1, 0],
    ['withdrawn (not a decision)', { state: 'withdrawn', decidedOn: null }, 0, 0],
    ['withdrawn with a decision day somehow set (still not a decision)', { state: 'withdrawn', decidedOn: '2026-11-20' }, 0, 0],
    ['still in review', { state: 'in_review', decidedOn: null }, 0, 0],
    ['decided before the period', { decidedOn: '2026-11-15' }, 0, 0],
    ['decided after the period', { decidedOn: '2026-11-30', dueOn: '2026-12-01' }, 0, 0],
  ] as const)('%s: decided %i, on time %i', (_what, over, decided, onTime) => {
    const f = figures({ cases: [aCase(over as Partial<SlaCaseRow>)] });
    expect(f.compliance.overall).toMatchObject({ decided, onTime });
  });

  it('answers share as onTime / decided, and null when nothing was decided', () => {
    const f = figures({
      cases: [aCase(), aCase(), aCase({ decidedOn: '2026-11-27' }), aCase({ channel: 'sms', decidedOn: '2026-11-17' })],
    });
    expect(f.compliance.overall).toEqual({ decided: 4, onTime: 3, share: 0.75 });
    expect(f.compliance.byChannel).toEqual([
      { channel: 'web', decided: 3, onTime: 2, share: 0.6667 },
      { channel: 'form', decided: 0, onTime: 0, share: null },
      { channel: 'email', decided: 0, onTime: 0, share: null },
      { channel: 'hotline', decided: 0, onTime: 0, share: null },
      { channel: 'sms', decided: 1, onTime: 1, share: 1 },
      { channel: 'api', decided: 0, onTime: 0, share: null },
      { channel: 'bulk', decided: 0, onTime: 0, share: null },
    ]);
    expect(figures().compliance.overall).toEqual({ decided: 0, onTime: 0, share: null });
  });

  it('counts by the ISO week of the decision day, listing every week of the period', () => {
    const f = figures({
      from: '2026-11-18',
      to: '2026-12-02',
      cases: [aCase({ decidedOn: '2026-11-18' }), aCase({ decidedOn: '2026-11-22', dueOn: '2026-11-20' }), aCase({ decidedOn: '2026-12-02', dueOn: '2026-12-02' })],
    });
    expect(f.compliance.byWeek).toEqual([
      { week: '2026-W47', decided: 2, onTime: 1, share: 0.5 },
      { week: '2026-W48', decided: 0, onTime: 0, share: null },
      { week: '2026-W49', decided: 1, onTime: 1, share: 1 },
    ]);
  });

  it('counts a case under each reason it was paused for, and never-paused cases under none', () => {
    const f = figures({
      cases: [
        aCase(),
        aCase({ pauseReasons: ['documents', 'identity'] }),
        aCase({ pauseReasons: ['documents'], decidedOn: '2026-11-26' }),
        aCase({ pauseReasons: ['a reason nobody knows'] }),
      ],
    });
    const by = Object.fromEntries(f.compliance.byPauseReason.map((r) => [r.reason, [r.decided, r.onTime]]));
    expect(by).toEqual({ none: [1, 1], documents: [2, 1], identity: [1, 1], bindings: [0, 0], balance: [0, 0], other: [1, 1] });
    expect(f.compliance.overall.decided).toBe(4);
  });

  it.each([
    [[], ['none']],
    [['identity', 'documents', 'identity'], ['documents', 'identity']],
    [['none'], ['other']],
    [['DOCUMENTS'], ['other']],
  ])('reads pause reasons %j as %j', (given, counted) => {
    expect(pauseReasonsOf({ pauseReasons: given })).toEqual(counted);
  });
});

describe('open cases now', () => {
  it('counts open cases by state; closed ones not at all', () => {
    const f = figures({
      cases: (['submitted', 'submitted', 'in_review', 'awaiting_customer', 'approved', 'rejected', 'withdrawn', 'completed'] as const).map((state) =>
        aCase({ state, decidedOn: state === 'approved' ? '2026-11-24' : null, receivedOn: '2026-11-27', dueOn: '2026-12-08' }),
      ),
    });
    expect(f.openByState).toEqual({ submitted: 2, in_review: 1, awaiting_customer: 1, approved: 1 });
    // Approved is decided, so it does not age; the three waiting for a decision do.
    expect(f.ageing.reduce((n, a) => n + a.count, 0)).toBe(4);
  });

  // Working days from the receipt day up to, not including, today — by the region's own calendar.
  it.each([
    ['CN', '2026-11-30', '2026-11-30', '0-2'], // received today
    ['CN', '2026-11-26', '2026-11-30', '0-2'], // Thu, Fri
    ['CN', '2026-11-23', '2026-11-30', '3-5'], // Mon–Fri
    ['CN', '2026-11-19', '2026-11-30', '6-7'], // 19, 20, 23–27
    ['CN', '2026-11-17', '2026-11-30', '8-10'],
    ['CN', '2026-11-02', '2026-11-30', '>10'],
    // Over National Day: 30 Sep, 8, 9 and the make-up Saturday 10 Oct count; 1–7 Oct do not.
    ['CN', '2026-09-30', '2026-10-12', '3-5'],
    // The same days in GB are ordinary working days: 30 Sep and 1–9 Oct on weekdays.
    ['GB', '2026-09-30', '2026-10-12', '8-10'],
  ])('puts a %s case received %s, on %s, in bucket %s', (region, receivedOn, today, bucket) => {
    const f = figures({ cases: [aCase({ region, state: 'in_review', decidedOn: null, receivedOn, dueOn: '2027-01-01' })], today: () => today });
    expect(f.ageing.find((a) => a.count === 1)?.bucket).toBe(bucket);
    expect(f.ageing.map((a) => a.bucket)).toEqual(['0-2', '3-5', '6-7', '8-10', '>10']);
  });

  it('counts breached open cases: flagged ones, and those past due now unless paused', () => {
    const open = (over: Partial<SlaCaseRow>) => aCase({ state: 'in_review', decidedOn: null, receivedOn: '2026-11-16', dueOn: '2026-11-25', ...over });
    const f = figures({
      today: () => '2026-11-30',
      cases: [
        open({}), // past due, not flagged yet
        open({ breached: true, dueOn: '2026-12-10' }), // flagged, then the due day moved
        open({ state: 'awaiting_customer' }), // paused: its stored due day is stale
        open({ state: 'awaiting_customer', breached: true }),
        open({ dueOn: '2026-11-30' }), // due today: not yet
        aCase({ state: 'approved', breached: true }), // decided
      ],
    });
    expect(f.breachedOpen).toBe(3);
  });
});

describe('intake', () => {
  it('lists every day of the period by channel, zeros included, and ignores days outside it', () => {
    const f = figures({
      from: '2026-11-27',
      to: '2026-11-30',
      intake: [
        { day: '2026-11-27', channel: 'web', count: 3 },
        { day: '2026-11-27', channel: 'hotline', count: 1 },
        { day: '2026-11-30', channel: 'sms', count: 2 },
        { day: '2026-11-26', channel: 'web', count: 9 },
        { day: '2026-12-01', channel: 'web', count: 9 },
      ],
    });
    expect(f.intake).toEqual([
      { day: '2026-11-27', web: 3, form: 0, email: 0, hotline: 1, sms: 0, api: 0, bulk: 0 },
      { day: '2026-11-28', web: 0, form: 0, email: 0, hotline: 0, sms: 0, api: 0, bulk: 0 },
      { day: '2026-11-29', web: 0, form: 0, email: 0, hotline: 0, sms: 0, api: 0, bulk: 0 },
      { day: '2026-11-30', web: 0, form: 0, email: 0, hotline: 0, sms: 2, api: 0, bulk: 0 },
    ]);
  });

  it('passes the period, the time and the callbacks waiting through', () => {
    const f = figures({ callbacksWaiting: 4 });
    expect(f).toMatchObject({ from: '2026-11-16', to: '2026-11-29', generatedAt: '2026-11-30T02:00:00.000Z', callbacksWaiting: 4 });
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => figures({ from: '2026-12-01', to: '2026-11-01' })).toThrow(RangeError);
  });
});
