import { describe, expect, it } from 'vitest';
import { undoUntil } from '../../src/domain/afterlife.js';

describe('the undo window after a cancellation', () => {
  const ended = { status: 'terminated', terminatedOn: '2026-11-25', quarantineEndsOn: '2027-05-24' };
  it.each([
    ['GB: 14 days after the end', ended, 14, '2026-12-09'],
    ['CN: not offered (0 days)', ended, 0, null],
    ['never beyond the quarantine', { ...ended, quarantineEndsOn: '2026-11-30' }, 14, '2026-11-29'],
    ['a quarantine of 0 days leaves nothing to undo', { ...ended, quarantineEndsOn: '2026-11-25' }, 14, null],
    ['a live line has nothing to undo', { status: 'active', terminatedOn: null, quarantineEndsOn: null }, 14, null],
    ['a released number is gone', { ...ended, status: 'released' }, 14, null],
    ['across a year end', { ...ended, terminatedOn: '2026-12-25' }, 14, '2027-01-08'],
  ])('%s', (_what, line, days, expected) => {
    expect(undoUntil(line, days)).toBe(expected);
  });
});
