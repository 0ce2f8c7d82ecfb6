/**
 * The messages a customer receives, in their language. Plain text on purpose: it is what
 * reaches a phone reliably and what we keep as evidence, byte for byte.
 */
import {
  caseOpenedText, caseStatusText, codeSpentText, codeWrongText, smsHelpText, switchingInfoText,
  type SmsCaseOpenedVars, type SmsCaseStatusVars, type SmsCodeWrongVars, type SmsShortcodeVars, type SmsSwitchingVars,
} from './sms-texts.js';
import { renderMailRefusal, type MailRefusalVars } from './mail-refusal.js';

export type Language = 'zh-CN' | 'en';

export type MessageTemplate =
  | { template: 'application_received'; vars: { reference: string; msisdn: string; receivedOn: string; dueOn: string; provisional: boolean; progressUrl: string } }
  | { template: 'info_requested'; vars: { reference: string; question: string; progressUrl: string } }
  | { template: 'approved'; vars: { reference: string; msisdn: string } }
  // A line ended by the operator (bulk termination, CONTRACT §10): the customer did not apply.
  | { template: 'bulk_termination'; vars: { reference: string; msisdn: string; reason: string } }
  | { template: 'rejected'; vars: { reference: string; msisdn: string; reason: string } }
  | { template: 'withdrawn'; vars: { reference: string; msisdn: string } }
  | { template: 'lapsed'; vars: { reference: string; msisdn: string; days: number; progressUrl: string } }
  | { template: 'completed'; vars: { reference: string; msisdn: string; terminatedOn: string; settlement: string } }
  | { template: 'line_suspended'; vars: { msisdn: string; at: string } }
  | { template: 'line_unsuspended'; vars: { msisdn: string; at: string } }
  // The number's afterlife: the former holder hears when it is given back, or restored for them.
  | { template: 'number_released'; vars: { msisdn: string; terminatedOn: string; releasedOn: string } }
  | { template: 'number_restored'; vars: { msisdn: string; at: string } }
  | { template: 'refund_paid'; vars: { reference: string; msisdn: string; amountMinor: number; currency: string; via: string; paidOn: string } }
  | { template: 'verification_code'; vars: { code: string } }
  | { template: 'callback_requested'; vars: { msisdn: string; phone: string; preferredTime: string | null; hotline: string } }
  // Replies to texts sent to the short code (CONTRACT §7); their words are in sms-texts.ts.
  | { template: 'sms_switching_info'; vars: SmsSwitchingVars }
  | { template: 'sms_case_opened'; vars: SmsCaseOpenedVars }
  | { template: 'sms_case_status'; vars: SmsCaseStatusVars }
  | { template: 'sms_code_wrong'; vars: SmsCodeWrongVars }
  | { template: 'sms_code_spent'; vars: SmsShortcodeVars }
  | { template: 'sms_help'; vars: SmsShortcodeVars }
  // The one reply to a mailed application that opened no case (CONTRACT §8); words in mail-refusal.ts.
  | { template: 'mail_application_refused'; vars: MailRefusalVars };

export type TemplateName = MessageTemplate['template'];

export interface RenderedMessage {
  subject: string;
  text: string;
}

const unbindAdviceZh =
  '请尽快解除该号码与银行、支付宝、微信及其他服务的绑定，否则号码再次分配后他人可能收到您的验证码。';
const unbindAdviceEn =
  'Please unbind this number from your banks, Alipay, WeChat and any other service, or a future holder of the number may receive your verification codes.';

