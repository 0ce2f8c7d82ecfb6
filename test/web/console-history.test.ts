import fs from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { caseEventTypes } from '../../src/domain/case-events.js';
import { actorLabel, describeEvent, type EventView, type HistoryEntry, type HistoryFormat } from '../../web/console/src/history-text.js';
import { dateTime, day, fileSize, formatLocale, isoWeekMonday, list, money, typedDay } from '../../web/shared/format.js';

/*
 * The console's case history as staff read it (web/console/src/history-text.ts), rendered with
 * the console's own locale files and formatters, for a history holding every event type the
 * server records, with the data the server gives each (src/app/** recordCaseEvent): no raw key,
 * no amount in minor units, no English in the Chinese text but names, references and codes, no
 * month-first day; the technical detail only behind the disclosure.
 */

type Lang = 'zh-CN' | 'en';
const localeDir = path.join(import.meta.dirname, '../../web/console/src/locales');
const texts = (lang: Lang) => JSON.parse(fs.readFileSync(path.join(localeDir, `${lang}.json`), 'utf8')) as Record<string, unknown>;

/** What useHistoryFormat() gives the component, without React: i18next with the console's texts, the shared formatters. */
async function formatFor(lang: Lang): Promise<HistoryFormat> {
  const i18n = i18next.createInstance();
  await i18n.init({ resources: { [lang]: { translation: texts(lang) } }, lng: lang, fallbackLng: false, interpolation: { escapeValue: false }, returnNull: false });
  const l = formatLocale(lang);
  return {
    t: (key, vars) => i18n.t(key, vars ?? {}) as string,
    money: (m, c) => money(m, c, l),
    day: (d) => day(d, l),
    // The browser's zone in the console; Beijing here, as at the operator's desks.
    dateTime: (iso) => dateTime(iso, l, 'Asia/Shanghai'),
    fileSize: (b) => fileSize(b, l),
    list: (items) => list(items, l),
  };
}

// ---- A history with every event type, as the server records them -----------------------------

const ref = 'LC-2026-0000123-7';
const other = 'LC-2026-0000119-3';
const operationId = 'op-7f3a9c21-5b8e';
const esimOperationId = 'esim-rel-0042';
const messageId = '<CAFx9k2=mail-0042@mail.example.cn>';
const callId = 'call_8KQ2MZ';
const docId = 'doc_5TQ9XW';
const sha = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const networkError = 'ECONNREFUSED 10.20.0.7:4222 (hlr gateway)';
const question = '请上传身份证背面的清晰照片。';
const note = '客户来电确认余额退回原支付渠道。';
const rejectReason = '申请表上的签名与登记信息不一致。';
const overrideReason = '欠费已由客户经理线下结清，账务系统次日才会同步。';

let seq = 0;
const at = (day: string, time = '10:00:00') => `${day}T${time}+08:00`;
const ev = (type: string, actor: string, when: string, data?: Record<string, unknown>, from?: string, to?: string): HistoryEntry & { seq: number } => ({
  seq: ++seq,
  type,
  from: from ?? null,
  to: to ?? null,
  actor,
  at: new Date(when).toISOString(),
  ...(data ? { data } : {}),
});

