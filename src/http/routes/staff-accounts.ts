import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { createStaff, demoLogins, listStaff, sessionAbsoluteMs, setStaffDisabled, staffLogin, staffLogout, unlockStaff } from '../../app/staff/auth.js';
import { listNotifications, markNotificationRead } from '../../app/staff/notifications.js';
import { staffRoles, staffUserNamePattern, staffUserNameRule } from '../../domain/roles.js';
import { sessionCookie, staffSecurity } from '../auth.js';
import { sendError } from '../errors.js';
import { noContent } from '../responses/common.js';
import { demoLogins as demoLoginsAnswer, staffSession } from '../responses/identity.js';
import { notificationRead, notifications, staffUserCreated, staffUserDisabled, staffUsers, staffUserUnlocked } from '../responses/staff.js';
import { plainString } from '../schemas.js';

/** A staff member's own session and bell, and the log-ins an admin manages. */
export function staffAccountRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;

  r.post('/staff/session', {
    schema: {
      tags: ['staff'],
      summary: 'Log in; answers the CSRF token to send on every change',
      body: z.strictObject({ user: plainString(64).min(1).regex(/^[^\r\n]*$/, 'a user name is one line'), password: z.string().min(1).max(256) }),
      response: { 200: staffSession },
    },
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
    schema: {
      tags: ['staff'],
      summary: 'The demo log-ins, while the demo data is loaded (404 otherwise): the console shows them on its log-in page',
      response: { 200: demoLoginsAnswer },
    },
  }, async (_req, reply) => {
    const demo = await demoLogins(ctx);
    if (!demo) return sendError(reply, 'no_demo_logins', 'There are no demo log-ins on this server.');
    return demo;
  });

  r.get('/staff/session', { schema: { tags: ['staff'], summary: 'Who is logged in', security: staffSecurity, response: { 200: staffSession } } }, async (req) => {
    const s = staff(req);
    return { user: s.user, role: s.role, csrfToken: s.csrfToken };
  });

  r.delete('/staff/session', {
    schema: { tags: ['staff'], summary: 'Log out', security: staffSecurity, response: { 204: noContent('Logged out; the cookie is cleared') } },
  }, async (req, reply) => {
    await staffLogout(ctx, req.cookies[sessionCookie]!, staff(req));
    reply.clearCookie(sessionCookie, { path: '/' });
    return reply.status(204).send(null);
  });

  r.get('/staff/notifications', {
    schema: { tags: ['staff'], summary: 'What the SLA sweeper told me: cases due soon, overdue or closed for want of an answer', security: staffSecurity, response: { 200: notifications } },
  }, async (req) => listNotifications(ctx, staff(req)));

  r.post('/staff/notifications/:id/read', {
    schema: {
      tags: ['staff'],
      summary: 'Mark a notification read',
      params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }),
      security: staffSecurity,
      response: { 200: notificationRead },
    },
  }, async (req) => markNotificationRead(ctx, staff(req), req.params.id));

  const staffUserName = z.string().regex(staffUserNamePattern, staffUserNameRule);
  const userParams = z.object({ user: staffUserName });
  r.get('/staff/users', { schema: { tags: ['admin'], summary: 'Staff log-ins', security: staffSecurity, response: { 200: staffUsers } } }, async (req) => ({ items: await listStaff(ctx, staff(req)) }));
  r.post('/staff/users', {
    schema: {
      tags: ['admin'],
      summary: 'Add a staff log-in',
      body: z.strictObject({ user: staffUserName, role: z.enum(staffRoles), password: z.string().max(200) }),
      security: staffSecurity,
      response: { 201: staffUserCreated },
    },
  }, async (req, reply) => reply.status(201).send(await createStaff(ctx, staff(req), req.body.user, req.body.role, req.body.password)));
  r.post('/staff/users/:user/disable', { schema: { tags: ['admin'], summary: 'Disable a log-in and end its sessions', params: userParams, security: staffSecurity, response: { 200: staffUserDisabled } } }, async (req) =>
    setStaffDisabled(ctx, staff(req), req.params.user, true));
  r.post('/staff/users/:user/enable', { schema: { tags: ['admin'], summary: 'Enable a disabled log-in', params: userParams, security: staffSecurity, response: { 200: staffUserDisabled } } }, async (req) =>
    setStaffDisabled(ctx, staff(req), req.params.user, false));
  r.post('/staff/users/:user/unlock', { schema: { tags: ['admin'], summary: 'Lift a lock-out after failed log-ins', params: userParams, security: staffSecurity, response: { 200: staffUserUnlocked } } }, async (req) =>
    unlockStaff(ctx, staff(req), req.params.user));
}
