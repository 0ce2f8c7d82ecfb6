/**
 * The lines room: a line and its account as the customer sees them, the pre-check, suspension (lost
 * or stolen), bindings, importing subscribers, and the release of numbers after quarantine.
 */
import type { Actor, AppContext, Tx } from '../context.js';
import { actorLabel, auditActor } from '../context.js';
import { inTransaction } from '../transaction.js';
import { queueMessage } from '../messages/outgoing.js';
import { appendAudit } from '../../store/audit.js';
import { conflict, notFound } from '../../domain/errors.js';
import { precheckLine } from '../../domain/precheck.js';
import { undoUntil } from '../../domain/afterlife.js';
import { findOpenCaseForLine } from '../../store/cases.js';
import { findLineById, findLiveLine, findSubscriber, listBindings, listLiveLineIdsOfSubscriber, type LineRow, type LineStatus } from '../../store/lines.js';
import { lockBinding, saveBinding } from '../../store/bindings.js';
import type { BindingKind } from '../../domain/precheck.js';
import { recordCaseEvent } from '../case-events.js';

/** What customers see for each line status; "已注销 / Cancelled" is the words the contract fixes. */
export const lineStatusLabels: Record<LineStatus, { 'zh-CN': string; en: string }> = {
  active: { 'zh-CN': '正常使用', en: 'Active' },
  suspended: { 'zh-CN': '已挂失停机', en: 'Suspended (lost or stolen)' },
  pending_termination: { 'zh-CN': '注销办理中', en: 'Cancellation in progress' },
  terminated: { 'zh-CN': '已注销', en: 'Cancelled' },
  released: { 'zh-CN': '已注销', en: 'Cancelled' },
};

/**
 * Loads a line for its holder. Someone else's line answers exactly like a line that does not
 * exist (404), so a token cannot be used to learn which numbers are ours.
 */
export async function inspectLine(ctx: AppContext, tx: Tx, msisdn: string, subscriberId: number | null, now: Date, forUpdate = false) {
  const line = await findLiveLine(tx, msisdn, forUpdate);
  if (!line || (subscriberId !== null && line.subscriber_id !== subscriberId)) {
    throw notFound('line_not_found', 'No line with this number was found for you.');
  }
  const subscriber = (await findSubscriber(tx, ctx.vault, line.subscriber_id))!;
  const bindings = await listBindings(tx, line.id);
  const calendar = ctx.calendars.calendar(subscriber.region);
  const tariff = ctx.calendars.settings(subscriber.region);
  const today = calendar.localDateTime(now).date;
  const precheck = precheckLine(
    { plan: line.plan, simType: line.sim_type, balanceMinor: line.balance_minor, currency: line.currency, contractEnd: line.contract_end },
    bindings,
    tariff,
    today,
  );
  return { line, subscriber, bindings, precheck, calendar, today };
}

/** The region's undo window in days (0 where it has no settings loaded). */
export const undoDaysOf = (ctx: AppContext, region: string) => (ctx.calendars.has(region) ? ctx.calendars.settings(region).undoDays : 0);

export function lineView(line: LineRow, region: string, bindings: { kind: string; state: string }[], open: { reference: string; state: string } | undefined, undoDays = 0) {
  return {
    msisdn: line.msisdn,
    region,
    status: line.status,
    statusLabel: lineStatusLabels[line.status],
    simType: line.sim_type,
    plan: line.plan,
    balance: { amountMinor: line.balance_minor, currency: line.currency },
    contractEnd: line.contract_end,
    suspendedAt: line.suspended_at?.toISOString() ?? null,
    terminatedOn: line.terminated_on,
    quarantineEndsOn: line.quarantine_ends_on,
    undoUntil: undoUntil({ status: line.status, terminatedOn: line.terminated_on, quarantineEndsOn: line.quarantine_ends_on }, undoDays),
    bindings,
    openCase: open ? { reference: open.reference, state: open.state } : null,
  };
}

export async function getLineStatus(ctx: AppContext, msisdn: string, subscriberId: number | null) {
  return inTransaction(ctx, async (tx) => {
    const { line, subscriber, bindings } = await inspectLine(ctx, tx, msisdn, subscriberId, ctx.clock.now());
    return lineView(line, subscriber.region, bindings, await findOpenCaseForLine(tx, line.id), undoDaysOf(ctx, subscriber.region));
  });
}

export async function getPrecheck(ctx: AppContext, msisdn: string, subscriberId: number | null) {
  return inTransaction(ctx, async (tx) => {
    const { line, precheck, today } = await inspectLine(ctx, tx, msisdn, subscriberId, ctx.clock.now());
    return { msisdn: line.msisdn, asOf: today, blocking: precheck.blocking, items: precheck.items };
  });
}

/**
 * Every line registered to the verified person (the subscriber is one per identity document),
 * so a customer can spot a line opened in their name that they did not know about. A number
 * already released belongs to nobody any more and is left out.
 */
export async function listMyLines(ctx: AppContext, subscriberId: number) {
  return inTransaction(ctx, async (tx) => {
    const subscriber = (await findSubscriber(tx, ctx.vault, subscriberId))!;
    const items = [];
    for (const id of await listLiveLineIdsOfSubscriber(tx, subscriberId)) {
      const line = (await findLineById(tx, id))!;
      items.push(lineView(line, subscriber.region, await listBindings(tx, id), await findOpenCaseForLine(tx, id), undoDaysOf(ctx, subscriber.region)));
    }
    return { items };
  });
}

/**
 * The customer declares a binding removed (or still there). It is their word, not a check with
 * the bank: it is recorded as such, in the audit trail and in the open case's history.
 */
export async function declareBinding(ctx: AppContext, subscriberId: number, msisdn: string, kind: BindingKind, state: 'bound' | 'unbound') {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const { line, subscriber } = await inspectLine(ctx, tx, msisdn, subscriberId, now, true);
    const row = await lockBinding(tx, line.id, kind);
    if (!row && state === 'unbound') throw notFound('binding_not_found', `No ${kind} binding is declared for this line.`);
    const customer = { kind: 'customer' as const, subscriberId: subscriber.id };
    const open = await findOpenCaseForLine(tx, line.id);
    if (row?.state !== state) {
      await saveBinding(tx, line.id, kind, state, now);
      await appendAudit(tx, now, { actor: auditActor(customer), action: 'binding.declared', subject: line.msisdn, data: { kind, state } });
      if (open) await recordCaseEvent(tx, open.id, { type: 'binding_declared', actor: actorLabel(customer), at: now, data: { kind, state } });
    }
    return lineView(line, subscriber.region, await listBindings(tx, line.id), open);
  });
}
