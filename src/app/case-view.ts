import { actorLabel, type AppContext } from './context.js';
import { appendAudit } from './audit.js';
import type { StaffActor } from './review.js';
import { inTransaction } from './transaction.js';
import { inspectLine } from './lines.js';
import { notFound } from '../domain/errors.js';
import { allowedEvents, isPaused } from '../domain/case-machine.js';
import { listCaseDocuments } from './documents.js';
import { currentDueDay, slaBadge } from '../domain/sla.js';
import { maskEmail, maskIdNumber, maskMsisdn, maskName } from '../domain/validation.js';
import { findCase, listCommunications, listEvents, type CaseEventRow, type CaseRow } from '../store/cases.js';
import { findLineById, findSubscriber } from '../store/lines.js';

/** Events the customer does not see: internal notes and the operator's technical retries. */
const internalEvents = new Set(['note', 'network_error']);

function publicActor(actor: string): string {
  return actor.startsWith('staff:') ? 'operator' : actor;
}

/** Staff see where a message went, not the whole address. */
export function maskRecipient(channel: string, to: string): string {
  if (channel === 'email') return maskEmail(to);
  if (channel === 'sms') return maskMsisdn(to);
  return to;
}

function dueNow(ctx: AppContext, c: CaseRow, now: Date) {
  const cal = ctx.calendars.calendar(c.region);
  const today = cal.localDateTime(now).date;
  const open = c.state === 'submitted' || c.state === 'in_review' || c.state === 'awaiting_customer';
  const due = open
    ? currentDueDay(cal, { receivedOn: c.received_on, pausedDays: c.sla_paused_days, pausedSince: c.paused_since }, today)
    : { date: c.due_on, provisional: c.due_provisional };
  return { due, today, sla: slaBadge(cal, c.state, due.date, today) };
}

function eventView(e: CaseEventRow, forStaff: boolean) {
  return {
    seq: e.seq,
    type: e.type,
    from: e.from_state,
    to: e.to_state,
    actor: forStaff ? e.actor : publicActor(e.actor),
    at: e.at.toISOString(),
    ...(Object.keys(e.data).length > 0 ? { data: forStaff ? e.data : withoutStaffNames(e.data) } : {}),
  };
}

function withoutStaffNames(data: Record<string, unknown>) {
  const { assignee: _a, previous: _p, precheck: _c, calendarVersion: _v, ...rest } = data;
  return rest;
}

/** One consistent read of a case; the staff view also reads the subscriber and the line's pre-check. */
async function caseDetails(ctx: AppContext, reference: string, subscriberId: number | null, reader: StaffActor | null, reveal = false) {
  const forStaff = reader !== null;
  return inTransaction(ctx, async (tx) => {
    const c = await findCase(tx, reference);
    if (!c || (subscriberId !== null && c.subscriber_id !== subscriberId)) {
      throw notFound('case_not_found', 'No cancellation case with this reference was found for you.');
    }
    const line = (await findLineById(tx, c.line_id))!;
    const events = await listEvents(tx, c.id);
    const comms = await listCommunications(tx, c.id);
    const documents = await listCaseDocuments(tx, ctx.vault, c.id);
    if (!forStaff) return { c, line, events, comms, documents, subscriber: null, precheck: null };
    const subscriber = (await findSubscriber(tx, ctx.vault, c.subscriber_id))!;
    // Every staff look at a customer's personal data leaves a row in the audit trail.
    await appendAudit(tx, ctx.clock.now(), {
      actor: actorLabel(reader),
      action: reveal ? 'personal_data.revealed' : 'personal_data.read',
      subject: c.reference,
      data: { subscriberId: c.subscriber_id, fields: ['name', 'idNumber', 'email'], masked: !reveal },
    });
    const recipients = await Promise.all(comms.map(async (m) => maskRecipient(m.channel, await ctx.vault.open(m.recipient))));
    // A released number belongs to nobody any more: its old case has no pre-check to show.
    const precheck = line.status === 'released' ? null : (await inspectLine(ctx, tx, line.msisdn, null, ctx.clock.now())).precheck;
    return { c, line, events, comms: comms.map((m, i) => ({ ...m, recipient: recipients[i]! })), documents, subscriber, precheck };
  });
}

