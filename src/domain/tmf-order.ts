/**
 * TMF622 (Product Ordering, v5) side of the TM Forum facade: see tmf.ts for why a BSS talks to
 * lastcall through TM Forum APIs. The BSS POSTs a ProductOrder with one 'delete' item naming a
 * line; lastcall answers and notifies with the order in TMF shape, its state following the case.
 * Pure: no I/O, no clock (times are passed in).
 */
import type { CaseState } from './case-machine.js';
import { productHref, tmfBase } from './tmf-product.js';

/** The TMF622 ProductOrderStateType values lastcall reports (a subset of the v5 enumeration). */
export const tmfOrderStates = ['acknowledged', 'inProgress', 'completed', 'rejected', 'cancelled'] as const;
export type TmfOrderState = (typeof tmfOrderStates)[number];

const orderStateOf: Record<CaseState, TmfOrderState> = {
  submitted: 'acknowledged',
  in_review: 'inProgress',
  awaiting_customer: 'inProgress',
  approved: 'inProgress',
  completed: 'completed',
  rejected: 'rejected',
  withdrawn: 'cancelled',
};

/** The TMF622 state of the order (and of its one item) for a case in this state. */
export const tmfOrderState = (caseState: CaseState): TmfOrderState => orderStateOf[caseState];

/** TMF630 error body; in TMF v5 `status` is the HTTP status as a string. */
export interface TmfError {
  '@type': 'Error';
  code: string;
  reason: string;
  message?: string;
  status: string;
}

export function tmfError(status: number, code: string, reason: string, message?: string): TmfError {
  return { '@type': 'Error', code, reason, ...(message !== undefined ? { message } : {}), status: String(status) };
}

/** What lastcall takes from a BSS's productOrder (read at the edge: http/tmf-order-body.ts). */
export interface ProductOrderRequest {
  msisdnDigits: string;
  reason: string | null;
  externalId: string | null;
  requestedCompletionDate: string | null;
}

// ---- Bodies lastcall sends ----------------------------------------------------------------------

export const productOrderHref = (base: string, id: string) =>
  `${tmfBase(base)}/productOrderingManagement/v5/productOrder/${encodeURIComponent(id)}`;

export interface TmfProductOrder {
  '@type': 'ProductOrder';
  id: string;
  href: string;
  state: TmfOrderState;
  creationDate: string;
  completionDate?: string;
  externalId?: { '@type': 'ExternalIdentifier'; id: string }[];
  productOrderItem: [
    {
      '@type': 'ProductOrderItem';
      id: '1';
      action: 'delete';
      state: TmfOrderState;
      product: { '@type': 'ProductRef'; id: string; href: string };
    },
  ];
  note: { '@type': 'Note'; id: 'lastcallCaseReference'; author: 'lastcall'; text: string }[];
}

/**
 * The TMF622 ProductOrder for a cancellation case. TMF622 v5 has no field of its own for the
 * provider's reference (externalId is the consumer's), so the case reference travels as a Note
 * with the fixed id 'lastcallCaseReference' whose text is the reference alone.
 */
export function productOrderBody(p: {
  id: string;
  msisdnDigits: string;
  caseState: CaseState;
  reference: string;
  createdAt: Date;
  completedAt: Date | null;
  externalId: string | null;
  base: string;
}): TmfProductOrder {
  const state = tmfOrderState(p.caseState);
  return {
    '@type': 'ProductOrder',
    id: p.id,
    href: productOrderHref(p.base, p.id),
    state,
    creationDate: p.createdAt.toISOString(),
    ...(p.completedAt ? { completionDate: p.completedAt.toISOString() } : {}),
    ...(p.externalId !== null ? { externalId: [{ '@type': 'ExternalIdentifier' as const, id: p.externalId }] } : {}),
    productOrderItem: [
      {
        '@type': 'ProductOrderItem',
        id: '1',
        action: 'delete',
        state,
        product: { '@type': 'ProductRef', id: p.msisdnDigits, href: productHref(p.base, p.msisdnDigits) },
      },
    ],
    note: [{ '@type': 'Note', id: 'lastcallCaseReference', author: 'lastcall', text: p.reference }],
  };
}

export interface ProductOrderStateChangeEvent {
  '@type': 'ProductOrderStateChangeEvent';
  eventId: string;
  eventTime: string;
  eventType: 'ProductOrderStateChangeEvent';
  event: { productOrder: TmfProductOrder };
}

/** The body posted to a BSS's registered listener (TMF hub) when an order's state changes. */
export function productOrderStateChangeEvent(p: { eventId: string; eventTime: Date; order: TmfProductOrder }): ProductOrderStateChangeEvent {
  return {
    '@type': 'ProductOrderStateChangeEvent',
    eventId: p.eventId,
    eventTime: p.eventTime.toISOString(),
    eventType: 'ProductOrderStateChangeEvent',
    event: { productOrder: p.order },
  };
}
