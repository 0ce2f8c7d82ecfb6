import crypto from 'node:crypto';
import type { Actor, AppContext, Tx } from '../context.js';
import { actorLabel } from '../context.js';
import { inTransaction } from '../transaction.js';
import { emailCaseCustomer } from '../messages/outgoing.js';
import { inspectLine } from '../lines/lines.js';
import { DomainError, forbidden, notFound, unprocessable } from '../../domain/errors.js';
import { nextState, type CaseEvent } from '../../domain/case-machine.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { permissions } from '../../domain/roles.js';
import { countedPausedDays, currentDueDay, decisionWorkingDays, pausedWorkingDays, type PauseReason } from '../../domain/sla.js';
import { flagBreachIfLate } from '../sla/state.js';
import { notifyAssignee } from '../staff/notifications.js';
import { findCase, updateCase, type CaseRow } from '../../store/cases.js';
import { findLineById, findSubscriber, setLineStatus } from '../../store/lines.js';
import { recordCaseEvent } from '../case-events.js';
import { listEnabledStaffInRoles } from '../../store/staff.js';
import { insertCustomerReply } from '../../store/communications.js';


interface Loaded {
  tx: Tx;
  c: CaseRow;
  now: Date;
  today: string;
}

/**
 * Loads a case for change, locked. A customer only ever sees their own cases: another
 * subscriber's reference answers 404 exactly like one that does not exist.
 */
async function withCase<T>(ctx: AppContext, reference: string, subscriberId: number | null, fn: (l: Loaded) => Promise<T>) {
  return inTransaction(ctx, async (tx) => {
    const c = await findCase(tx, reference, true);
    if (!c || (subscriberId !== null && c.subscriber_id !== subscriberId)) {
      throw notFound('case_not_found', 'No cancellation case with this reference was found for you.');
    }
    const now = ctx.clock.now();
    const today = ctx.calendars.calendar(c.region).localDateTime(now).date;
    return fn({ tx, c, now, today });
  });
}

async function msisdnOf(tx: Tx, c: CaseRow) {
  return (await findLineById(tx, c.line_id))!.msisdn;
}

/** Applies one transition of the state machine, with the fields that change along with it, and records it. */
async function move(
  tx: Tx,
  c: CaseRow,
  event: CaseEvent,
  actor: Actor,
  now: Date,
  data: Record<string, unknown> = {},
  changes: Parameters<typeof updateCase>[2] = {},
) {
  const to = nextState(c.state, event);
  await updateCase(tx, c.id, { ...changes, state: to });
  await recordCaseEvent(tx, c.id, { type: event, from: c.state, to, actor: actorLabel(actor), at: now, data });
  return to;
}

export async function assignCase(ctx: AppContext, actor: StaffActor, reference: string, to?: string) {
  return withCase(ctx, reference, null, async ({ tx, c, now }) => {
    const assignee = to ?? actor.user;
    requirePermission(actor, assignee === actor.user ? 'case.assign_self' : 'case.assign_other');
    const deciders = await listEnabledStaffInRoles(tx, permissions['case.decide']);
    if (!deciders.some((d) => d.username === assignee)) {
      throw unprocessable('unknown_assignee', `${assignee} is not a reviewer or supervisor who can take cases.`);
    }
    const state = await move(tx, c, 'assign', actor, now, { assignee, previous: c.assignee }, { assignee });
    if (assignee !== actor.user) await notifyAssignee(tx, c.id, 'case_assigned', assignee, now);
    return { reference, state, assignee };
  });
}

export async function requestInformation(ctx: AppContext, actor: StaffActor, reference: string, question: string, reason: PauseReason = 'other') {
  requirePermission(actor, 'case.request_info');
  return withCase(ctx, reference, null, async ({ tx, c, now, today }) => {
    const cal = ctx.calendars.calendar(c.region);
    const clock = { receivedOn: c.received_on, pausedDays: c.sla_paused_days, pausedSince: today };
    const due = currentDueDay(cal, clock, today, ctx.config.sla);
    const state = await move(tx, c, 'request_info', actor, now, { question, reason, pausedSince: today, dueOn: due.date }, {
      paused_since: today,
      pause_reason: reason,
      due_on: due.date,
      due_provisional: due.provisional,
      due_calendar_version: cal.version(),
    });
    await recordCaseEvent(tx, c.id, { type: 'sla_paused', actor: actorLabel(actor), at: now, data: { reason, since: today, dueOn: due.date, pausedDaysSoFar: c.sla_paused_days } });
    await emailCaseCustomer(ctx, tx, c, {
      template: 'info_requested',
      vars: { reference, question, progressUrl: `${ctx.config.publicUrl}/progress/${reference}` },
    });
    return { reference, state, paused: true as const, pauseReason: reason, dueOn: due.date };
  });
}

