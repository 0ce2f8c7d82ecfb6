import { describe, expect, it } from 'vitest';
import { refund } from '../../src/http/schemas.js';
import { emptyRefund, refundProblems, refundRequest, withDestination, type RefundDraft } from '../../web/shared/refund.js';

/*
 * The refund choice on /apply (and the console's hotline desk) is checked in the browser with the
 * server's own rules: for whatever is typed, the browser refuses exactly what the server's edge
 * schema (src/http/schemas.ts refund) refuses, and what it sends is what the server takes.
 */

const closing = '+8613800138000';
const server = (d: RefundDraft) => refund.safeParse(refundRequest(d)).success;
const bank = (accountNumber: string, holderName = '张伟', bankName = '工商银行'): RefundDraft => ({ ...emptyRefund, method: 'bank_account', holderName, bankName, accountNumber });
const line = (otherMsisdn: string): RefundDraft => ({ ...emptyRefund, method: 'another_line', otherMsisdn });

describe('the refund choice in the browser', () => {
  it('refuses a bank account number exactly when the server does', () => {
    const typed = ['6222 0202 0000 1234', '6222-0202-0000-1234-567', '123456789012', '1'.repeat(30), '1'.repeat(31), '12345678901', '', '   ', '6222 0202 0000 12O4', '６２２２０２０２００００１２３４', '6222.0202.0000.1234', '+6222020200001234'];
    for (const t of typed) {
      const browser = refundProblems(bank(t), closing);
      expect(browser.accountNumber === undefined, JSON.stringify(t)).toBe(server(bank(t)));
    }
    expect(refundProblems(bank('6222 0202 001'), closing)).toEqual({ accountNumber: 'accountLength' });
    expect(refundProblems(bank('6222 0202 0000 12O4'), closing)).toEqual({ accountNumber: 'accountDigits' });
    expect(refundRequest(bank(' 6222 0202 0000 1234 '))).toMatchObject({ accountNumber: '6222020200001234' });
  });

  it('asks for the holder and the bank as the server does, trimmed, within their lengths', () => {
    for (const [holder, bankName] of [['', '工商银行'], ['  ', '工商银行'], ['张伟', ''], ['x'.repeat(100), 'y'.repeat(60)], ['x'.repeat(101), '工商银行'], ['张伟', 'y'.repeat(61)], [' 张伟 ', ' 工商银行 ']]) {
      const browser = refundProblems(bank('6222020200001234', holder, bankName), closing);
      expect(Object.keys(browser).length === 0, `${holder}/${bankName}`).toBe(server(bank('6222020200001234', holder, bankName)));
    }
  });

  it('writes another number as the server takes it, and refuses the line being closed at once', () => {
    expect(refundRequest(line('139 0000 1234'))).toEqual({ method: 'another_line', msisdn: '+8613900001234' });
    expect(server(line('139 0000 1234'))).toBe(true);
    expect(refundProblems(line(''), closing)).toEqual({ otherMsisdn: 'msisdnRequired' });
    expect(refundProblems(line('12345'), closing)).toEqual({ otherMsisdn: 'msisdnFormat' });
    expect(server(line('12345'))).toBe(false);
    expect(refundProblems(line('138 0013 8000'), closing)).toEqual({ otherMsisdn: 'sameLine' });
    expect(refundProblems({ ...emptyRefund }, closing)).toEqual({});
  });

  it('names the destination masked after the words of the method', () => {
    expect(withDestination('退至银行账户', { bankName: '工商银行', accountMasked: '**** **** 1234' })).toBe('退至银行账户 工商银行 **** **** 1234');
    expect(withDestination('转入同一机主的号码', { msisdn: '+8613800000000' })).toBe('转入同一机主的号码 138****0000');
    expect(withDestination('退回原支付方式', undefined)).toBe('退回原支付方式');
  });
});
