import { actorLabel, type AppContext } from '../context.js';
import { appendAudit } from '../../store/audit.js';
import type { StaffActor } from '../staff/permission.js';
import { inTransaction } from '../transaction.js';
import { inspectLine } from '../lines/lines.js';
import { notFound } from '../../domain/errors.js';
import { allowedEvents, isPaused } from '../../domain/case-machine.js';
import { listCaseDocuments } from '../evidence/documents.js';
import { slaNow } from '../sla/state.js';
import { may } from '../../domain/roles.js';
import { maskEmail, maskIdNumber, maskMsisdn, maskName } from '../../domain/validation.js';
import { findCase, listCommunications, listEvents, type CaseEventRow, type CaseRow } from '../../store/cases.js';
import { findLineById, findSubscriber } from '../../store/lines.js';
import { listCallsOfCase } from '../../store/calls.js';
import { findLatestCaseJob } from '../../store/outbox.js';
import { approvalPreviewOf, precheckAtSubmission } from './case-precheck.js';

/**
 * Events the customer does not see: internal notes, the operator's technical retries, the SLA's
 * bookkeeping (the customer sees its result, the due day), duplicate flags and call logs.
 */
const internalEvents = new Set(['note', 'network_error', 'sla_started', 'sla_paused', 'sla_resumed', 'sla_warned', 'sla_breached', 'duplicate_flagged', 'call_logged', 'mail_received']);

/** A case that came by e-mail: what SPF, DKIM and DMARC said of its sender, for the reviewer to weigh. */
function mailAuthOf(events: CaseEventRow[]) {
  const e = events.filter((x) => x.type === 'mail_received').at(-1);
  return e ? (e.data as unknown as MailAuthView) : null;
}
type MailAuthView = {
  messageId: string | null;
  receivedAt: string;
  spf: { result: string; domain: string | null };
  dkim: { result: string; signatures: { domain: string; selector: string | null; result: string; aligned: boolean }[] };
  dmarc: { result: string; domain: string | null; policy: string | null };
};

function publicActor(actor: string): string {
  return actor.startsWith('staff:') ? 'operator' : actor;
}

/** Staff see where a message went, not the whole address. */
export function maskRecipient(channel: string, to: string): string {
  if (channel === 'email') return maskEmail(to);
  if (channel === 'sms') return maskMsisdn(to);
  return to;
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
    if (!forStaff) return { c, line, events, comms, documents, subscriber: null, precheck: null, bindings: [], calls: [] };
    const subscriber = (await findSubscriber(tx, ctx.vault, c.subscriber_id))!;
    // Every staff look at a customer's personal data leaves a row in the audit trail.
    await appendAudit(tx, ctx.clock.now(), {
      actor: actorLabel(reader),
      action: reveal ? 'personal_data.revealed' : 'personal_data.read',
      subject: c.reference,
      data: { subscriberId: c.subscriber_id, fields: ['name', 'idNumber', 'email'], masked: !reveal },
    });
    const callRows = await listCallsOfCase(tx, c.id);
    const calls = await Promise.all(callRows.map(async (k) => ({ ...k, note: k.note === null ? null : await ctx.vault.open(k.note) })));
    const recipients = await Promise.all(comms.map(async (m) => maskRecipient(m.channel, await ctx.vault.open(m.recipient))));
    // A released number belongs to nobody any more: its old case has no pre-check to show.
    const inspected = line.status === 'released' ? null : await inspectLine(ctx, tx, line.msisdn, null, ctx.clock.now());
    const precheck = inspected?.precheck ?? null;
    const bindings = inspected?.bindings ?? [];
    return { c, line, events, comms: comms.map((m, i) => ({ ...m, recipient: recipients[i]! })), documents, subscriber, precheck, bindings, calls };
  });
}

export async function customerCaseView(ctx: AppContext, reference: string, subscriberId: number) {
  const { c, line, events, comms, documents } = await caseDetails(ctx, reference, subscriberId, null);
  const { due } = slaNow(ctx, c, ctx.clock.now());
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
    receiptSha256: c.receipt_sha256,
    refund: c.refund,
    documents,
    history: events.filter((e) => !internalEvents.has(e.type)).map((e) => eventView(e, false)),
    // A hotline call's log is the operator's record of it, not a message to the customer.
    communications: comms.filter((m) => m.channel !== 'phone').map((m) => ({
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

/**
 * An approved case waits on the network until the line is off it: "waiting" with the attempts
 * and the last error while the outbox retries, "parked" once a supervisor must look.
 */
async function fulfilmentProgress(ctx: AppContext, caseId: number) {
  const job = await findLatestCaseJob(ctx.db, 'fulfil_case', caseId);
  if (!job || job.done_at) return null;
  return {
    status: job.dead_at ? ('parked' as const) : ('waiting' as const),
    provisioner: ctx.network.name,
    attempts: job.attempts,
    lastError: job.last_error,
    nextAttemptAt: job.dead_at ? null : job.run_after.toISOString(),
    jobId: job.id,
  };
}

export async function staffCaseView(ctx: AppContext, reader: StaffActor, reference: string, reveal = false) {
  const { c, line, events, comms, documents, subscriber, precheck, bindings, calls } = await caseDetails(ctx, reference, null, reader, reveal);
  const { due, sla } = slaNow(ctx, c, ctx.clock.now());
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
    pauseReason: c.pause_reason,
    sla,
    breached: c.sla_breached_at !== null,
    breachedAt: c.sla_breached_at?.toISOString() ?? null,
    warnedAt: c.sla_warned_at?.toISOString() ?? null,
    duplicateOf: c.duplicate_of,
    assignee: c.assignee,
    openedBy: c.opened_by,
    decidedBy: c.decided_by,
    allowed: allowedEvents(c.state),
    fourEyes: fourEyes(reader, c),
    network: c.state === 'approved' ? await fulfilmentProgress(ctx, c.id) : null,
    precheck,
    precheckAtSubmission: precheckAtSubmission(c, events),
    approvalPreview: approvalPreviewOf(ctx, c, line, bindings),
    receiptSha256: c.receipt_sha256,
    mailAuth: mailAuthOf(events),
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
    calls: calls.map((k) => ({
      id: k.public_id,
      direction: k.direction,
      agent: k.agent,
      facts: k.facts,
      outcome: k.outcome,
      note: k.note,
      receivedAt: k.received_at.toISOString(),
      endedAt: k.ended_at?.toISOString() ?? null,
    })),
  };
}

/** Four eyes, as the reader's console shows it: who opened the case and whether the reader may decide it. */
function fourEyes(reader: StaffActor, c: CaseRow): { openedBy: string | null; mayApprove: boolean; why?: string } {
  if (c.opened_by === reader.user) return { openedBy: c.opened_by, mayApprove: false, why: 'opened_by_you' };
  if (!may(reader.role, 'case.decide')) return { openedBy: c.opened_by, mayApprove: false, why: 'role' };
  return { openedBy: c.opened_by, mayApprove: true };
}
