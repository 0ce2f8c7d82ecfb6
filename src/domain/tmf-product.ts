/**
 * TMF637 (Product Inventory, v5) view of a line for the TM Forum facade: see tmf.ts for why a
 * BSS talks to lastcall through TM Forum APIs. Pure: no I/O, no clock (times are passed in).
 */
import type { LineStatusForNetwork } from './line-network.js';
import { parseIsoInstant } from './validation.js';

/** The TMF637 ProductStatusType values lastcall reports (a subset of the v5 enumeration). */
export const tmfProductStatuses = ['active', 'suspended', 'pendingTerminate', 'terminated'] as const;
export type TmfProductStatus = (typeof tmfProductStatuses)[number];

/**
 * A line's TMF637 status. An open case on an active or suspended line already reads as
 * 'pendingTerminate', so the BSS stops selling changes on a line that is being cancelled.
 */
export function tmfProductStatus(lineStatus: LineStatusForNetwork, hasOpenCase: boolean): TmfProductStatus {
  switch (lineStatus) {
    case 'active':
    case 'suspended':
      return hasOpenCase ? 'pendingTerminate' : lineStatus;
    case 'pending_termination':
      return 'pendingTerminate';
    case 'terminated':
    case 'released':
      return 'terminated';
  }
}

/** The API's public base URL without trailing slashes, so hrefs never hold '//'. */
export const tmfBase = (base: string) => base.replace(/\/+$/, '');

export const productHref = (base: string, msisdnDigits: string) =>
  `${tmfBase(base)}/productInventoryManagement/v5/product/${encodeURIComponent(msisdnDigits)}`;

export interface TmfProduct {
  '@type': 'Product';
  id: string;
  href: string;
  name: 'Mobile line';
  status: TmfProductStatus;
  isBundle: false;
  productCharacteristic: [{ '@type': 'StringCharacteristic'; name: 'MSISDN'; valueType: 'string'; value: string }];
  terminationDate?: string;
}

/**
 * TMF v5 dates are date-times. A line's termination is recorded as a calendar day
 * ('YYYY-MM-DD', the lines table's terminated_on), reported as that day at 00:00 UTC; a caller
 * that knows the instant may pass it as an ISO instant instead.
 */
function terminationDate(terminatedOn: string): string {
  const at = /^\d{4}-\d{2}-\d{2}$/.test(terminatedOn) ? parseIsoInstant(`${terminatedOn}T00:00:00Z`) : parseIsoInstant(terminatedOn);
  if (!at) throw new RangeError(`terminatedOn is neither a calendar date nor an ISO instant: ${JSON.stringify(terminatedOn.slice(0, 40))}`);
  return at.toISOString();
}

/** The TMF637 Product for a line: the number and its status, never anything about its holder. */
export function productBody(p: {
  msisdnDigits: string;
  lineStatus: LineStatusForNetwork;
  hasOpenCase: boolean;
  terminatedOn: string | null;
  base: string;
}): TmfProduct {
  return {
    '@type': 'Product',
    id: p.msisdnDigits,
    href: productHref(p.base, p.msisdnDigits),
    name: 'Mobile line',
    status: tmfProductStatus(p.lineStatus, p.hasOpenCase),
    isBundle: false,
    productCharacteristic: [{ '@type': 'StringCharacteristic', name: 'MSISDN', valueType: 'string', value: `+${p.msisdnDigits}` }],
    ...(p.terminatedOn !== null ? { terminationDate: terminationDate(p.terminatedOn) } : {}),
  };
}

export interface ProductStateChangeEvent {
  '@type': 'ProductStateChangeEvent';
  eventId: string;
  eventTime: string;
  eventType: 'ProductStateChangeEvent';
  event: { product: TmfProduct };
}

/** The body posted to a BSS's registered listener (TMF hub) when a line's status changes. */
export function productStateChangeEvent(p: { eventId: string; eventTime: Date; product: TmfProduct }): ProductStateChangeEvent {
  return {
    '@type': 'ProductStateChangeEvent',
    eventId: p.eventId,
    eventTime: p.eventTime.toISOString(),
    eventType: 'ProductStateChangeEvent',
    event: { product: p.product },
  };
}
