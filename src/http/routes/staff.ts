import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionCookie, staffSecurity } from '../auth.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sendError } from '../errors.js';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { applyForCancellation } from '../../app/cases/apply.js';
import { listStaffCases, staffCaseView } from '../../app/cases/case-view.js';
import { addNote, approveCase, assignCase, rejectCase, requestInformation } from '../../app/cases/review.js';
import { requirePermission } from '../../app/staff/permission.js';
import { createStaff, demoLogins, listAssignees, listStaff, sessionAbsoluteMs, setStaffDisabled, staffLogin, staffLogout, unlockStaff } from '../../app/staff/auth.js';
import { staffRoles, staffUserNamePattern, staffUserNameRule } from '../../domain/roles.js';
import { caseStates } from '../../domain/case-machine.js';
import { pauseReasons } from '../../domain/sla.js';
import { rejectTemplates, requestInfoTemplates } from '../../domain/reason-templates.js';
import { listNotifications, markNotificationRead } from '../../app/staff/notifications.js';

const channels = ['hotline', 'form', 'email', 'sms', 'web'] as const;
import { listAudit, verifyAuditChain } from '../../app/evidence/audit.js';
import { appendAudit } from '../../store/audit.js';
import { actorLabel } from '../../app/context.js';
import { exportEvidence } from '../../app/evidence/bundle.js';
import { applicationBody, freeText, idempotencyHeaders, blankAsMissing, plainString, reference, regionCode } from '../schemas.js';
import { staffReadDocument } from '../../app/evidence/documents.js';
import { extensionOf } from '../../domain/documents.js';


