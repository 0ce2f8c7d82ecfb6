import { describe, expect, it } from 'vitest';
import { settle } from '../../src/domain/settlement.js';
import type { Settlement } from '../../src/domain/settlement.js';
import { bankAccountProblem, describeRefund, maskBankAccount, maskOtherLine, tidyBankAccountNumber, type StoredRefund } from '../../src/domain/refund.js';

describe('settle', () => {
  it.each<[string, number, number, StoredRefund | null, Pick<Settlement, 'kind' | 'amountMinor' | 'method'>]>([
    ['refunds prepaid credit when there is no charge', 3650, 0, null, { kind: 'refund', amountMinor: 3650, method: 'original_payment' }],
    ['bills the early-termination charge when there is no credit', 0, 16000, null, { kind: 'final_bill', amountMinor: 16000, method: null }],
    ['bills an unpaid balance', -12800, 0, null, { kind: 'final_bill', amountMinor: 12800, method: null }],
    ['adds the charge to an unpaid balance', -12800, 16000, null, { kind: 'final_bill', amountMinor: 28800, method: null }],
    ['nets a charge against larger credit into a refund', 5000, 2000, null, { kind: 'refund', amountMinor: 3000, method: 'original_payment' }],
    ['nets credit against a larger charge into a final bill', 2000, 5000, null, { kind: 'final_bill', amountMinor: 3000, method: null }],
    ['settles nothing when credit and charge cancel out', 2000, 2000, null, { kind: 'none', amountMinor: 0, method: null }],
    ['settles nothing on an empty account', 0, 0, null, { kind: 'none', amountMinor: 0, method: null }],
    ['pays a refund the way the customer asked', 3650, 0, { method: 'alipay' }, { kind: 'refund', amountMinor: 3650, method: 'alipay' }],
    ['ignores the refund method when there is nothing to refund', 0, 16000, { method: 'alipay' }, { kind: 'final_bill', amountMinor: 16000, method: null }],
  ])('%s', (_name, balance, charge, method, expected) => {
    const s = settle(balance, charge, 'CNY', method);
    expect(s).toEqual({ ...expected, currency: 'CNY', detail: { balanceMinor: balance, earlyTerminationChargeMinor: charge } });
  });

  it('keeps the currency of the line', () => {
    expect(settle(1000, 0, 'GBP', null)).toMatchObject({ kind: 'refund', amountMinor: 1000, currency: 'GBP' });
  });

  it('never reports a negative amount and always balances with the detail', () => {
    for (const balance of [-5000, -1, 0, 1, 3650]) {
      for (const charge of [0, 1, 2000, 16000]) {
        const s = settle(balance, charge, 'CNY', null);
        expect(s.amountMinor).toBeGreaterThanOrEqual(0);
        const signed = s.kind === 'final_bill' ? -s.amountMinor : s.amountMinor;
        expect(signed).toBe(s.detail.balanceMinor - s.detail.earlyTerminationChargeMinor);
      }
    }
  });
});

describe('the refund of a line being closed', () => {
  const bank: StoredRefund = { method: 'bank_account', destination: { bankName: '工商银行', accountMasked: maskBankAccount('6222020200001234') } };
  const otherLine: StoredRefund = { method: 'another_line', destination: { msisdn: '+8613800000000' } };

  it('settles to the bank account or the other line the customer named, masked', () => {
    expect(settle(3650, 0, 'CNY', bank)).toMatchObject({ kind: 'refund', method: 'bank_account', destination: { bankName: '工商银行', accountMasked: '**** **** 1234' } });
    expect(settle(3650, 0, 'CNY', otherLine)).toMatchObject({ kind: 'refund', method: 'another_line', destination: { msisdn: '+8613800000000' } });
    expect(settle(0, 16000, 'CNY', bank)).not.toHaveProperty('destination');
  });

  it('still settles cases stored with the retired methods as before', () => {
    expect(settle(3650, 0, 'CNY', { method: 'account_credit' })).toEqual({ kind: 'refund', amountMinor: 3650, currency: 'CNY', method: 'account_credit', detail: { balanceMinor: 3650, earlyTerminationChargeMinor: 0 } });
    expect(describeRefund({ method: 'account_credit' }, true)).toBe('转为账户余额');
    expect(describeRefund({ method: 'bank_transfer' }, false)).toBe('by bank transfer');
  });

  it.each<[StoredRefund, string, string]>([
    [{ method: 'original_payment' }, '退回原支付方式', 'to the original means of payment'],
    [bank, '退至银行账户 工商银行 **** **** 1234', 'to the bank account 工商银行 **** **** 1234'],
    [otherLine, '转入同一机主的号码 138****0000', "to the holder's other number 138****0000"],
  ])('describes %j in both languages', (refund, zh, en) => {
    expect(describeRefund(refund, true)).toBe(zh);
    expect(describeRefund(refund, false)).toBe(en);
    expect(describeRefund(settle(3650, 0, 'CNY', refund), true)).toBe(zh);
  });

  it('masks a number that is not Chinese in the middle', () => {
    expect(maskOtherLine('+447700900123')).toBe('+4477****0123');
  });

  it.each<[string, ReturnType<typeof bankAccountProblem>]>([
    ['6222 0202 0000 1234', null],
    ['6222-0202-0000-1234-567', null],
    ['123456789012', null],
    ['1'.repeat(30), null],
    ['', 'required'],
    ['   ', 'required'],
    ['6222 0202 0000 12O4', 'digits'],
    ['６２２２０２０２００００１２３４', 'digits'],
    ['12345678901', 'length'],
    ['1'.repeat(31), 'length'],
  ])('checks the bank account number %j', (typed, problem) => {
    expect(bankAccountProblem(tidyBankAccountNumber(typed))).toBe(problem);
  });
});