export function renderMessage(m: MessageTemplate, lang: Language): RenderedMessage {
  const zh = lang === 'zh-CN';
  switch (m.template) {
    case 'application_received': {
      const v = m.vars;
      const note = v.provisional
        ? zh
          ? '（该日期依据尚未公布的节假日安排暂定，公布后将重新计算。）'
          : ' (provisional: the official holiday calendar for that year is not yet published; it will be recomputed.)'
        : '';
      return zh
        ? {
            subject: `【注销申请已受理】受理编号 ${v.reference}`,
            text: [
              `您好，我们已收到号码 ${v.msisdn} 的注销申请。`,
              `受理编号：${v.reference}`,
              `受理日期：${v.receivedOn}`,
              `预计处理完成日期：${v.dueOn}${note}`,
              `我们将在 7 个工作日内作出处理决定。您可随时凭受理编号查询进度：${v.progressUrl}`,
              '在号码注销前，请备份通讯录、短信、照片和文件，并解除该号码与银行、支付宝、微信等服务的绑定。',
              '请保留本邮件作为申请凭证。',
            ].join('\n'),
          }
        : {
            subject: `Cancellation application received: ${v.reference}`,
            text: [
              `We have received your application to cancel ${v.msisdn}.`,
              `Reference: ${v.reference}`,
              `Receipt day: ${v.receivedOn}`,
              `Decision due by: ${v.dueOn}${note}`,
              `We decide within 7 working days. Check progress at any time with your reference: ${v.progressUrl}`,
              'Before the number is cancelled, back up your contacts, messages, photos and files, and unbind the number from banks, Alipay, WeChat and other services.',
              'Keep this e-mail as proof of your application.',
            ].join('\n'),
          };
    }
    case 'info_requested':
      return zh
        ? {
            subject: `【需要补充信息】受理编号 ${m.vars.reference}`,
            text: `处理您的注销申请需要补充以下信息：\n\n${m.vars.question}\n\n请在进度页面回复：${m.vars.progressUrl}\n等待您回复期间，处理时限暂停计算。`,
          }
        : {
            subject: `Information needed for ${m.vars.reference}`,
            text: `To process your cancellation we need the following:\n\n${m.vars.question}\n\nPlease reply on the progress page: ${m.vars.progressUrl}\nThe 7-working-day clock is paused until you reply.`,
          };
    case 'approved':
      return zh
        ? {
            subject: `【注销申请已通过】受理编号 ${m.vars.reference}`,
            text: `您的号码 ${m.vars.msisdn} 注销申请已审核通过，我们正在办理停机和余额结算，完成后将再次通知您。`,
          }
        : {
            subject: `Cancellation approved: ${m.vars.reference}`,
            text: `Your application to cancel ${m.vars.msisdn} is approved. We are taking the line off the network and settling the balance, and will write again when it is done.`,
          };
    case 'bulk_termination':
      return zh
        ? {
            subject: `【号码注销通知】受理编号 ${m.vars.reference}`,
            text: `您的号码 ${m.vars.msisdn} 将被注销。\n原因：${m.vars.reason}\n我们正在办理停机和余额结算，完成后将再次通知您。如有疑问，请致电客服热线并提供受理编号。\n${unbindAdviceZh}`,
          }
        : {
            subject: `Your line is being cancelled: ${m.vars.reference}`,
            text: `Your line ${m.vars.msisdn} is being cancelled.\nReason: ${m.vars.reason}\nWe are taking it off the network and settling the balance, and will write again when it is done. If you have questions, call the hotline and quote your reference.\n${unbindAdviceEn}`,
          };
    case 'rejected':
      return zh
        ? {
            subject: `【注销申请未通过】受理编号 ${m.vars.reference}`,
            text: `很抱歉，号码 ${m.vars.msisdn} 的注销申请未能通过。\n原因：${m.vars.reason}\n如有疑问，请致电客服热线并提供受理编号。`,
          }
        : {
            subject: `Cancellation not approved: ${m.vars.reference}`,
            text: `We are sorry: the application to cancel ${m.vars.msisdn} was not approved.\nReason: ${m.vars.reason}\nIf you have questions, call the hotline and quote your reference.`,
          };
    case 'withdrawn':
      return zh
        ? {
            subject: `【注销申请已撤回】受理编号 ${m.vars.reference}`,
            text: `号码 ${m.vars.msisdn} 的注销申请已按您的要求撤回，号码继续正常使用。`,
          }
        : {
            subject: `Cancellation withdrawn: ${m.vars.reference}`,
            text: `Your application to cancel ${m.vars.msisdn} has been withdrawn as you asked; the line stays in service.`,
          };
    case 'lapsed':
      return zh
        ? {
            subject: `【注销申请已关闭】受理编号 ${m.vars.reference}`,
            text: [
              `我们请您补充的信息在 ${m.vars.days} 个工作日内未收到，号码 ${m.vars.msisdn} 的注销申请已关闭，号码继续正常使用。`,
              `如仍需注销，您可随时重新申请：${m.vars.progressUrl}`,
            ].join('\n'),
          }
        : {
            subject: `Cancellation closed: ${m.vars.reference}`,
            text: [
              `We did not hear back within ${m.vars.days} working days about the information we asked for, so the application to cancel ${m.vars.msisdn} has been closed; the line stays in service.`,
              `You can apply again at any time: ${m.vars.progressUrl}`,
            ].join('\n'),
          };
    case 'completed':
      return zh
        ? {
            subject: `【号码已注销】受理编号 ${m.vars.reference}`,
            text: [
              `号码 ${m.vars.msisdn} 已于 ${m.vars.terminatedOn} 注销（已注销）。`,
              `余额结算：${m.vars.settlement}`,
              unbindAdviceZh,
              '请保留本邮件作为号码注销的凭证。',
            ].join('\n'),
          }
        : {
            subject: `Number cancelled: ${m.vars.reference}`,
            text: [
              `The number ${m.vars.msisdn} was cancelled on ${m.vars.terminatedOn} (status: Cancelled).`,
              `Balance settlement: ${m.vars.settlement}`,
              unbindAdviceEn,
              'Keep this message as proof that the number was cancelled.',
            ].join('\n'),
          };
    case 'line_suspended':
      return zh
        ? {
            subject: '【号码已挂失停机】',
            text: `号码 ${m.vars.msisdn} 已于 ${m.vars.at} 挂失停机，他人无法再使用该 SIM 卡通话、发短信或接收验证码。如非本人操作，请立即致电客服热线。`,
          }
        : {
            subject: 'Your line is barred (lost or stolen)',
            text: `The line ${m.vars.msisdn} was barred at ${m.vars.at}: nobody can use the SIM for calls, texts or verification codes. If you did not ask for this, call the hotline now.`,
          };
    case 'line_unsuspended':
      return zh
        ? {
            subject: '【号码已恢复使用】',
            text: `号码 ${m.vars.msisdn} 的挂失已于 ${m.vars.at} 解除，SIM 卡可以重新通话、发短信和接收验证码。如非本人操作，请立即致电客服热线并再次挂失。`,
          }
        : {
            subject: 'Your line works again',
            text: `The bar on ${m.vars.msisdn} was lifted at ${m.vars.at}: the SIM can call, text and receive verification codes again. If you did not ask for this, call the hotline now and report the SIM lost again.`,
          };
    case 'number_released':
      return zh
        ? {
            subject: `【号码已释放】${m.vars.msisdn}`,
            text: `您于 ${m.vars.terminatedOn} 注销的号码 ${m.vars.msisdn} 已于 ${m.vars.releasedOn} 结束冻结期，今后可能分配给其他用户。若仍有银行、支付宝、微信等账户绑定该号码，请尽快解绑或更换，以免验证码发给新用户。`,
          }
        : {
            subject: `Your former number ${m.vars.msisdn} has been released`,
            text: `The number ${m.vars.msisdn}, cancelled on ${m.vars.terminatedOn}, left quarantine on ${m.vars.releasedOn} and may be given to someone else. If a bank, payment app or social account still uses it, change it now so that its codes do not reach the new holder.`,
          };
    case 'refund_paid': {
      const amount = formatMoney(m.vars.amountMinor, m.vars.currency);
      return zh
        ? {
            subject: `【退款已支付】${m.vars.reference}`,
            text: `号码 ${m.vars.msisdn} 注销后的余额退款 ${amount} 已于 ${m.vars.paidOn} 支付（${m.vars.via}），请留意到账。如有疑问，请凭申请编号 ${m.vars.reference} 联系客服。`,
          }
        : {
            subject: `Your refund has been paid (${m.vars.reference})`,
            text: `The refund of ${amount} for ${m.vars.msisdn} was paid on ${m.vars.paidOn} ${m.vars.via}. If it has not arrived within a few days, contact us with the reference ${m.vars.reference}.`,
          };
    }
    case 'number_restored':
      return zh
        ? {
            subject: `【号码已恢复】${m.vars.msisdn}`,
            text: `应您的要求，号码 ${m.vars.msisdn} 已于 ${m.vars.at} 撤销注销并恢复使用。如非本人操作，请立即致电客服热线。`,
          }
        : {
            subject: `Your number ${m.vars.msisdn} is back`,
            text: `As you asked, the cancellation of ${m.vars.msisdn} was undone at ${m.vars.at} and the line works again. If you did not ask for this, call the hotline now.`,
          };
    case 'callback_requested': {
      const v = m.vars;
      return zh
        ? {
            subject: '【回电预约已登记】',
            text: [
              `我们已登记您关于号码 ${v.msisdn} 的回电预约，客服将在下一个服务时段致电 ${v.phone}${v.preferredTime ? `（您希望的时间：${v.preferredTime}）` : ''}。`,
              `如有急事（例如手机丢失），可随时在网上营业厅挂失，或在服务时间拨打客服热线 ${v.hotline}。`,
            ].join('\n'),
          }
        : {
            subject: 'Callback request received',
            text: [
              `We have noted your callback request about ${v.msisdn}. An agent will call ${v.phone} in the next service hours${v.preferredTime ? ` (your preferred time: ${v.preferredTime})` : ''}.`,
              `If it is urgent (a lost phone, say), bar the line in the portal at any time, or call the hotline ${v.hotline} during service hours.`,
            ].join('\n'),
          };
    }
    case 'verification_code':
      return zh
        ? { subject: '验证码', text: `【lastcall】您的验证码是 ${m.vars.code}，10 分钟内有效。请勿告诉他人。` }
        : { subject: 'Verification code', text: `lastcall: your code is ${m.vars.code}. It expires in 10 minutes. Never share it.` };
    case 'sms_switching_info':
      return switchingInfoText(m.vars, zh);
    case 'sms_case_opened':
      return caseOpenedText(m.vars, zh);
    case 'sms_case_status':
      return caseStatusText(m.vars, zh);
    case 'sms_code_wrong':
      return codeWrongText(m.vars, zh);
    case 'sms_code_spent':
      return codeSpentText(m.vars, zh);
    case 'sms_help':
      return smsHelpText(m.vars, zh);
    case 'mail_application_refused':
      return renderMailRefusal(m.vars, lang);
  }
}

const moneySymbols: Record<string, string> = { CNY: '¥', GBP: '£', HKD: 'HK$', USD: '$' };

/** Money as the customer reads it: ¥36.50, -£0.05; a currency without a symbol by its code (12.00 CHF). */
export function formatMoney(minor: number, currency: string): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const digits = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  const symbol = moneySymbols[currency];
  return symbol ? `${sign}${symbol}${digits}` : `${sign}${digits} ${currency}`;
}
