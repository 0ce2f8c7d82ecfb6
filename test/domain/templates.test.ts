import { describe, expect, it } from 'vitest';
import { formatMoney, renderMessage } from '../../src/domain/templates.js';
import type { Language, MessageTemplate, TemplateName } from '../../src/domain/templates.js';

const reference = 'LC-2026-0000123-6';
const msisdn = '+8613800138000';
const progressUrl = 'http://127.0.0.1:3000/progress/LC-2026-0000123-6';

const received = (provisional: boolean): MessageTemplate => ({
  template: 'application_received',
  vars: { reference, msisdn, receivedOn: '2026-12-28', dueOn: '2027-01-06', provisional, progressUrl },
});

// One example of every template; the Record makes the compiler name a template added later and missing here.
const examples: Record<TemplateName, MessageTemplate> = {
  application_received: received(false),
  info_requested: { template: 'info_requested', vars: { reference, question: '请上传身份证正面照片。', progressUrl } },
  approved: { template: 'approved', vars: { reference, msisdn } },
  bulk_termination: { template: 'bulk_termination', vars: { reference, msisdn, reason: 'real-name re-verification failed' } },
  rejected: { template: 'rejected', vars: { reference, msisdn, reason: 'Outstanding balance' } },
  withdrawn: { template: 'withdrawn', vars: { reference, msisdn } },
  lapsed: { template: 'lapsed', vars: { reference, msisdn, days: 10, progressUrl } },
  completed: { template: 'completed', vars: { reference, msisdn, terminatedOn: '2026-11-30', settlement: 'refund of ¥36.50' } },
  line_suspended: { template: 'line_suspended', vars: { msisdn, at: '2026-11-25 10:15' } },
  line_unsuspended: { template: 'line_unsuspended', vars: { msisdn, at: '2026-11-26 09:30' } },
  number_released: { template: 'number_released', vars: { msisdn, terminatedOn: '2026-11-30', releasedOn: '2027-02-28' } },
  number_restored: { template: 'number_restored', vars: { msisdn, at: '2026-12-02 11:00' } },
  refund_paid: { template: 'refund_paid', vars: { reference, msisdn, amountMinor: 3650, currency: 'CNY', via: 'to the original means of payment', paidOn: '2026-12-03' } },
  verification_code: { template: 'verification_code', vars: { code: '482913' } },
  callback_requested: { template: 'callback_requested', vars: { msisdn, phone: msisdn, preferredTime: 'after 10:00', hotline: '10086' } },
  mail_application_refused: {
    template: 'mail_application_refused',
    vars: { problems: ['no_form', 'not_matched'], address: 'cancel@lastcall.example', portalUrl: 'http://127.0.0.1:3000/apply/form', bilingual: false },
  },
  sms_switching_info: {
    template: 'sms_switching_info',
    vars: {
      msisdn,
      facts: { debt: null, refund: { amountMinor: 3650, currency: 'CNY' }, earlyTermination: null, bindings: ['wechat'], esim: false, portOut: true },
      confirm: { code: '482913', validUntil: '2026-12-25' },
      renewed: false,
      shortcode: '10659876',
    },
  },
  sms_case_opened: { template: 'sms_case_opened', vars: { reference, msisdn, dueOn: '2026-12-04', provisional: false } },
  sms_case_status: { template: 'sms_case_status', vars: { msisdn, openCase: { reference, state: 'in_review', dueOn: '2026-12-04' } } },
  sms_code_wrong: { template: 'sms_code_wrong', vars: { attemptsLeft: 3 } },
  sms_code_spent: { template: 'sms_code_spent', vars: { shortcode: '10659876' } },
  sms_help: { template: 'sms_help', vars: { shortcode: '10659876' } },
};

const languages: Language[] = ['zh-CN', 'en'];
const everyRendering = Object.values(examples).flatMap((m) => languages.map((lang) => [m.template, lang, m] as const));
const hasHan = (s: string) => /\p{Script=Han}/u.test(s);

describe('renderMessage', () => {
  it.each(everyRendering)('renders %s in %s with a subject and a text', (_name, lang, m) => {
    const r = renderMessage(m, lang);
    expect(r.subject.trim()).not.toBe('');
    expect(r.text.trim()).not.toBe('');
    expect(r.subject).not.toMatch(/undefined|null|\[object/);
    expect(r.text).not.toMatch(/undefined|null|\[object/);
    // The Chinese message is written in Chinese, the English one without any.
    expect(hasHan(r.subject + r.text)).toBe(lang === 'zh-CN' || m.template === 'info_requested');
  });

  it.each(everyRendering)('writes every value of %s (%s) into the message', (_name, lang, m) => {
    const r = renderMessage(m, lang);
    for (const [key, value] of Object.entries(m.vars)) {
      // A currency is written as its symbol beside the amount (¥36.50), not as its code.
      if (typeof value !== 'string' || key === 'currency') continue;
      expect(r.subject + '\n' + r.text, `${key}`).toContain(value);
    }
    if (m.template === 'refund_paid') expect(r.text).toContain('¥36.50');
  });

  it.each(languages)('names the reference in the subject of every case message (%s)', (lang) => {
    for (const m of Object.values(examples)) {
      if ('reference' in m.vars) expect(renderMessage(m, lang).subject).toContain(reference);
    }
  });
});

describe('application_received', () => {
  it.each(languages)('gives the reference, the receipt day and the due day (%s)', (lang) => {
    const { text } = renderMessage(received(false), lang);
    expect(text).toContain(reference);
    expect(text).toContain('2026-12-28');
    expect(text).toContain('2027-01-06');
    expect(text).toContain(progressUrl);
  });

  it('adds the provisional note only when the due day is provisional', () => {
    expect(renderMessage(received(false), 'zh-CN').text).not.toContain('暂定');
    expect(renderMessage(received(true), 'zh-CN').text).toContain('暂定');
    expect(renderMessage(received(false), 'en').text).not.toMatch(/provisional/i);
    expect(renderMessage(received(true), 'en').text).toMatch(/provisional/i);
  });

  it('puts the provisional note on the due-day line', () => {
    const line = renderMessage(received(true), 'en').text.split('\n').find((l) => l.includes('2027-01-06'));
    expect(line).toMatch(/provisional/);
  });
});

describe('completed', () => {
  it('tells the customer in Chinese to unbind 支付宝, 微信 and banks', () => {
    const { text } = renderMessage(examples.completed, 'zh-CN');
    for (const word of ['支付宝', '微信', '银行', '已注销']) expect(text).toContain(word);
  });

  it('tells the customer in English to unbind Alipay, WeChat and banks', () => {
    const { text } = renderMessage(examples.completed, 'en');
    for (const word of ['Alipay', 'WeChat', 'banks', 'Cancelled']) expect(text).toContain(word);
  });

  it('states the day of cancellation and the settlement', () => {
    const { text } = renderMessage(examples.completed, 'en');
    expect(text).toContain('2026-11-30');
    expect(text).toContain('refund of ¥36.50');
  });
});

describe('formatMoney', () => {
  it.each([
    [3650, 'CNY', '¥36.50'],
    [-12800, 'CNY', '-¥128.00'],
    [0, 'CNY', '¥0.00'],
    [5, 'CNY', '¥0.05'],
    [-5, 'GBP', '-£0.05'],
    [100, 'GBP', '£1.00'],
    [99, 'GBP', '£0.99'],
    [123_456_780, 'CNY', '¥1234567.80'],
    [1200, 'CHF', '12.00 CHF'],
  ])('writes %i minor units of %s as %s', (minor, currency, text) => {
    expect(formatMoney(minor, currency)).toBe(text);
  });
});