const history = [
  ev('submitted', 'customer', at('2026-11-25'), {
    channel: 'email',
    receivedOn: '2026-11-25',
    dueOn: '2026-12-04',
    provisional: false,
    calendarVersion: 'CN-2026@3f2a9c',
    precheck: [
      { code: 'outstanding_debt', kind: 'blocking' },
      { code: 'prepaid_credit_refund', kind: 'advisory' },
      { code: 'binding_wechat', kind: 'advisory' },
    ],
    receiptSha256: sha,
  }, undefined, 'submitted'),
  ev('sla_started', 'system', at('2026-11-25'), { receivedOn: '2026-11-25', dueOn: '2026-12-04', workingDays: 7, provisional: true, calendarVersion: 'CN-2026@3f2a9c' }),
  ev('mail_received', 'customer', at('2026-11-25'), {
    messageId,
    receivedAt: '2026-11-25T01:59:58.000Z',
    spf: { result: 'pass', domain: 'mail.example.cn' },
    dkim: { result: 'pass', signatures: [{ domain: 'example.cn', selector: 's2026', result: 'pass', aligned: true }] },
    dmarc: { result: 'fail', domain: 'example.cn', policy: 'reject' },
  }),
  ev('documents_added', 'customer', at('2026-11-25'), {
    kind: 'application_form',
    documents: [
      { id: docId, contentType: 'application/pdf', size: 1_258_291, sha256: sha },
      { id: 'doc_7RR1AB', contentType: 'image/jpeg', size: 307_200, sha256: sha },
    ],
  }),
  ev('duplicate_flagged', 'system', at('2026-11-25'), { others: [{ reference: other, channel: 'hotline' }] }),
  ev('assign', 'staff:reviewer', at('2026-11-25', '11:00:00'), { assignee: 'reviewer', previous: null }, 'submitted', 'in_review'),
  ev('assign', 'staff:supervisor', at('2026-11-25', '11:30:00'), { assignee: 'zhang.wei', previous: 'reviewer' }, 'in_review', 'in_review'),
  ev('call_logged', 'staff:agent', at('2026-11-26'), { callId, outcome: 'status_given', direction: 'in', agent: 'agent' }),
  ev('request_info', 'staff:reviewer', at('2026-11-26'), { question, reason: 'documents', pausedSince: '2026-11-26', dueOn: '2026-12-04' }, 'in_review', 'awaiting_customer'),
  ev('sla_paused', 'staff:reviewer', at('2026-11-26'), { reason: 'documents', since: '2026-11-26', dueOn: '2026-12-04', pausedDaysSoFar: 2 }),
  ev('binding_declared', 'customer', at('2026-11-27'), { kind: 'wechat', state: 'unbound' }),
  ev('customer_reply', 'customer', at('2026-11-30'), { pausedWorkingDays: 2, dueOn: '2026-12-08' }, 'awaiting_customer', 'in_review'),
  ev('sla_resumed', 'customer', at('2026-11-30'), { reason: 'documents', pausedWorkingDays: 2, totalPausedDays: 4, countedPausedDays: 4, capDays: 10, dueOn: '2026-12-08' }),
  ev('sla_recomputed', 'system', at('2026-12-01', '02:00:00'), {
    calendarVersion: 'CN-2026@77b1e0',
    from: { receivedOn: '2026-11-25', dueOn: '2026-12-08' },
    to: { receivedOn: '2026-11-25', dueOn: '2026-12-09' },
    provisional: false,
  }),
  ev('sla_warned', 'system', at('2026-12-07', '09:00:00'), { dueOn: '2026-12-09', workingDaysLeft: 2, seenOn: '2026-12-07' }),
  ev('sla_breached', 'system', at('2026-12-10', '09:00:00'), { dueOn: '2026-12-09', seenOn: '2026-12-10', seenBy: 'sweeper' }),
  ev('note', 'staff:reviewer', at('2026-12-10'), { text: note }),
  ev('approve', 'staff:supervisor', at('2026-12-10', '14:00:00'), { note: '材料齐全。', override: { reason: overrideReason, blocking: ['outstanding_debt'] } }, 'in_review', 'approved'),
  ev('line_suspended', 'customer', at('2026-12-10', '14:05:00')),
  ev('network_barred', 'system', at('2026-12-10', '14:05:01'), { attempt: 2, provisioner: 'simulator', operationId: 'op-bar-0001', at: '2026-12-10T06:05:01.000Z' }),
  ev('suspension_lifted', 'partner:3', at('2026-12-10', '14:06:00')),
  ev('network_unbarred', 'system', at('2026-12-10', '14:06:01'), { attempt: 1, provisioner: 'simulator', operationId: 'op-unbar-0001', at: '2026-12-10T06:06:01.000Z' }),
  ev('network_error', 'system', at('2026-12-10', '14:10:00'), { attempt: 1, provisioner: 'osmo-hlr', error: networkError, permanent: false }),
  ev('network_error', 'system', at('2026-12-10', '14:20:00'), { attempt: 2, provisioner: 'osmo-hlr', error: 'subscriber locked by another operation', permanent: true }),
  ev('network_waiting', 'system', at('2026-12-10', '14:30:00'), { attempt: 3, provisioner: 'osmo-hlr' }),
  ev('fulfilled', 'system', at('2026-12-10', '15:00:00'), {
    network: { provisioner: 'simulator', operationId, at: '2026-12-10T07:00:00.000Z' },
    esimProfile: { provisioner: 'esim-simulator', operationId: esimOperationId, at: '2026-12-10T07:00:01.000Z' },
    settlement: { kind: 'refund', amountMinor: 3650, currency: 'CNY', method: 'original_payment', detail: { balanceMinor: 5150, earlyTerminationChargeMinor: 1500 } },
    terminatedOn: '2026-12-10',
    quarantineEndsOn: '2027-03-10',
  }, 'approved', 'completed'),
  ev('refund_paid', 'staff:supervisor', at('2026-12-14'), { amountMinor: 3650, currency: 'CNY', method: 'original_payment', paidOn: '2026-12-12', paymentReference: 'BILL-2026-88812' }),
  ev('reject', 'staff:reviewer', at('2026-12-15'), { reason: rejectReason }, 'in_review', 'rejected'),
  ev('withdraw', 'customer', at('2026-12-15'), {}, 'awaiting_customer', 'withdrawn'),
  ev('lapse', 'system', at('2026-12-16', '09:00:00'), { pausedSince: '2026-11-26', pauseReason: 'documents', afterWorkingDays: 15 }, 'awaiting_customer', 'withdrawn'),
];

