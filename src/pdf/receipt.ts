/**
 * The receipt a customer keeps after applying (注销申请回执): what was submitted, when, the day
 * the decision is due, and the SHA-256 of the submitted content. The operator stores the same
 * digest, so either side can later show what was (and was not) in the application.
 */
import { receiptDigest, type ReceiptContent } from '../domain/receipt.js';
import { formatMoney } from '../domain/templates.js';
import { describeRefund } from '../domain/refund.js';
import {
  checkItem,
  contentWidth,
  createPdf,
  drawLabel,
  ensureSpace,
  heading,
  ink,
  label,
  labelValueRow,
  localTime,
  margin,
  muted,
  type Label,
  type Language,
} from './document.js';

export { canonicalReceiptJson, receiptDigest, type ReceiptContent } from '../domain/receipt.js';

export const receiptTitle = { 'zh-CN': '注销申请回执', en: 'Cancellation application receipt' } as const;

type Text = { 'zh-CN': string; en: string };
const tr = (zh: string, en: string): Text => ({ 'zh-CN': zh, en });
const sentenceCase = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** What each advisory code means to the customer; a code missing here is printed as itself. */
export const acknowledgementTexts: Record<string, Text> = {
  backup_reminder: tr('备份通讯录、短信、照片和文件', 'Back up contacts, messages, photos and files'),
  binding_bank: tr('解除号码与银行的绑定', 'Unbind the number from banks'),
  binding_alipay: tr('解除号码与支付宝的绑定', 'Unbind the number from Alipay'),
  binding_wechat: tr('解除号码与微信的绑定', 'Unbind the number from WeChat'),
  binding_other: tr('解除号码与其他服务的绑定', 'Unbind the number from other services'),
  prepaid_credit_refund: tr('剩余话费将在注销后退还', 'Remaining credit is refunded after cancellation'),
  early_termination_charge: tr('合约期内注销将产生提前解约费用', 'An early-termination charge applies'),
  port_out_option: tr('如需保留号码，可改为携号转网而非注销', 'To keep the number, port it out instead of cancelling'),
  esim_profile: tr('注销后从设备中删除 eSIM 配置文件', 'Delete the eSIM profile from the device after cancellation'),
  outstanding_debt: tr('欠费须结清后方可审批通过', 'Outstanding debt must be settled before approval'),
};

const channelTexts: Record<ReceiptContent['channel'], Text> = {
  web: tr('网上营业厅', 'Online portal'),
  form: tr('纸质申请表', 'Paper form'),
  email: tr('电子邮件', 'E-mail'),
  hotline: tr('客服热线', 'Hotline'),
  sms: tr('短信', 'SMS'),
  api: tr('合作系统', 'Partner system'),
  bulk: tr('批量注销', 'Bulk cancellation'),
};

const stateTexts: Record<string, Text> = {
  submitted: tr('已提交', 'Submitted'),
  in_review: tr('审核中', 'In review'),
  awaiting_customer: tr('待补充信息', 'Waiting for your reply'),
  approved: tr('已通过', 'Approved'),
  rejected: tr('未通过', 'Rejected'),
  withdrawn: tr('已撤回', 'Withdrawn'),
  completed: tr('已注销', 'Cancelled'),
};

