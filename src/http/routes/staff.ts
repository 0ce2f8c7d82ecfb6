import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { applyForCancellation } from '../../app/cases/apply.js';
import { staffCaseView } from '../../app/cases/case-view.js';
import { queueLimits, staffQueueBySession } from '../../app/cases/review-queue.js';
import { addNote, approveCase, assignCase, rejectCase, requestInformation } from '../../app/cases/review.js';
import { confirmRefundPaid } from '../../app/cases/refund-paid.js';
import { staffReadDocument } from '../../app/evidence/documents.js';
import { listAssignees } from '../../app/staff/auth.js';
import { requirePermission } from '../../app/staff/permission.js';
import { caseStates } from '../../domain/case-machine.js';
import { caseChannels } from '../../domain/channels.js';
import { documentTypes, extensionOf } from '../../domain/documents.js';
import { rejectTemplates, requestInfoTemplates } from '../../domain/reason-templates.js';
import { pauseReasons } from '../../domain/sla.js';
import { checkedInRead, sessionCookie, staffSecurity } from '../auth.js';
import { binaryAnswer } from '../responses/common.js';
import { applicationReceipt, assignees, caseAssigned, caseStep, informationRequested, queue, reasonTemplates, refundPaid, staffCase } from '../responses/cases.js';
import { applicationBody, blankAsMissing, freeText, idempotencyHeaders, plainString, reference, regionCode } from '../schemas.js';
import { auditRoutes } from './audit.js';
import { staffAccountRoutes } from './staff-accounts.js';
import { heldAnswerSerializerCompiler } from '../fast-serializer.js';

/** The channels staff may open a case through by hand (api and bulk come from other systems). */
const channelsByHand = ['hotline', 'form', 'email', 'sms', 'web'] as const;

/** The staff's routes: their session and accounts, the cases they work, the audit trail. */
export function staffRoutes(app: FastifyInstance, ctx: AppContext) {
  staffAccountRoutes(app, ctx);
  staffCaseRoutes(app, ctx);
  auditRoutes(app, ctx);
}

