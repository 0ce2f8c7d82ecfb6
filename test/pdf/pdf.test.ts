/**
 * The customer's PDFs, checked with the tools a person would use: poppler extracts the text,
 * rasterises the pages and lists the fonts. No mocks. Without poppler the suite skips locally
 * and fails under CI=true. The PDFs and first-page PNGs land in test-output/pdf/ to look at.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPdf } from '../../src/pdf/document.js';
import {
  canonicalReceiptJson,
  receiptDigest,
  renderApplicationForm,
  renderReceipt,
  type ApplicationFormInput,
  type ReceiptContent,
} from '../../src/pdf/index.js';
import { projectRoot } from '../support/process.js';

const outDir = path.join(projectRoot, 'test-output/pdf');
const tools = ['pdftotext', 'pdftoppm', 'pdffonts'] as const;
const missing = tools.filter((tool) => {
  try {
    execFileSync(tool, ['-v'], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
const ci = process.env.CI === 'true';
// Locally a missing poppler skips; in CI the tests run and fail with the message below.
const skip = missing.length > 0 && !ci;

function poppler(tool: (typeof tools)[number], args: string[]): Buffer {
  if (missing.includes(tool)) throw new Error(`${tool} is not installed: install poppler-utils (apt-get install poppler-utils)`);
  return execFileSync(tool, args, { maxBuffer: 64 * 1024 * 1024 });
}

function save(name: string, pdf: Buffer): string {
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.pdf`);
  writeFileSync(file, pdf);
  poppler('pdftoppm', ['-png', '-r', '60', '-singlefile', file, path.join(outDir, name)]);
  return file;
}

const textOf = (file: string) => poppler('pdftotext', ['-layout', file, '-']).toString('utf8');
// pdftotext ends every page with a form feed.
const pageCount = (text: string) => text.split('\f').length - 1;

interface Gray {
  width: number;
  height: number;
  pixels: Buffer;
}

/** One page as 8-bit grey: a binary PGM is "P5\n<w> <h>\n255\n" and then the bytes. */
function rasterise(file: string, page: number, dpi = 60): Gray {
  const pgm = poppler('pdftoppm', ['-r', String(dpi), '-gray', '-f', String(page), '-l', String(page), '-singlefile', file]);
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error(`not a PGM from pdftoppm: ${pgm.subarray(0, 16).toString('latin1')}`);
  const [, w, h] = header.map(Number) as [number, number, number];
  return { width: w, height: h, pixels: pgm.subarray(header[0].length, header[0].length + w * h) };
}

const darkShare = (g: Gray) => g.pixels.filter((v) => v < 128).length / g.pixels.length;

function expectPagesDrawn(file: string, pages: number): void {
  for (let page = 1; page <= pages; page++) {
    const g = rasterise(file, page);
    expect(g.pixels.length).toBe(g.width * g.height);
    expect(darkShare(g), `page ${page} of ${path.basename(file)} looks blank`).toBeGreaterThan(0.001);
  }
}

