import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PdfPool, PdfPoolClosedError, PdfRenderError, PdfWorkerError } from '../../src/pdf/pool.js';
import { renderApplicationForm, renderReceipt, type ApplicationFormInput, type ReceiptContent } from '../../src/pdf/index.js';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, oliver, startHarness, verifyAs, zhangWei, type Harness } from '../support/harness.js';

/*
 * Receipts and forms are rendered on worker threads (src/pdf/pool.ts) so that pdfkit's CPU time
 * does not hold up other requests. The bytes must be exactly those of rendering in-process (a
 * receipt is evidence), a dead worker must fail only its own render and be replaced, closing
 * must leave nothing running, and from outside, status reads keep answering while PDFs are made.
 */

const generatedAt = new Date('2026-11-25T09:20:00Z');

const receipt: ReceiptContent = {
  reference: 'LC-2026-0000042-3',
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
  acknowledgements: ['prepaid_credit_refund', 'binding_alipay', 'backup_reminder'],
  precheck: [
    { code: 'prepaid_credit_refund', kind: 'advisory', amountMinor: 3650, currency: 'CNY' },
    { code: 'binding_alipay', kind: 'advisory' },
    { code: 'backup_reminder', kind: 'advisory' },
  ],
  documents: [{ name: 'signed-form.pdf', sha256: 'ab'.repeat(32), size: 482113 }],
};

const prefilledForm: ApplicationFormInput = {
  language: 'zh-CN',
  generatedAt,
  hotline: '10086',
  timeZone: 'Asia/Shanghai',
  prefill: {
    msisdn: '+8613800138000', name: '张伟', idType: 'cn_resident_id', idNumber: '11010519491231002X', email: 'zhang.wei@example.com',
    region: 'CN', simType: 'physical', plan: 'prepaid', bindings: [{ kind: 'alipay', state: 'bound' }],
  },
};

/** Worker threads and their message ports the process holds (what would keep it from exiting). */
const threadHandles = () => process.getActiveResourcesInfo().filter((r) => /worker|messageport/i.test(r)).length;

