import { describe, expect, it } from 'vitest';
import regions from '../../data/regions.json' with { type: 'json' };
import { calendarFor } from '../../src/domain/calendar.js';
import { caseStates } from '../../src/domain/case-machine.js';
import { countedPausedDays, currentDueDay, decisionWorkingDays, pauseCapReached, pausedWorkingDays, slaBadge, waitedTooLong } from '../../src/domain/sla.js';
import { replaySla } from '../../src/domain/sla-replay.js';
import type { SlaClock } from '../../src/domain/sla.js';
import { loadCalendarYears } from '../../src/store/calendar-files.js';

// The real CN calendar: 2026 from the State Council notice 国办发明电〔2025〕7号 (data/calendars/CN-2026.json).
const years = await loadCalendarYears();
const cn = calendarFor('CN', regions, years);

const clock = (receivedOn: string, pausedSince: string | null, pausedDays = 0): SlaClock => ({ receivedOn, pausedDays, pausedSince });

describe('pausedWorkingDays', () => {
  it('is 0 when the case is not paused', () => {
    expect(pausedWorkingDays(cn, clock('2026-11-02', null, 3), '2026-11-20')).toBe(0);
  });

  it('costs nothing for a pause opened and answered on the same day', () => {
    expect(pausedWorkingDays(cn, clock('2026-11-02', '2026-11-04'), '2026-11-04')).toBe(0);
  });

  it('counts the working days from the pause up to, not including, the reply day', () => {
    // Wed Nov 4 → Mon Nov 9: Nov 4, 5, 6; the weekend does not count.
    expect(pausedWorkingDays(cn, clock('2026-11-02', '2026-11-04'), '2026-11-09')).toBe(3);
    expect(pausedWorkingDays(cn, clock('2026-11-02', '2026-11-04'), '2026-11-05')).toBe(1);
  });

  it('counts a pause opened before the receipt day only from the receipt day', () => {
    // Asked on Mon Nov 23 about an application received (after closing) on Wed Nov 25.
    expect(pausedWorkingDays(cn, clock('2026-11-25', '2026-11-23'), '2026-11-27')).toBe(2);
    expect(pausedWorkingDays(cn, clock('2026-11-25', '2026-11-23'), '2026-11-25')).toBe(0);
    expect(pausedWorkingDays(cn, clock('2026-11-25', '2026-11-23'), '2026-11-24')).toBe(0);
  });

  it('counts only working days over Spring Festival 2026, make-up Saturdays included', () => {
    // Fri Feb 13 → Mon Mar 2: Feb 13, Sat Feb 14 (调休), Feb 24–27 and Sat Feb 28 (调休); Feb 15–23 is the holiday.
    expect(pausedWorkingDays(cn, clock('2026-02-10', '2026-02-13'), '2026-03-02')).toBe(7);
    // From the first make-up Saturday to the day after the holiday: only Feb 14 itself.
    expect(pausedWorkingDays(cn, clock('2026-02-10', '2026-02-14'), '2026-02-24')).toBe(1);
    // Reply on the second make-up Saturday: Feb 24–27.
    expect(pausedWorkingDays(cn, clock('2026-02-10', '2026-02-24'), '2026-02-28')).toBe(4);
    expect(pausedWorkingDays(cn, clock('2026-02-10', '2026-02-24'), '2026-03-01')).toBe(5);
  });
});

