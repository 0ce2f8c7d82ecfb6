import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sessionCookie, staffSecurity } from '../auth.js';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { applyForCancellation } from '../../app/apply.js';
import { listStaffCases, staffCaseView } from '../../app/case-view.js';
import { addNote, approveCase, assignCase, rejectCase, requestInformation, requirePermission } from '../../app/review.js';
import { sessionAbsoluteMs, staffLogin, staffLogout } from '../../app/staff-auth.js';
import { caseStates } from '../../domain/case-machine.js';
import { applicationBody, freeText, idempotencyHeaders, blankAsMissing, plainString, reference, regionCode } from '../schemas.js';


export function staffRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;
  const refParams = z.object({ reference });

  r.post('/staff/session', {
    schema: { tags: ['staff'], summary: 'Log in; answers the CSRF token to send on every change', body: z.strictObject({ user: plainString(64).min(1), password: z.string().min(1).max(256) }) },
  }, async (req, reply) => {
    const s = await staffLogin(ctx, req.body.user, req.body.password);
    reply.setCookie(sessionCookie, s.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: req.protocol === 'https',
      maxAge: sessionAbsoluteMs / 1000,
    });
    return { user: s.user, role: s.role, csrfToken: s.csrfToken };
  });

  r.get('/staff/session', { schema: { tags: ['staff'], summary: 'Who is logged in', security: staffSecurity } }, async (req) => {
    const s = staff(req);
    return { user: s.user, role: s.role, csrfToken: s.csrfToken };
  });

  r.delete('/staff/session', { schema: { tags: ['staff'], summary: 'Log out', security: staffSecurity } }, async (req, reply) => {

    await staffLogout(ctx, req.cookies[sessionCookie]!);
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/staff/cases', {
    schema: {
      tags: ['staff'],
      summary: 'Cases, by due day by default, with their SLA badge',
      querystring: z.object({
        state: blankAsMissing(z.enum(caseStates).optional()),
        region: blankAsMissing(regionCode.optional()),
        sort: blankAsMissing(z.enum(['due', 'submitted']).default('due')),
      }),
      security: staffSecurity,
    },
  }, async (req) => {
    requirePermission(staff(req), 'case.read');
    return { items: await listStaffCases(ctx, req.query) };
  });

  r.get('/staff/cases/:reference', { schema: { tags: ['staff'], summary: 'Everything about a case', params: refParams, security: staffSecurity } }, async (req) => {
    requirePermission(staff(req), 'case.read');
    return staffCaseView(ctx, req.params.reference);
  });

  r.post('/staff/cases', {
    schema: {
      tags: ['staff'],
      summary: "Open a case on a verified caller's behalf",
      headers: idempotencyHeaders,
      body: applicationBody.extend({ channel: z.enum(['hotline', 'form', 'email', 'sms', 'web']).default('hotline') }),
      security: staffSecurity,
    },
  }, async (req, reply) => {
    const actor = staff(req);
    requirePermission(actor, 'case.open');
    const result = await applyForCancellation(ctx, { actor, subscriberId: null }, req.body, req.headers['idempotency-key']);
    ctx.wakeWorker();
    if (result.replayed) reply.header('idempotency-replayed', 'true');
    return reply.status(result.status).send(result.body);
  });

  r.post('/staff/cases/:reference/assign', {
    schema: { tags: ['staff'], summary: 'Take a case (or, as supervisor, give it to someone)', params: refParams, body: z.strictObject({ to: plainString(64).min(1).optional() }).default({}), security: staffSecurity },
  }, async (req) => assignCase(ctx, staff(req), req.params.reference, req.body.to));

  r.post('/staff/cases/:reference/request-info', {
    schema: { tags: ['staff'], summary: 'Ask the customer for information (pauses the clock)', params: refParams, body: z.strictObject({ message: freeText(2000) }), security: staffSecurity },
  }, async (req) => {
    const result = await requestInformation(ctx, staff(req), req.params.reference, req.body.message);
    ctx.wakeWorker();
    return result;
  });

  r.post('/staff/cases/:reference/approve', {
    schema: { tags: ['staff'], summary: 'Approve; the line is then taken off the network', params: refParams, body: z.strictObject({ note: freeText(2000).optional() }).default({}), security: staffSecurity },
  }, async (req) => {
    const result = await approveCase(ctx, staff(req), req.params.reference, req.body.note);
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

  r.post('/staff/cases/:reference/note', {
    schema: { tags: ['staff'], summary: 'Internal note (not shown to the customer)', params: refParams, body: z.strictObject({ text: freeText(4000) }), security: staffSecurity },
  }, async (req, reply) => reply.status(201).send(await addNote(ctx, staff(req), req.params.reference, req.body.text)));
}
