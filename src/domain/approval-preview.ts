/**
 * What approving a case would set going, for the reviewer to read before confirming: the line
 * marked for cancellation and taken off the network, the settlement worked out exactly as
 * fulfilment will (src/app/cases/fulfil.ts: the balance less the early-termination charge of the
 * day), the notices to the customer, the partners told of bindings still in place, and the
 * number's quarantine. Pure: the line's figures, its bindings, the region's settings and today come in.
 */
import { addDays, type IsoDate } from './calendar.js';
import { earlyTerminationCharge, type BindingKind } from './precheck.js';
import { settle, type Settlement } from './settlement.js';
import type { StoredRefund } from './refund.js';

export interface ApprovalPreviewLine {
  status: string;
  simType: 'physical' | 'esim';
  balanceMinor: number;
  currency: string;
  contractEnd: IsoDate | null;
}

export interface ApprovalPreviewRegion {
  earlyTerminationFeePerMonthMinor: number;
  earlyTerminationMaxMonths: number;
  quarantineDays: number;
  undoDays: number;
}

export interface ApprovalPreview {
  /** The settlement if the line left the network today; fulfilment works it out again on its day. */
  settlement: Settlement;
  /** Kinds of binding the line still has: partners standing for them are told of line.terminated. */
  bindingsStillBound: BindingKind[];
  /** An eSIM's profile is released with the line. */
  esim: boolean;
  /** A suspended (lost or stolen) line: its bar stays until it is off the network. */
  barred: boolean;
  /** The e-mails the customer gets: on approval, and once the line is off the network (with the settlement). */
  notices: ('approved' | 'completed')[];
  /** Days the number rests before it may be issued again, and the last of them if the line left today. */
  quarantine: { days: number; endsOn: IsoDate };
  /** Days after completion in which the customer may undo it (0: not offered in the region). */
  undoDays: number;
}

export function approvalPreview(
  line: ApprovalPreviewLine,
  bindings: readonly { kind: BindingKind; state: 'bound' | 'unbound' }[],
  region: ApprovalPreviewRegion,
  refund: StoredRefund | null,
  today: IsoDate,
): ApprovalPreview {
  const charge = line.contractEnd ? earlyTerminationCharge(today, line.contractEnd, region).chargeMinor : 0;
  return {
    settlement: settle(line.balanceMinor, charge, line.currency, refund),
    bindingsStillBound: bindings.filter((b) => b.state === 'bound').map((b) => b.kind),
    esim: line.simType === 'esim',
    barred: line.status === 'suspended',
    notices: ['approved', 'completed'],
    quarantine: { days: region.quarantineDays, endsOn: addDays(today, region.quarantineDays) },
    undoDays: region.undoDays,
  };
}
