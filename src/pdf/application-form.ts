/**
 * The paper application form (销户申请表): for customers who would rather sign than click,
 * and for shops that keep a signed copy. Printed blank, or prefilled when a verified customer
 * downloads it, so the only writing left is the reason, the ticks, the signature and the date.
 */
import {
  checkItem,
  checkbox,
  contentWidth,
  createPdf,
  drawLabel,
  ensureSpace,
  heading,
  alert,
  ink,
  label,
  localTime,
  margin,
  muted,
  rule,
  type Label,
  type Language,
  type Pdf,
} from './document.js';

export interface ApplicationFormInput {
  language: Language;
  generatedAt: Date;
  operatorName?: string;
  /** e.g. '10086' or '+44 20 7946 0000'; printed in "how to send it" when given. */
  hotline?: string;
  /** Where a signed form may be e-mailed; without it the form says "by e-mail" only. */
  submitEmail?: string;
  /** Zone for the footer's generated time; defaults to UTC. */
  timeZone?: string;
  /** Present when a verified customer downloads the form. */
  prefill?: {
    msisdn: string;
    name: string;
    idType: 'cn_resident_id' | 'passport' | 'other';
    idNumber: string;
    email: string;
    region: string;
    simType: 'physical' | 'esim';
    plan: 'prepaid' | 'postpaid';
    bindings: { kind: 'bank' | 'alipay' | 'wechat' | 'other'; state: 'bound' | 'unbound' }[];
  };
}

type Prefill = NonNullable<ApplicationFormInput['prefill']>;
type Option = { text: Label; checked?: boolean; note?: string };

export const applicationFormTitle = {
  'zh-CN': 'SIM 卡 / 号码注销申请表',
  en: 'Application to cancel a SIM card / phone number',
} as const;

const boxHeight = 21;

