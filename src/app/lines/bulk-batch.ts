/**
 * One batch of a bulk termination (CONTRACT §10), in the caller's transaction: for every line
 * that can be ended, a case with channel `bulk` opened by one supervisor, taken and approved by
 * the other — the same case, events, notice and fulfilment job that apply → assign → approve
 * write for one case (case-events.ts's follow-up jobs, the outbox's message delivery), written a
 * table at a time instead of a row at a time, with one audit row per case (see below).
 */
import crypto from 'node:crypto';
import type { AppContext, Tx } from '../context.js';
import { followUpJobs } from '../case-events.js';
import { tellPartnersOfCase } from '../partners/case-news.js';
import { messageSubject } from '../messages/outgoing.js';
import { formatReference } from '../../domain/reference.js';
import { canonicalJson, canonicalJsonTemplate } from '../../domain/canonical-json.js';
import { caseEventDigest } from '../../domain/audit-chain.js';
import { maskEmail } from '../../domain/validation.js';
import type { BulkFileLine } from '../../domain/bulk-file.js';
import type { NewEvent } from '../../store/cases.js';
import { chainAudit, checkedAuditText, lockAuditHead, writeAuditChain } from '../../store/audit-batch.js';
import { enqueueMany } from '../../store/outbox-batch.js';
import { arrayLiteralBytes, jsonArrayBytes } from '../../store/array-literal.js';
import { hooksForEvent } from '../../store/webhooks.js';
import { takeBatchLines, type BatchResult } from './bulk-lines.js';
import { bulkBodies, draftBulkNotices, fillBulkNotice, type BulkNotices } from './bulk-notices.js';
import {
  allocateCaseIds, insertBulkCasesWithNotices, insertEventsBeforeCases, reserveSerials,
  type BulkCases, type BulkEvents, type BulkLineRow, type BulkMessages,
} from '../../store/bulk-cases.js';
import { sha256Hex } from '../../domain/sha256.js';

export type BulkContext = Pick<AppContext, 'vault' | 'calendars'>;

export interface BulkOrder {
  runId: number;
  reason: string;
  requestedBy: string;
  approvedBy: string;
}

interface Dates {
  year: number;
  receivedOn: string;
  dueOn: string;
  provisional: boolean;
  version: string;
}

function datesOf(ctx: BulkContext, now: Date): (region: string) => Dates {
  const byRegion = new Map<string, Dates>();
  return (region) => {
    let d = byRegion.get(region);
    if (!d) {
      const cal = ctx.calendars.calendar(region);
      const received = cal.receiptDay(now);
      const due = cal.dueDay(received.date);
      d = { year: Number(cal.localDateTime(now).date.slice(0, 4)), receivedOn: received.date, dueOn: due.date, provisional: received.provisional || due.provisional, version: cal.version() };
      byRegion.set(region, d);
    }
    return d;
  };
}

/** Gap-free references: one reservation per year present in the batch, handed out in file order. */
async function referencesFor(tx: Tx, years: number[]): Promise<string[]> {
  const counts = new Map<number, number>();
  for (const y of years) counts.set(y, (counts.get(y) ?? 0) + 1);
  const next = new Map<number, number>();
  for (const [year, n] of counts) next.set(year, (await reserveSerials(tx, year, n)) - n + 1);
  return years.map((y) => {
    const serial = next.get(y)!;
    next.set(y, serial + 1);
    return formatReference(y, serial);
  });
}

/** A batch whose lines are taken and whose notices' addresses, dates and events are ready. */
export interface PreparedBatch {
  result: BatchResult;
  accepted: { file: BulkFileLine; row: BulkLineRow }[];
  emails: string[];
  dated: Dates[];
  /** Per accepted line: its three events as the history will hold them, and their digests. */
  events: { seq: number; e: NewEvent; data: string; sha256: string }[][];
  /** The cases' and notices' columns that do not hold a reference, as the insert takes them. */
  caseRows: Omit<BulkCases, 'references'>;
  messageRows: Omit<BulkMessages, 'subjects' | 'messageIds'>;
  /** The notice in each language of the batch, with stand-ins for the number and reference. */
  notices: BulkNotices;
  /** Per accepted line: the ids its case and its notice will have. */
  caseIds: number[];
  communicationIds: number[];
}

