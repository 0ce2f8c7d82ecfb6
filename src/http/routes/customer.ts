import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { applyForCancellation } from '../../app/apply.js';
import { customerCaseView } from '../../app/case-view.js';
import { getLineStatus, getPrecheck, suspendLine } from '../../app/lines.js';
import { replyToInformationRequest, withdrawCase } from '../../app/review.js';
import { confirmVerification, startVerification } from '../../app/verify.js';
import { customerSecurity } from '../auth.js';
import { applicationBody, freeText, identityNumber, idempotencyHeaders, msisdn, reference } from '../schemas.js';

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
    },
  }, async (req, reply) => reply.status(202).send(await startVerification(ctx, req.body, req.ip)));

  r.post('/verifications/:id/confirm', {
    schema: {
      tags: ['customer'],
      summary: 'Exchange the one-time code for a bearer token',
      params: z.object({ id: z.uuid() }),
      body: z.strictObject({ code: z.string().regex(/^\d{6}$/, 'the code has 6 digits') }),
    },
  }, async (req) => confirmVerification(ctx, req.params.id, req.body.code, req.ip));

  r.get('/lines/:msisdn', {
    schema: { tags: ['customer'], summary: 'Line and account status', params: z.object({ msisdn }), security: customerSecurity },
  }, async (req) => getLineStatus(ctx, req.params.msisdn, req.subscriberId));

  r.get('/lines/:msisdn/precheck', {
    schema: { tags: ['customer'], summary: 'The checklist before cancelling', params: z.object({ msisdn }), security: customerSecurity },
  }, async (req) => getPrecheck(ctx, req.params.msisdn, req.subscriberId));

  r.post('/lines/:msisdn/suspension', {
    schema: { tags: ['customer'], summary: 'Bar the line at once (lost or stolen)', params: z.object({ msisdn }), security: customerSecurity },
  }, async (req, reply) => {
    const subscriberId = req.subscriberId;
    const result = await suspendLine(ctx, req.params.msisdn, { actor: { kind: 'customer', subscriberId }, subscriberId });
    return reply.status(result.changed ? 201 : 200).send(result.line);
  });

  r.post('/cancellations', {
    schema: {
      tags: ['customer'],
      summary: 'Apply to cancel a line',
      headers: idempotencyHeaders,
      body: applicationBody,
      security: customerSecurity,
    },
  }, async (req, reply) => {
    const subscriberId = req.subscriberId;
    const result = await applyForCancellation(
      ctx,
      { actor: { kind: 'customer', subscriberId }, subscriberId },
      { ...req.body, channel: 'web' },
      req.headers['idempotency-key'],
    );
    ctx.wakeWorker();
    if (result.replayed) reply.header('idempotency-replayed', 'true');
    return reply.status(result.status).header('location', `/api/v1/cancellations/${result.body.reference}`).send(result.body);
  });

  r.get('/cancellations/:reference', {
    schema: { tags: ['customer'], summary: 'Progress of a case', params: z.object({ reference }), security: customerSecurity },
  }, async (req) => customerCaseView(ctx, req.params.reference, req.subscriberId));

  r.post('/cancellations/:reference/replies', {
    schema: {
      tags: ['customer'],
      summary: 'Answer an information request',
      params: z.object({ reference }),
      body: z.strictObject({ text: freeText(4000) }),
      security: customerSecurity,
    },
  }, async (req) => {
    const result = await replyToInformationRequest(ctx, req.subscriberId, req.params.reference, req.body.text);
    ctx.wakeWorker();
    return result;
  });

  r.post('/cancellations/:reference/withdraw', {
    schema: { tags: ['customer'], summary: 'Withdraw before approval', params: z.object({ reference }), security: customerSecurity },
  }, async (req) => {
    const subscriberId = req.subscriberId;
    const result = await withdrawCase(ctx, { kind: 'customer', subscriberId }, subscriberId, req.params.reference);
    ctx.wakeWorker();
    return result;
  });
}