export async function replyToInformationRequest(ctx: AppContext, subscriberId: number, reference: string, text: string) {
  return withCase(ctx, reference, subscriberId, async ({ tx, c, now, today }) => {
    const cal = ctx.calendars.calendar(c.region);
    const paused = pausedWorkingDays(cal, { receivedOn: c.received_on, pausedDays: c.sla_paused_days, pausedSince: c.paused_since }, today);
    const total = c.sla_paused_days + paused;
    const counted = countedPausedDays(total, ctx.config.sla);
    const due = cal.dueDay(c.received_on, decisionWorkingDays, counted);
    const subscriber = (await findSubscriber(tx, ctx.vault, c.subscriber_id))!;
    await insertCustomerReply(tx, {
      caseId: c.id,
      subscriberId: subscriber.id,
      language: subscriber.language,
      recipient: ctx.vault.seal('operator'),
      subject: `Reply to ${reference}`,
      body: text,
      messageId: `<reply-${crypto.randomUUID()}@lastcall.invalid>`,
      at: now,
    });
    const customer = { kind: 'customer' as const, subscriberId };
    const state = await move(tx, c, 'customer_reply', customer, now, { pausedWorkingDays: paused, dueOn: due.date }, {
      sla_paused_days: total,
      paused_since: null,
      pause_reason: null,
      due_on: due.date,
      due_provisional: due.provisional,
      due_calendar_version: cal.version(),
    });
    await notifyAssignee(tx, c.id, 'customer_replied', c.assignee, now);
    await recordCaseEvent(tx, c.id, {
      type: 'sla_resumed',
      actor: actorLabel(customer),
      at: now,
      data: { reason: c.pause_reason, pausedWorkingDays: paused, totalPausedDays: total, countedPausedDays: counted, capDays: ctx.config.sla.pauseCapDays, dueOn: due.date },
    });
    return { reference, state, paused: false as const, dueOn: due.date };
  });
}

export async function approveCase(ctx: AppContext, actor: StaffActor, reference: string, note?: string, overrideReason?: string) {
  requirePermission(actor, 'case.decide');
  if (overrideReason !== undefined) requirePermission(actor, 'case.override');
  return withCase(ctx, reference, null, async ({ tx, c, now }) => {
    nextState(c.state, 'approve');
    if (c.opened_by === actor.user) {
      throw forbidden('four_eyes', 'You opened this case for the caller; another reviewer must approve it.');
    }
    const line = (await findLineById(tx, c.line_id, true))!;
    const { precheck } = await inspectLine(ctx, tx, line.msisdn, null, now);
    const blocking = precheck.items.filter((i) => i.kind === 'blocking');
    if (blocking.length > 0 && overrideReason === undefined) {
      throw new DomainError('precheck_blocking', 'The pre-check has blocking items; clear them before approving.', { items: blocking });
    }
    const override = overrideReason === undefined ? {} : { override: { reason: overrideReason, blocking: blocking.map((i) => i.code) } };
    await flagBreachIfLate(ctx, tx, c, now, 'decision');
    const state = await move(tx, c, 'approve', actor, now, { ...(note ? { note } : {}), ...override }, { decided_at: now, decided_by: actor.user, decision_note: note ?? overrideReason ?? null });
    await setLineStatus(tx, line.id, 'pending_termination');
    await emailCaseCustomer(ctx, tx, c, { template: 'approved', vars: { reference, msisdn: line.msisdn } });
    return { reference, state };
  });
}

export async function rejectCase(ctx: AppContext, actor: StaffActor, reference: string, reason: string) {
  requirePermission(actor, 'case.decide');
  return withCase(ctx, reference, null, async ({ tx, c, now }) => {
    nextState(c.state, 'reject');
    await flagBreachIfLate(ctx, tx, c, now, 'decision');
    const state = await move(tx, c, 'reject', actor, now, { reason }, { decided_at: now, decided_by: actor.user, decision_note: reason });
    await emailCaseCustomer(ctx, tx, c, { template: 'rejected', vars: { reference, msisdn: await msisdnOf(tx, c), reason } });
    return { reference, state };
  });
}

export async function withdrawCase(ctx: AppContext, actor: Actor, subscriberId: number | null, reference: string) {
  return withCase(ctx, reference, subscriberId, async ({ tx, c, now }) => {
    const state = await move(tx, c, 'withdraw', actor, now, {}, { paused_since: null, pause_reason: null });
    await emailCaseCustomer(ctx, tx, c, { template: 'withdrawn', vars: { reference, msisdn: await msisdnOf(tx, c) } });
    return { reference, state };
  });
}

export async function addNote(ctx: AppContext, actor: StaffActor, reference: string, text: string) {
  requirePermission(actor, 'case.note');
  return withCase(ctx, reference, null, async ({ tx, c, now }) => {
    await recordCaseEvent(tx, c.id, { type: 'note', actor: actorLabel(actor), at: now, data: { text } });
    return { reference, state: c.state };
  });
}