describe('currentDueDay', () => {
  it('is the 7th working day after the receipt day when nothing was paused', () => {
    expect(decisionWorkingDays).toBe(7);
    // Mon Nov 2 → Nov 3, 4, 5, 6, 9, 10, 11.
    expect(currentDueDay(cn, clock('2026-11-02', null), '2026-11-02')).toEqual({ date: '2026-11-11', provisional: false });
    expect(currentDueDay(cn, clock('2026-11-02', null), '2026-11-30')).toEqual({ date: '2026-11-11', provisional: false });
  });

  it('moves the due day by the paused working days', () => {
    expect(currentDueDay(cn, clock('2026-11-02', null, 2), '2026-11-20')).toEqual({ date: '2026-11-13', provisional: false });
  });

  it('moves the due day on with every working day the customer has not replied', () => {
    const paused = clock('2026-11-02', '2026-11-04');
    const due = (today: string) => currentDueDay(cn, paused, today).date;
    // The clock is assumed to restart tomorrow at the earliest, so the pause day itself already counts.
    expect(due('2026-11-04')).toBe('2026-11-12');
    expect(due('2026-11-05')).toBe('2026-11-13');
    expect(due('2026-11-06')).toBe('2026-11-16');
    // The weekend does not move it.
    expect(due('2026-11-07')).toBe('2026-11-16');
    expect(due('2026-11-08')).toBe('2026-11-16');
    expect(due('2026-11-09')).toBe('2026-11-17');
  });

  it('adds a new pause to the working days of earlier pauses', () => {
    expect(currentDueDay(cn, clock('2026-11-02', '2026-11-09', 2), '2026-11-10').date).toBe('2026-11-17');
  });

  it('matches the due day fixed on reply when the customer answers on a later day', () => {
    const paused = clock('2026-11-02', '2026-11-04');
    const reply = '2026-11-09';
    const onReply = cn.dueDay(paused.receivedOn, decisionWorkingDays, pausedWorkingDays(cn, paused, reply));
    // Shown the day before the reply, and fixed on the reply day, the due day is the same.
    expect(currentDueDay(cn, paused, '2026-11-08')).toEqual(onReply);
  });

  it('is provisional once the due day runs into a year without calendar data', () => {
    expect(currentDueDay(cn, clock('2026-12-21', '2026-12-22'), '2026-12-30')).toMatchObject({ provisional: true });
  });
});

describe('slaBadge', () => {
  // Due Wed 2026-11-11.
  it.each([
    ['in_review', '2026-11-06', 'on_track'], // Fri: Nov 6, 9, 10 are three working days
    ['submitted', '2026-11-02', 'on_track'],
    ['in_review', '2026-11-07', 'due_soon'], // Sat: Nov 9, 10
    ['in_review', '2026-11-09', 'due_soon'],
    ['submitted', '2026-11-10', 'due_soon'],
    ['in_review', '2026-11-11', 'due_soon'], // the due day itself
    ['in_review', '2026-11-12', 'overdue'],
    ['submitted', '2026-12-01', 'overdue'],
    ['awaiting_customer', '2026-11-02', 'paused'],
    ['awaiting_customer', '2026-11-30', 'paused'], // paused wins over overdue
  ] as const)('shows a %s case on %s as %s', (state, today, badge) => {
    expect(slaBadge(cn, state, '2026-11-11', today)).toBe(badge);
  });

  it('counts working days, not calendar days, across National Day', () => {
    // Due Fri Oct 9; on Wed Sep 30 only Sep 30 and Oct 8 are working days before it.
    expect(slaBadge(cn, 'in_review', '2026-10-09', '2026-09-30')).toBe('due_soon');
    // On Fri Sep 25 (a holiday) the working days are Sep 28, 29, 30, Oct 8.
    expect(slaBadge(cn, 'in_review', '2026-10-09', '2026-09-25')).toBe('on_track');
  });

  it.each(caseStates.filter((s) => !['submitted', 'in_review', 'awaiting_customer'].includes(s)))(
    'shows no badge once the case is %s',
    (state) => {
      expect(slaBadge(cn, state, '2026-11-11', '2026-11-06')).toBeNull();
      expect(slaBadge(cn, state, '2026-11-11', '2026-11-30')).toBeNull();
    },
  );
});