export async function renderApplicationForm(input: ApplicationFormInput): Promise<Buffer> {
  const lang = input.language;
  const zh = lang === 'zh-CN';
  const t = (zhText: string, enText: string) => label(lang, zhText, enText);
  // The form refers to its sections by number, so the number leads in either language.
  const section = (n: number, zhText: string, enText: string): Label => ({ ...t(zhText, enText), main: `${n}. ${zh ? zhText : enText}` });
  const operator = input.operatorName ?? 'lastcall';
  const title = applicationFormTitle[lang];
  const p = input.prefill;
  const { doc, finish } = createPdf({ title, language: lang, generatedAt: input.generatedAt });
  const width = contentWidth(doc);
  const half = (width - 18) / 2;
  const right = margin + half + 18;

  // Header
  doc.fontSize(9).fillColor(muted).text(operator, margin, margin - 10);
  doc.fontSize(18).fillColor(ink).text(title, margin, doc.y + 2);
  if (zh) doc.fontSize(9.5).fillColor(muted).text(applicationFormTitle.en);
  doc.moveDown(0.3);
  doc.fontSize(9).fillColor(muted).text(
    zh
      ? '请用黑色或蓝色笔正楷填写，勾选第 3 部分各项，并在第 4 部分签名。'
      : 'Please write clearly in black or blue ink, tick each item in section 3 and sign in section 4.',
  );
  if (p) {
    doc.text(zh ? '第 1 部分已根据您验证的身份信息预先填写，请核对。' : 'Section 1 is prefilled from your verified details; please check it.');
  }

  // 1. Account holder
  heading(doc, section(1, '申请人信息', 'Account holder'));
  let y = doc.y;
  y = Math.max(
    field(doc, margin, y, half, t('姓名', 'Full name'), p?.name),
    field(doc, right, y, half, t('手机号码', 'Phone number to cancel'), p?.msisdn),
  );
  y = choices(doc, margin, y + 6, t('证件类型', 'ID type'), [
    { text: t('居民身份证', 'Resident ID card'), checked: p?.idType === 'cn_resident_id' },
    { text: t('护照', 'Passport'), checked: p?.idType === 'passport' },
    { text: t('其他证件', 'Other'), checked: p?.idType === 'other' },
  ]);
  y = Math.max(
    field(doc, margin, y + 6, half, t('证件号码', 'ID number'), p?.idNumber),
    field(doc, right, y + 6, half, t('电子邮箱', 'E-mail'), p?.email),
  );
  y += 6;
  y = Math.max(
    choices(doc, margin, y, t('SIM 卡类型', 'SIM type'), [
      { text: t('实体卡', 'Physical SIM'), checked: p?.simType === 'physical' },
      { text: { main: 'eSIM' }, checked: p?.simType === 'esim' },
    ]),
    choices(doc, right, y, t('套餐类型', 'Plan'), [
      { text: t('预付费', 'Prepaid'), checked: p?.plan === 'prepaid' },
      { text: t('后付费', 'Postpaid'), checked: p?.plan === 'postpaid' },
    ]),
  );
  if (p?.region) y = drawLabel(doc, { main: `${zh ? '归属地区' : 'Region'}: ${p.region}` }, margin, y + 4, width, 8.5);
  doc.x = margin;
  doc.y = y;

  // 2. Reason and refund
  heading(doc, section(2, '注销原因与余额退还', 'Reason and refund'));
  drawLabel(doc, t('注销原因', 'Reason for cancelling'), margin, doc.y, width);
  writingLines(doc, 2);
  y = choices(doc, margin, doc.y + 4, t('剩余话费退还方式（如有余额）', 'Refund of remaining credit (if any)'), [
    { text: t('原路退回', 'Original payment method') },
    { text: t('退至银行账户', 'To a bank account') },
    { text: t('转入本人其他号码', 'To another number of mine') },
  ]);
  doc.y = y + 2;
  drawLabel(doc, t('如选银行账户：户名、开户行及账号；如选其他号码：号码（须为本人名下、未注销的号码）', 'For a bank account: holder, bank and account number; for another number: the number (a live line in your name)'), margin, doc.y, width, 8.5);
  writingLines(doc, 1);

  // 3. Checklist
  heading(doc, section(3, '注销前请逐项确认并勾选', 'Before cancelling, tick each item'));
  checkItem(doc, t('我已备份通讯录、照片和文件。', 'I have backed up my contacts, photos and files.'));
  // One checkbox per service, on one row: four near-identical sentences would push the checklist onto a second page.
  const boundNote = zh ? '【登记为仍绑定】' : '[still declared bound]';
  doc.y = choices(
    doc,
    margin,
    doc.y,
    t('我已解除本号码与以下服务的绑定（逐项勾选）：', 'I have unbound this number from (tick each):'),
    bindingRows.map(([kind, zhName, enName]) => ({ text: t(zhName, enName), note: isBound(p, kind) ? boundNote : undefined })),
  ) + 3;
  if (!p || p.simType === 'esim') {
    checkItem(
      doc,
      p
        ? t('我已了解注销后需从设备中删除 eSIM 配置文件。', 'I will delete the eSIM profile from my device after cancellation.')
        : t('如为 eSIM：我已了解注销后需从设备中删除 eSIM 配置文件。', 'If eSIM: I will delete the eSIM profile from my device after cancellation.'),
    );
  }
  checkItem(doc, t('我已了解：如有欠费，须结清后方可审批通过。', 'I understand that any outstanding debt must be settled before approval.'));
  checkItem(doc, t('我已了解：合约期内注销可能产生提前解约费用。', 'I understand that early termination charges may apply during a contract.'));
  checkItem(
    doc,
    t(
      '我已了解：号码注销后将进入冻结期，冻结期满后可能分配给他人使用。',
      'I understand that the number rests in quarantine after cancellation and may later be given to someone else.',
    ),
  );

  // 4. Declaration and signature, kept on one page together
  ensureSpace(doc, 160);
  heading(doc, section(4, '申请人声明', 'Declaration'));
  doc.fontSize(9.5).fillColor(ink).text(
    zh
      ? `本人确认以上信息真实、准确，自愿申请注销上述号码，并已阅读第 3 部分所列事项。本人知悉注销后该号码无法恢复，相关服务将停止，剩余话费按所选方式结算。`
      : `I confirm that the details above are true and accurate, that I apply of my own free will to cancel the number above, and that I have read the items in section 3. I understand that the number cannot be restored after cancellation, that its services end, and that any remaining credit is settled as chosen above.`,
    margin,
    doc.y,
    { width },
  );
  if (zh) {
    doc.fontSize(7.5).fillColor(muted).text(
      'I confirm that the details above are true and accurate and that I apply of my own free will to cancel the number above.',
      { width },
    );
  }
  y = doc.y + 26;
  signatureLine(doc, margin, y, half, t('申请人签名', 'Signature'));
  signatureLine(doc, right, y, half, t('日期', 'Date'));
  doc.x = margin;
  doc.y = y + 26;

  // 5. How to send it
  heading(doc, section(5, '提交方式', 'How to send it'));
  const mail = input.submitEmail ? (zh ? `至 ${input.submitEmail}` : ` to ${input.submitEmail}`) : '';
  const steps: Label[] = [
    t(
      '签名后在网上营业厅上传本表：拍照或扫描件，PDF、JPEG 或 PNG 格式，不超过 10 MB。',
      'Upload the signed form in the online portal: a photo or scan, PDF, JPEG or PNG, up to 10 MB.',
    ),
    t(`或将签名后的本表通过电子邮件发送${mail}。`, `Or send the signed form by e-mail${mail}.`),
    t(
      `${operator} 将在收到申请之日起 7 个工作日内作出处理决定，并通过电子邮件通知您。`,
      `${operator} decides within 7 working days of receiving it and tells you by e-mail.`,
    ),
  ];
  if (input.hotline) steps.push(t(`如有疑问，请致电客服热线 ${input.hotline}。`, `Questions? Call ${input.hotline}.`));
  steps.forEach((step, i) => numbered(doc, i + 1, step));

  const generated = localTime(input.generatedAt, input.timeZone ?? 'UTC');
  return finish((page, total) =>
    zh
      ? `${operator}  |  生成时间 ${generated}  |  第 ${page} 页，共 ${total} 页`
      : `${operator}  |  Generated ${generated}  |  Page ${page} of ${total}`,
  );
}

