import type { AppContext, Tx } from '../context.js';
import { currentDueDay, pauseCapReached, slaBadge, type SlaClock } from '../../domain/sla.js';
import { isUndecided, openStates } from '../../domain/case-machine.js';
import { updateCase, type CaseRow } from '../../store/cases.js';
import { recordCaseEvent } from '../case-events.js';

/** What the SLA of a case is worked out from: a queue row carries this much, a whole case more. */
export type SlaCase = Pick<CaseRow, 'region' | 'state' | 'received_on' | 'due_on' | 'due_provisional' | 'sla_paused_days' | 'paused_since'>;

export function slaClockOf(c: SlaCase): SlaClock {
  return { receivedOn: c.received_on, pausedDays: c.sla_paused_days, pausedSince: c.paused_since };
}

/**
 * Where a case stands against the promise as of `now`: its due day (moving while paused, up to
 * the pause cap), today in its region, and the badge. A decided case keeps the due day it had.
 */
export function slaNow(ctx: AppContext, c: SlaCase, now: Date) {
  const cal = ctx.calendars.calendar(c.region);
  const today = cal.localDateTime(now).date;
  const clock = slaClockOf(c);
  const due = isUndecided(c.state) ? currentDueDay(cal, clock, today, ctx.config.sla) : { date: c.due_on, provisional: c.due_provisional };
  const capReached = c.state === 'awaiting_customer' && pauseCapReached(cal, clock, today, ctx.config.sla);
  return { cal, due, today, capReached, sla: slaBadge(cal, c.state, due.date, today, capReached) };
}

/**
 * Flags a case as past its due day, once, at the moment it is seen (never back-dated): by the
 * sweeper, or by a decision taken late before the sweeper came by. The flag outlives the decision.
 */
export async function flagBreachIfLate(ctx: AppContext, tx: Tx, c: CaseRow, now: Date, seenBy: 'sweeper' | 'decision'): Promise<boolean> {
  if (c.sla_breached_at || !openStates.includes(c.state) || c.state === 'approved') return false;
  const { due, today } = slaNow(ctx, c, now);
  if (today <= due.date) return false;
  await updateCase(tx, c.id, { sla_breached_at: now, sla_breached_due_on: due.date });
  await recordCaseEvent(tx, c.id, { type: 'sla_breached', actor: 'system', at: now, data: { dueOn: due.date, seenOn: today, seenBy } });
  return true;
}
