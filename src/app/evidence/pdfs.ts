import { auditActor, type AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { inspectLine } from '../lines/lines.js';
import { appendAudit } from '../../store/audit.js';
import { notFound } from '../../domain/errors.js';
import { findCase, type CaseRow } from '../../store/cases.js';
import { findLineById } from '../../store/lines.js';
import { receiptDigest, type ReceiptContent } from '../../domain/receipt.js';
import type { Language } from '../../domain/templates.js';

/** What a case's receipt holds: the snapshot frozen at submission, or for a case older than snapshots, its stored answers. */
function receiptContent(ctx: AppContext, c: CaseRow & { receipt?: ReceiptContent | null }, msisdn: string): ReceiptContent {
  if (c.receipt) return c.receipt;
  return {
    reference: c.reference, msisdn, channel: c.channel, language: c.language,
    submittedAt: c.submitted_at.toISOString(), timeZone: ctx.calendars.settings(c.region).timeZone,
    receivedOn: c.received_on, dueOn: c.due_on, dueProvisional: c.due_provisional,
    reason: c.reason, refund: c.refund, acknowledgements: c.acknowledgements, precheck: [],
  };
}

/**
 * Rendering a receipt costs tens of milliseconds of CPU (pdfkit subsets the CJK font; it runs on
 * ctx.pdf's worker threads, off the event loop), and a customer may press "download" many times:
 * the last receipts made are kept, keyed by case and state (the only part of a receipt that
 * changes after submission).
 */
const recentReceipts = new Map<string, Promise<Buffer>>();
const recentReceiptsMax = 100;

function rememberReceipt(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const hit = recentReceipts.get(key);
  if (hit) {
    recentReceipts.delete(key);
    recentReceipts.set(key, hit);
    return hit;
  }
  const pdf = make();
  recentReceipts.set(key, pdf);
  pdf.catch(() => recentReceipts.delete(key));
  if (recentReceipts.size > recentReceiptsMax) recentReceipts.delete(recentReceipts.keys().next().value!);
  return pdf;
}

/** The receipt of the customer's own case as a PDF, with the SHA-256 of what was submitted. */
export async function caseReceiptPdf(ctx: AppContext, subscriberId: number, reference: string) {
  const { content, state } = await inTransaction(ctx, async (tx) => {
    const c = await findCase(tx, reference);
    if (!c || c.subscriber_id !== subscriberId) throw notFound('case_not_found', 'No cancellation case with this reference was found for you.');
    const line = (await findLineById(tx, c.line_id))!;
    return { content: receiptContent(ctx, c, line.msisdn), state: c.state };
  });
  const pdf = await rememberReceipt(`${ctx.config.dataDir}|${reference}|${state}`, () => ctx.pdf.renderReceipt(content, { generatedAt: ctx.clock.now(), state }));
  return { pdf, sha256: receiptDigest(content), fileName: `${reference}.pdf` };
}

/**
 * Blank forms are the same for everyone, and anyone may ask for one: each is made once an hour
 * per language and region, so a stream of anonymous downloads cannot keep the CPU on pdfkit.
 */
const blankForms = new Map<string, { madeAt: number; pdf: Promise<Buffer> }>();
const blankFormLifetimeMs = 60 * 60 * 1000;

/**
 * The application form, blank, or filled in for the verified holder of `msisdn`. The filled-in
 * form carries the holder's whole name and ID number, so handing it out is audited.
 */
export async function applicationFormPdf(ctx: AppContext, language: Language, region: string, holder?: { subscriberId: number; msisdn: string }) {
  const now = ctx.clock.now();
  const settings = ctx.calendars.settings(region);
  const base = { language, generatedAt: now, hotline: settings.hotline.number, timeZone: settings.timeZone };
  if (!holder) {
    const key = `${language}|${region}`;
    const cached = blankForms.get(key);
    if (cached && now.getTime() - cached.madeAt < blankFormLifetimeMs && now.getTime() >= cached.madeAt) return cached.pdf;
    const pdf = ctx.pdf.renderApplicationForm(base);
    blankForms.set(key, { madeAt: now.getTime(), pdf });
    pdf.catch(() => blankForms.delete(key));
    return pdf;
  }
  const prefill = await inTransaction(ctx, async (tx) => {
    const { line, subscriber, bindings } = await inspectLine(ctx, tx, holder.msisdn, holder.subscriberId, now);
    await appendAudit(tx, now, { actor: auditActor({ kind: 'customer', subscriberId: subscriber.id }), action: 'form.downloaded', subject: line.msisdn, data: { prefilled: true, language } });
    return {
      settings: ctx.calendars.settings(subscriber.region),
      fields: {
        msisdn: line.msisdn, name: subscriber.legal_name, idType: subscriber.id_type, idNumber: subscriber.id_number, email: subscriber.email,
        region: subscriber.region, simType: line.sim_type, plan: line.plan, bindings,
      },
    };
  });
  return ctx.pdf.renderApplicationForm({ ...base, hotline: prefill.settings.hotline.number, timeZone: prefill.settings.timeZone, prefill: prefill.fields });
}
