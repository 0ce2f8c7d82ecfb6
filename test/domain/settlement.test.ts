import { describe, expect, it } from 'vitest';
import { settle } from '../../src/domain/settlement.js';
import type { Settlement } from '../../src/domain/settlement.js';

describe('settle', () => {
  it.each<[string, number, number, string | null, Pick<Settlement, 'kind' | 'amountMinor' | 'method'>]>([
    ['refunds prepaid credit when there is no charge', 3650, 0, null, { kind: 'refund', amountMinor: 3650, method: 'original_payment' }],
    ['bills the early-termination charge when there is no credit', 0, 16000, null, { kind: 'final_bill', amountMinor: 16000, method: null }],
    ['bills an unpaid balance', -12800, 0, null, { kind: 'final_bill', amountMinor: 12800, method: null }],
    ['adds the charge to an unpaid balance', -12800, 16000, null, { kind: 'final_bill', amountMinor: 28800, method: null }],
    ['nets a charge against larger credit into a refund', 5000, 2000, null, { kind: 'refund', amountMinor: 3000, method: 'original_payment' }],
    ['nets credit against a larger charge into a final bill', 2000, 5000, null, { kind: 'final_bill', amountMinor: 3000, method: null }],
    ['settles nothing when credit and charge cancel out', 2000, 2000, null, { kind: 'none', amountMinor: 0, method: null }],
    ['settles nothing on an empty account', 0, 0, null, { kind: 'none', amountMinor: 0, method: null }],
    ['pays a refund the way the customer asked', 3650, 0, 'alipay', { kind: 'refund', amountMinor: 3650, method: 'alipay' }],
    ['ignores the refund method when there is nothing to refund', 0, 16000, 'alipay', { kind: 'final_bill', amountMinor: 16000, method: null }],
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