/** A settlement with nothing to pay, a final bill, a refund by bank transfer with no method named, in GBP and JPY. */
const settlements = [
  ev('fulfilled', 'system', at('2026-12-10'), {
    network: { provisioner: 'simulator', operationId: 'op-none', at: '2026-12-10T07:00:00.000Z' },
    settlement: { kind: 'none', amountMinor: 0, currency: 'CNY', method: null, detail: { balanceMinor: 0, earlyTerminationChargeMinor: 0 } },
    terminatedOn: '2026-12-10',
    quarantineEndsOn: '2027-03-10',
  }, 'approved', 'completed'),
  ev('fulfilled', 'system', at('2026-12-10'), {
    network: { provisioner: 'simulator', operationId: 'op-bill', at: '2026-12-10T07:00:00.000Z' },
    settlement: { kind: 'final_bill', amountMinor: 12000, currency: 'GBP', method: null, detail: { balanceMinor: 250, earlyTerminationChargeMinor: 12250 } },
    terminatedOn: '2026-12-10',
    quarantineEndsOn: '2027-03-10',
  }, 'approved', 'completed'),
  ev('refund_paid', 'staff:supervisor', at('2026-12-14'), { amountMinor: 3650, currency: 'JPY', method: 'bank_transfer', paidOn: '2026-12-12', paymentReference: null }),
];

/** A type added to the server after this console was built. */
const future = ev('number_ported_out', 'partner:7', at('2026-12-20'), { recipientOperator: 'CMCC', portingId: 'NP-2026-55102', acceptedOn: '2026-12-19' });

// ---- What the eye reads ---------------------------------------------------------------------

/** Everything of an entry outside the details: title, change, who, when and the lines. */
const mainText = (v: EventView, withQuotes = true) =>
  [v.title, v.change ?? '', v.when, v.actor, ...v.lines.map((l) => ('text' in l ? l.text : withQuotes ? `${l.label ?? ''} ${l.quote}` : (l.label ?? '')))].join('\n');
const detailsText = (v: EventView) => v.details.map((d) => `${d.label}: ${d.value}`).join('\n');