describe('the PDF pool', () => {
  let pool: PdfPool;
  let handlesBefore: number;
  beforeAll(() => {
    handlesBefore = threadHandles();
    pool = new PdfPool({ size: 2 });
  });
  afterAll(async () => pool?.close());

  it('renders the same bytes as rendering in-process', async () => {
    const [inPool, inProcess] = [await pool.renderReceipt(receipt, { generatedAt, state: 'submitted' }), await renderReceipt(receipt, { generatedAt, state: 'submitted' })];
    expect(inPool.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(inPool.equals(inProcess)).toBe(true);
    expect((await pool.renderApplicationForm(prefilledForm)).equals(await renderApplicationForm(prefilledForm))).toBe(true);
    const blank: ApplicationFormInput = { language: 'en', generatedAt, hotline: '+44 20 7946 0000' };
    expect((await pool.renderApplicationForm(blank)).equals(await renderApplicationForm(blank))).toBe(true);
  });

  it('renders at the lowest priority, so any other thread that wakes goes first (SCHED_IDLE on Linux)', async () => {
    await pool.renderReceipt(receipt, { generatedAt });
    // /proc/self/task/TID/stat: field 41 is the scheduling policy (5 = SCHED_IDLE), 19 the nice value.
    const threads = fs.readdirSync('/proc/self/task').map((tid) => {
      const fields = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return { tid: Number(tid), policy: Number(fields[38]), nice: Number(fields[16]) };
    });
    const main = threads.find((t) => t.tid === process.pid)!;
    expect(main.policy).toBe(0);
    const renderers = threads.filter((t) => t.policy === 5);
    expect(renderers.length).toBeGreaterThanOrEqual(1);
    for (const r of renderers) expect(r.nice).toBeGreaterThan(main.nice);
  });

  it('renders several at once, each with its own answer', async () => {
    const inputs = Array.from({ length: 8 }, (_, i) => ({ ...receipt, reference: `LC-2026-00001${String(i).padStart(2, '0')}-0`, reason: `原因 ${i}` }));
    const pdfs = await Promise.all(inputs.map((c) => pool.renderReceipt(c, { generatedAt })));
    for (const [i, pdf] of pdfs.entries()) expect(pdf.equals(await renderReceipt(inputs[i]!, { generatedAt }))).toBe(true);
    expect(pool.workers().length).toBeLessThanOrEqual(2);
  });

  it('fails a render that throws with a typed error, and goes on rendering', async () => {
    const broken = { ...receipt, acknowledgements: null } as unknown as ReceiptContent;
    await expect(pool.renderReceipt(broken, { generatedAt })).rejects.toBeInstanceOf(PdfRenderError);
    expect((await pool.renderReceipt(receipt, { generatedAt })).length).toBeGreaterThan(1000);
  });

  it('replaces a worker that dies mid-render; only that render fails', async () => {
    await pool.renderReceipt(receipt, { generatedAt }); // a worker is up
    const startedBefore = pool.started;
    // The expectation is attached before the crash: the render may fail before terminate() returns.
    const victimFails = expect(pool.renderReceipt({ ...receipt, reason: '中途' }, { generatedAt })).rejects.toBeInstanceOf(PdfWorkerError);
    const busy = pool.workers();
    // Every live worker is stopped while the render is in one of them: a crash, from the pool's side.
    await Promise.all(busy.map((w) => w.terminate()));
    await victimFails;
    const next = await pool.renderReceipt(receipt, { generatedAt });
    expect(next.equals(await renderReceipt(receipt, { generatedAt }))).toBe(true);
    expect(pool.started).toBeGreaterThan(startedBefore);
  });

  it('closes without leaving a thread behind, and refuses renders afterwards', async () => {
    const pending = Promise.allSettled(Array.from({ length: 4 }, () => pool.renderReceipt(receipt, { generatedAt })));
    await pool.close();
    // Each one either made it before the close or was failed by it; none is left hanging.
    for (const r of await pending) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(PdfPoolClosedError);
    expect(pool.workers()).toEqual([]);
    await expect(pool.renderReceipt(receipt, { generatedAt })).rejects.toBeInstanceOf(PdfPoolClosedError);
    // Worker exit is reported asynchronously; give the handles a moment to go.
    for (let i = 0; i < 50 && threadHandles() > handlesBefore; i++) await new Promise((r) => setTimeout(r, 20));
    expect(threadHandles()).toBeLessThanOrEqual(handlesBefore);
  });
});

describe.each(testDatabases)('receipts off the event loop (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  beforeAll(async () => {
    if (available) h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
  });
  afterAll(async () => h?.close());

  it.skipIf(!available)('keeps answering status reads while receipts and forms are fetched in a loop', async () => {
    const customers = [zhangWei, oliver];
    const cases: { c: Client; msisdn: string; reference: string }[] = [];
    for (const who of customers) {
      const c = new Client(h.base);
      await verifyAs(c, who);
      const pre = await c.get(`/api/v1/lines/${encodeURIComponent(who.msisdn)}/precheck`);
      const acks = pre.body.items.filter((i: { kind: string }) => i.kind === 'advisory').map((i: { code: string }) => i.code);
      const applied = await c.post('/api/v1/cancellations', { msisdn: who.msisdn, reason: 'pdf pool', acknowledgements: acks });
      expect(applied.status).toBe(201);
      cases.push({ c, msisdn: who.msisdn, reference: applied.body.reference });
    }

    // The receipt through HTTP is byte for byte the one rendered here from the stored content.
    const first = cases[0]!;
    const res = await fetch(`${h.base}/api/v1/cancellations/${first.reference}/receipt.pdf`, { headers: { authorization: `Bearer ${first.c.token}` } });
    expect(res.status).toBe(200);
    const [stored] = await h.runtime.ctx.db.query<{ receipt: ReceiptContent; state: string }>('SELECT receipt, state FROM cases WHERE reference = $1', [first.reference]);
    expect(Buffer.from(await res.arrayBuffer()).equals(await renderReceipt(stored!.receipt, { generatedAt: h.clock.now(), state: stored!.state }))).toBe(true);

    // Filled-in forms are made afresh on every request (receipts are kept once made), so the loop renders.
    let fetching = true;
    const pdfAnswers: number[] = [];
    const fetchers = cases.map(async ({ c, msisdn, reference }, i) => {
      for (let n = 0; fetching || n < 3; n++) {
        const url = n % 2 === i % 2 ? `/api/v1/forms/cancellation.pdf?msisdn=${encodeURIComponent(msisdn)}` : `/api/v1/cancellations/${reference}/receipt.pdf`;
        const r = await fetch(h.base + url, { headers: { authorization: `Bearer ${c.token}` } });
        await r.arrayBuffer();
        pdfAnswers.push(r.status);
      }
    });
    const reads: number[] = [];
    for (let n = 0; n < 40; n++) {
      const { c, reference } = cases[n % cases.length]!;
      const r = await c.get(`/api/v1/cancellations/${reference}`);
      reads.push(r.status);
      expect(r.body.reference).toBe(reference);
    }
    fetching = false;
    await Promise.all(fetchers);
    expect(reads.every((s) => s === 200)).toBe(true);
    expect(pdfAnswers.length).toBeGreaterThanOrEqual(6);
    expect(pdfAnswers.every((s) => s === 200)).toBe(true);
  });
});
