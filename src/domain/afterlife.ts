import { addDays, type IsoDate } from './calendar.js';

/**
 * The last day a cancellation can be undone: `undoDays` after the line ended, and while the
 * number still rests in quarantine (the day before its release at the latest). Null when the
 * region offers no undo, or the line has not ended.
 */
export function undoUntil(line: { status: string; terminatedOn: IsoDate | null; quarantineEndsOn: IsoDate | null }, undoDays: number): IsoDate | null {
  if (line.status !== 'terminated' || !line.terminatedOn || undoDays <= 0) return null;
  const byRule = addDays(line.terminatedOn, undoDays);
  const lastInQuarantine = line.quarantineEndsOn ? addDays(line.quarantineEndsOn, -1) : byRule;
  const until = byRule < lastInQuarantine ? byRule : lastInQuarantine;
  return until >= line.terminatedOn ? until : null;
}
