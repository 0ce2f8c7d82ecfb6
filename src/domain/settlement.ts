import { formatMoney } from './templates.js';
import type { RefundDestination, StoredRefund } from './refund.js';

export interface Settlement {
  kind: 'refund' | 'final_bill' | 'none';
  amountMinor: number;
  currency: string;
  method: string | null;
  /** For a refund to a bank account or to another line: where, masked. */
  destination?: RefundDestination;
  detail: { balanceMinor: number; earlyTerminationChargeMinor: number };
}

/** Prepaid credit is refunded, a contract ended early is charged; the two are netted into one figure. */
export function settle(balanceMinor: number, chargeMinor: number, currency: string, refund: StoredRefund | null): Settlement {
  const net = balanceMinor - chargeMinor;
  const detail = { balanceMinor, earlyTerminationChargeMinor: chargeMinor };
  if (net > 0) {
    const destination = refund?.destination;
    return { kind: 'refund', amountMinor: net, currency, method: refund?.method ?? 'original_payment', ...(destination ? { destination } : {}), detail };
  }
  if (net < 0) return { kind: 'final_bill', amountMinor: -net, currency, method: null, detail };
  return { kind: 'none', amountMinor: 0, currency, method: null, detail };
}

/** The settlement in the words of the completion e-mail. */
export function describeSettlement(s: Settlement, zh: boolean): string {
  const amount = formatMoney(s.amountMinor, s.currency);
  if (s.kind === 'refund') return zh ? `退款 ${amount}` : `refund of ${amount}`;
  if (s.kind === 'final_bill') return zh ? `最终账单 ${amount}` : `final bill of ${amount}`;
  return zh ? '无余额需结算' : 'nothing to settle';
}