const bindingRows = [
  ['bank', '银行', 'Banks'],
  ['alipay', '支付宝', 'Alipay'],
  ['wechat', '微信', 'WeChat'],
  ['other', '其他应用', 'Other apps'],
] as const;

function isBound(p: Prefill | undefined, kind: Prefill['bindings'][number]['kind']): boolean {
  return Boolean(p?.bindings.some((b) => b.kind === kind && b.state === 'bound'));
}

/** A label over a box to write in; the value is printed in the box when known. Returns the y below. */
function field(doc: Pdf, x: number, y: number, width: number, text: Label, value?: string): number {
  const top = drawLabel(doc, text, x, y, width) + 2;
  doc.save().lineWidth(0.7).strokeColor(rule).rect(x, top, width, boxHeight).stroke().restore();
  if (value) {
    // A long e-mail address or name shrinks to fit its box (down to 7 pt), then is cut with an ellipsis.
    const room = width - 12;
    const natural = doc.fontSize(10.5).widthOfString(value);
    doc.fontSize(natural > room ? Math.max(7, (10.5 * room) / natural) : 10.5).fillColor(ink);
    const line = doc.currentLineHeight();
    doc.text(value, x + 6, top + (boxHeight - line) / 2, { width: room, height: line, ellipsis: true });
  }
  return top + boxHeight;
}

/** A label followed by checkbox options, wrapping onto further lines when needed. Returns the y below. */
function choices(doc: Pdf, x: number, y: number, text: Label, options: Option[]): number {
  const right = margin + contentWidth(doc);
  let top = drawLabel(doc, text, x, y, right - x) + 3;
  let cx = x;
  for (const o of options) {
    const parts = [
      { text: o.text.main, size: 10, color: ink, dy: 0 },
      ...(o.text.sub ? [{ text: o.text.sub, size: 7.5, color: muted, dy: 2.5 }] : []),
      ...(o.note ? [{ text: o.note, size: 9, color: alert, dy: 1 }] : []),
    ];
    const width = 14 + parts.reduce((w, part) => w + doc.fontSize(part.size).widthOfString(part.text) + 4, 0);
    if (cx > x && cx + width > right) {
      cx = x;
      top += 17;
    }
    checkbox(doc, cx, top + 3.5, o.checked);
    cx += 14;
    for (const part of parts) {
      doc.fontSize(part.size).fillColor(part.color).text(part.text, cx, top + part.dy, { lineBreak: false });
      cx += doc.widthOfString(part.text) + 4;
    }
    cx += 14;
  }
  doc.fillColor(ink);
  return top + 16;
}

function writingLines(doc: Pdf, count: number): void {
  for (let i = 0; i < count; i++) {
    const y = doc.y + 20;
    doc.save().lineWidth(0.6).strokeColor(rule).moveTo(margin, y).lineTo(margin + contentWidth(doc), y).stroke().restore();
    doc.y = y + 2;
  }
  doc.x = margin;
}

function signatureLine(doc: Pdf, x: number, y: number, width: number, text: Label): void {
  const caption = text.sub ? `${text.main} ${text.sub}` : text.main;
  doc.fontSize(9.5).fillColor(ink).text(caption, x, y - 13, { lineBreak: false });
  const start = x + doc.widthOfString(caption) + 6;
  doc.save().lineWidth(0.7).strokeColor(ink).moveTo(start, y).lineTo(x + width, y).stroke().restore();
}

function numbered(doc: Pdf, n: number, text: Label): void {
  const width = contentWidth(doc) - 16;
  doc.fontSize(9.5);
  ensureSpace(doc, doc.heightOfString(text.main, { width }) + (text.sub ? 12 : 0));
  const y = doc.y;
  doc.fillColor(ink).text(`${n}.`, margin, y, { lineBreak: false });
  drawLabel(doc, text, margin + 16, y, width);
  doc.x = margin;
  doc.y += 2;
}