/** pdftotext -layout may pad CJK runs with spaces; compare without them. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

const generatedAt = new Date('2026-11-25T08:30:00Z');

const prefill: NonNullable<ApplicationFormInput['prefill']> = {
  msisdn: '+8613700000001',
  name: '测试用户',
  idType: 'cn_resident_id',
  idNumber: '110101199001011237',
  email: 'test.user@example.com',
  region: 'CN',
  simType: 'esim',
  plan: 'prepaid',
  bindings: [
    { kind: 'bank', state: 'bound' },
    { kind: 'alipay', state: 'unbound' },
    { kind: 'wechat', state: 'bound' },
  ],
};

const zhReceipt: ReceiptContent = {
  reference: 'LC-2026-0000123-7',
  msisdn: '+8613700000001',
  channel: 'web',
  language: 'zh-CN',
  submittedAt: '2026-11-25T09:15:00.000Z',
  timeZone: 'Asia/Shanghai',
  receivedOn: '2026-11-25',
  dueOn: '2026-12-04',
  dueProvisional: false,
  reason: '不再使用，已换用其他号码',
  refund: { method: 'original_payment' },
  acknowledgements: ['prepaid_credit_refund', 'binding_bank', 'binding_alipay', 'binding_wechat', 'port_out_option', 'esim_profile', 'backup_reminder'],
  precheck: [
    { code: 'prepaid_credit_refund', kind: 'advisory', amountMinor: 3650, currency: 'CNY' },
    { code: 'binding_bank', kind: 'advisory' },
    { code: 'binding_alipay', kind: 'advisory' },
    { code: 'binding_wechat', kind: 'advisory' },
    { code: 'port_out_option', kind: 'advisory' },
    { code: 'esim_profile', kind: 'advisory' },
    { code: 'backup_reminder', kind: 'advisory' },
  ],
  documents: [{ name: 'signed-form.pdf', sha256: 'ab'.repeat(32), size: 482113 }],
};

const enReceipt: ReceiptContent = {
  reference: 'LC-2026-0000123-7',
  msisdn: '+447700900123',
  channel: 'form',
  language: 'en',
  submittedAt: '2026-12-30T17:59:00.000Z',
  timeZone: 'Europe/London',
  receivedOn: '2026-12-30',
  dueOn: '2027-01-11',
  dueProvisional: true,
  reason: 'Moving abroad',
  refund: null,
  acknowledgements: ['early_termination_charge', 'port_out_option', 'backup_reminder', 'future_code'],
  precheck: [
    { code: 'outstanding_debt', kind: 'blocking', amountMinor: 12800, currency: 'GBP' },
    { code: 'early_termination_charge', kind: 'advisory', chargeMinor: 6000, currency: 'GBP', contractEnd: '2027-06-30' },
    { code: 'port_out_option', kind: 'advisory' },
    { code: 'backup_reminder', kind: 'advisory' },
  ],
};

describe.skipIf(skip)('the application form', () => {
  it('prints a blank Chinese form with the title, every section and the submission rules', async () => {
    const file = save('form-zh-blank', await renderApplicationForm({ language: 'zh-CN', generatedAt, hotline: '10086' }));
    const text = textOf(file);
    const flat = squeeze(text);
    for (const s of ['SIM卡/号码注销申请表', '申请人信息', '证件号码', '注销原因', '原路退回', '退至银行账户', '转入本人其他号码', '支付宝', '微信', 'eSIM', '冻结期', '申请人签名', '10MB', '7个工作日', '10086']) {
      expect(flat).toContain(s);
    }
    expect(text).toMatch(/第 1 页，共 [12] 页/);
    expect(pageCount(text)).toBeGreaterThanOrEqual(1);
    expect(pageCount(text)).toBeLessThanOrEqual(2);
    expectPagesDrawn(file, pageCount(text));
  });

  it('prints a blank English form', async () => {
    const file = save('form-en-blank', await renderApplicationForm({ language: 'en', generatedAt, hotline: '+44 20 7946 0000', operatorName: 'Example Mobile' }));
    const text = textOf(file);
    for (const s of ['Application to cancel a SIM card / phone number', 'Account holder', 'Refund of remaining credit', 'Alipay', 'quarantine', 'PDF, JPEG or PNG, up to 10 MB', '7 working days', '+44 20 7946 0000', 'Example Mobile']) {
      expect(text.replace(/\s+/g, ' ')).toContain(s);
    }
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    expect(pageCount(text)).toBeLessThanOrEqual(2);
    expectPagesDrawn(file, pageCount(text));
  });

  it('prints the verified customer in the boxes and marks the services still declared bound', async () => {
    const file = save('form-zh-prefilled', await renderApplicationForm({ language: 'zh-CN', generatedAt, prefill }));
    const text = textOf(file);
    const flat = squeeze(text);
    for (const s of ['测试用户', '+8613700000001', '110101199001011237', 'test.user@example.com']) expect(flat).toContain(s);
    // Bank and WeChat are bound, Alipay and other apps are not: the mark follows exactly those two.
    expect(flat.match(/【登记为仍绑定】/g)).toHaveLength(2);
    expect(flat).toContain('银行Banks【登记为仍绑定】支付宝Alipay微信WeChat【登记为仍绑定】其他应用Otherapps');
    // An eSIM line gets the eSIM item without the "if eSIM" hedge.
    expect(flat).toContain('eSIM配置文件');
    expect(flat).not.toContain('如为eSIM');
    expect(pageCount(text)).toBeLessThanOrEqual(2);
    expectPagesDrawn(file, pageCount(text));
  });

});

describe.skipIf(skip)('the receipt', () => {
  it('prints a Chinese receipt with the reference, the due day and the digest on one line', async () => {
    const file = save('receipt-zh', await renderReceipt(zhReceipt, { generatedAt, state: 'submitted' }));
    const text = textOf(file);
    const flat = squeeze(text);
    expect(text).toContain('LC-2026-0000123-7');
    for (const s of ['注销申请回执', '+8613700000001', '网上营业厅', '2026-11-2517:15', '2026-11-25T09:15:00.000Z', '2026-12-04', '7个工作日', '不再使用', '退回原支付方式', '¥36.50', '支付宝', 'signed-form.pdf', '已提交']) {
      expect(flat).toContain(s);
    }
    expect(text).toContain(receiptDigest(zhReceipt));
    expect(text).toContain('ab'.repeat(32));
    expect(pageCount(text)).toBeLessThanOrEqual(2);
    expectPagesDrawn(file, pageCount(text));
  });

  it('prints where the refund goes, the bank account masked, and the retired account credit of an older case as before', async () => {
    const bank = { method: 'bank_account', destination: { bankName: '工商银行', accountMasked: '**** **** 4567' } };
    const zhBank = squeeze(textOf(save('receipt-zh-bank', await renderReceipt({ ...zhReceipt, refund: bank }, { generatedAt }))));
    expect(zhBank).toContain('退至银行账户工商银行********4567');
    const enLine = textOf(save('receipt-en-line', await renderReceipt({ ...zhReceipt, language: 'en', refund: { method: 'another_line', destination: { msisdn: '+8613900000000' } } }, { generatedAt })));
    expect(enLine.replace(/\s+/g, ' ')).toContain("To the holder's other number 139****0000");
    const old = squeeze(textOf(save('receipt-zh-credit', await renderReceipt({ ...zhReceipt, refund: { method: 'account_credit' } }, { generatedAt }))));
    expect(old).toContain('转为账户余额');
  });

  it('prints an English receipt with the provisional note, the debt, the charge and unknown codes as themselves', async () => {
    const file = save('receipt-en', await renderReceipt(enReceipt, { generatedAt }));
    const text = textOf(file);
    const flat = text.replace(/\s+/g, ' ');
    expect(text).toContain('LC-2026-0000123-7');
    for (const s of ['Cancellation application receipt', 'Paper form', '2026-12-30 17:59 (Europe/London, UTC+00:00)', 'provisional', '£128.00', '£60.00', '2027-06-30', 'future_code', 'Not applicable', 'unbind the number from banks, Alipay, WeChat']) {
      expect(flat).toContain(s);
    }
    expect(text).toContain(receiptDigest(enReceipt));
    expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    expectPagesDrawn(file, pageCount(text));
  });
});

describe.skipIf(skip)('the Chinese font', () => {
  const chars = ['注', '销', '申', '请'];

  it('draws each Chinese character as its own glyph, not as empty boxes', async () => {
    const { doc, finish } = createPdf({ title: '注销申请', language: 'zh-CN', generatedAt });
    chars.forEach((c, i) => {
      if (i > 0) doc.addPage();
      doc.fontSize(96).text(c, 100, 100);
    });
    const file = save('cjk-glyphs', await finish(() => ''));
    expect(squeeze(textOf(file))).toBe(chars.join(''));
    const pages = chars.map((_, i) => rasterise(file, i + 1));
    for (const g of pages) expect(darkShare(g)).toBeGreaterThan(0.003);
    // A missing glyph draws the same .notdef box every time; four different bitmaps mean four glyphs.
    const distinct = new Set(pages.map((g) => g.pixels.toString('base64')));
    expect(distinct.size).toBe(chars.length);
  });

  it('embeds only a subset of Noto Sans SC', async () => {
    const file = save('font-check', await renderReceipt(zhReceipt, { generatedAt }));
    const lines = poppler('pdffonts', [file]).toString('utf8').split('\n').slice(2).filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      // name type... encoding emb sub uni object ID
      const [name, ...rest] = line.trim().split(/\s+/);
      expect(name).toMatch(/^[A-Z]{6}\+NotoSansSC/);
      const [emb, sub] = rest.slice(-5, -3);
      expect({ emb, sub }).toEqual({ emb: 'yes', sub: 'yes' });
    }
  });
});

describe('the output', () => {
  it('is the same file byte for byte for the same input', async () => {
    const form = () => renderApplicationForm({ language: 'zh-CN', generatedAt, prefill });
    const receipt = () => renderReceipt(zhReceipt, { generatedAt, state: 'submitted' });
    expect((await form()).equals(await form())).toBe(true);
    expect((await receipt()).equals(await receipt())).toBe(true);
  });
});

describe('the receipt digest', () => {
  const digest = receiptDigest(zhReceipt);

  it('is the SHA-256 of JSON with sorted keys and no whitespace', () => {
    const json = canonicalReceiptJson(zhReceipt);
    expect(json.startsWith('{"acknowledgements":["prepaid_credit_refund"')).toBe(true);
    expect(json).not.toMatch(/[\n\t]|": |, "/);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not depend on the order the keys were written in', () => {
    const reversed = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(reversed)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)]))
          : v;
    expect(receiptDigest(reversed(zhReceipt) as ReceiptContent)).toBe(digest);
  });

  const changes: [string, (c: ReceiptContent) => ReceiptContent][] = [
    ['the reason', (c) => ({ ...c, reason: `${c.reason}。` })],
    ['the phone number', (c) => ({ ...c, msisdn: '+8613700000002' })],
    ['the channel', (c) => ({ ...c, channel: 'email' })],
    ['the submission instant', (c) => ({ ...c, submittedAt: '2026-11-25T09:15:00.001Z' })],
    ['the due day', (c) => ({ ...c, dueOn: '2026-12-07' })],
    ['the provisional flag', (c) => ({ ...c, dueProvisional: true })],
    ['the refund method', (c) => ({ ...c, refund: { method: 'bank_transfer' } })],
    ['no refund at all', (c) => ({ ...c, refund: null })],
    ['one acknowledgement fewer', (c) => ({ ...c, acknowledgements: c.acknowledgements.slice(1) })],
    ['the order of acknowledgements', (c) => ({ ...c, acknowledgements: [...c.acknowledgements].reverse() })],
    ['a pre-check amount', (c) => ({ ...c, precheck: c.precheck.map((p) => (p.amountMinor ? { ...p, amountMinor: p.amountMinor + 1 } : p)) })],
    ['a document hash', (c) => ({ ...c, documents: [{ name: 'signed-form.pdf', sha256: 'ac'.repeat(32), size: 482113 }] })],
    ['no documents', (c) => ({ ...c, documents: undefined })],
  ];
  it.each(changes)('changes when %s changes', (_, change) => {
    expect(receiptDigest(change(structuredClone(zhReceipt)))).not.toBe(digest);
  });

  it('gives every one of those changes its own value', () => {
    const all = changes.map(([, change]) => receiptDigest(change(structuredClone(zhReceipt))));
    expect(new Set([digest, ...all]).size).toBe(changes.length + 1);
  });
});
