import crypto from 'node:crypto';
import type { Tx } from '../context.js';
import type { NewEvent } from '../../store/cases.js';
import { caseNews, type CaseNewsRow } from '../../store/partners.js';
import type { CaseEventType } from '../../domain/case-events.js';
import type { CaseState } from '../../domain/case-machine.js';
import type { PartnerEventType } from '../../domain/partners.js';
import { productOrderBody, productOrderStateChangeEvent, type TmfProductOrder } from '../../domain/tmf.js';
import { emitPartnerEvent, emitTmfEvent } from './emit.js';

/** The case events partners hear of, by the name they subscribe to. */
const partnerEventOf: Partial<Record<CaseEventType, PartnerEventType>> = {
  submitted: 'case.submitted',
  approve: 'case.approved',
  reject: 'case.rejected',
  fulfilled: 'case.completed',
};

/** The TM Forum base under the public URL (CONTRACT §9). */
export const tmfApiBase = (publicUrl: string) => `${publicUrl.replace(/\/+$/, '')}/tmf-api`;

/** The order as TMF622 shows it; `state`/`at` give the state an event is moving it to, before the row has it. */
export function orderOf(c: CaseNewsRow, moving?: { state: CaseState; at: Date }): TmfProductOrder {
  const state = moving?.state ?? (c.state as CaseState);
  const ended = state === 'completed' || state === 'rejected' || state === 'withdrawn';
  return productOrderBody({
    id: c.order_id!,
    msisdnDigits: c.msisdn.slice(1),
    caseState: state,
    reference: c.reference,
    createdAt: c.order_created_at!,
    completedAt: ended ? (moving?.at ?? c.completed_at ?? c.decided_at) : null,
    externalId: c.order_external_id,
    base: c.order_api_base!,
  });
}

/**
 * Called by the case-event seam for every event, in its transaction: the partners subscribed to
 * case.* hear of the four that matter to them, and a BSS whose TM Forum order the case is hears of
 * every change of the order's state.
 */
export async function tellPartnersOfCase(tx: Tx, caseId: number, e: NewEvent): Promise<void> {
  const type = partnerEventOf[e.type];
  const movesOrder = e.to !== undefined && e.to !== null && e.to !== e.from;
  if (!type && !movesOrder) return;
  const c = await caseNews(tx, caseId);
  if (!c) return;
  if (type) {
    await emitPartnerEvent(tx, e.at, {
      type,
      data: {
        msisdn: c.msisdn,
        reference: c.reference,
        submittedAt: c.submitted_at.toISOString(),
        dueOn: c.due_on,
        ...(type === 'case.approved' || type === 'case.rejected' ? { decidedAt: e.at.toISOString() } : {}),
      },
    });
  }
  if (movesOrder && c.order_id) {
    const event = productOrderStateChangeEvent({ eventId: crypto.randomUUID(), eventTime: e.at, order: orderOf(c, { state: e.to as CaseState, at: e.at }) });
    await emitTmfEvent(tx, e.at, 'ProductOrderStateChangeEvent', JSON.stringify(event), c.order_partner_id);
  }
}
