import type { AppContext } from '../context.js';
import { tokenHash } from '../identity/hmac.js';
import { slaNow } from '../sla/state.js';
import { notFound, unauthenticated } from '../../domain/errors.js';
import { allowedEvents, isPaused } from '../../domain/case-machine.js';
import type { CaseEventType } from '../../domain/case-events.js';
import { readCustomerCase, type CustomerCaseRow, type CustomerEventRow } from '../../store/customer-case.js';
import { localDaysKey } from '../sla/local-days.js';
import { HeldCaseViews } from './held-case-views.js';

/**
 * Events the customer does not see: internal notes, the operator's technical retries, the SLA's
 * bookkeeping (the customer sees its result, the due day), duplicate flags and call logs.
 */
export const customerHiddenEvents: readonly CaseEventType[] = [
  'note', 'network_error', 'sla_started', 'sla_paused', 'sla_resumed', 'sla_warned', 'sla_breached', 'duplicate_flagged', 'call_logged', 'mail_received',
];
/** A hotline call's log is the operator's record of it, not a message to the customer. */
export const customerHiddenChannels: readonly string[] = ['phone'];

const iso = (ms: number) => new Date(ms).toISOString();

function withoutStaffNames(data: Record<string, unknown>) {
  const { assignee: _a, previous: _p, precheck: _c, calendarVersion: _v, ...rest } = data;
  return rest;
}

function eventView(e: CustomerEventRow) {
  return {
    seq: e.seq,
    type: e.type,
    from: e.from_state,
    to: e.to_state,
    actor: e.actor.startsWith('staff:') ? 'operator' : e.actor,
    at: iso(e.at),
    ...(Object.keys(e.data).length > 0 ? { data: withoutStaffNames(e.data) } : {}),
  };
}

type CustomerCaseView = Awaited<ReturnType<typeof renderCaseView>>;
const heldViews = new WeakMap<AppContext['db'], HeldCaseViews<CustomerCaseView>>();
const heldViewsOf = (ctx: AppContext) => {
  let views = heldViews.get(ctx.db);
  if (!views) heldViews.set(ctx.db, (views = new HeldCaseViews()));
  return views;
};

/**
 * GET /cancellations/{ref}, the read customers poll: the bearer token checked (known, unexpired)
 * and the case read in one statement (shared with reads arriving at the same moment), so the
 * answer is current and a token is refused the moment it expires. An unknown token answers 401, a
 * case of someone else 404. The view last rendered for the case is offered with its fingerprint and
 * snapshot; when the statement finds nothing changed since that snapshot, or the case's rows
 * unchanged, it sends no case and that view is the answer (held-case-views.ts).
 */
export async function customerCaseByToken(ctx: AppContext, token: string | undefined, reference: string) {
  if (!token) throw unauthenticated('unauthenticated', 'Verify your identity first and send the token as "Authorization: Bearer <token>".');
  const now = ctx.clock.now();
  const views = heldViewsOf(ctx);
  const held = views.offer(reference, (region) => localDaysKey(ctx, [region], now));
  const read = await readCustomerCase(ctx.db, {
    tokenHash: tokenHash(ctx.secret, token), now, reference, known: held ? { fingerprint: held.fingerprint, snapshot: held.snapshot } : null,
    hiddenEventTypes: customerHiddenEvents, hiddenChannels: customerHiddenChannels,
  });
  if (read.subscriberId === undefined) throw unauthenticated('invalid_token', 'The token is unknown or has expired; verify again.');
  const caseNotFound = () => notFound('case_not_found', 'No cancellation case with this reference was found for you.');
  if (held && (read.quiet || (read.fingerprint !== undefined && !read.case))) {
    // Quiet: no case changed since the held view's snapshot, so the case is still its holder's.
    if (read.quiet && read.subscriberId !== held.subscriberId) throw caseNotFound();
    views.vouch(held, read.snapshot);
    return { subscriberId: read.subscriberId, view: held.view };
  }
  if (read.fingerprint === undefined || !read.case) throw caseNotFound();
  const view = await renderCaseView(ctx, read.case, now);
  views.hold(reference, {
    fingerprint: read.fingerprint, snapshot: read.snapshot, subscriberId: read.subscriberId, region: read.case.region,
    days: localDaysKey(ctx, [read.case.region], now), view,
  });
  return { subscriberId: read.subscriberId, view };
}

async function renderCaseView(ctx: AppContext, c: CustomerCaseRow, now: Date) {
  const { due } = slaNow(ctx, c, now);
  const documents = await Promise.all(
    c.documents.map(async (d) => ({
      id: d.public_id,
      kind: d.kind,
      name: await ctx.vault.open(d.file_name),
      contentType: d.content_type,
      size: d.size_bytes,
      sha256: d.sha256,
      uploadedAt: iso(d.uploaded_at),
    })),
  );
  const allowed = allowedEvents(c.state);
  return {
    reference: c.reference,
    state: c.state,
    channel: c.channel,
    msisdn: c.msisdn,
    submittedAt: c.submitted_at.toISOString(),
    receivedOn: c.received_on,
    dueOn: due.date,
    dueProvisional: due.provisional,
    paused: isPaused(c.state),
    canWithdraw: allowed.includes('withdraw'),
    canReply: allowed.includes('customer_reply'),
    receiptSha256: c.receipt_sha256,
    refund: c.refund,
    documents,
    history: c.events.map(eventView),
    communications: c.communications.map((m) => ({
      channel: m.channel,
      direction: m.direction,
      template: m.template,
      subject: m.subject,
      text: m.body,
      status: m.status,
      createdAt: iso(m.created_at),
      sentAt: m.sent_at === null ? null : iso(m.sent_at),
    })),
  };
}