/**
 * The part of a batch that needs no serialising row: its lines taken (locked until commit), the
 * ids of its cases and notices drawn, the cases' events written (their foreign key checked at
 * commit), their jobs queued, and everything worked out that does not depend on the references.
 * On PostgreSQL the next batches do this while the one before them writes.
 */
export async function prepareBatch(ctx: BulkContext, tx: Tx, order: BulkOrder, lines: readonly BulkFileLine[], now: Date): Promise<PreparedBatch> {
  const result: BatchResult = { done: 0, failed: 0, skipped: {}, outcomes: [] };
  const accepted = await takeBatchLines(tx, lines, result);
  const emails = await Promise.all(accepted.map((a) => ctx.vault.open(a.row.email)));
  const dates = datesOf(ctx, now);
  const dated = accepted.map((a) => dates(a.row.region));
  const by = `staff:${order.requestedBy}`;
  const approver = `staff:${order.approvedBy}`;
  const at = now.toISOString();
  const dataText = eventDataText();
  const events: PreparedBatch['events'] = [];
  for (const [i, a] of accepted.entries()) {
    // This runs beside the batch before this one, on the same thread: let its answers in now and then.
    if (i % 250 === 249) await new Promise((resolve) => setImmediate(resolve));
    const d = dated[i]!;
    const bulk = { runId: order.runId, line: a.file.line };
    const steps: NewEvent[] = [
      { type: 'submitted', to: 'submitted', actor: by, at: now, data: { channel: 'bulk', bulk, receivedOn: d.receivedOn, dueOn: d.dueOn, provisional: d.provisional, calendarVersion: d.version } },
      { type: 'assign', from: 'submitted', to: 'in_review', actor: approver, at: now, data: { assignee: order.approvedBy, previous: null } },
      { type: 'approve', from: 'in_review', to: 'approved', actor: approver, at: now, data: { note: order.reason, bulk } },
    ];
    events.push(steps.map((e, s) => {
      // Stored as canonical JSON, so the digest is over the very text the history holds.
      const data = dataText(s === 0 ? `0|${d.receivedOn}|${d.dueOn}|${d.provisional}|${d.version}` : String(s), e.data ?? {}, a.file.line);
      return { seq: s + 1, e, data, sha256: caseEventDigest({ seq: s + 1, type: e.type, from: e.from ?? null, to: e.to ?? null, actor: e.actor, at, data }) };
    }));
  }
  const ids = accepted.length > 0 ? await allocateCaseIds(tx, accepted.length) : { caseIds: [], communicationIds: [] };
  const flat = events.flat();
  const caseOf = events.flatMap((steps, i) => steps.map(() => ids.caseIds[i]!));
  // The statements' columns written out here, beside the batch before this one, rather than in
  // the part batches take in turn; only what holds a reference is left for then.
  const eventRows: BulkEvents = {
    caseIds: arrayLiteralBytes(caseOf),
    seqs: arrayLiteralBytes(flat.map((x) => x.seq)),
    types: arrayLiteralBytes(flat.map((x) => x.e.type)),
    from: arrayLiteralBytes(flat.map((x) => x.e.from ?? null)),
    to: arrayLiteralBytes(flat.map((x) => x.e.to ?? null)),
    actors: arrayLiteralBytes(flat.map((x) => x.e.actor)),
    data: jsonArrayBytes(flat.map((x) => x.data)),
  };
  await insertEventsBeforeCases(tx, eventRows, now);
  const caseIds = arrayLiteralBytes(ids.caseIds);
  const subscriberIds = arrayLiteralBytes(accepted.map((a) => a.row.subscriber_id));
  const languages = arrayLiteralBytes(accepted.map((a) => a.row.language));
  const caseRows: Omit<BulkCases, 'references'> = {
    ids: caseIds,
    lineIds: arrayLiteralBytes(accepted.map((a) => a.row.id)),
    subscriberIds,
    regions: arrayLiteralBytes(accepted.map((a) => a.row.region)),
    languages,
    // As apply does: credit left on the line goes back the way it came unless the customer said otherwise.
    refunds: arrayLiteralBytes(accepted.map((a) => (a.row.balance_minor > 0 ? JSON.stringify({ method: 'original_payment' }) : null))),
    receivedOn: arrayLiteralBytes(dated.map((d) => d.receivedOn)),
    dueOn: arrayLiteralBytes(dated.map((d) => d.dueOn)),
    dueProvisional: arrayLiteralBytes(dated.map((d) => d.provisional)),
    calendarVersions: arrayLiteralBytes(dated.map((d) => d.version)),
  };
  const notices = draftBulkNotices(accepted.map((a) => a.row.language), order.reason);
  const messageRows: Omit<BulkMessages, 'subjects' | 'messageIds'> = {
    ids: arrayLiteralBytes(ids.communicationIds),
    caseIds,
    subscriberIds,
    languages,
    // The address as the subscriber row holds it, sealed: the same plaintext under the same kind
    // of seal, without opening and sealing it again a million times.
    recipients: arrayLiteralBytes(accepted.map((a) => a.row.email)),
    msisdns: arrayLiteralBytes(accepted.map((a) => a.row.msisdn)),
  };
  // The jobs name their case and notice by the ids drawn for them. The outbox has no foreign keys
  // and its rows are seen only once the batch commits, so they are written here, beside the batch
  // before this one, rather than in the writing that waits for it.
  await enqueueMany(tx, 'deliver_communication', ids.communicationIds.map((communicationId) => ({ communicationId })));
  const fulfil = events.flatMap((steps, i) => steps.flatMap((x) => followUpJobs(ids.caseIds[i]!, x.e))).filter((j) => j.topic === 'fulfil_case');
  await enqueueMany(tx, 'fulfil_case', fulfil.map((j) => j.payload));
  return { result, accepted, emails, dated, events, caseRows, messageRows, notices, ...ids };
}

