import type { AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { queueMessage } from '../messages/outgoing.js';
import { appendAudit } from '../../store/audit.js';
import { addDays } from '../../domain/calendar.js';
import { earlyTerminationCharge } from '../../domain/precheck.js';
import { describeSettlement, settle } from '../../domain/settlement.js';
import { findCaseById, updateCase } from '../../store/cases.js';
import { findLineById, findSubscriber, terminateLine } from '../../store/lines.js';
import { insertSettlement } from '../../store/settlements.js';
import type { NetworkOperation } from '../../adapters/network.js';
import { isPermanent } from '../../adapters/outside-error.js';
import { recordCaseEvent } from '../case-events.js';
import { tellPartnersOfLine } from '../partners/line-news.js';

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
  let esimProfile: ({ provisioner: string } & NetworkOperation) | undefined;
  try {
    operation = await ctx.network.deactivate({ msisdn: line.msisdn, imsi: line.imsi, iccid: line.iccid });
    // The subscription is gone; an eSIM's profile is released too, so it cannot be downloaded again.
    if (line.sim_type === 'esim') esimProfile = { provisioner: ctx.esim.name, ...(await ctx.esim.releaseProfile(line.iccid)) };
  } catch (err) {
    // The failure is kept on the case (its own transaction: the network call held none open);
    // the outbox then backs off, or parks the job when the network said no for good.
    await inTransaction(ctx, (tx) =>
      recordCaseEvent(tx, c.id, {
        type: 'network_error',
        actor: 'system',
        at: ctx.clock.now(),
        data: { attempt, provisioner: ctx.network.name, error: (err as Error).message, permanent: isPermanent(err) },
      }),
    );
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
    const settlement = settle(current.balance_minor, charge, current.currency, fresh.refund);
    await insertSettlement(tx, c.id, current.id, settlement);
    const quarantineEndsOn = addDays(terminatedOn, region.quarantineDays);
    await terminateLine(tx, current.id, terminatedOn, quarantineEndsOn);
    await appendAudit(tx, now, { actor: 'system', action: 'line.terminated', subject: current.msisdn, data: { reference: c.reference, terminatedOn, quarantineEndsOn } });
    await tellPartnersOfLine(tx, now, { id: current.id, msisdn: current.msisdn, status: 'terminated', terminatedOn, hasOpenCase: false }, {
      type: 'line.terminated',
      data: { msisdn: current.msisdn, reference: c.reference, terminatedOn, quarantineEndsOn },
    }, ctx.config.publicUrl);
    await updateCase(tx, c.id, { state: 'completed', completed_at: now });
    await recordCaseEvent(tx, c.id, {
      type: 'fulfilled',
      from: 'approved',
      to: 'completed',
      actor: 'system',
      at: now,
      data: { network: { provisioner: ctx.network.name, ...operation }, ...(esimProfile ? { esimProfile } : {}), settlement, terminatedOn, quarantineEndsOn },
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