const minorAmounts = [3650, 5150, 1500, 12000, 250, 12250];
/** What may stand in Latin letters in the Chinese text: user names, references, codes and units. */
const latinAllowed = [
  /LC-\d{4}-\d{7}-\d/g, /BILL-\d{4}-\d+/g, /\b(?:reviewer|supervisor|agent|zhang\.wei)\b/g,
  /\b(?:SPF|DKIM|DMARC|PDF|JPEG|eSIM|MB|kB|B)\b/g, /#\d+/g, /\b[A-Z]{2,3}(?=[¥$€£])/g, // JP¥, US$: the currency's own sign
];
const freeTexts = [question, note, rejectReason, overrideReason, '材料齐全。'];

function checkMain(lang: Lang, v: EventView, type: string) {
  const text = mainText(v);
  const what = `${lang} ${type}: ${text}`;
  expect(text, what).not.toMatch(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/); // snake_case
  expect(text.replace(/\b(?:eSIM|kB)\b/g, ''), what).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b/); // camelCase
  expect(text, what).not.toMatch(/\b(?:history|events|states|channels|pauseReasons|desk|case|precheck|roles|dashboard)\.[\w.]+/); // a missing text's key
  expect(text, what).not.toMatch(/undefined|null|NaN|\[object|\{\{/);
  expect(text, what).not.toMatch(/[:：]\s*[;；。.,，]|[:：]\s*$|[（(]\s*[)）]/m); // "方式: ;", "（）"
  for (const m of minorAmounts) expect(text, `${what} (an amount in minor units)`).not.toMatch(new RegExp(`(?<!\\d|\\d[.,])${m}(?!\\d|[.,]\\d)`));
  // Never month first: 12/10/2026 or Dec 10, 2026.
  expect(text, what).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/);
  expect(text, what).not.toMatch(/\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}\b/);
  if (lang === 'zh-CN') {
    let rest = text;
    for (const re of latinAllowed) rest = rest.replace(re, '');
    expect(rest, `${what} (English in the Chinese text)`).not.toMatch(/[A-Za-z]/);
  } else {
    let rest = mainText(v, false);
    for (const s of freeTexts) rest = rest.replace(s, '');
    expect(rest, `${what} (Chinese in the English text)`).not.toMatch(/[\u3400-\u9fff]/);
  }
}