/**
 * Writes a prepared batch: references from the year's counter and the audit head (both locked
 * until commit), then the cases with their notices in one statement (the ids were drawn and the
 * events written in prepareBatch), and one audit row per case, built while that statement runs.
 * This is the part batches take in turn, so it holds as few round trips and as little of this
 * process's work as it can. A failure rejects the batch, which rolls it back.
 */
export async function writeBatch(tx: Tx, order: BulkOrder, prepared: PreparedBatch, now: Date): Promise<BatchResult> {
  const { result, accepted, emails, dated, events } = prepared;
  if (accepted.length === 0) return result;
  const next = inOrder();
  const queued: Promise<unknown>[] = [];
  const send = (step: () => Promise<unknown>) => {
    const p = next(step);
    p.catch(() => undefined);
    queued.push(p);
  };
  const { caseIds, communicationIds } = prepared;
  // The chain's head with the counter: both are held to commit from here, every writer of either
  // waits for this part of the batch to end; so the audit rows are worked out while the cases are
  // written and follow them with no round trip between.
  const [references, head] = await Promise.all([next(() => referencesFor(tx, dated.map((d) => d.year))), next(() => lockAuditHead(tx))]);
  const messages = accepted.map(({ row }, i) => {
    const reference = references[i]!;
    const { subject, text } = fillBulkNotice(prepared.notices, row.language, row.msisdn, reference);
    // The message id led by the reference, so the unique index on message ids grows at its end
    // rather than at a random place per message; the UUID keeps it unique and unguessable.
    return { id: communicationIds[i]!, caseId: caseIds[i]!, reference, subject, text, messageId: `<bulk-${reference}-${crypto.randomUUID()}@lastcall.invalid>`, to: emails[i]! };
  });
  send(() => insertBulkCasesWithNotices(tx, { ...prepared.caseRows, references: arrayLiteralBytes(references) }, {
    ...prepared.messageRows,
    template: 'bulk_termination',
    subjects: arrayLiteralBytes(messages.map((m) => m.subject)),
    messageIds: arrayLiteralBytes(messages.map((m) => m.messageId)),
  }, bulkBodies(prepared.notices), { reason: order.reason, at: now, openedBy: order.requestedBy, decidedBy: order.approvedBy }));
  send(() => tellPartners(tx, events.flatMap((steps, i) => steps.map((x) => ({ caseId: caseIds[i]!, e: x.e })))));

  // One audit row per case, not one per event and message as single cases write (case.submitted,
  // case.assign, case.approve, message.queued): it names the three events and the notice by their
  // digests, under the case's reference, so the case's evidence finds it and an event or notice
  // changed afterwards no longer matches the chain. Four rows a line were most of a million-line run.
  // Its data has one shape for the whole batch: written as canonical JSON once, filled per case.
  const steps = events[0]!;
  const auditData = canonicalJsonTemplate<[number, string, string, string, number, string, string, string]>((slot) => ({
    bulk: { runId: order.runId, line: slot(0) }, openedBy: `staff:${order.requestedBy}`,
    events: steps.map((x, s) => ({ seq: x.seq, type: x.e.type, sha256: slot(1 + s) })),
    message: { communicationId: slot(4), channel: 'email', template: 'bulk_termination', messageId: slot(5), to: slot(6), sha256: slot(7) },
  }), 8);
  const audit = messages.map((m, i) => {
    const [e1, e2, e3] = events[i]!;
    return checkedAuditText(`staff:${order.approvedBy}`, 'case.bulk_approved', messageSubject(m.reference, accepted[i]!.row.subscriber_id), auditData(
      accepted[i]!.file.line, e1!.sha256, e2!.sha256, e3!.sha256, m.id, m.messageId, maskEmail(m.to),
      sha256Hex(`${m.subject}\n${m.text}`),
    ));
  });
  const chain = chainAudit(head, now, audit);
  await Promise.all([...queued, next(() => writeAuditChain(tx, chain))]);
  result.done = accepted.length;
  return result;
}

