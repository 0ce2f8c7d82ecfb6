/**
 * The refund choice in both apps (the portal's form, the console's hotline desk), checked in the
 * browser with the server's own rules (src/domain/refund.ts: pure, no I/O; imported as the portal's
 * id-number.ts imports src/domain), so a mistyped account number or other number is shown at its
 * field before anything is sent. The limits of the names are those of src/http/schemas.ts
 * (freeText: trimmed, 1–100 and 1–60 characters). And the destination in the words both show
 * after the method: "工商银行 **** **** 1234" or "138****0000".
 */
import { bankAccountProblem, maskOtherLine, tidyBankAccountNumber } from '../../src/domain/refund.js';
import { looksLikeE164, tidyMsisdn } from './format.js';

/**
 * What the customer or the agent picks for prepaid credit coming back (a request, not an answer):
 * src/domain/refund.ts's choices. The line's own account is none of them: it closes with the line.
 */
export type RefundMethod = 'original_payment' | 'bank_account' | 'another_line';
export const refundMethods: readonly RefundMethod[] = ['original_payment', 'bank_account', 'another_line'];

export type RefundRequest =
  | { method: 'original_payment' }
  | { method: 'bank_account'; holderName: string; bankName: string; accountNumber: string }
  | { method: 'another_line'; msisdn: string };

/** Where a refund goes, as the API answers it (masked): a bank and the account's last digits, or another line. */
export interface RefundDestination {
  bankName?: string;
  accountMasked?: string;
  msisdn?: string;
}

export function refundDestinationText(d: RefundDestination | null | undefined): string {
  if (!d) return '';
  if (d.msisdn) return maskOtherLine(d.msisdn);
  return [d.bankName, d.accountMasked].filter(Boolean).join(' ');
}

/** The method's words and, when there is one, where: "退至银行账户 工商银行 **** **** 1234". */
export function withDestination(methodWords: string, d: RefundDestination | null | undefined): string {
  const where = refundDestinationText(d);
  return where ? `${methodWords} ${where}` : methodWords;
}

export interface RefundDraft {
  method: RefundMethod;
  holderName: string;
  bankName: string;
  accountNumber: string;
  otherMsisdn: string;
}

export const emptyRefund: RefundDraft = { method: 'original_payment', holderName: '', bankName: '', accountNumber: '', otherMsisdn: '' };

export type RefundField = 'holderName' | 'bankName' | 'accountNumber' | 'otherMsisdn';
/** Each problem is a key under precheck.refundErrors. */
export type RefundProblem = 'holderName' | 'holderNameLong' | 'bankName' | 'bankNameLong' | 'accountRequired' | 'accountDigits' | 'accountLength' | 'msisdnRequired' | 'msisdnFormat' | 'sameLine';
export type RefundProblems = Partial<Record<RefundField, RefundProblem>>;

/** The fields of the chosen method, in the order they are shown, for focusing the first wrong one. */
export const refundFields: Record<RefundMethod, RefundField[]> = {
  original_payment: [],
  bank_account: ['holderName', 'bankName', 'accountNumber'],
  another_line: ['otherMsisdn'],
};

const accountProblems = { required: 'accountRequired', digits: 'accountDigits', length: 'accountLength' } as const;

/** What is wrong with the choice's fields; `closing` is the line being cancelled. The server checks the other line is the holder's. */
export function refundProblems(d: RefundDraft, closing: string): RefundProblems {
  const p: RefundProblems = {};
  if (d.method === 'bank_account') {
    const holder = d.holderName.trim();
    const bank = d.bankName.trim();
    if (!holder) p.holderName = 'holderName';
    else if (holder.length > 100) p.holderName = 'holderNameLong';
    if (!bank) p.bankName = 'bankName';
    else if (bank.length > 60) p.bankName = 'bankNameLong';
    const account = bankAccountProblem(tidyBankAccountNumber(d.accountNumber));
    if (account) p.accountNumber = accountProblems[account];
  }
  if (d.method === 'another_line') {
    const m = tidyMsisdn(d.otherMsisdn);
    if (!m) p.otherMsisdn = 'msisdnRequired';
    else if (!looksLikeE164(m)) p.otherMsisdn = 'msisdnFormat';
    else if (m === closing) p.otherMsisdn = 'sameLine';
  }
  return p;
}

/** The choice as the API takes it. */
export function refundRequest(d: RefundDraft): RefundRequest {
  if (d.method === 'bank_account') return { method: 'bank_account', holderName: d.holderName.trim(), bankName: d.bankName.trim(), accountNumber: tidyBankAccountNumber(d.accountNumber) };
  if (d.method === 'another_line') return { method: 'another_line', msisdn: tidyMsisdn(d.otherMsisdn) };
  return { method: 'original_payment' };
}

/** The server's refusal of another line (422 refund_line_not_eligible), as a key under precheck.refundErrors. */
export function lineRefusal(details: unknown): 'sameLine' | 'notLive' | 'notHolders' {
  const reason = (details as { reason?: unknown } | undefined)?.reason;
  return reason === 'same_line' ? 'sameLine' : reason === 'not_live' ? 'notLive' : 'notHolders';
}
