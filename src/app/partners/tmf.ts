import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { applyForCancellation } from '../cases/apply.js';
import { getPrecheck } from '../lines/lines.js';
import { findCaseId } from '../../store/cases.js';
import { findLiveLine } from '../../store/lines.js';
import { findProductLine, findTmfOrder, findTmfOrderOfCase, insertTmfOrder } from '../../store/partners.js';
import { forbidden, notFound } from '../../domain/errors.js';
import { productBody, type ProductOrderRequest, type TmfProduct, type TmfProductOrder } from '../../domain/tmf.js';
import type { LineStatusForNetwork } from '../../domain/line-network.js';
import type { PartnerActor } from './auth.js';
import { orderOf, tmfApiBase } from './case-news.js';
import { createHook, deletePartnerHook } from './hooks.js';

/** The TM Forum facade is for the operator's own BSS: a bank's key cannot order a cancellation. */
function requireBss(partner: PartnerActor): void {
  if (partner.kind !== 'bss') throw forbidden('forbidden', 'Only a partner of kind bss may use the TM Forum API.');
}

/**
 * TMF622 productOrder with one delete item: a cancellation case (channel api) for the line,
 * reviewed like any other, with the customer's usual confirmation e-mail. The BSS asserts the
 * customer was told the pre-check's advisory items, so they count as acknowledged (the receipt
 * lists them). The same externalId again answers the same order instead of a second case.
 */
export async function orderCancellation(ctx: AppContext, partner: PartnerActor, order: ProductOrderRequest): Promise<{ created: boolean; order: TmfProductOrder }> {
  requireBss(partner);
  const msisdn = `+${order.msisdnDigits}`;
  const line = await findLiveLine(ctx.db, msisdn);
  if (!line) throw notFound('line_not_found', `No line ${msisdn}.`);
  const precheck = await getPrecheck(ctx, msisdn, line.subscriber_id);
  const acknowledgements = precheck.items.filter((i) => i.kind === 'advisory').map((i) => i.code);
  const id = crypto.randomUUID();
  const result = await applyForCancellation(
    ctx,
    { actor: { kind: 'partner', partnerId: partner.partnerId }, subscriberId: line.subscriber_id },
    { msisdn, reason: order.reason ?? `TMF622 productOrder from ${partner.name}`, acknowledgements, channel: 'api' },
    order.externalId ? `tmf:${order.externalId}` : undefined,
    [],
    (tx, caseId, now) => insertTmfOrder(tx, { id, partnerId: partner.partnerId, caseId, externalId: order.externalId, apiBase: tmfApiBase(ctx.config.publicUrl), at: now }),
  );
  ctx.wakeWorker();
  const caseId = (await findCaseId(ctx.db, result.body.reference))!;
  const news = (await findTmfOrderOfCase(ctx.db, caseId))!;
  return { created: !result.replayed, order: orderOf(news) };
}

export async function readOrder(ctx: AppContext, partner: PartnerActor, orderId: string): Promise<TmfProductOrder> {
  requireBss(partner);
  const news = await findTmfOrder(ctx.db, partner.partnerId, orderId);
  if (!news) throw notFound('case_not_found', `No productOrder ${orderId}.`);
  return orderOf(news);
}

/** TMF637: the line behind a number, by its status only. */
export async function readProduct(ctx: AppContext, partner: PartnerActor, msisdnDigits: string): Promise<TmfProduct> {
  requireBss(partner);
  const line = await findProductLine(ctx.db, `+${msisdnDigits}`);
  if (!line) throw notFound('line_not_found', `No product ${msisdnDigits}.`);
  return productBody({
    msisdnDigits,
    lineStatus: line.status as LineStatusForNetwork,
    hasOpenCase: line.open_case,
    terminatedOn: line.terminated_on,
    base: tmfApiBase(ctx.config.publicUrl),
  });
}

export type TmfHubApi = 'productOrderingManagement' | 'productInventoryManagement';
const hubEvent: Record<TmfHubApi, string> = {
  productOrderingManagement: 'ProductOrderStateChangeEvent',
  productInventoryManagement: 'ProductStateChangeEvent',
};

/** TMF hub registration: the listener gets that API's state-change events, signed like every webhook. */
export async function registerHub(ctx: AppContext, partner: PartnerActor, api: TmfHubApi, callback: string, query: string | null) {
  requireBss(partner);
  const hook = await createHook(ctx, partner, { url: callback, events: [hubEvent[api] as never], kind: 'tmf_hub' });
  return { id: String(hook.id), callback: hook.url, query, secret: hook.secret };
}

export async function unregisterHub(ctx: AppContext, partner: PartnerActor, id: number): Promise<void> {
  requireBss(partner);
  await deletePartnerHook(ctx, partner, id, 'tmf_hub');
}
