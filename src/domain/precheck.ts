/**
 * The pre-check of a line before cancellation: what stops approval (blocking) and what the
 * customer must read and acknowledge (advisory). Pure: the line, its bindings, the region's
 * tariff and today's date come in; the checklist goes out.
 */
import type { IsoDate } from './calendar.js';

export const bindingKinds = ['bank', 'alipay', 'wechat', 'other'] as const;
export type BindingKind = (typeof bindingKinds)[number];

export interface PrecheckLine {
  plan: 'prepaid' | 'postpaid';
  simType: 'physical' | 'esim';
  balanceMinor: number;
  currency: string;
  contractEnd: IsoDate | null;
}

export interface PrecheckBinding {
  kind: BindingKind;
  state: 'bound' | 'unbound';
}

export interface Tariff {
  earlyTerminationFeePerMonthMinor: number;
  earlyTerminationMaxMonths: number;
}

export type PrecheckItem =
  | { code: 'outstanding_debt'; kind: 'blocking'; amountMinor: number; currency: string; message: string }
  | { code: 'prepaid_credit_refund'; kind: 'advisory'; amountMinor: number; currency: string; message: string }
  | {
      code: 'early_termination_charge';
      kind: 'advisory';
      contractEnd: IsoDate;
      remainingMonths: number;
      chargeMinor: number;
      currency: string;
      message: string;
    }
  | { code: `binding_${BindingKind}`; kind: 'advisory'; service: BindingKind; message: string }
  | { code: 'port_out_option'; kind: 'advisory'; message: string }
  | { code: 'esim_profile'; kind: 'advisory'; message: string }
  | { code: 'backup_reminder'; kind: 'advisory'; message: string };

export interface Precheck {
  items: PrecheckItem[];
  blocking: boolean;
  advisoryCodes: string[];
}

/** Months left on the contract, a started month counting as a whole one. */
export function remainingContractMonths(today: IsoDate, contractEnd: IsoDate): number {
  if (contractEnd <= today) return 0;
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const [ey, em, ed] = contractEnd.split('-').map(Number) as [number, number, number];
  let months = (ey - ty) * 12 + (em - tm);
  // A started month counts as whole, but the last day of a month is already its end:
  // from 28 February to 31 March only March is left.
  const todayIsMonthEnd = td === new Date(Date.UTC(ty, tm, 0)).getUTCDate();
  if (ed > td && !todayIsMonthEnd) months += 1;
  return Math.max(months, 1);
}

export function earlyTerminationCharge(today: IsoDate, contractEnd: IsoDate, tariff: Tariff) {
  const remainingMonths = remainingContractMonths(today, contractEnd);
  const charged = Math.min(remainingMonths, tariff.earlyTerminationMaxMonths);
  return { remainingMonths, chargeMinor: charged * tariff.earlyTerminationFeePerMonthMinor };
}

const serviceNames: Record<BindingKind, string> = { bank: 'your banks', alipay: 'Alipay', wechat: 'WeChat', other: 'other services' };

export function precheckLine(line: PrecheckLine, bindings: PrecheckBinding[], tariff: Tariff, today: IsoDate): Precheck {
  const items: PrecheckItem[] = [];
  if (line.balanceMinor < 0) {
    items.push({
      code: 'outstanding_debt',
      kind: 'blocking',
      amountMinor: -line.balanceMinor,
      currency: line.currency,
      message: 'The account has an unpaid balance; it must be settled before the cancellation can be approved.',
    });
  } else if (line.balanceMinor > 0) {
    items.push({
      code: 'prepaid_credit_refund',
      kind: 'advisory',
      amountMinor: line.balanceMinor,
      currency: line.currency,
      message: 'The remaining credit is refunded after the line is cancelled.',
    });
  }
  if (line.contractEnd && line.contractEnd > today) {
    const charge = earlyTerminationCharge(today, line.contractEnd, tariff);
    items.push({
      code: 'early_termination_charge',
      kind: 'advisory',
      contractEnd: line.contractEnd,
      ...charge,
      currency: line.currency,
      message: 'The contract runs beyond today; cancelling now adds an early-termination charge to the final bill.',
    });
  }
  for (const kind of bindingKinds) {
    if (bindings.some((b) => b.kind === kind && b.state === 'bound')) {
      items.push({
        code: `binding_${kind}`,
        kind: 'advisory',
        service: kind,
        message: `Unbind this number from ${serviceNames[kind]} before it is cancelled, or you may lose access to those accounts.`,
      });
    }
  }
  items.push({
    code: 'port_out_option',
    kind: 'advisory',
    message: 'To keep the number with another operator, port it out instead of cancelling it.',
  });
  if (line.simType === 'esim') {
    items.push({ code: 'esim_profile', kind: 'advisory', message: 'Delete the eSIM profile from your device after cancellation.' });
  }
  items.push({
    code: 'backup_reminder',
    kind: 'advisory',
    message: 'Back up contacts, messages, photos and files stored on the SIM or tied to the number.',
  });
  return {
    items,
    blocking: items.some((i) => i.kind === 'blocking'),
    advisoryCodes: items.filter((i) => i.kind === 'advisory').map((i) => i.code),
  };
}

/** The advisory items the customer did not acknowledge. */
export function missingAcknowledgements(precheck: Precheck, acknowledged: readonly string[]): string[] {
  const given = new Set(acknowledged);
  return precheck.advisoryCodes.filter((c) => !given.has(c));
}