export async function terminateBatch(ctx: BulkContext, tx: Tx, order: BulkOrder, lines: readonly BulkFileLine[], now: Date): Promise<BatchResult> {
  return writeBatch(tx, order, await prepareBatch(ctx, tx, order, lines, now), now);
}

/**
 * Steps run one after another, each once the one before it (if still running) succeeded; the
 * caller waits only where it needs an answer. A step with none before it still running starts at once, so its statement is
 * on the wire while the caller goes on with its own work.
 */
function inOrder(): <T>(step: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  let running = 0;
  const settled = () => {
    running -= 1;
  };
  return <T>(step: () => Promise<T>) => {
    const p = running === 0 ? step() : last.then(step);
    running += 1;
    p.then(settled, settled);
    last = p;
    return p;
  };
}

/**
 * The canonical JSON of an event's data, which differs from line to line of a batch only in
 * bulk.line: written once per kind of event (and region's dates), then filled per line, instead
 * of a thousand times over.
 */
function eventDataText(): (key: string, data: Record<string, unknown>, line: number) => string {
  const made = new Map<string, (line: number) => string>();
  return (key, data, line) => {
    let fill = made.get(key);
    if (!fill) {
      const text = data.bulk ? null : canonicalJson(data);
      fill = text !== null ? () => text : canonicalJsonTemplate<[number]>((slot) => ({ ...data, bulk: { ...(data.bulk as object), line: slot(0) } }), 1);
      made.set(key, fill);
    }
    return fill(line);
  };
}

/**
 * Partners subscribed to case.submitted or case.approved hear of each bulk case through the
 * seam's own code, case by case; with none subscribed (the usual case) this costs two queries.
 */
async function tellPartners(tx: Tx, events: readonly { caseId: number; e: NewEvent }[]): Promise<void> {
  const listening = (await hooksForEvent(tx, 'case.submitted', [])).length + (await hooksForEvent(tx, 'case.approved', [])).length;
  if (listening === 0) return;
  for (const x of events) await tellPartnersOfCase(tx, x.caseId, x.e);
}
