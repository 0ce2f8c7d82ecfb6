import type { AppContext, Tx } from '../context.js';
import { unprocessable } from '../../domain/errors.js';
import { maskBankAccount, type RefundRequest, type StoredRefund } from '../../domain/refund.js';
import { findOpenCaseForLine } from '../../store/cases.js';
import { findLiveLine, type LineRow } from '../../store/lines.js';

export interface ResolvedRefund {
  /** What the case and its receipt keep: the method and where, masked. */
  refund: StoredRefund;
  /** The bank account's holder name and number, sealed; null for any other choice. */
  sealedAccount: string | null;
}

const accountText = (c: { holderName: string; accountNumber: string }) => JSON.stringify({ holderName: c.holderName, accountNumber: c.accountNumber });

/**
 * The choice as an Idempotency-Key's request hash covers it: a bank account under the vault's keyed
 * index, since a plain hash of a card number with a known prefix is soon guessed back.
 */
export function refundInRequestHash(ctx: Pick<AppContext, 'vault'>, choice: RefundRequest | undefined): unknown {
  if (choice?.method !== 'bank_account') return choice;
  return { method: choice.method, bankName: choice.bankName, account: ctx.vault.index('refund_account', accountText(choice)) };
}

const notEligible = (reason: 'not_same_holder' | 'same_line' | 'not_live', message: string) =>
  unprocessable('refund_line_not_eligible', message, { field: 'refund.msisdn', reason });

/**
 * Checks and seals a refund choice for the line being closed. Another line must be a live line
 * of the same holder: a number of someone else's answers as one that does not exist, so the
 * answer tells nothing about other people's numbers.
 */
export async function resolveRefund(ctx: Pick<AppContext, 'vault'>, tx: Tx, closing: LineRow, choice: RefundRequest): Promise<ResolvedRefund> {
  if (choice.method === 'bank_account') {
    const refund: StoredRefund = { method: 'bank_account', destination: { bankName: choice.bankName, accountMasked: maskBankAccount(choice.accountNumber) } };
    return { refund, sealedAccount: ctx.vault.seal(accountText(choice)) };
  }
  if (choice.method === 'another_line') {
    if (choice.msisdn === closing.msisdn) throw notEligible('same_line', 'refund.msisdn: the refund cannot go to the line being closed; name another line of yours.');
    const other = await findLiveLine(tx, choice.msisdn);
    if (!other || other.subscriber_id !== closing.subscriber_id) {
      throw notEligible('not_same_holder', 'refund.msisdn: the number is not a line of the same holder.');
    }
    const ending = other.status !== 'active' && other.status !== 'suspended' ? other.status : (await findOpenCaseForLine(tx, other.id)) ? 'cancellation_open' : null;
    if (ending) throw notEligible('not_live', `refund.msisdn: that line is ${ending === 'cancellation_open' ? 'being cancelled too' : 'ended or being ended'}; name a line that stays.`);
    const refund: StoredRefund = { method: 'another_line', destination: { msisdn: other.msisdn } };
    return { refund, sealedAccount: null };
  }
  return { refund: { method: 'original_payment' }, sealedAccount: null };
}
