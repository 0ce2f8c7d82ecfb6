import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { applyForCancellation } from '../../app/cases/apply.js';
import { customerCaseByToken } from '../../app/cases/customer-case-view.js';
import { declareBinding, getLineStatus, getPrecheck, listMyLines } from '../../app/lines/lines.js';
import { liftSuspension, suspendLine } from '../../app/lines/suspension.js';
import { restoreNumber } from '../../app/lines/restore.js';
import { requestCallback } from '../../app/hotline/callbacks.js';
import { addCaseDocuments, withStaged } from '../../app/evidence/documents.js';
import { applicationFormPdf, caseReceiptPdf } from '../../app/evidence/pdfs.js';
import { bindingKinds } from '../../domain/precheck.js';
import { invalid } from '../../domain/errors.js';
import { multipartBody } from '../multipart.js';
import { replyToInformationRequest, withdrawCase } from '../../app/cases/review.js';
import { confirmVerification, startVerification, tokenVerifiedAt } from '../../app/identity/verify.js';
import { bearerToken, checkedInRead, customerSecurity } from '../auth.js';
import { heldAnswerSerializerCompiler } from '../fast-serializer.js';
import { applicationBody, blankAsMissing, freeText, identityNumber, idempotencyHeaders, msisdn, reference } from '../schemas.js';
import { binaryAnswer } from '../responses/common.js';
import { customerToken, verificationStarted } from '../responses/identity.js';
import { lineList, lineView, precheck } from '../responses/lines.js';
import { applicationReceipt, caseStep, customerCase, customerReplied, documentsAdded } from '../responses/cases.js';
import { callbackRequested } from '../responses/hotline.js';

const pdfAnswer = (description: string) => binaryAnswer(description, ['application/pdf']);

/** A PDF for the customer to keep: personal, so never cached on the way. */
function sendPdf(reply: FastifyReply, pdf: Buffer, fileName: string, disposition: 'inline' | 'attachment' = 'attachment') {
  return reply
    .type('application/pdf')
    .header('cache-control', 'no-store')
    .header('content-disposition', `${disposition}; filename="${fileName}"`)
    .send(pdf);
}

