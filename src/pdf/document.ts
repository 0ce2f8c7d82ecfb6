/**
 * What the customer's PDFs share: an A4 pdfkit document in Noto Sans SC (the one font that has
 * both the Chinese and the Latin glyphs, so nothing falls back to empty boxes), a few layout
 * pieces, and page footers. Output is deterministic for a given input: the creation date is the
 * caller's `generatedAt`, and pdfkit derives the file ID from the document info.
 */
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import * as fontkit from 'fontkit';
import type { Language } from '../domain/templates.js';

export type { Language };
export type Pdf = PDFKit.PDFDocument;

const fontUrl = new URL('../../assets/fonts/NotoSansSC-Regular.ttf', import.meta.url);
let fontBytes: Buffer | undefined;

/** Read once per process: the file is 8 MB and pdfkit embeds only the glyphs a document uses. */
export function notoSansSc(): Buffer {
  return (fontBytes ??= readFileSync(fontUrl));
}

let parsedFont: unknown;

/**
 * The font parsed once and shared by every document: handed the bytes, pdfkit would parse the
 * 8 MB CJK font again for each PDF (most of a receipt's cost). Each document still makes its
 * own subset of the glyphs it uses.
 */
function sharedFont(): unknown {
  return (parsedFont ??= fontkit.create(notoSansSc()));
}

/** Reads and parses the font now rather than in the first document (a PDF worker does it as it starts). */
export function loadFont(): void {
  sharedFont();
}

export const margin = 48;
export const ink = '#111111';
export const muted = '#555555';
export const rule = '#8a8a8a';
export const alert = '#b00020';

/** A label in the document's language; in Chinese documents the English label follows, smaller. */
export interface Label {
  main: string;
  sub?: string;
}

export function label(language: Language, zh: string, en: string): Label {
  return language === 'zh-CN' ? { main: zh, sub: en } : { main: en };
}

export interface PdfMeta {
  title: string;
  language: Language;
  generatedAt: Date;
  subject?: string;
}

export interface PdfHandle {
  doc: Pdf;
  /** Writes `footer(page, total)` at the bottom of every page, ends the document, returns its bytes. */
  finish(footer: (page: number, total: number) => string): Promise<Buffer>;
}

export function createPdf(meta: PdfMeta): PdfHandle {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    // Footers need the page count, known only at the end.
    bufferPages: true,
    lang: meta.language,
    displayTitle: true,
    info: { Title: meta.title, Author: 'lastcall', Subject: meta.subject ?? meta.title, CreationDate: meta.generatedAt },
  });
  // pdfkit takes a fontkit font wherever it takes font bytes; its types know only the bytes.
  doc.registerFont('body', sharedFont() as Buffer);
  doc.font('body').fillColor(ink).fontSize(10);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    finish(footer) {
      const range = doc.bufferedPageRange();
      for (let i = 0; i < range.count; i++) {
        doc.switchToPage(range.start + i);
        // Text below the bottom margin would make pdfkit start a new page; lift the margin while writing.
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc.fontSize(7.5).fillColor(muted);
        doc.text(footer(i + 1, range.count), margin, doc.page.height - margin + 16, {
          width: doc.page.width - 2 * margin,
          align: 'center',
          lineBreak: false,
        });
        doc.page.margins.bottom = bottom;
      }
      doc.end();
      return done;
    },
  };
}

export const contentWidth = (doc: Pdf) => doc.page.width - 2 * margin;

/** Starts a new page when fewer than `height` points are left, so a block is never split. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

/** A numbered section heading, its English twin beside it, and a rule under both. */
export function heading(doc: Pdf, text: Label): void {
  ensureSpace(doc, 60);
  const y = doc.y + 6;
  doc.fontSize(12.5).fillColor(ink).text(text.main, margin, y, { lineBreak: false });
  const lineHeight = doc.currentLineHeight();
  if (text.sub) {
    const x = margin + doc.widthOfString(text.main) + 8;
    // Bottom-aligned line boxes put the two baselines close enough together at these sizes.
    doc.fontSize(8.5).fillColor(muted);
    doc.text(text.sub, x, y + lineHeight - doc.currentLineHeight() - 1, { lineBreak: false });
  }
  const below = y + lineHeight + 1;
  doc.moveTo(margin, below).lineTo(margin + contentWidth(doc), below).lineWidth(0.6).strokeColor(rule).stroke();
  doc.x = margin;
  doc.y = below + 5;
  doc.fillColor(ink).fontSize(10);
}

/** A label (with its small English twin) at `x`, returning the y below it. */
export function drawLabel(doc: Pdf, text: Label, x: number, y: number, width: number, size = 9.5): number {
  doc.fontSize(size).fillColor(ink).text(text.main, x, y, { width });
  if (text.sub) doc.fontSize(size * 0.72).fillColor(muted).text(text.sub, x, doc.y - 1, { width });
  doc.fillColor(ink);
  return doc.y;
}

/** "label   value" on one row; the value wraps in its column. */
export function labelValueRow(doc: Pdf, text: Label, value: string, opts: { labelWidth?: number; valueSize?: number } = {}): void {
  const labelWidth = opts.labelWidth ?? 150;
  const valueWidth = contentWidth(doc) - labelWidth;
  doc.fontSize(opts.valueSize ?? 10.5);
  ensureSpace(doc, Math.max(doc.heightOfString(value, { width: valueWidth }), 24));
  const y = doc.y;
  const labelBottom = drawLabel(doc, text, margin, y + 1, labelWidth - 8);
  doc.fontSize(opts.valueSize ?? 10.5).fillColor(ink).text(value, margin + labelWidth, y, { width: valueWidth });
  doc.x = margin;
  doc.y = Math.max(labelBottom, doc.y) + 3;
}

/** An empty square to tick, or a ticked one; (x, y) is its top-left corner. */
export function checkbox(doc: Pdf, x: number, y: number, checked = false, size = 9): void {
  doc.save().lineWidth(0.8).strokeColor(ink).rect(x, y, size, size).stroke();
  if (checked) {
    doc
      .lineWidth(1.4)
      .moveTo(x + size * 0.18, y + size * 0.52)
      .lineTo(x + size * 0.42, y + size * 0.78)
      .lineTo(x + size * 0.86, y + size * 0.2)
      .stroke();
  }
  doc.restore();
}

/** A checkbox followed by its (wrapping) text; `x` and `width` place it in a column, by default the page. */
export function checkItem(doc: Pdf, text: Label, opts: { checked?: boolean; x?: number; width?: number } = {}): void {
  const x = opts.x ?? margin;
  const textX = x + 16;
  const width = (opts.width ?? contentWidth(doc)) - 16;
  doc.fontSize(10);
  ensureSpace(doc, doc.heightOfString(text.main, { width }) + (text.sub ? 12 : 0));
  const y = doc.y;
  checkbox(doc, x, y + 3.5, opts.checked);
  doc.fontSize(10).fillColor(ink).text(text.main, textX, y, { width });
  if (text.sub) doc.fontSize(7.5).fillColor(muted).text(text.sub, textX, doc.y - 1, { width });
  doc.fillColor(ink);
  doc.x = margin;
  doc.y += 3;
}

/** Wall time at `instant` in `timeZone`, with the zone and its offset: "2026-11-25 16:30 (Asia/Shanghai, UTC+08:00)". */
export function localTime(instant: Date, timeZone: string): string {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  for (const p of format.formatToParts(instant)) parts[p.type] = p.value;
  const offset = (parts.timeZoneName ?? '').replace('GMT', 'UTC');
  const zone = timeZone === 'UTC' ? offset : `${timeZone}, ${offset}`;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${zone})`;
}
