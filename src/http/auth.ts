import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../app/context.js';
import type { StaffActor } from '../app/staff/permission.js';
import { authenticateStaff } from '../app/staff/auth.js';
import { authenticateCustomer } from '../app/identity/verify.js';
import { admitPartnerRequest, authenticatePartner, type PartnerActor } from '../app/partners/auth.js';

export const sessionCookie = 'lastcall_session';

declare module 'fastify' {
  interface FastifyRequest {
    subscriberId: number;
    /** The session's staff member, with the session's CSRF token (GET /staff/session answers it). */
    staff: (StaffActor & { csrfToken: string }) | null;
    /** The partner whose API key the request carries (routes with the partnerKey scheme). */
    partner: PartnerActor | null;
  }
  interface FastifyContextConfig {
    /**
     * The handler checks the bearer token in the same statement as its read (the customer's
     * progress read): the hook then only insists on a token being sent. Set by `checkedInRead`,
     * which checks the token itself when the route refuses the parameters (401 still first).
     */
    tokenCheckedInRead?: boolean;
    /**
     * The same for a staff read (the review queue): the handler checks the session cookie in its
     * read's statement, by the same rules (admitStaffSession). Only a GET; set by `checkedInRead`.
     */
    sessionCheckedInRead?: boolean;
  }
}

export const bearerToken = (req: FastifyRequest) => /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];

export const customerSecurity = [{ bearer: [] }];
export const staffSecurity = [{ session: [] }];
export const partnerSecurity = [{ partnerKey: [] }];

/**
 * Route options for a read that checks its caller in its own statement (the flags above). The
 * route's validation failure is held (attachValidation) until the caller has been checked, here,
 * as the hook would have checked them: a bad token or session still answers 401 before any 400,
 * and a good request's parameters are not parsed twice (once for the hook, once for the route).
 */
export function checkedInRead(ctx: AppContext, kind: 'token' | 'session') {
  return {
    config: kind === 'token' ? { tokenCheckedInRead: true } : { sessionCheckedInRead: true },
    attachValidation: true,
    preHandler: async (req: FastifyRequest) => {
      if (!req.validationError) return;
      if (kind === 'token') req.subscriberId = await authenticateCustomer(ctx, bearerToken(req));
      else req.staff = await authenticateStaff(ctx, req.cookies[sessionCookie], undefined, req.method !== 'GET' && req.method !== 'HEAD');
      throw req.validationError;
    },
  };
}

/**
 * A route's OpenAPI `security` is what enforces it, so the docs cannot drift from the code.
 * Authentication runs before the body is validated: a caller without a token learns nothing
 * about what the route would accept (401 first, then 400).
 */
export function registerAuth(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('subscriberId', 0);
  app.decorateRequest('staff', null);
  app.decorateRequest('partner', null);
  app.addHook('onRequest', async (req) => {
    const security = (req.routeOptions.schema?.security ?? []) as Record<string, unknown>[];
    const auth = security.some((s) => 'bearer' in s) ? 'customer' : security.some((s) => 'session' in s) ? 'staff' : security.some((s) => 'partnerKey' in s) ? 'partner' : null;
    // `{}` among the requirements means the route also serves anonymous callers (the blank form).
    const anonymousAllowed = security.some((s) => Object.keys(s).length === 0) && req.headers.authorization === undefined;
    if (auth === 'customer' && !anonymousAllowed) {
      const inRead = req.routeOptions.config.tokenCheckedInRead === true && bearerToken(req) !== undefined;
      if (!inRead) req.subscriberId = await authenticateCustomer(ctx, bearerToken(req));
    }
    if (auth === 'partner') {
      // A customer token or a staff cookie is not a partner key (nor the other way round).
      const partner = await authenticatePartner(ctx, bearerToken(req));
      await admitPartnerRequest(ctx, partner, { method: req.method, route: req.routeOptions.url ?? req.url, path: req.url.slice(0, 300) });
      req.partner = partner;
    }
    if (auth === 'staff') {
      const inRead = req.routeOptions.config.sessionCheckedInRead === true && req.method === 'GET' && !!req.cookies[sessionCookie];
      if (inRead) return;
      const changes = req.method !== 'GET' && req.method !== 'HEAD';
      req.staff = await authenticateStaff(ctx, req.cookies[sessionCookie], req.headers['x-csrf-token'] as string | undefined, changes);
    }
  });
}
