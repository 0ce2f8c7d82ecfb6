import { formatMoney } from './templates.js';

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

/** The settlement in the words of the completion e-mail. */
export function describeSettlement(s: Settlement, zh: boolean): string {
  const amount = formatMoney(s.amountMinor, s.currency);
  if (s.kind === 'refund') return zh ? `退款 ${amount}` : `refund of ${amount}`;
  if (s.kind === 'final_bill') return zh ? `最终账单 ${amount}` : `final bill of ${amount}`;
  return zh ? '无余额需结算' : 'nothing to settle';
}

const refundMethodWords: Record<string, { zh: string; en: string }> = {
  original_payment: { zh: '原支付渠道', en: 'to the original means of payment' },
  bank_transfer: { zh: '银行转账', en: 'by bank transfer' },
  account_credit: { zh: '账户余额', en: 'as account credit' },
};

/** How a refund travels, in the words of the notice that it was paid. */
export function describeRefundMethod(method: string | null, zh: boolean): string {
  const words = refundMethodWords[method ?? 'original_payment'];
  return words ? (zh ? words.zh : words.en) : (method ?? '');
}