describe('the console\'s case history in words', () => {
  it('has an entry of every type the server records in the history checked here', () => {
    expect(new Set(history.map((e) => e.type))).toEqual(new Set(caseEventTypes));
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: every entry reads as sentences, with no raw key, minor-unit amount, month-first day or other language`, async () => {
      const f = await formatFor(lang);
      for (const e of [...history, ...settlements]) {
        const v = describeEvent(e, f);
        expect(v.known, e.type).toBe(true);
        checkMain(lang, v, e.type);
        // Entries with something to say say it (a state change or withdrawal may say nothing more).
        if (!['withdraw', 'line_suspended', 'suspension_lifted', 'network_unbarred'].includes(e.type)) expect(v.lines.length, `${lang} ${e.type} has lines`).toBeGreaterThan(0);
      }
    });

    it(`${lang}: ids, provisioners, raw errors, message ids and hashes are only in the details`, async () => {
      const f = await formatFor(lang);
      const all = history.map((e) => describeEvent(e, f));
      const main = all.map((v) => mainText(v)).join('\n');
      const details = all.map(detailsText).join('\n');
      for (const tech of [operationId, esimOperationId, 'op-bar-0001', 'simulator', 'osmo-hlr', networkError, messageId, callId, docId, sha, 'CN-2026@3f2a9c', 'mail.example.cn', 's2026']) {
        expect(main, `${tech} in the main text`).not.toContain(tech);
        expect(details, `${tech} in the details`).toContain(tech);
      }
    });
  }

  it('zh-CN: the fulfilled entry as the issue wants it', async () => {
    const f = await formatFor('zh-CN');
    const v = describeEvent(history.find((e) => e.type === 'fulfilled')!, f);
    expect(v.title).toBe('号码已从网络注销');
    expect(v.change).toBe('已批准 → 已完成');
    expect(v.actor).toBe('系统');
    expect(v.lines.map((l) => ('text' in l ? l.text : l.quote))).toEqual([
      '号码于 2026年12月10日 注销，冷冻期至 2027年3月10日。',
      'eSIM 配置文件已释放，不能再次下载。',
      '结算：退款 ¥36.50，退回原支付方式。',
      '余额 ¥51.50，扣除提前解约费 ¥15.00。',
    ]);
    expect(v.details).toEqual(expect.arrayContaining([
      { label: '网络 · 供应系统', value: 'simulator' },
      { label: '网络 · 操作 ID', value: operationId },
      { label: 'eSIM 配置文件 · 操作 ID', value: esimOperationId },
    ]));
  });

  it('en: the fulfilled entry and the settlements in words, amounts by currency', async () => {
    const f = await formatFor('en');
    const lines = (e: HistoryEntry) => describeEvent(e, f).lines.map((l) => ('text' in l ? l.text : l.quote));
    expect(lines(history.find((e) => e.type === 'fulfilled')!)).toEqual([
      'The number was terminated on 10 Dec 2026; it stays in quarantine until 10 Mar 2027.',
      'The eSIM profile was released and cannot be downloaded again.',
      'Settlement: refund of CN¥36.50, to the original means of payment.',
      'Balance of CN¥51.50 less the early termination charge of CN¥15.00.',
    ]);
    expect(lines(settlements[0]!)).toContain('Settlement: nothing to settle.');
    expect(lines(settlements[1]!)).toEqual(expect.arrayContaining(['Settlement: final bill of £120.00.', 'Balance of £2.50 less the early termination charge of £122.50.']));
    expect(lines(settlements[2]!)).toEqual(['Refund of JP¥3,650 paid on 12 Dec 2026, by bank transfer.']);
    expect(lines(history.find((e) => e.type === 'refund_paid')!)).toEqual(['Refund of CN¥36.50 paid on 12 Dec 2026, to the original means of payment.', 'Payment reference: BILL-2026-88812.']);
  });

  it('names where a refund went, masked, in both languages', async () => {
    const bankPaid = ev('refund_paid', 'staff:supervisor', at('2026-12-14'), {
      amountMinor: 3650, currency: 'CNY', method: 'bank_account', destination: { bankName: '工商银行', accountMasked: '**** **** 1234' }, paidOn: '2026-12-12', paymentReference: null,
    });
    const linePaid = ev('refund_paid', 'staff:supervisor', at('2026-12-14'), { amountMinor: 3650, currency: 'CNY', method: 'another_line', destination: { msisdn: '+8613800000000' }, paidOn: '2026-12-12', paymentReference: null });
    const zh = await formatFor('zh-CN');
    expect(mainText(describeEvent(bankPaid, zh))).toContain('退至银行账户 工商银行 **** **** 1234');
    expect(mainText(describeEvent(linePaid, zh))).toContain('转入同一机主的号码 138****0000');
    const en = await formatFor('en');
    expect(mainText(describeEvent(linePaid, en))).toContain("to the holder's other number 138****0000");
    expect(JSON.stringify(describeEvent(linePaid, en))).not.toContain('+8613800000000');
  });

  it('zh-CN: nothing settled reads so, with no empty "方式"', async () => {
    const f = await formatFor('zh-CN');
    const text = mainText(describeEvent(settlements[0]!, f));
    expect(text).toContain('结算：无余额需结算。');
    expect(text).not.toContain('方式');
  });

  it('names the actors in the console\'s language', async () => {
    const zh = await formatFor('zh-CN');
    const en = await formatFor('en');
    const cases: [string, string, string][] = [
      ['customer', '客户', 'Customer'],
      ['customer:42', '客户', 'Customer'],
      ['system', '系统', 'System'],
      ['staff:reviewer', '审核员 reviewer', 'reviewer'],
      ['staff:agent', '热线坐席 agent', 'agent (Hotline agent)'],
      ['staff:zhang.wei', '员工 zhang.wei', 'zhang.wei'],
      ['partner:3', '合作方 #3', 'Partner #3'],
    ];
    for (const [actor, inZh, inEn] of cases) {
      expect(actorLabel(actor, zh.t), actor).toBe(inZh);
      expect(actorLabel(actor, en.t), actor).toBe(inEn);
    }
  });

  for (const lang of ['zh-CN', 'en'] as const) {
    it(`${lang}: a type this console does not know gets a generic title, and its data only in the details`, async () => {
      const f = await formatFor(lang);
      const v = describeEvent(future, f);
      expect(v.known).toBe(false);
      expect(v.title).toBe(lang === 'zh-CN' ? '其他记录' : 'Other entry');
      checkMain(lang, v, future.type);
      expect(mainText(v)).not.toMatch(/number_ported_out|recipientOperator|portingId|CMCC/);
      expect(detailsText(v)).toMatch(/number_ported_out/);
      expect(detailsText(v)).toMatch(/NP-2026-55102/);
    });
  }

  it('an entry missing some of its data says what it can, never a half sentence, and keeps the rest for the details', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const f = await formatFor(lang);
      for (const type of caseEventTypes) checkMain(lang, describeEvent(ev(type, 'system', at('2026-12-01')), f), `${type} without data`);
      const v = describeEvent(ev('submitted', 'customer', at('2026-11-25'), { channel: 'web', receivedOn: '2026-11-25' }), f);
      checkMain(lang, v, 'submitted without a due day');
      expect(v.lines).toHaveLength(1);
      expect(detailsText(v)).toContain(day('2026-11-25', lang));
    }
  });

  it('an unknown code in a known entry reads "other", and the code itself is in the details', async () => {
    const f = await formatFor('zh-CN');
    const v = describeEvent(ev('refund_paid', 'staff:supervisor', at('2026-12-14'), { amountMinor: 100, currency: 'CNY', method: 'crypto_wallet', paidOn: '2026-12-12', paymentReference: null }), f);
    checkMain('zh-CN', v, 'refund_paid');
    expect(mainText(v)).toContain('已于 2026年12月12日 退款 ¥1.00，其他。');
    expect(detailsText(v)).toContain('crypto_wallet');
  });
});

describe('the one day formatter', () => {
  it('prints days year first in Chinese and day first in English, never month first', () => {
    expect(day('2026-12-10', 'zh-CN')).toBe('2026年12月10日');
    expect(day('2026-12-10', 'zh-CN', 'short')).toBe('12月10日');
    expect(day('2026-12-10', 'en')).toBe('10 Dec 2026');
    expect(day('2026-12-10', 'en', 'long')).toBe('10 December 2026');
    expect(day('2026-12-10', 'en', 'short')).toBe('10 Dec');
    // An English variant the browser may report still reads day first.
    expect(day('2026-12-10', 'en-US')).toBe('10 Dec 2026');
    expect(dateTime('2026-12-10T02:05:00Z', 'zh-CN', 'Asia/Shanghai')).toBe('2026年12月10日 10:05');
    expect(dateTime('2026-12-10T02:05:00Z', 'en', 'Asia/Shanghai')).toBe('10 Dec 2026, 10:05');
  });

  it('reads a typed day only year first, and names ISO weeks by their Monday', () => {
    expect(typedDay('2026-10-12')).toBe('2026-10-12');
    expect(typedDay('2026/1/5')).toBe('2026-01-05');
    expect(typedDay('2026年10月12日')).toBe('2026-10-12');
    expect(typedDay('')).toBe('');
    expect(typedDay('10/12/2026')).toBeNull();
    expect(typedDay('2026-02-30')).toBeNull();
    expect(isoWeekMonday('2026-W48')).toBe('2026-11-23');
    expect(isoWeekMonday('2026-W01')).toBe('2025-12-29');
    expect(isoWeekMonday('2027-W01')).toBe('2027-01-04');
  });
});
