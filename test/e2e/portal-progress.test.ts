import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Client, oliver, verifyAs } from '../support/harness.js';
import { T } from '../../web/portal/src/testids.js';
import { apiAs, e2eAvailable, goInApp, look, pdfPage1Png, pdfText, until, useStage, verifyInBrowser, waitAttr, waitPath, waitText, withPhone } from './helpers.js';

/*
 * Step 4 in the browser: a reviewer asks for information, the customer sees the paused clock and
 * the question on the progress page, answers with text and a document, and later withdraws.
 * Screenshots in test-output/e2e/progress.
 */

const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');
const oliverAcks = ['prepaid_credit_refund', 'binding_bank', 'port_out_option', 'backup_reminder'];

describe('progress in the portal: an information request answered with a document, then a withdrawal (pglite)', () => {
  const available = e2eAvailable();
  const stage = useStage('pglite', available);

  it.skipIf(!available)('shows the question and the paused clock, takes the reply with a scan, and withdraws on confirmation', async () => {
    const { h } = stage;
    // The application and the reviewer's question go through the API; the answer through the page.
    const applicant = new Client(h.base);
    await verifyAs(applicant, oliver);
    const applied = await applicant.post('/api/v1/cancellations', { msisdn: oliver.msisdn, reason: 'Moving abroad', acknowledgements: oliverAcks });
    expect(applied.status).toBe(201);
    const reference: string = applied.body.reference;
    const reviewer = new Client(h.base);
    await reviewer.loginStaff('reviewer');
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/assign`, {})).status).toBe(200);
    const question = 'Please upload a photo of the photo page of your passport.';
    expect((await reviewer.post(`/api/v1/staff/cases/${reference}/request-info`, { message: question })).status).toBe(200);

    await withPhone(stage, 'en-GB', async ({ page }) => {
      await page.goto('/progress');
      await waitPath(page, /^\/verify$/);
      await verifyInBrowser(page, h, oliver, { channel: 'sms' });
      await waitPath(page, new RegExp(`^/progress/${reference}$`));
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'awaiting_customer');
      await page.getByTestId(T.clockPaused).waitFor();
      await waitText(page.getByTestId(T.communications), new RegExp(question.slice(0, 30)));
      await look(page, 'progress', 'information-requested');

      // The "scan": the receipt's first page as a PNG, a real image the server checks by content.
      const customer = await apiAs(h, page);
      const receipt = await fetch(`${h.base}/api/v1/cancellations/${reference}/receipt.pdf`, { headers: { authorization: `Bearer ${customer.token}` } });
      const receiptPdf = Buffer.from(await receipt.arrayBuffer());
      expect(pdfText(receiptPdf)).toContain(reference);
      const scan = pdfPage1Png(receiptPdf);
      await page.getByTestId(T.replyText).fill('Here is the photo page of my passport.');
      await page.getByTestId(T.replyFiles).setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: scan });
      await page.getByTestId(T.replySubmit).click();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'in_review');
      await look(page, 'progress', 'replied');

      const view = (await customer.get(`/api/v1/cancellations/${reference}`)).body;
      expect(view.state).toBe('in_review');
      expect(view.paused).toBe(false);
      expect(view.documents.map((d: { name: string; sha256: string }) => [d.name, d.sha256])).toEqual([['passport.png', sha256(scan)]]);
      expect(view.communications.some((m: { direction: string; text: string }) => m.direction === 'in' && m.text.includes('passport'))).toBe(true);
      await waitText(page.getByTestId(T.documents), /passport\.png/);

      // Withdrawal asks first; cancelling the dialog changes nothing.
      await page.getByTestId(T.withdraw).click();
      const dialog = page.getByTestId(T.confirmDialog);
      await until(() => dialog.evaluate((d) => (d as HTMLDialogElement).open), (open) => open, 'the withdrawal dialog');
      await look(page, 'progress', 'withdraw-confirm');
      await page.getByTestId(T.dialogCancel).click();
      expect((await customer.get(`/api/v1/cancellations/${reference}`)).body.state).toBe('in_review');
      await page.getByTestId(T.withdraw).click();
      await page.getByTestId(T.withdrawConfirm).click();
      await waitAttr(page.getByTestId(T.caseState), 'data-state', 'withdrawn');
      await look(page, 'progress', 'withdrawn');
      expect((await customer.get(`/api/v1/lines/${encodeURIComponent(oliver.msisdn)}`)).body.openCase).toBeNull();
      expect(await page.getByTestId(T.withdraw).count()).toBe(0);

      // The account page offers to apply again.
      await goInApp(page, '/account');
      await waitText(page.getByTestId(T.lineStatus), /^Active$/);
    });
  }, 180_000);
});