export async function renderReceipt(content: ReceiptContent, opts: { generatedAt: Date; state?: string }): Promise<Buffer> {
  const lang = content.language;
  const zh = lang === 'zh-CN';
  const t = (zhText: string, enText: string): Label => label(lang, zhText, enText);
  const say = (table: Record<string, Text>, code: string) => table[code]?.[lang] ?? code;
  const title = receiptTitle[lang];
  const digest = receiptDigest(content);
  const { doc, finish } = createPdf({ title, language: lang, generatedAt: opts.generatedAt, subject: content.reference });
  const width = contentWidth(doc);

  doc.fontSize(9).fillColor(muted).text('lastcall', margin, margin - 10);
  doc.fontSize(18).fillColor(ink).text(title, margin, doc.y + 2);
  if (zh) doc.fontSize(9.5).fillColor(muted).text(receiptTitle.en);
  doc.moveDown(0.5);
  drawLabel(doc, t('受理编号', 'Reference'), margin, doc.y, width);
  doc.fontSize(22).fillColor(ink).text(content.reference, margin, doc.y);
  doc.moveDown(0.3);

  heading(doc, t('申请内容', 'Your application'));
  labelValueRow(doc, t('手机号码', 'Phone number'), content.msisdn);
  labelValueRow(doc, t('申请渠道', 'Channel'), say(channelTexts, content.channel));
  labelValueRow(doc, t('提交时间', 'Submitted at'), `${localTime(new Date(content.submittedAt), content.timeZone)}\n${content.submittedAt}`);
  labelValueRow(doc, t('受理日期', 'Receipt day'), content.receivedOn);
  const provisional = content.dueProvisional
    ? zh
      ? '\n（暂定：该年度法定节假日安排尚未公布，公布后将重新计算。）'
      : '\n(provisional: the official holidays for that year are not yet published; it will be recomputed.)'
    : '';
  const promise = zh ? '我们将在受理日起 7 个工作日内作出处理决定。' : 'We decide within 7 working days of the receipt day.';
  labelValueRow(doc, t('处理决定截止日期', 'Decision due by'), `${content.dueOn}${provisional}\n${promise}`);
  labelValueRow(doc, t('注销原因', 'Reason'), content.reason || '—');
  const refund = content.refund ? sentenceCase(describeRefund(content.refund, zh)) : zh ? '不适用（无剩余话费）' : 'Not applicable (no credit left)';
  labelValueRow(doc, t('余额退还方式', 'Refund method'), refund);

  heading(doc, t('您已确认的事项', 'What you acknowledged'));
  if (content.acknowledgements.length === 0) doc.fontSize(10).text('—');
  // Two columns: the list is long and each item short.
  const column = (width - 16) / 2;
  for (let i = 0; i < content.acknowledgements.length; i += 2) {
    const top = doc.y;
    let bottom = top;
    content.acknowledgements.slice(i, i + 2).forEach((code, col) => {
      doc.y = top;
      checkItem(doc, { main: say(acknowledgementTexts, code) }, { checked: true, x: margin + col * (column + 16), width: column });
      bottom = Math.max(bottom, doc.y);
    });
    doc.y = bottom;
  }

  // Advisory items without figures are the ones ticked above; repeating them adds nothing.
  // Blocking items, figures, and anything not acknowledged are printed.
  const acknowledged = new Set(content.acknowledgements);
  const snapshot = content.precheck.filter(
    (i) => i.kind === 'blocking' || i.amountMinor !== undefined || i.chargeMinor !== undefined || !acknowledged.has(i.code),
  );
  heading(doc, t('提交时的预检查结果', 'Pre-check at submission'));
  for (const item of snapshot) {
    const tag = item.kind === 'blocking' ? (zh ? '【须处理】' : '[blocking] ') : zh ? '【提示】' : '[advisory] ';
    bullet(doc, `${tag}${precheckText(item, lang)}`);
  }
  if (snapshot.length === 0) doc.fontSize(10).text(zh ? '无需处理的事项。' : 'Nothing to settle.');
  const rest = content.precheck.length - snapshot.length;
  if (rest > 0) {
    doc.fontSize(8.5).fillColor(muted).text(
      zh ? `另有 ${rest} 项提示，即上方您已确认的事项。` : `The other ${rest} advisory items are the ones acknowledged above.`,
      margin,
      doc.y,
      { width },
    );
    doc.fillColor(ink);
  }

  if (content.documents?.length) {
    heading(doc, t('随附文件', 'Documents'));
    for (const d of content.documents) {
      ensureSpace(doc, 30);
      doc.fontSize(10).fillColor(ink).text(`${d.name}  (${d.size.toLocaleString('en-US')} bytes)`, margin, doc.y, { width });
      doc.fontSize(7.5).fillColor(muted).text(`SHA-256 ${d.sha256}`, margin + 12, doc.y, { width: width - 12, lineBreak: false });
      doc.x = margin;
      doc.y += 3;
    }
  }

  heading(doc, t('回执校验值', 'Receipt digest'));
  ensureSpace(doc, 70);
  doc.fontSize(9.5).fillColor(ink).text(zh ? '本回执内容的 SHA-256：' : "SHA-256 of this receipt's content:", margin, doc.y, { width });
  // One line at 9.4 pt so pdftotext (and a person copying it) gets the 64 characters unbroken.
  doc.fontSize(9.4).text(digest, margin, doc.y + 1, { width, lineBreak: false });
  doc.moveDown(0.4);
  doc.fontSize(8.5).fillColor(muted).text(
    zh
      ? '该值是上述申请内容的规范 JSON（键按字母排序、无空白）的 SHA-256。我们保存了相同的值，您可凭此证明所提交的内容。'
      : 'It is the SHA-256 of the canonical JSON (keys sorted, no whitespace) of the content above. We keep the same value, so you can prove what was submitted.',
    margin,
    doc.y,
    { width },
  );

  heading(doc, t('温馨提示', 'Before the number is cancelled'));
  doc.fontSize(9.5).fillColor(ink).text(
    zh
      ? '请备份通讯录、短信、照片和文件，并解除该号码与银行、支付宝、微信及其他服务的绑定，否则号码再次分配后他人可能收到您的验证码。请妥善保存本回执。'
      : 'Back up your contacts, messages, photos and files, and unbind the number from banks, Alipay, WeChat and any other service, or a future holder of the number may receive your verification codes. Keep this receipt.',
    margin,
    doc.y,
    { width },
  );

  const generated = localTime(opts.generatedAt, content.timeZone);
  const state = opts.state ? say(stateTexts, opts.state) : undefined;
  return finish((page, total) => {
    const parts = zh
      ? [content.reference, `生成时间 ${generated}`, state && `生成时状态：${state}`, `第 ${page} 页，共 ${total} 页`]
      : [content.reference, `Generated ${generated}`, state && `State when generated: ${state}`, `Page ${page} of ${total}`];
    return parts.filter(Boolean).join('  |  ');
  });
}

