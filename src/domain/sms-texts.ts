/**
 * The replies to texts sent to the short code (CONTRACT §7), zh-CN and en. An SMS is split into
 * parts of 67 characters when it holds Chinese (UCS-2) and 153 when it does not (GSM 7-bit), so
 * the Chinese texts are terse and the English ones use only GSM characters (no 确认 in them:
 * one Han character would turn the whole text into 67-character parts). Aim: at most 4 parts.
 * templates.ts names these as templates; they live here so that file stays one idea.
 */
import type { CaseState } from './case-machine.js';
import type { BindingKind, Precheck } from './precheck.js';

export interface SmsMoney {
  amountMinor: number;
  currency: string;
}

/** The switching information of a line (what the pre-check lists), in the few words an SMS has room for. */
export interface SwitchingFacts {
  debt: SmsMoney | null;
  refund: SmsMoney | null;
  earlyTermination: { charge: SmsMoney; contractEnd: string } | null;
  bindings: BindingKind[];
  esim: boolean;
  portOut: boolean;
}

export interface SmsSwitchingVars {
  msisdn: string;
  facts: SwitchingFacts;
  /** For 注销 / CANCEL / STAC: the code and how to confirm; null for INFO / 查询. */
  confirm: { code: string; validUntil: string } | null;
  /** Sent instead of opening a case: the pre-check gained items since the code was sent. */
  renewed: boolean;
  shortcode: string;
}
export interface SmsCaseOpenedVars {
  reference: string;
  msisdn: string;
  dueOn: string;
  provisional: boolean;
}
export interface SmsCaseStatusVars {
  msisdn: string;
  openCase: { reference: string; state: CaseState; dueOn: string } | null;
}
export interface SmsCodeWrongVars {
  attemptsLeft: number;
}
export interface SmsShortcodeVars {
  shortcode: string;
}

/** The pre-check's items as facts for a text; the same pre-check the portal shows. */
export function switchingFactsOf(precheck: Precheck): SwitchingFacts {
  const facts: SwitchingFacts = { debt: null, refund: null, earlyTermination: null, bindings: [], esim: false, portOut: false };
  for (const i of precheck.items) {
    if (i.code === 'outstanding_debt') facts.debt = { amountMinor: i.amountMinor, currency: i.currency };
    else if (i.code === 'prepaid_credit_refund') facts.refund = { amountMinor: i.amountMinor, currency: i.currency };
    else if (i.code === 'early_termination_charge') facts.earlyTermination = { charge: { amountMinor: i.chargeMinor, currency: i.currency }, contractEnd: i.contractEnd };
    else if (i.code === 'esim_profile') facts.esim = true;
    else if (i.code === 'port_out_option') facts.portOut = true;
    else if ('service' in i) facts.bindings.push(i.service);
  }
  return facts;
}

const symbols: Record<string, string> = { CNY: '¥', GBP: '£', HKD: 'HK$', USD: '$' };

/** ¥36.50, £10.00, 12.00 CHF: the shortest form a reader cannot mistake. */
export function smsMoney(m: SmsMoney): string {
  const digits = `${Math.floor(m.amountMinor / 100)}.${String(m.amountMinor % 100).padStart(2, '0')}`;
  const symbol = symbols[m.currency];
  return symbol ? `${symbol}${digits}` : `${digits} ${m.currency}`;
}

const serviceZh: Record<BindingKind, string> = { bank: '银行', alipay: '支付宝', wechat: '微信', other: '其他服务' };
const serviceEn: Record<BindingKind, string> = { bank: 'your bank', alipay: 'Alipay', wechat: 'WeChat', other: 'other services' };

export function switchingInfoText(v: SmsSwitchingVars, zh: boolean): { subject: string; text: string } {
  const f = v.facts;
  if (zh) {
    const parts = [
      f.debt && `欠费${smsMoney(f.debt)}，结清后方可注销`,
      f.refund && `余额${smsMoney(f.refund)}注销后原路退回`,
      f.earlyTermination && `合约期至${f.earlyTermination.contractEnd}，提前注销需付违约金${smsMoney(f.earlyTermination.charge)}`,
      f.bindings.length > 0 && `仍绑定${f.bindings.map((b) => serviceZh[b]).join('、')}，请先解绑`,
      f.esim && '注销后请删除手机中的eSIM',
      '请备份通讯录、短信和照片',
      f.portOut && '如需保留号码可改办携号转网',
    ].filter(Boolean);
    const how = v.confirm
      ? `注销码${v.confirm.code}，30天内有效（至${v.confirm.validUntil}）。确认注销请回复“确认 ${v.confirm.code}”或“YES ${v.confirm.code}”至${v.shortcode}。`
      : `如需注销请回复“注销”至${v.shortcode}。`;
    return {
      subject: '【注销须知】',
      text: `${v.renewed ? '账户情况有变，请阅读最新须知。' : ''}【注销须知】号码${v.msisdn}：${parts.join('；')}。\n${how}`,
    };
  }
  const parts = [
    f.debt && `Unpaid balance ${smsMoney(f.debt)} must be paid before cancellation.`,
    f.refund && `Credit ${smsMoney(f.refund)} is refunded to your original payment method.`,
    f.earlyTermination && `Contract runs to ${f.earlyTermination.contractEnd}: cancelling now costs ${smsMoney(f.earlyTermination.charge)}.`,
    f.bindings.length > 0 && `Still linked to ${f.bindings.map((b) => serviceEn[b]).join(', ')}: unbind the number first.`,
    f.esim && 'Delete the eSIM from your phone afterwards.',
    'Back up contacts, messages and photos.',
    f.portOut && 'To keep the number, port it out instead.',
  ].filter(Boolean);
  const how = v.confirm
    ? `Cancellation code ${v.confirm.code}, valid 30 days (until ${v.confirm.validUntil}). To cancel, reply YES ${v.confirm.code} to ${v.shortcode}.`
    : `To cancel, text CANCEL to ${v.shortcode}.`;
  return {
    subject: 'Switching information',
    text: `${v.renewed ? 'Your account has changed; here is the latest. ' : ''}Switching information for ${v.msisdn}: ${parts.join(' ')}\n${how}`,
  };
}

