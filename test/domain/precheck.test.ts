import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import regions from '../../data/regions.json' with { type: 'json' };
import {
  earlyTerminationCharge,
  missingAcknowledgements,
  precheckLine,
  remainingContractMonths,
} from '../../src/domain/precheck.js';
import type { BindingKind, PrecheckBinding, PrecheckLine, Tariff } from '../../src/domain/precheck.js';
import { parseCsv } from '../../src/domain/subscriber-csv.js';

const today = '2026-11-25';
const tariffs: Record<string, Tariff> = regions;

// The demo lines the whole team names in examples (data/demo-subscribers.csv, a copy of the shared file).
const csv = parseCsv(readFileSync(new URL('../../data/demo-subscribers.csv', import.meta.url), 'utf8'));
const [header, ...records] = csv.records.map((r) => r.fields);
const demo = records.map((fields) => Object.fromEntries(header!.map((h, i) => [h, fields[i] ?? ''])) as Record<string, string>);

function demoLine(msisdn: string): { line: PrecheckLine; bindings: PrecheckBinding[]; tariff: Tariff } {
  const row = demo.find((d) => d.msisdn === msisdn);
  if (!row) throw new Error(`no demo line ${msisdn}`);
  return {
    line: {
      plan: row.plan as PrecheckLine['plan'],
      simType: row.sim_type as PrecheckLine['simType'],
      balanceMinor: Number(row.balance_minor),
      currency: row.currency!,
      contractEnd: row.contract_end || null,
    },
    bindings: (row.bindings ?? '')
      .split(';')
      .filter(Boolean)
      .map((b) => {
        const [kind, state] = b.split(':');
        return { kind: kind as BindingKind, state: state as PrecheckBinding['state'] };
      }),
    tariff: tariffs[row.region!]!,
  };
}

function precheckOf(msisdn: string) {
  const { line, bindings, tariff } = demoLine(msisdn);
  return precheckLine(line, bindings, tariff, today);
}

const plainLine: PrecheckLine = { plan: 'prepaid', simType: 'physical', balanceMinor: 0, currency: 'CNY', contractEnd: null };
const cnTariff = tariffs.CN!;

describe('the pre-check of the demo lines on 2026-11-25', () => {
  it('reads the CN and GB tariffs from data/regions.json', () => {
    expect(cnTariff).toMatchObject({ earlyTerminationFeePerMonthMinor: 2000, earlyTerminationMaxMonths: 12 });
    expect(tariffs.GB).toMatchObject({ earlyTerminationFeePerMonthMinor: 1000, earlyTerminationMaxMonths: 12 });
  });

  it.each([
    ['prepaid line with three bindings', '+8613800138000', false, ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'backup_reminder']],
    ['postpaid line in debt', '+8613912345678', true, ['outstanding_debt', 'early_termination_charge', 'binding_alipay', 'port_out_option', 'backup_reminder']],
    ['eSIM line', '+8618611112222', false, ['binding_wechat', 'port_out_option', 'esim_profile', 'backup_reminder']],
    ['line with a bank binding', '+8615055556666', false, ['binding_bank', 'port_out_option', 'backup_reminder']],
    ["one person's first line", '+8617700001111', false, ['prepaid_credit_refund', 'port_out_option', 'backup_reminder']],
    ["one person's second line", '+8619912345678', false, ['port_out_option', 'backup_reminder']],
    ['GB prepaid line', '+447400123456', false, ['prepaid_credit_refund', 'binding_bank', 'port_out_option', 'backup_reminder']],
    ['GB eSIM line on contract', '+447400654321', false, ['early_termination_charge', 'port_out_option', 'esim_profile', 'backup_reminder']],
  ] as const)('lists the items of the %s (%s)', (_kind, msisdn, blocking, codes) => {
    const p = precheckOf(msisdn);
    expect(p.items.map((i) => i.code)).toEqual(codes);
    expect(p.blocking).toBe(blocking);
    expect(p.advisoryCodes).toEqual(codes.filter((c) => c !== 'outstanding_debt'));
    for (const item of p.items) expect(item.message.length).toBeGreaterThan(10);
  });

  it('offers the +8613800138000 holder a refund of his 36.50 CNY credit and reminds him of three bindings', () => {
    const p = precheckOf('+8613800138000');
    expect(p.items[0]).toMatchObject({ code: 'prepaid_credit_refund', kind: 'advisory', amountMinor: 3650, currency: 'CNY' });
    expect(p.items.filter((i) => i.code.startsWith('binding_')).map((i) => ('service' in i ? i.service : null))).toEqual([
      'bank',
      'alipay',
      'wechat',
    ]);
    expect(p.items.every((i) => i.kind === 'advisory')).toBe(true);
  });

  it('blocks the +8613912345678 holder for her 128.00 CNY debt and charges the 8 months left to 2027-06-30', () => {
    const p = precheckOf('+8613912345678');
    expect(p.items[0]).toEqual(expect.objectContaining({ code: 'outstanding_debt', kind: 'blocking', amountMinor: 12800, currency: 'CNY' }));
    // 2026-11-25 → 2027-05-25 is 7 whole months; the 5 days to 2027-06-30 start an eighth.
    expect(p.items[1]).toEqual(
      expect.objectContaining({
        code: 'early_termination_charge',
        kind: 'advisory',
        contractEnd: '2027-06-30',
        remainingMonths: 8,
        chargeMinor: 8 * 2000,
        currency: 'CNY',
      }),
    );
  });

  it('tells the eSIM holder to delete his eSIM profile', () => {
    expect(precheckOf('+8618611112222').items).toContainEqual(expect.objectContaining({ code: 'esim_profile', kind: 'advisory' }));
  });

  it('charges a GB contract customer the GB fee for the 5 months left to 2027-03-31', () => {
    expect(precheckOf('+447400654321').items).toContainEqual(
      expect.objectContaining({ code: 'early_termination_charge', remainingMonths: 5, chargeMinor: 5 * 1000, currency: 'GBP' }),
    );
  });
});