function precheckText(item: ReceiptContent['precheck'][number], lang: Language): string {
  const zh = lang === 'zh-CN';
  const money = (minor: number | undefined) => (minor === undefined ? '' : formatMoney(minor, item.currency ?? ''));
  switch (item.code) {
    case 'outstanding_debt':
      return zh
        ? `欠费 ${money(item.amountMinor)}：须结清后方可审批通过。`
        : `Unpaid balance of ${money(item.amountMinor)}: it must be settled before approval.`;
    case 'prepaid_credit_refund':
      return zh
        ? `剩余话费 ${money(item.amountMinor)} 将在注销后退还。`
        : `Remaining credit of ${money(item.amountMinor)} is refunded after cancellation.`;
    case 'early_termination_charge': {
      const end = item.contractEnd ? (zh ? `合约至 ${item.contractEnd}，` : `Contract runs to ${item.contractEnd}; `) : '';
      return zh
        ? `${end}提前解约费 ${money(item.chargeMinor)}，计入最终账单。`
        : `${end}early-termination charge of ${money(item.chargeMinor)} on the final bill.`;
    }
    default:
      return acknowledgementTexts[item.code]?.[lang] ?? item.code;
  }
}

function bullet(doc: PDFKit.PDFDocument, text: string): void {
  const width = contentWidth(doc) - 14;
  doc.fontSize(10);
  ensureSpace(doc, doc.heightOfString(text, { width }));
  const y = doc.y;
  doc.fillColor(ink).text('•', margin + 2, y, { lineBreak: false });
  doc.text(text, margin + 14, y, { width });
  doc.x = margin;
  doc.y += 2;
}
