import { describe, expect, it } from 'vitest';
import { caseViewHeldMs, HeldCaseViews } from '../../src/app/cases/held-case-views.js';

const entry = (fingerprint: string, view = { fingerprint }) => ({ fingerprint, snapshot: '10:10:', subscriberId: 1, region: 'CN', days: 'v1@2026-12-07;', view });
const sameDay = () => 'v1@2026-12-07;';

describe('held case views', () => {
  it('offers a view for a minute after the database last vouched for it, and only on the day and calendar it was rendered for', () => {
    let ms = 0;
    const views = new HeldCaseViews<{ fingerprint: string }>(() => ms);
    expect(views.offer('LC-1', sameDay)).toBeUndefined();
    views.hold('LC-1', entry('a'));
    const held = views.offer('LC-1', sameDay)!;
    expect(held.view).toEqual({ fingerprint: 'a' });
    expect(views.offer('LC-1', () => 'v1@2026-12-08;')).toBeUndefined();
    expect(views.offer('LC-1', () => 'v2@2026-12-07;')).toBeUndefined();
    ms = caseViewHeldMs;
    expect(views.offer('LC-1', sameDay)).toBe(held);
    views.vouch(held, '12:12:');
    ms = 2 * caseViewHeldMs;
    expect(views.offer('LC-1', sameDay)).toBe(held);
    expect(held.snapshot).toBe('12:12:');
    ms += 1;
    expect(views.offer('LC-1', sameDay)).toBeUndefined();
  });

  it('keeps the views answered most recently, a bounded number of them', () => {
    const views = new HeldCaseViews<{ fingerprint: string }>(() => 0);
    for (let i = 0; i < 5000; i++) views.hold(`LC-${i}`, entry(String(i)));
    expect(views.offer('LC-0', sameDay)).toBeUndefined();
    expect(views.offer('LC-903', sameDay)).toBeUndefined();
    expect(views.offer('LC-904', sameDay)?.fingerprint).toBe('904');
    expect(views.offer('LC-4999', sameDay)?.fingerprint).toBe('4999');
    // Holding a view again makes it the newest.
    views.hold('LC-904', entry('904b'));
    views.hold('LC-5000', entry('5000'));
    expect(views.offer('LC-904', sameDay)?.fingerprint).toBe('904b');
    expect(views.offer('LC-905', sameDay)).toBeUndefined();
  });
});