export function caseOpenedText(v: SmsCaseOpenedVars, zh: boolean): { subject: string; text: string } {
  return zh
    ? {
        subject: `【注销申请已受理】${v.reference}`,
        text: `号码${v.msisdn}的注销申请已受理，受理编号${v.reference}，预计${v.dueOn}前处理完毕${v.provisional ? '（暂定）' : ''}。确认邮件将发至您登记的邮箱。回复“进度”可查询办理进度。`,
      }
    : {
        subject: `Application received: ${v.reference}`,
        text: `We have your application to cancel ${v.msisdn}. Reference ${v.reference}, decision due by ${v.dueOn}${v.provisional ? ' (provisional)' : ''}. A confirmation e-mail follows to your registered address. Text STATUS to follow it.`,
      };
}

const stateZh: Record<CaseState, string> = {
  submitted: '已受理，等待审核',
  in_review: '审核中',
  awaiting_customer: '待您补充信息（请在网上营业厅回复，回复前处理时限暂停）',
  approved: '已通过审核，正在办理停机和余额结算',
  rejected: '未通过',
  withdrawn: '已撤回',
  completed: '已注销',
};
const stateEn: Record<CaseState, string> = {
  submitted: 'received, waiting for review',
  in_review: 'in review',
  awaiting_customer: 'waiting for information from you (reply in the portal; the clock is paused until you do)',
  approved: 'approved; the line is being taken off the network and the balance settled',
  rejected: 'not approved',
  withdrawn: 'withdrawn',
  completed: 'cancelled',
};
/** States in which the due day still means something to the customer: a decision is pending. */
const undecided: readonly CaseState[] = ['submitted', 'in_review', 'awaiting_customer'];

export function caseStatusText(v: SmsCaseStatusVars, zh: boolean): { subject: string; text: string } {
  const c = v.openCase;
  if (!c) {
    return zh
      ? { subject: '注销进度', text: `号码${v.msisdn}目前没有进行中的注销申请。如需注销请回复“注销”。` }
      : { subject: 'Cancellation status', text: `There is no open cancellation application for ${v.msisdn}. To start one, reply CANCEL.` };
  }
  const due = undecided.includes(c.state);
  return zh
    ? { subject: `注销进度 ${c.reference}`, text: `号码${v.msisdn}的注销申请${c.reference}：${stateZh[c.state]}${due ? `；预计${c.dueOn}前处理完毕` : ''}。` }
    : { subject: `Cancellation status ${c.reference}`, text: `Application ${c.reference} to cancel ${v.msisdn}: ${stateEn[c.state]}${due ? `. Decision due by ${c.dueOn}` : ''}.` };
}

export function codeWrongText(v: SmsCodeWrongVars, zh: boolean): { subject: string; text: string } {
  return zh
    ? { subject: '注销码不正确', text: `注销码不正确，还可尝试${v.attemptsLeft}次。` }
    : { subject: 'Wrong code', text: `That code is not right. ${v.attemptsLeft} ${v.attemptsLeft === 1 ? 'try' : 'tries'} left.` };
}

export function codeSpentText(v: SmsShortcodeVars, zh: boolean): { subject: string; text: string } {
  return zh
    ? { subject: '注销码已失效', text: `该注销码已失效（已过期、已使用或错误次数过多）。如需注销，请回复“注销”至${v.shortcode}获取新的注销码。` }
    : { subject: 'Code no longer valid', text: `That code no longer works (expired, used, or too many wrong tries). Text CANCEL to ${v.shortcode} for a new one.` };
}

export function smsHelpText(v: SmsShortcodeVars, zh: boolean): { subject: string; text: string } {
  return zh
    ? { subject: '短信注销帮助', text: `【短信注销】发送至${v.shortcode}：“注销”获取注销须知和注销码；“确认 注销码”提交申请；“查询”查看余额和绑定；“进度”查看申请进度。` }
    : { subject: 'SMS help', text: `Text to ${v.shortcode}: CANCEL (or STAC) for your switching information and a cancellation code; YES <code> to apply; INFO for the information only; STATUS for your application.` };
}