/** The review desk: the queue, a case, its documents and every step a reviewer takes (docs/console-api.md, "Cases"). */
function staffCaseRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;
  const refParams = z.object({ reference });

  r.get('/staff/cases', {
    schema: {
      tags: ['staff'],
      summary: 'Cases, by due day by default, with their SLA badge',
      querystring: z.object({
        state: blankAsMissing(z.enum([...caseStates, 'undecided']).optional().describe('A state, or `undecided`: submitted, in_review and awaiting_customer')),
        region: blankAsMissing(regionCode.optional()),
        channel: blankAsMissing(z.enum(caseChannels).optional()),
        sla: blankAsMissing(z.enum(['on_track', 'due_soon', 'overdue', 'paused']).optional()),
        sort: blankAsMissing(z.enum(['due', 'submitted']).default('due')),
        limit: blankAsMissing(z.coerce.number().int().min(1).max(queueLimits.max).default(queueLimits.default).describe('Rows in the answer (the most urgent first)')),
      }),
      security: staffSecurity,
      response: { 200: queue },
    },
    // One statement checks the session and reads the queue (see registerAuth).
    ...checkedInRead(ctx, 'session'),
    serializerCompiler: heldAnswerSerializerCompiler,
  }, async (req) => {
    const { actor, view } = await staffQueueBySession(ctx, req.cookies[sessionCookie]!, req.query);
    req.staff = actor;
    return view;
  });

  r.get('/staff/cases/:reference', {
    schema: {
      tags: ['staff'],
      summary: 'Everything about a case',
      description: "The subscriber's name, ID number and e-mail come masked; `?reveal=true` shows them whole, and the audit trail records who revealed them.",
      params: refParams,
      querystring: z.object({ reveal: blankAsMissing(z.enum(['true', 'false']).default('false')) }),
      security: staffSecurity,
      response: { 200: staffCase },
    },
  }, async (req) => {
    requirePermission(staff(req), 'case.read');
    return staffCaseView(ctx, staff(req), req.params.reference, req.query.reveal === 'true');
  });

  r.get('/staff/cases/:reference/documents/:id', {
    schema: {
      tags: ['staff'],
      summary: 'A document of a case (the signed form, a photo): its bytes, checked against the SHA-256 recorded at upload',
      params: refParams.extend({ id: z.uuid() }),
      security: staffSecurity,
      response: { 200: binaryAnswer('The document; X-Document-SHA256 carries the SHA-256 it was checked against', documentTypes) },
    },
  }, async (req, reply) => {
    requirePermission(staff(req), 'case.read');
    const doc = await staffReadDocument(ctx, staff(req), req.params.reference, req.params.id);
    return reply
      .type(doc.contentType)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .header('x-document-sha256', doc.sha256)
      .header('content-disposition', `inline; filename="document.${extensionOf[doc.contentType]}"; filename*=UTF-8''${encodeURIComponent(doc.name)}`)
      .send(doc.bytes);
  });

  r.post('/staff/cases', {
    schema: {
      tags: ['staff'],
      summary: "Open a case on a verified caller's behalf",
      headers: idempotencyHeaders,
      body: applicationBody.extend({
        channel: z.enum(channelsByHand).default('hotline'),
        callId: z.uuid().optional().describe('The hotline call in which the caller was verified; the case is linked to it'),
      }),
      security: staffSecurity,
      response: { 201: applicationReceipt },
    },
  }, async (req, reply) => {
    const actor = staff(req);
    requirePermission(actor, 'case.open');
    const { callId, ...application } = req.body;
    const result = await applyForCancellation(ctx, { actor, subscriberId: null, callId }, application, req.headers['idempotency-key']);
    ctx.wakeWorker();
    if (result.replayed) reply.header('idempotency-replayed', 'true');
    return reply.status(result.status).send(result.body);
  });

  r.post('/staff/cases/:reference/assign', {
    schema: { tags: ['staff'], summary: 'Take a case (or, as supervisor, give it to someone)', params: refParams, body: z.strictObject({ to: plainString(64).min(1).optional() }).default({}), security: staffSecurity, response: { 200: caseAssigned } },
  }, async (req) => assignCase(ctx, staff(req), req.params.reference, req.body.to));

  r.post('/staff/cases/:reference/request-info', {
    schema: { tags: ['staff'], summary: 'Ask the customer for information (pauses the clock)', params: refParams, body: z.strictObject({ message: freeText(2000), reason: z.enum(pauseReasons).default('other').describe('Why the clock is paused') }), security: staffSecurity, response: { 200: informationRequested } },
  }, async (req) => {
    const result = await requestInformation(ctx, staff(req), req.params.reference, req.body.message, req.body.reason);
    ctx.wakeWorker();
    return result;
  });

  r.post('/staff/cases/:reference/approve', {
    schema: {
      tags: ['staff'],
      summary: 'Approve; the line is then taken off the network',
      description: 'A supervisor may approve despite blocking pre-check items by giving `overrideReason` (at least 20 characters, kept in the history and the audit trail).',
      params: refParams,
      body: z.strictObject({ note: freeText(2000).optional(), overrideReason: freeText(2000).min(20, 'explain the override in at least 20 characters').optional() }).default({}),
      security: staffSecurity,
      response: { 200: caseStep },
    },
  }, async (req) => {
    const result = await approveCase(ctx, staff(req), req.params.reference, req.body.note, req.body.overrideReason);
    ctx.wakeWorker();
    return result;
  });

  r.post('/staff/cases/:reference/reject', {
    schema: { tags: ['staff'], summary: 'Reject with a reason the customer will read', params: refParams, body: z.strictObject({ reason: freeText(2000) }), security: staffSecurity, response: { 200: caseStep } },
  }, async (req) => {
    const result = await rejectCase(ctx, staff(req), req.params.reference, req.body.reason);
    ctx.wakeWorker();
    return result;
  });

  r.get('/staff/assignees', {
    schema: { tags: ['staff'], summary: 'Who a supervisor may give a case to (enabled reviewers and supervisors)', security: staffSecurity, response: { 200: assignees } },
  }, async (req) => ({ items: await listAssignees(ctx, staff(req)) }));

  r.get('/staff/reason-templates', {
    schema: { tags: ['staff'], summary: 'Wording to start from when asking for information or rejecting, in both languages', security: staffSecurity, response: { 200: reasonTemplates } },
  }, async (req) => {
    requirePermission(staff(req), 'case.read');
    return { requestInfo: requestInfoTemplates, reject: rejectTemplates };
  });

  r.post('/staff/cases/:reference/note', {
    schema: { tags: ['staff'], summary: 'Internal note (not shown to the customer)', params: refParams, body: z.strictObject({ text: freeText(4000) }), security: staffSecurity, response: { 201: caseStep } },
  }, async (req, reply) => reply.status(201).send(await addNote(ctx, staff(req), req.params.reference, req.body.text)));

  r.post('/staff/cases/:reference/refund-paid', {
    schema: {
      tags: ['staff'],
      summary: "Record that billing paid a completed case's refund; the former holder is told (supervisor, once per case)",
      params: refParams,
      body: z.strictObject({ paidOn: z.iso.date('must be a date YYYY-MM-DD'), paymentReference: plainString(100).min(1).optional() }),
      security: staffSecurity,
      response: { 200: refundPaid },
    },
  }, async (req) => confirmRefundPaid(ctx, staff(req), req.params.reference, req.body));
}