export function customerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post('/verifications', {
    schema: {
      tags: ['customer'],
      summary: 'Check the details and send a 6-digit one-time code',
      body: z.strictObject({
        msisdn,
        name: freeText(200),
        idNumber: identityNumber,
        email: z.email().max(254),
        channel: z.enum(['sms', 'email']).optional(),
      }),
      response: { 202: verificationStarted },
    },
  }, async (req, reply) => reply.status(202).send(await startVerification(ctx, req.body, req.ip)));

  r.post('/verifications/:id/confirm', {
    schema: {
      tags: ['customer'],
      summary: 'Exchange the one-time code for a bearer token',
      params: z.object({ id: z.uuid() }),
      body: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'the code has 6 digits') }),
      response: { 200: customerToken },
    },
  }, async (req) => confirmVerification(ctx, req.params.id, req.body.code, req.ip));

  r.get('/lines', {
    schema: { tags: ['customer'], summary: 'Every line registered to the verified person', security: customerSecurity, response: { 200: lineList } },
  }, async (req) => listMyLines(ctx, req.subscriberId));

  r.put('/lines/:msisdn/bindings/:kind', {
    schema: {
      tags: ['customer'],
      summary: 'Declare a third-party binding removed (or still there)',
      params: z.object({ msisdn, kind: z.enum(bindingKinds) }),
      body: z.strictObject({ state: z.enum(['bound', 'unbound']) }),
      security: customerSecurity,
      response: { 200: lineView },
    },
  }, async (req) => declareBinding(ctx, req.subscriberId, req.params.msisdn, req.params.kind, req.body.state));

  r.post('/callbacks', {
    schema: {
      tags: ['customer'],
      summary: 'Ask the hotline to call back',
      body: z.strictObject({
        msisdn,
        phone: msisdn.optional(),
        preferredTime: blankAsMissing(freeText(100).optional()),
        note: blankAsMissing(freeText(500).optional()),
      }),
      security: customerSecurity,
      response: { 201: callbackRequested.describe('A new request'), 200: callbackRequested.describe('The request already waiting for the line') },
    },
  }, async (req, reply) => {
    const result = await requestCallback(ctx, req.subscriberId, req.body);
    ctx.wakeWorker();
    return reply.status(result.created ? 201 : 200).send(result.body);
  });

  r.get('/forms/cancellation.pdf', {
    schema: {
      tags: ['customer'],
      summary: 'The application form as a PDF: blank, or with a token and msisdn filled in for the holder',
      querystring: z.object({
        lang: blankAsMissing(z.enum(['zh-CN', 'en']).default('zh-CN')),
        msisdn: blankAsMissing(msisdn.optional()),
        region: blankAsMissing(z.string().regex(/^[A-Z]{2}$/, 'a two-letter region code such as CN or GB').optional()),
      }),
      security: [{}, { bearer: [] }],
      response: { 200: pdfAnswer('The application form') },
    },
  }, async (req, reply) => {
    const { lang, msisdn: number, region } = req.query;
    if (number !== undefined && !req.subscriberId) throw invalid('token_required', 'A filled-in form needs the token from verification; leave out msisdn for a blank one.');
    const holder = number !== undefined ? { subscriberId: req.subscriberId, msisdn: number } : undefined;
    const pdf = await applicationFormPdf(ctx, lang, region ?? (lang === 'en' ? 'GB' : 'CN'), holder);
    return sendPdf(reply, pdf, lang === 'en' ? 'cancellation-form.pdf' : 'cancellation-form-zh.pdf');
  });

  r.get('/lines/:msisdn', {
    schema: { tags: ['customer'], summary: 'Line and account status', params: z.object({ msisdn }), security: customerSecurity, response: { 200: lineView } },
  }, async (req) => getLineStatus(ctx, req.params.msisdn, req.subscriberId));

  r.get('/lines/:msisdn/precheck', {
    schema: { tags: ['customer'], summary: 'The checklist before cancelling', params: z.object({ msisdn }), security: customerSecurity, response: { 200: precheck } },
  }, async (req) => getPrecheck(ctx, req.params.msisdn, req.subscriberId));

  r.post('/lines/:msisdn/suspension', {
    schema: {
      tags: ['customer'],
      summary: 'Bar the line at once (lost or stolen)',
      params: z.object({ msisdn }),
      security: customerSecurity,
      response: { 201: lineView.describe('Barred now'), 200: lineView.describe('It was barred already') },
    },
  }, async (req, reply) => {
    const subscriberId = req.subscriberId;
    const result = await suspendLine(ctx, req.params.msisdn, { actor: { kind: 'customer', subscriberId }, subscriberId });
    return reply.status(result.changed ? 201 : 200).send(result.line);
  });

  r.delete('/lines/:msisdn/suspension', {
    schema: {
      tags: ['customer'],
      summary: 'Lift the bar (the phone was found); needs a verification made after the line was barred',
      description: 'A token from before the bar answers 401 `reverification_required`: it may sit on the lost phone. The network follows within seconds.',
      params: z.object({ msisdn }),
      security: customerSecurity,
      response: { 200: lineView.describe('The line, active again (or already active)') },
    },
  }, async (req) => {
    const subscriberId = req.subscriberId;
    const verifiedAt = await tokenVerifiedAt(ctx, bearerToken(req));
    const result = await liftSuspension(ctx, req.params.msisdn, { actor: { kind: 'customer', subscriberId }, subscriberId, ...(verifiedAt ? { verifiedAt } : {}) });
    return result.line;
  });

  r.post('/lines/:msisdn/restore', {
    schema: {
      tags: ['customer'],
      summary: 'Undo a completed cancellation while the number rests in quarantine, within the region\'s undo window (line.undoUntil)',
      description: 'Needs a verification made after the cancellation completed (else 401 `reverification_required`); outside the window, or for an eSIM, 409 `line_not_restorable`. The network follows within seconds.',
      params: z.object({ msisdn }),
      security: customerSecurity,
      response: { 200: lineView.describe('The line, active again') },
    },
  }, async (req) => {
    const subscriberId = req.subscriberId;
    const verifiedAt = await tokenVerifiedAt(ctx, bearerToken(req));
    return restoreNumber(ctx, req.params.msisdn, { actor: { kind: 'customer', subscriberId }, subscriberId, ...(verifiedAt ? { verifiedAt } : {}) });
  });

  r.post('/cancellations', {
    schema: {
      tags: ['customer'],
      summary: 'Apply to cancel a line',
      description: 'JSON applies on the web. multipart/form-data with the signed application form in the file field "form" (PDF, JPEG or PNG, up to 10 MB) and the same fields applies with channel form.',
      consumes: ['application/json', 'multipart/form-data'],
      headers: idempotencyHeaders,
      body: applicationBody,
      security: customerSecurity,
      response: { 201: applicationReceipt },
    },
    preValidation: multipartBody(['form'], ['acknowledgements']),
  }, async (req, reply) => {
    const subscriberId = req.subscriberId;
    const who = { actor: { kind: 'customer' as const, subscriberId }, subscriberId };
    const forms = req.uploads.filter((u) => u.field === 'form');
    if (req.isMultipart() && forms.length === 0) throw invalid('form_required', 'Attach the signed application form in the file field "form".');
    const result = forms.length === 0
      ? await applyForCancellation(ctx, who, { ...req.body, channel: 'web' }, req.headers['idempotency-key'])
      // A replay answers with the first application; its form is on record already and this copy is dropped.
      : await withStaged(ctx, forms, (staged) => applyForCancellation(ctx, who, { ...req.body, channel: 'form' }, req.headers['idempotency-key'], staged));
    ctx.wakeWorker();
    if (result.replayed) reply.header('idempotency-replayed', 'true');
    return reply.status(result.status).header('location', `/api/v1/cancellations/${result.body.reference}`).send(result.body);
  });

  r.get('/cancellations/:reference', {
    schema: { tags: ['customer'], summary: 'Progress of a case', params: z.object({ reference }), security: customerSecurity, response: { 200: customerCase } },
    // One statement checks the token and reads the case (see registerAuth).
    ...checkedInRead(ctx, 'token'),
    serializerCompiler: heldAnswerSerializerCompiler,
  }, async (req) => {
    const { subscriberId, view } = await customerCaseByToken(ctx, bearerToken(req), req.params.reference);
    req.subscriberId = subscriberId;
    return view;
  });

  r.post('/cancellations/:reference/replies', {
    schema: {
      tags: ['customer'],
      summary: 'Answer an information request',
      params: z.object({ reference }),
      body: z.strictObject({ text: freeText(4000) }),
      security: customerSecurity,
      response: { 200: customerReplied },
    },
  }, async (req) => {
    const result = await replyToInformationRequest(ctx, req.subscriberId, req.params.reference, req.body.text);
    ctx.wakeWorker();
    return result;
  });

  r.get('/cancellations/:reference/receipt.pdf', {
    schema: {
      tags: ['customer'],
      summary: 'The receipt of an application as a PDF, with the SHA-256 of what was submitted',
      params: z.object({ reference }),
      security: customerSecurity,
      response: { 200: pdfAnswer('The receipt; the X-Receipt-SHA256 header repeats the figure it prints') },
    },
  }, async (req, reply) => {
    const receipt = await caseReceiptPdf(ctx, req.subscriberId, req.params.reference);
    reply.header('x-receipt-sha256', receipt.sha256);
    return sendPdf(reply, receipt.pdf, receipt.fileName);
  });

  r.post('/cancellations/:reference/documents', {
    schema: {
      tags: ['customer'],
      summary: 'Add documents to an open case (multipart/form-data, files in the field "file": PDF, JPEG or PNG, up to 10 MB each)',
      consumes: ['multipart/form-data'],
      params: z.object({ reference }),
      security: customerSecurity,
      response: { 201: documentsAdded },
    },
    preValidation: multipartBody(['file']),
  }, async (req, reply) => {
    if (!req.isMultipart()) throw invalid('multipart_required', 'Send the documents as multipart/form-data in the field "file".');
    const result = await addCaseDocuments(ctx, req.subscriberId, req.params.reference, req.uploads);
    return reply.status(201).send(result);
  });

  r.post('/cancellations/:reference/withdraw', {
    schema: { tags: ['customer'], summary: 'Withdraw before approval', params: z.object({ reference }), security: customerSecurity, response: { 200: caseStep } },
  }, async (req) => {
    const subscriberId = req.subscriberId;
    const result = await withdrawCase(ctx, { kind: 'customer', subscriberId }, subscriberId, req.params.reference);
    ctx.wakeWorker();
    return result;
  });
}