describe('precheckLine', () => {
  it('ignores bindings the customer has already removed and lists each service once', () => {
    const p = precheckLine(
      plainLine,
      [
        { kind: 'bank', state: 'unbound' },
        { kind: 'wechat', state: 'bound' },
        { kind: 'wechat', state: 'bound' },
        { kind: 'other', state: 'bound' },
      ],
      cnTariff,
      today,
    );
    expect(p.advisoryCodes).toEqual(['binding_wechat', 'binding_other', 'port_out_option', 'backup_reminder']);
  });

  it('adds no charge for a contract that ends today or has ended', () => {
    for (const contractEnd of [today, '2026-11-24', '2020-01-31']) {
      const p = precheckLine({ ...plainLine, plan: 'postpaid', contractEnd }, [], cnTariff, today);
      expect(p.items.map((i) => i.code)).not.toContain('early_termination_charge');
    }
  });

  it('always offers porting out and a backup reminder', () => {
    expect(precheckLine(plainLine, [], cnTariff, today).advisoryCodes).toEqual(['port_out_option', 'backup_reminder']);
  });
});

describe('remainingContractMonths', () => {
  it.each([
    ['the contract ends today', '2026-11-25', '2026-11-25', 0],
    ['the contract ended yesterday', '2026-11-25', '2026-11-24', 0],
    ['the contract ended years ago', '2026-11-25', '2019-06-30', 0],
    ['one day left counts as a month', '2026-11-25', '2026-11-26', 1],
    ['exactly one month left', '2026-11-25', '2026-12-25', 1],
    ['one month and a day', '2026-11-25', '2026-12-26', 2],
    ['exactly a year', '2026-11-25', '2027-11-25', 12],
    ['from the 31st to the end of February', '2026-01-31', '2026-02-28', 1],
    ['from the 31st to the end of April', '2026-01-31', '2026-04-30', 3],
    ['from the 31st to the first of March', '2026-01-31', '2026-03-01', 2],
    ['a leap-day end', '2028-01-29', '2028-02-29', 1],
    ['across the year end', '2026-12-31', '2027-01-01', 1],
    // End of month to end of month: these are whole calendar months, so no month is "started".
    ['from the end of April to the end of May', '2026-04-30', '2026-05-31', 1],
    ['from the end of February to the end of March', '2026-02-28', '2026-03-31', 1],
    ['from the end of September to the end of March', '2026-09-30', '2027-03-31', 6],
    ['from the end of November to the end of June', '2026-11-30', '2027-06-30', 7],
  ])('%s: %s → %s is %i', (_name, from, to, months) => {
    expect(remainingContractMonths(from, to)).toBe(months);
  });
});

describe('earlyTerminationCharge', () => {
  it('charges the monthly fee for every month left', () => {
    expect(earlyTerminationCharge('2026-11-25', '2027-06-30', cnTariff)).toEqual({ remainingMonths: 8, chargeMinor: 16000 });
  });

  it('caps the charge at the tariff maximum of months but reports the real months left', () => {
    expect(earlyTerminationCharge('2026-11-25', '2028-11-25', cnTariff)).toEqual({ remainingMonths: 24, chargeMinor: 12 * 2000 });
    expect(earlyTerminationCharge('2026-11-25', '2027-11-25', cnTariff)).toEqual({ remainingMonths: 12, chargeMinor: 12 * 2000 });
    expect(earlyTerminationCharge('2026-11-25', '2027-11-26', cnTariff)).toEqual({ remainingMonths: 13, chargeMinor: 12 * 2000 });
  });

  it('charges nothing when the contract is over or the tariff has no fee', () => {
    expect(earlyTerminationCharge('2026-11-25', '2026-11-25', cnTariff)).toEqual({ remainingMonths: 0, chargeMinor: 0 });
    expect(
      earlyTerminationCharge('2026-11-25', '2027-06-30', { earlyTerminationFeePerMonthMinor: 0, earlyTerminationMaxMonths: 12 }),
    ).toEqual({ remainingMonths: 8, chargeMinor: 0 });
    expect(
      earlyTerminationCharge('2026-11-25', '2027-06-30', { earlyTerminationFeePerMonthMinor: 2000, earlyTerminationMaxMonths: 0 }),
    ).toEqual({ remainingMonths: 8, chargeMinor: 0 });
  });
});

describe('missingAcknowledgements', () => {
  const p = precheckOf('+8613912345678'); // 李娜: a blocking debt and four advisories

  it('lists every advisory item the customer has not acknowledged, in checklist order', () => {
    expect(missingAcknowledgements(p, [])).toEqual(p.advisoryCodes);
    expect(missingAcknowledgements(p, ['backup_reminder', 'binding_alipay'])).toEqual(['early_termination_charge', 'port_out_option']);
  });

  it('is empty when all advisories are acknowledged, whatever else is sent', () => {
    expect(missingAcknowledgements(p, [...p.advisoryCodes].reverse())).toEqual([]);
    expect(missingAcknowledgements(p, [...p.advisoryCodes, 'esim_profile', 'made_up'])).toEqual([]);
  });

  it('never asks the customer to acknowledge a blocking item', () => {
    expect(missingAcknowledgements(p, [])).not.toContain('outstanding_debt');
  });
});
