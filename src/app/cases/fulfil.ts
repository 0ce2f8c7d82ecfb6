import type { AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { queueMessage } from '../messages/outgoing.js';
import { appendAudit } from '../../store/audit.js';
import { addDays } from '../../domain/calendar.js';
import { earlyTerminationCharge } from '../../domain/precheck.js';
import { formatMoney } from '../../domain/templates.js';
import { findCaseById, updateCase } from '../../store/cases.js';
import { findLineById, findSubscriber } from '../../store/lines.js';
import type { NetworkOperation } from '../../adapters/network.js';
import { recordCaseEvent } from '../case-events.js';

export interface Settlement {
  kind: 'refund' | 'final_bill' | 'none';
  amountMinor: number;
  currency: string;
  method: string | null;
  detail: { balanceMinor: number; earlyTerminationChargeMinor: number };
}

/** Prepaid credit is refunded, a contract ended early is charged; the two are netted into one figure. */
export function settle(balanceMinor: number, chargeMinor: number, currency: string, refundMethod: string | null): Settlement {
  const net = balanceMinor - chargeMinor;
  const detail = { balanceMinor, earlyTerminationChargeMinor: chargeMinor };
  if (net > 0) return { kind: 'refund', amountMinor: net, currency, method: refundMethod ?? 'original_payment', detail };
  if (net < 0) return { kind: 'final_bill', amountMinor: -net, currency, method: null, detail };
  return { kind: 'none', amountMinor: 0, currency, method: null, detail };
}

function describeSettlement(s: Settlement, zh: boolean): string {
  const amount = formatMoney(s.amountMinor, s.currency);
  if (s.kind === 'refund') return zh ? `退款 ${amount}` : `refund of ${amount}`;
  if (s.kind === 'final_bill') return zh ? `最终账单 ${amount}` : `final bill of ${amount}`;
  return zh ? '无余额需结算' : 'nothing to settle';
}

/**
 * Fulfils an approved case: the network call comes first and outside the transaction (it may
 * be slow or fail; the outbox retries it with back-off), then the settlement, the line's end
 * and the case's completion are written together. Running it twice changes nothing.
 */
export async function fulfilCase(ctx: AppContext, caseId: number, attempt: number): Promise<'completed' | 'skipped'> {
  const c = await findCaseById(ctx.db, caseId);
  if (!c || c.state !== 'approved') return 'skipped';
  const line = (await findLineById(ctx.db, c.line_id))!;
  let operation: NetworkOperation;
  try {
    operation = await ctx.network.deactivate({ msisdn: line.msisdn, imsi: line.imsi, iccid: line.iccid });
  } catch (err) {
    await recordCaseEvent(ctx.db, c.id, {
      type: 'network_error',
      actor: 'system',
      at: ctx.clock.now(),
      data: { attempt, provisioner: ctx.network.name, error: (err as Error).message },
    });
    throw err;
  }
  return inTransaction(ctx, async (tx) => {
    const fresh = (await findCaseById(tx, caseId, true))!;
    if (fresh.state !== 'approved') return 'skipped';
    const now = ctx.clock.now();
    const current = (await findLineById(tx, c.line_id, true))!;
    const calendar = ctx.calendars.calendar(c.region);
    const region = ctx.calendars.settings(c.region);
    const terminatedOn = calendar.localDateTime(now).date;
    const charge = current.contract_end ? earlyTerminationCharge(terminatedOn, current.contract_end, region).chargeMinor : 0;
    const settlement = settle(current.balance_minor, charge, current.currency, fresh.refund?.method ?? null);
    await tx.query(
      `INSERT INTO settlements (case_id, line_id, kind, amount_minor, currency, method, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [c.id, current.id, settlement.kind, settlement.amountMinor, settlement.currency, settlement.method, JSON.stringify(settlement.detail)],
    );
    const quarantineEndsOn = addDays(terminatedOn, region.quarantineDays);
    await tx.query(
      `UPDATE lines SET status = 'terminated', balance_minor = 0, terminated_on = $2, quarantine_ends_on = $3, updated_at = now() WHERE id = $1`,
      [current.id, terminatedOn, quarantineEndsOn],
    );
    await appendAudit(tx, now, { actor: 'system', action: 'line.terminated', subject: current.msisdn, data: { reference: c.reference, terminatedOn, quarantineEndsOn } });
    await updateCase(tx, c.id, { state: 'completed', completed_at: now });
    await recordCaseEvent(tx, c.id, {
      type: 'fulfilled',
      from: 'approved',
      to: 'completed',
      actor: 'system',
      at: now,
      data: { network: { provisioner: ctx.network.name, ...operation }, settlement, terminatedOn, quarantineEndsOn },
    });
    const subscriber = (await findSubscriber(tx, ctx.vault, c.subscriber_id))!;
    await queueMessage(ctx, tx, {
      caseId: c.id,
      subscriberId: subscriber.id,
      channel: 'email',
      to: subscriber.email,
      language: subscriber.language,
      message: {
        template: 'completed',
        vars: {
          reference: c.reference,
          msisdn: current.msisdn,
          terminatedOn,
          settlement: describeSettlement(settlement, subscriber.language === 'zh-CN'),
        },
      },
    });
    return 'completed';
  });
}
