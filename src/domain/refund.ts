/**
 * Where prepaid credit goes when a line is closed: the choices an application may make, the
 * check of a bank account number (shared with the portal, which runs it in the browser before
 * sending), and the destination in the words of notices, receipts and screens.
 */

/** What a new application may choose. The line's own account is not among them: it is being closed. */
export const refundChoices = ['original_payment', 'bank_account', 'another_line'] as const;
export type RefundChoiceMethod = (typeof refundChoices)[number];

/**
 * Methods older cases were opened with and still read, render and settle with, but that a new
 * application may no longer choose: `account_credit` (credit kept on an account that closes with
 * the line) and `bank_transfer` (a transfer without an account to send it to).
 */
export const retiredRefundMethods = ['account_credit', 'bank_transfer'] as const;

/** A refund choice as an application sends it, checked at the edge (src/http/schemas.ts). */
export type RefundRequest =
  | { method: 'original_payment' }
  | { method: 'bank_account'; holderName: string; bankName: string; accountNumber: string }
  | { method: 'another_line'; msisdn: string };

/** Where the refund goes, masked: all a receipt, a screen or a notice ever shows. */
export type RefundDestination = { bankName: string; accountMasked: string } | { msisdn: string };

/** A refund choice as a case stores it (and as its receipt digest covers it). */
export interface StoredRefund {
  method: string;
  destination?: RefundDestination;
}

/** A bank account number as typed: spaces and hyphens between groups of digits are dropped. */
export function tidyBankAccountNumber(value: string): string {
  return value.replace(/[\s-]/g, '');
}

export const bankAccountLength = { min: 12, max: 30 } as const;

export type BankAccountProblem = 'required' | 'digits' | 'length';

/**
 * What is wrong with a (tidied) bank account number, or null. Chinese debit and credit cards have
 * 16–19 digits, passbook and company accounts up to about 25 and fewer than 16 at some rural
 * banks; a Luhn digit is printed on cards but not on every account number, so none is required.
 */
export function bankAccountProblem(digits: string): BankAccountProblem | null {
  if (digits === '') return 'required';
  if (!/^\d+$/.test(digits)) return 'digits';
  if (digits.length < bankAccountLength.min || digits.length > bankAccountLength.max) return 'length';
  return null;
}

/** The account number as every screen shows it: only the last four digits. */
export function maskBankAccount(digits: string): string {
  return `**** **** ${digits.slice(-4)}`;
}

/** Another line's number as the notices show it: 138****0000 for a Chinese mobile, else the middle starred. */
export function maskOtherLine(msisdn: string): string {
  const national = /^\+86(1\d{10})$/.exec(msisdn)?.[1];
  if (national) return `${national.slice(0, 3)}****${national.slice(-4)}`;
  return msisdn.length < 8 ? msisdn : `${msisdn.slice(0, msisdn.length - 8)}****${msisdn.slice(-4)}`;
}

const methodWords: Record<string, { zh: string; en: string }> = {
  original_payment: { zh: '退回原支付方式', en: 'to the original means of payment' },
  bank_account: { zh: '退至银行账户', en: 'to the bank account' },
  another_line: { zh: '转入同一机主的号码', en: "to the holder's other number" },
  bank_transfer: { zh: '银行转账', en: 'by bank transfer' },
  account_credit: { zh: '转为账户余额', en: 'as account credit' },
};

/** How a refund travels, in words: "退至银行账户 工商银行 **** 1234", "to the holder's other number 138****0000". */
export function describeRefund(refund: { method: string | null; destination?: RefundDestination | null | undefined }, zh: boolean): string {
  const method = refund.method ?? 'original_payment';
  const words = methodWords[method];
  const head = words ? (zh ? words.zh : words.en) : method;
  const d = refund.destination;
  if (!d) return head;
  return 'msisdn' in d ? `${head} ${maskOtherLine(d.msisdn)}` : `${head} ${d.bankName} ${d.accountMasked}`;
}
