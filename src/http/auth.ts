import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { StaffActor } from '../app/staff/permission.js';
import { authenticateStaff } from '../app/staff/auth.js';
import { authenticateCustomer } from '../app/identity/verify.js';

export const sessionCookie = 'lastcall_session';

declare module 'fastify' {
  interface FastifyRequest {
    subscriberId: number;
    /** The session's staff member, with the session's CSRF token (GET /staff/session answers it). */
    staff: (StaffActor & { csrfToken: string }) | null;
  }
}

export const bearerToken = (req: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

export const customerSecurity = [{ bearer: [] }];
export const staffSecurity = [{ session: [] }];

/**
 * A route's OpenAPI `security` is what enforces it, so the docs cannot drift from the code.
 * Authentication runs before the body is validated: a caller without a token learns nothing
 * about what the route would accept (401 first, then 400).
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('subscriberId', 0);
  app.decorateRequest('staff', null);
  app.addHook('onRequest', async (req) => {
    const security = (req.routeOptions.schema?.security ?? []) as Record<string, unknown>[];
    const auth = security.some((s) => 'bearer' in s) ? 'customer' : security.some((s) => 'session' in s) ? 'staff' : null;
    // `{}` among the requirements means the route also serves anonymous callers (the blank form).
    const anonymousAllowed = security.some((s) => Object.keys(s).length === 0) && req.headers.authorization === undefined;
    if (auth === 'customer' && !anonymousAllowed) req.subscriberId = await authenticateCustomer(ctx, bearerToken(req));
    if (auth === 'staff') {
      const changes = req.method !== 'GET' && req.method !== 'HEAD';
      req.staff = await authenticateStaff(ctx, req.cookies[sessionCookie], req.headers['x-csrf-token'] as string | undefined, changes);
    }
  });
}