export function staffRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;
  const refParams = z.object({ reference });

  r.post('/staff/session', {
    schema: { tags: ['staff'], summary: 'Log in; answers the CSRF token to send on every change', body: z.strictObject({ user: plainString(64).min(1).regex(/^[^\r\n]*$/, 'a user name is one line'), password: z.string().min(1).max(256) }) },
  }, async (req, reply) => {
    const s = await staffLogin(ctx, req.body.user, req.body.password, req.ip);
    reply.setCookie(sessionCookie, s.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      maxAge: sessionAbsoluteMs / 1000,
    });
    return { user: s.user, role: s.role, csrfToken: s.csrfToken };
  });

  r.get('/staff/demo-logins', {
    schema: { tags: ['staff'], summary: 'The demo log-ins, while the demo data is loaded (404 otherwise): the console shows them on its log-in page' },
  }, async (_req, reply) => {
    const demo = await demoLogins(ctx);
    if (!demo) return sendError(reply, 404, 'no_demo_logins', 'There are no demo log-ins on this server.');
    return demo;
  });

  r.get('/staff/session', { schema: { tags: ['staff'], summary: 'Who is logged in', security: staffSecurity } }, async (req) => {
    const s = staff(req);
    return { user: s.user, role: s.role, csrfToken: s.csrfToken };
  });

  r.delete('/staff/session', { schema: { tags: ['staff'], summary: 'Log out', security: staffSecurity } }, async (req, reply) => {
    await staffLogout(ctx, req.cookies[sessionCookie]!, staff(req));
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/staff/cases', {
    schema: {
      tags: ['staff'],
      summary: 'Cases, by due day by default, with their SLA badge',
      querystring: z.object({
        state: blankAsMissing(z.enum([...caseStates, 'undecided']).optional().describe('A state, or `undecided`: submitted, in_review and awaiting_customer')),
        region: blankAsMissing(regionCode.optional()),
        channel: blankAsMissing(z.enum(channels).optional()),
        sla: blankAsMissing(z.enum(['on_track', 'due_soon', 'overdue', 'paused']).optional()),
        sort: blankAsMissing(z.enum(['due', 'submitted']).default('due')),
      }),
      security: staffSecurity,
    },
  }, async (req) => {
    requirePermission(staff(req), 'case.read');
    return listStaffCases(ctx, req.query);
  });

  r.get('/staff/cases/:reference', {
    schema: {
      tags: ['staff'],
      summary: 'Everything about a case',
      description: "The subscriber's name, ID number and e-mail come masked; `?reveal=true` shows them whole, and the audit trail records who revealed them.",
      params: refParams,
      querystring: z.object({ reveal: blankAsMissing(z.enum(['true', 'false']).default('false')) }),
      security: staffSecurity,
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
        channel: z.enum(channels).default('hotline'),
        callId: z.uuid().optional().describe('The hotline call in which the caller was verified; the case is linked to it'),
      }),
      security: staffSecurity,
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
    schema: { tags: ['staff'], summary: 'Take a case (or, as supervisor, give it to someone)', params: refParams, body: z.strictObject({ to: plainString(64).min(1).optional() }).default({}), security: staffSecurity },
  }, async (req) => assignCase(ctx, staff(req), req.params.reference, req.body.to));

  r.post('/staff/cases/:reference/request-info', {
    schema: { tags: ['staff'], summary: 'Ask the customer for information (pauses the clock)', params: refParams, body: z.strictObject({ message: freeText(2000), reason: z.enum(pauseReasons).default('other').describe('Why the clock is paused') }), security: staffSecurity },
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
    },
  }, async (req) => {
    const result = await approveCase(ctx, staff(req), req.params.reference, req.body.note, req.body.overrideReason);
    ctx.wakeWorker();
    return result;
  });

  r.post('/staff/cases/:reference/reject', {
    schema: { tags: ['staff'], summary: 'Reject with a reason the customer will read', params: refParams, body: z.strictObject({ reason: freeText(2000) }), security: staffSecurity },
  }, async (req) => {
    const result = await rejectCase(ctx, staff(req), req.params.reference, req.body.reason);
    ctx.wakeWorker();
    return result;
  });

  r.get('/staff/assignees', {
    schema: { tags: ['staff'], summary: 'Who a supervisor may give a case to (enabled reviewers and supervisors)', security: staffSecurity },
  }, async (req) => ({ items: await listAssignees(ctx, staff(req)) }));

  r.get('/staff/reason-templates', {
    schema: { tags: ['staff'], summary: 'Wording to start from when asking for information or rejecting, in both languages', security: staffSecurity },
  }, async (req) => {
    requirePermission(staff(req), 'case.read');
    return { requestInfo: requestInfoTemplates, reject: rejectTemplates };
  });

  r.get('/staff/notifications', {
    schema: { tags: ['staff'], summary: "What the SLA sweeper told me: cases due soon, overdue or closed for want of an answer", security: staffSecurity },
  }, async (req) => listNotifications(ctx, staff(req)));

  r.post('/staff/notifications/:id/read', {
    schema: { tags: ['staff'], summary: 'Mark a notification read', params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }), security: staffSecurity },
  }, async (req) => markNotificationRead(ctx, staff(req), req.params.id));

  const staffUserName = z.string().regex(staffUserNamePattern, staffUserNameRule);
  const userParams = z.object({ user: staffUserName });
  r.get('/staff/users', { schema: { tags: ['admin'], summary: 'Staff log-ins', security: staffSecurity } }, async (req) => ({ items: await listStaff(ctx, staff(req)) }));
  r.post('/staff/users', {
    schema: {
      tags: ['admin'],
      summary: 'Add a staff log-in',
      body: z.strictObject({ user: staffUserName, role: z.enum(staffRoles), password: z.string().max(200) }),
      security: staffSecurity,
    },
  }, async (req, reply) => reply.status(201).send(await createStaff(ctx, staff(req), req.body.user, req.body.role, req.body.password)));
  r.post('/staff/users/:user/disable', { schema: { tags: ['admin'], summary: 'Disable a log-in and end its sessions', params: userParams, security: staffSecurity } }, async (req) =>
    setStaffDisabled(ctx, staff(req), req.params.user, true));
  r.post('/staff/users/:user/enable', { schema: { tags: ['admin'], summary: 'Enable a disabled log-in', params: userParams, security: staffSecurity } }, async (req) =>
    setStaffDisabled(ctx, staff(req), req.params.user, false));
  r.post('/staff/users/:user/unlock', { schema: { tags: ['admin'], summary: 'Lift a lock-out after failed log-ins', params: userParams, security: staffSecurity } }, async (req) =>
    unlockStaff(ctx, staff(req), req.params.user));

  r.get('/staff/audit', {
    schema: {
      tags: ['audit'],
      summary: 'The audit trail, oldest first; by case reference, MSISDN or staff user',
      querystring: z.object({
        ref: blankAsMissing(reference.optional()),
        subject: blankAsMissing(plainString(80).optional()),
        after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      security: staffSecurity,
    },
  }, async (req) => {
    const actor = staff(req);
    requirePermission(actor, 'audit.read');
    const subject = req.query.ref ?? req.query.subject;
    const items = await listAudit(ctx.db, { subject, afterSeq: req.query.after, limit: req.query.limit });
    // The trail names customers' numbers and addresses, so reading it is itself on record.
    await ctx.db.transaction((tx) => appendAudit(tx, ctx.clock.now(), { actor: actorLabel(actor), action: 'audit.read', subject: null, data: { subject, after: req.query.after, rows: items.length } }));
    return { items, next: items.length === req.query.limit ? items[items.length - 1]!.seq : null };
  });

  r.get('/staff/audit/verify', {
    schema: { tags: ['audit'], summary: 'Recompute the whole audit chain; names the first broken row', security: staffSecurity },
  }, async (req) => {
    const actor = staff(req);
    requirePermission(actor, 'audit.verify');
    const result = await verifyAuditChain(ctx.db);
    await ctx.db.transaction((tx) => appendAudit(tx, ctx.clock.now(), { actor: actorLabel(actor), action: 'audit.verified', subject: null, data: { ok: result.ok, checked: result.checked, firstBroken: result.firstBroken?.seq } }));
    return result;
  });

  r.get('/staff/cases/:reference/evidence', {
    schema: { tags: ['audit'], summary: "The case's evidence bundle as one JSON file", params: refParams, security: staffSecurity },
  }, async (req, reply) => {
    const bundle = await exportEvidence(ctx, staff(req), req.params.reference);
    return reply
      .header('content-disposition', `attachment; filename="${req.params.reference}-evidence.json"`)
      .header('cache-control', 'no-store')
      .send(bundle);
  });

  r.post('/staff/cases/:reference/note', {
    schema: { tags: ['staff'], summary: 'Internal note (not shown to the customer)', params: refParams, body: z.strictObject({ text: freeText(4000) }), security: staffSecurity },
  }, async (req, reply) => reply.status(201).send(await addNote(ctx, staff(req), req.params.reference, req.body.text)));
}
