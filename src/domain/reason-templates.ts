import type { PauseReason } from './sla.js';

type Bilingual = { 'zh-CN': string; en: string };

/**
 * Wording a reviewer starts from when asking for information or rejecting: the console puts it
 * in the customer's language into the text box, and the reviewer edits it before sending.
 */
export const requestInfoTemplates: { code: string; reason: PauseReason; text: Bilingual }[] = [
  {
    code: 'id_photo',
    reason: 'identity',
    text: {
      'zh-CN': '请在进度页面上传您身份证件（正反面）的清晰照片，以便我们核实机主身份。',
      en: 'Please upload a clear photo of both sides of your identity document on the progress page, so that we can confirm you hold the line.',
    },
  },
  {
    code: 'signed_form',
    reason: 'documents',
    text: {
      'zh-CN': '您上传的申请表无法辨认或缺少签名，请重新上传签名完整、清晰的申请表。',
      en: 'The application form you sent is unreadable or unsigned; please upload a clear copy with your signature.',
    },
  },
  {
    code: 'unbind_services',
    reason: 'bindings',
    text: {
      'zh-CN': '该号码仍绑定银行、支付宝或微信等服务。请先解除绑定，并在进度页面回复确认。',
      en: 'The number is still bound to a bank, Alipay, WeChat or another service. Please unbind it first and confirm in a reply on the progress page.',
    },
  },
  {
    code: 'settle_balance',
    reason: 'balance',
    text: {
      'zh-CN': '该号码尚有未结清的费用，请结清后在进度页面回复，我们将继续办理。',
      en: 'The line has an unpaid balance. Please settle it and reply on the progress page; we will then carry on.',
    },
  },
  {
    code: 'other',
    reason: 'other',
    text: { 'zh-CN': '为继续办理您的注销申请，请补充以下信息：', en: 'To carry on with your application, please send us the following:' },
  },
];

export const rejectTemplates: { code: string; text: Bilingual }[] = [
  {
    code: 'identity_not_confirmed',
    text: {
      'zh-CN': '我们无法确认申请人为该号码的机主。请携带有效身份证件到营业厅办理，或重新申请并上传证件照片。',
      en: 'We could not confirm that the applicant holds this line. Please visit a store with a valid identity document, or apply again with a photo of it.',
    },
  },
  {
    code: 'unpaid_balance',
    text: {
      'zh-CN': '该号码尚有未结清的费用，暂不能注销。结清后可重新申请。',
      en: 'The line has an unpaid balance and cannot be cancelled yet. You can apply again once it is settled.',
    },
  },
  {
    code: 'contract_term',
    text: {
      'zh-CN': '该号码处于合约期内，须先办理合约解除（可能产生提前解约费用）后再申请注销。',
      en: 'The line is still under contract; the contract must be ended first (an early-termination charge may apply) before the number can be cancelled.',
    },
  },
  {
    code: 'not_line_holder',
    text: {
      'zh-CN': '申请信息与机主登记信息不一致，申请未通过。如有疑问请致电客服热线。',
      en: "The application's details do not match the registered holder of the line. If you have questions, please call the hotline.",
    },
  },
];