export async function customerCaseView(ctx: AppContext, reference: string, subscriberId: number) {
  const { c, line, events, comms, documents } = await caseDetails(ctx, reference, subscriberId, null);
  const { due } = dueNow(ctx, c, ctx.clock.now());
  return {
    reference: c.reference,
    state: c.state,
    channel: c.channel,
    msisdn: line.msisdn,
    submittedAt: c.submitted_at.toISOString(),
    receivedOn: c.received_on,
    dueOn: due.date,
    dueProvisional: due.provisional,
    paused: isPaused(c.state),
    canWithdraw: allowedEvents(c.state).includes('withdraw'),
    canReply: allowedEvents(c.state).includes('customer_reply'),
    receiptSha256: (c as CaseRow & { receipt_sha256?: string | null }).receipt_sha256 ?? null,
    documents,
    history: events.filter((e) => !internalEvents.has(e.type)).map((e) => eventView(e, false)),
    communications: comms.map((m) => ({
      channel: m.channel,
      direction: m.direction,
      template: m.template,
      subject: m.subject,
      text: m.body,
      status: m.status,
      createdAt: m.created_at.toISOString(),
      sentAt: m.sent_at?.toISOString() ?? null,
    })),
  };
}

/** Personal data comes masked; `reveal` shows it whole, and the audit trail says who looked. */
export async function staffCaseView(ctx: AppContext, reader: StaffActor, reference: string, reveal = false) {
  const { c, line, events, comms, documents, subscriber, precheck } = await caseDetails(ctx, reference, null, reader, reveal);
  const { due, sla } = dueNow(ctx, c, ctx.clock.now());
  return {
    reference: c.reference,
    state: c.state,
    channel: c.channel,
    region: c.region,
    reason: c.reason,
    msisdn: line.msisdn,
    lineStatus: line.status,
    subscriber: subscriber && {
      name: reveal ? subscriber.legal_name : maskName(subscriber.legal_name),
      idType: subscriber.id_type,
      idNumber: reveal ? subscriber.id_number : maskIdNumber(subscriber.id_number),
      email: reveal ? subscriber.email : maskEmail(subscriber.email),
      masked: !reveal,
      language: subscriber.language,
    },
    submittedAt: c.submitted_at.toISOString(),
    receivedOn: c.received_on,
    dueOn: due.date,
    dueProvisional: due.provisional,
    calendarVersion: c.due_calendar_version,
    paused: isPaused(c.state),
    pausedWorkingDays: c.sla_paused_days,
    sla,
    assignee: c.assignee,
    openedBy: c.opened_by,
    decidedBy: c.decided_by,
    precheck,
    receiptSha256: (c as CaseRow & { receipt_sha256?: string | null }).receipt_sha256 ?? null,
    documents,
    history: events.map((e) => eventView(e, true)),
    communications: comms.map((m) => ({
      id: m.id,
      channel: m.channel,
      direction: m.direction,
      template: m.template,
      to: m.recipient,
      subject: m.subject,
      text: m.body,
      status: m.status,
      createdAt: m.created_at.toISOString(),
      sentAt: m.sent_at?.toISOString() ?? null,
    })),
  };
}

export async function listStaffCases(ctx: AppContext, filter: { state?: string | undefined; region?: string | undefined; sort: 'due' | 'submitted' }) {
  const rows = await ctx.db.query<CaseRow & { msisdn: string }>(
    `SELECT c.*, l.msisdn FROM cases c JOIN lines l ON l.id = c.line_id
     WHERE ($1::text IS NULL OR c.state = $1) AND ($2::text IS NULL OR c.region = $2)
     ORDER BY ${filter.sort === 'due' ? 'c.due_on, c.id' : 'c.submitted_at DESC, c.id DESC'} LIMIT 500`,
    [filter.state ?? null, filter.region ?? null],
  );
  const now = ctx.clock.now();
  return rows.map((c) => {
    const { due, sla } = dueNow(ctx, c, now);
    return {
      reference: c.reference,
      state: c.state,
      channel: c.channel,
      region: c.region,
      msisdn: c.msisdn,
      receivedOn: c.received_on,
      dueOn: due.date,
      dueProvisional: due.provisional,
      sla,
      assignee: c.assignee,
      openedBy: c.opened_by,
    };
  });
}
