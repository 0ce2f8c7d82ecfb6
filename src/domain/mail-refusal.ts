/**
 * The one reply to a mailed application that did not open a case: what was missing and how to
 * send it right. `not_matched` reads the same for an unknown address and for a number that is
 * not the sender's, so the reply cannot be used to learn who is a customer.
 */
import type { MailProblem } from './mail-application.js';

export interface MailRefusalVars {
  problems: MailProblem[];
  /** Where applications are mailed to. */
  address: string;
  /** The portal's paper-form page, the other way to apply. */
  portalUrl: string;
  /** Chinese and English together, when nothing in the mail says which the sender reads. */
  bilingual: boolean;
}

const zh: Record<MailProblem, string> = {
  no_number: '邮件主题或正文中没有写明要注销的手机号码。',
  no_form: '邮件没有附上签名的注销申请表。',
  form_not_accepted: '附件不是 PDF、JPG 或 PNG 文件（按文件内容检查，而非文件名）。',
  form_empty: '附件是空文件。',
  form_too_large: '附件超过 10 MB。',
  too_many_files: '附件过多：最多 5 个文件。',
  not_matched: '我们无法将这封邮件与号码对应：邮件须从该号码登记的电子邮箱发出，并写明该号码。',
  several_lines: '邮件写明了您名下的多个号码：每封邮件只能申请注销一个号码。',
  case_open: '该号码已有正在办理的注销申请，无需重复申请；请查看此前收到的受理邮件。',
  cannot_open: '该号码目前无法通过邮件办理注销，请在网上营业厅申请或致电客服热线。',
};

const en: Record<MailProblem, string> = {
  no_number: 'The subject or text does not give the mobile number to cancel.',
  no_form: 'The signed application form is not attached.',
  form_not_accepted: 'An attachment is not a PDF, JPG or PNG file (checked by its content, not its name).',
  form_empty: 'An attachment is empty.',
  form_too_large: 'An attachment is larger than 10 MB.',
  too_many_files: 'Too many attachments: at most 5 files.',
  not_matched: 'We could not match this mail to a number: it must come from the e-mail address registered for the number, and name that number.',
  several_lines: 'The mail names more than one of your numbers: each mail can cancel one number only.',
  case_open: 'This number already has a cancellation in progress; there is no need to apply again. See the confirmation e-mail you received.',
  cannot_open: 'This number cannot be cancelled by e-mail now; please apply in the portal or call the hotline.',
};

function render(v: MailRefusalVars, lang: 'zh-CN' | 'en') {
  if (lang === 'zh-CN') {
    return {
      subject: '【未能受理您的邮件申请】',
      text: [
        '您好，我们收到了您的邮件，但未能据此受理注销申请：',
        ...v.problems.map((p) => `- ${zh[p]}`),
        '',
        `请从号码登记的电子邮箱发送邮件至 ${v.address}，在主题或正文中写明要注销的号码，并附上签名的注销申请表（PDF、JPG 或 PNG，不超过 10 MB）。`,
        `申请表可在网上营业厅下载，也可直接在线申请：${v.portalUrl}`,
        '本邮件由系统自动发送。',
      ].join('\n'),
    };
  }
  return {
    subject: 'We could not take your application by e-mail',
    text: [
      'We received your mail but could not open a cancellation from it:',
      ...v.problems.map((p) => `- ${en[p]}`),
      '',
      `Please write to ${v.address} from the e-mail address registered for the number, give the number to cancel in the subject or text, and attach the signed application form (PDF, JPG or PNG, at most 10 MB).`,
      `Download the form, or apply online, in the portal: ${v.portalUrl}`,
      'This message was sent automatically.',
    ].join('\n'),
  };
}

export function renderMailRefusal(v: MailRefusalVars, lang: 'zh-CN' | 'en'): { subject: string; text: string } {
  if (!v.bilingual) return render(v, lang);
  const a = render(v, 'zh-CN');
  const b = render(v, 'en');
  return { subject: `${a.subject} ${b.subject}`, text: `${a.text}\n\n----\n\n${b.text}` };
}