describe('the pause cap', () => {
  const policy = { pauseCapDays: 3, awaitingCloseDays: 10 };

  it.each([
    [0, 0],
    [2, 2],
    [3, 3],
    [9, 3],
  ])('counts %i paused days as %i under a cap of 3', (total, counted) => {
    expect(countedPausedDays(total, policy)).toBe(counted);
  });

  it('stops moving the due day once the cap is used, and says the clock runs again', () => {
    // Paused since Mon Nov 9 on a case received Mon Nov 2 (due Nov 11 unpaused).
    const paused = clock('2026-11-02', '2026-11-09');
    expect(pauseCapReached(cn, paused, '2026-11-10', policy)).toBe(false);
    expect(pauseCapReached(cn, paused, '2026-11-11', policy)).toBe(true);
    expect(currentDueDay(cn, paused, '2026-11-11', policy).date).toBe('2026-11-16');
    expect(currentDueDay(cn, paused, '2026-11-20', policy).date).toBe('2026-11-16');
    expect(slaBadge(cn, 'awaiting_customer', '2026-11-16', '2026-11-20', true)).toBe('overdue');
    expect(slaBadge(cn, 'awaiting_customer', '2026-11-16', '2026-11-20', false)).toBe('paused');
  });

  it('counts earlier pauses against the same cap', () => {
    expect(pauseCapReached(cn, clock('2026-11-02', '2026-11-09', 2), '2026-11-09', policy)).toBe(true);
    expect(pauseCapReached(cn, clock('2026-11-02', null, 2), '2026-11-09', policy)).toBe(false);
  });
});

describe('waitedTooLong', () => {
  const policy = { pauseCapDays: 10, awaitingCloseDays: 10 };
  it.each([
    // Asked on Fri Feb 13 2026: Sat Feb 14 (调休), Feb 24–28, Mar 2–5 are the ten working days given.
    ['2026-02-23', false],
    ['2026-03-05', false],
    ['2026-03-06', true],
    // Asked on Mon Nov 2: ten working days are Nov 3–16.
    ['2026-11-16', false],
    ['2026-11-17', true],
  ])('as of %s: %s', (today, expected) => {
    const since = today.startsWith('2026-11') ? '2026-11-02' : '2026-02-13';
    expect(waitedTooLong(cn, since, today, policy)).toBe(expected);
  });
});

describe('replaySla', () => {
  it('rebuilds the due day, pauses, warning and breach from the history alone', () => {
    const at = (d: string) => new Date(`${d}T09:00:00+08:00`);
    const replayed = replaySla([
      { type: 'submitted', at: at('2026-11-02') },
      { type: 'sla_started', at: at('2026-11-02'), data: { receivedOn: '2026-11-02', dueOn: '2026-11-11' } },
      { type: 'sla_paused', at: at('2026-11-04'), data: { reason: 'identity', dueOn: '2026-11-12' } },
      { type: 'sla_resumed', at: at('2026-11-09'), data: { totalPausedDays: 3, dueOn: '2026-11-16' } },
      { type: 'sla_paused', at: at('2026-11-10'), data: { reason: 'documents', dueOn: '2026-11-17' } },
      { type: 'sla_resumed', at: at('2026-11-10'), data: { totalPausedDays: 3, dueOn: '2026-11-16' } },
      { type: 'sla_warned', at: at('2026-11-12'), data: { dueOn: '2026-11-16' } },
      { type: 'sla_breached', at: at('2026-11-17'), data: { dueOn: '2026-11-16' } },
      { type: 'sla_breached', at: at('2026-11-18'), data: { dueOn: '2026-11-16' } },
    ]);
    expect(replayed).toEqual({
      receivedOn: '2026-11-02',
      dueOn: '2026-11-16',
      paused: false,
      pauseReasons: ['identity', 'documents'],
      totalPausedDays: 3,
      warnedAt: at('2026-11-12').toISOString(),
      breachedAt: at('2026-11-17').toISOString(),
      breachedDueOn: '2026-11-16',
    });
  });
});
