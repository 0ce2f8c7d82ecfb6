/**
 * The SLA room: the decision clock (due day, pause, breach), the daily sweeper, the official
 * calendars it counts working days on, and the supervisor's figures.
 */
import type { AppContext, Tx } from '../context.js';
import { inTransaction } from '../transaction.js';
import { emailCaseCustomer } from '../messages/outgoing.js';
import { flagBreachIfLate, slaNow } from './state.js';
import { notifyStaff } from '../staff/notifications.js';
import { caseStates, isPaused, nextState, undecidedStates } from '../../domain/case-machine.js';
import { waitedTooLong } from '../../domain/sla.js';
import { listCasesToSweep, lockCaseUnlessBusy, updateCase, type CaseRow } from '../../store/cases.js';
import { findLineById } from '../../store/lines.js';
import { recordCaseEvent } from '../case-events.js';

const pausedStates = caseStates.filter(isPaused);

export interface SlaSweepResult {
  warned: string[];
  breached: string[];
  lapsed: string[];
}

/**
 * The SLA sweeper: for every open case, marks "due soon" (within 2 working days) and "overdue"
 * the first time it sees them, tells the assignee and the supervisors, and closes cases that
 * waited for the customer longer than the policy allows, telling the customer. Each case is
 * handled in its own transaction under `SKIP LOCKED`, so several workers can sweep together
 * and a case being decided right now is simply left for the next round.
 */
export async function sweepSla(ctx: AppContext): Promise<SlaSweepResult> {
  const result: SlaSweepResult = { warned: [], breached: [], lapsed: [] };
  // A breached case is flagged once, but a paused one may still lapse.
  const candidates = await listCasesToSweep(ctx.db, undecidedStates, pausedStates);
  for (const id of candidates) {
    await inTransaction(ctx, async (tx) => {
      const c = await lockCaseUnlessBusy(tx, id);
      if (!c) return;
      await sweepOne(ctx, tx, c, result);
    });
  }
  if (result.warned.length + result.breached.length + result.lapsed.length > 0) {
    ctx.log.info({ warned: result.warned.length, breached: result.breached.length, lapsed: result.lapsed.length }, 'SLA sweep');
  }
  return result;
}

async function sweepOne(ctx: AppContext, tx: Tx, c: CaseRow, result: SlaSweepResult) {
  const now = ctx.clock.now();
  const { cal, due, today, sla } = slaNow(ctx, c, now);
  if (c.state === 'awaiting_customer' && c.paused_since && waitedTooLong(cal, c.paused_since, today, ctx.config.sla)) {
    await lapse(ctx, tx, c, now);
    result.lapsed.push(c.reference);
    return;
  }
  if (sla === 'overdue') {
    if (await flagBreachIfLate(ctx, tx, c, now, 'sweeper')) {
      await notifyStaff(tx, c.id, 'sla_overdue', c.assignee, now);
      result.breached.push(c.reference);
    }
    return;
  }
  if (sla === 'due_soon' && !c.sla_warned_at) {
    await updateCase(tx, c.id, { sla_warned_at: now });
    await recordCaseEvent(tx, c.id, { type: 'sla_warned', actor: 'system', at: now, data: { dueOn: due.date, workingDaysLeft: cal.workingDaysBetween(today, due.date), seenOn: today } });
    await notifyStaff(tx, c.id, 'sla_due_soon', c.assignee, now);
    result.warned.push(c.reference);
  }
}

/** Closes a case whose information request went unanswered, and says so to the customer. */
async function lapse(ctx: AppContext, tx: Tx, c: CaseRow, now: Date) {
  const to = nextState(c.state, 'lapse');
  const days = ctx.config.sla.awaitingCloseDays;
  await updateCase(tx, c.id, { state: to, paused_since: null, pause_reason: null });
  await recordCaseEvent(tx, c.id, { type: 'lapse', from: c.state, to, actor: 'system', at: now, data: { pausedSince: c.paused_since, pauseReason: c.pause_reason, afterWorkingDays: days } });
  const line = (await findLineById(tx, c.line_id))!;
  await emailCaseCustomer(ctx, tx, c, { template: 'lapsed', vars: { reference: c.reference, msisdn: line.msisdn, days, progressUrl: `${ctx.config.publicUrl}/progress/${c.reference}` } });
  await notifyStaff(tx, c.id, 'case_lapsed', c.assignee, now);
}
