import { describe, expect, it } from 'vitest';
import { precheckLine } from '../../src/domain/precheck.js';
import { switchingFactsOf, smsMoney } from '../../src/domain/sms-texts.js';
import { renderMessage, type Language, type MessageTemplate } from '../../src/domain/templates.js';

// An SMS part holds 67 UCS-2 characters (any Chinese in the text) or 153 GSM 7-bit ones.
const partsOf = (text: string) => Math.ceil(text.length / (/[^\x00-\x7f£¥€]/.test(text) ? 67 : 153));
const tariff = { earlyTerminationFeePerMonthMinor: 2000, earlyTerminationMaxMonths: 6 };

describe('the switching information by SMS', () => {
  it('takes its facts from the same pre-check the portal shows', () => {
    const precheck = precheckLine(
      { plan: 'postpaid', simType: 'esim', balanceMinor: -12800, currency: 'CNY', contractEnd: '2027-06-30' },
      [{ kind: 'alipay', state: 'bound' }, { kind: 'bank', state: 'unbound' }, { kind: 'other', state: 'bound' }],
      tariff,
      '2026-11-25',
    );
    expect(switchingFactsOf(precheck)).toEqual({
      debt: { amountMinor: 12800, currency: 'CNY' },
      refund: null,
      earlyTermination: { charge: { amountMinor: 12000, currency: 'CNY' }, contractEnd: '2027-06-30' },
      bindings: ['alipay', 'other'],
      esim: true,
      portOut: true,
    });
  });

  it.each([
    [3650, 'CNY', '¥36.50'],
    [1000, 'GBP', '£10.00'],
    [5, 'CNY', '¥0.05'],
    [123456, 'CHF', '1234.56 CHF'],
  ])('writes %i %s as %s', (minor, currency, text) => {
    expect(smsMoney({ amountMinor: minor, currency })).toBe(text);
  });

  const everything = precheckLine(
    { plan: 'postpaid', simType: 'esim', balanceMinor: -999999, currency: 'CNY', contractEnd: '2027-06-30' },
    (['bank', 'alipay', 'wechat', 'other'] as const).map((kind) => ({ kind, state: 'bound' as const })),
    tariff,
    '2026-11-25',
  );
  const worst: MessageTemplate = {
    template: 'sms_switching_info',
    vars: {
      msisdn: '+861391234567', facts: switchingFactsOf(everything), confirm: { code: '123456', validUntil: '2026-12-25' }, renewed: true, shortcode: '106598761234567',
    },
  };
  it.each(['zh-CN', 'en'] as Language[])('fits four SMS parts even with every item (%s)', (lang) => {
    const { text } = renderMessage(worst, lang);
    expect(partsOf(text)).toBeLessThanOrEqual(4);
    if (lang === 'en') expect(text).not.toMatch(/\p{Script=Han}/u);
  });
});
