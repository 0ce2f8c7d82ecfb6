import { describe, expect, it } from 'vitest';
import { dayInZone, receiptDayFacts } from '../../web/portal/src/receipt-day.js';

/*
 * The portal's reading of a case's days (web/portal/src/receipt-day.ts): the submission's day in
 * the line's region, whether the receipt day is a later one (applied after hours), and a decision
 * that came before the receipt day. The API's days are the region's; so are these.
 */

const event = (seq: number, type: string, to: string | null, at: string) => ({ seq, type, from: null, to, actor: 'x', at });

describe('submission time and receipt day', () => {
  it('reads the day of an instant on the clock of the zone', () => {
    // Friday 23:13 in Beijing is Friday afternoon in London; 23:30 in London is already Saturday in Beijing.
    expect(dayInZone('2026-12-04T23:13:00+08:00', 'Asia/Shanghai')).toBe('2026-12-04');
    expect(dayInZone('2026-12-04T23:13:00+08:00', 'Europe/London')).toBe('2026-12-04');
    expect(dayInZone('2026-12-04T23:30:00Z', 'Europe/London')).toBe('2026-12-04');
    expect(dayInZone('2026-12-04T23:30:00Z', 'Asia/Shanghai')).toBe('2026-12-05');
  });

  it('says so when an application submitted on Friday night is received on Monday and decided at once', () => {
    const submitted = { submittedAt: '2026-12-04T15:13:00.000Z', receivedOn: '2026-12-07', history: [event(1, 'submitted', 'submitted', '2026-12-04T15:13:00.000Z')] };
    expect(receiptDayFacts(submitted, 'Asia/Shanghai')).toEqual({ submittedOn: '2026-12-04', receivedLater: true, decidedEarlyOn: null });
    const decided = {
      ...submitted,
      history: [...submitted.history, event(2, 'assign', 'in_review', '2026-12-04T15:15:00.000Z'), event(3, 'approve', 'approved', '2026-12-04T15:20:00.000Z'), event(4, 'fulfilled', 'completed', '2026-12-04T15:21:00.000Z')],
    };
    expect(receiptDayFacts(decided, 'Asia/Shanghai')).toEqual({ submittedOn: '2026-12-04', receivedLater: true, decidedEarlyOn: '2026-12-04' });
  });

  it('says nothing for an application in working hours, nor for a decision on or after the receipt day, nor for a withdrawal', () => {
    const inHours = { submittedAt: '2026-11-25T02:00:00.000Z', receivedOn: '2026-11-25', history: [event(1, 'submitted', 'submitted', '2026-11-25T02:00:00.000Z'), event(2, 'approve', 'approved', '2026-11-25T03:00:00.000Z')] };
    expect(receiptDayFacts(inHours, 'Asia/Shanghai')).toEqual({ submittedOn: '2026-11-25', receivedLater: false, decidedEarlyOn: null });
    const onMonday = { submittedAt: '2026-12-05T02:00:00.000Z', receivedOn: '2026-12-07', history: [event(1, 'reject', 'rejected', '2026-12-07T01:00:00.000Z')] };
    expect(receiptDayFacts(onMonday, 'Asia/Shanghai')).toMatchObject({ receivedLater: true, decidedEarlyOn: null });
    const withdrawn = { submittedAt: '2026-12-05T02:00:00.000Z', receivedOn: '2026-12-07', history: [event(1, 'withdraw', 'withdrawn', '2026-12-05T03:00:00.000Z')] };
    expect(receiptDayFacts(withdrawn, 'Asia/Shanghai').decidedEarlyOn).toBeNull();
  });

  it('takes the day in the region, not in the browser: late in London is already the next day in Beijing', () => {
    // 16:30 on Friday in London is 00:30 on Saturday in Beijing: a CN line's application is received on Monday.
    const abroad = { submittedAt: '2026-12-04T16:30:00.000Z', receivedOn: '2026-12-07', history: [] };
    expect(receiptDayFacts(abroad, 'Asia/Shanghai')).toMatchObject({ submittedOn: '2026-12-05', receivedLater: true });
  });
});
