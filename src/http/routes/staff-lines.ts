import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { staffSetSuspension } from '../../app/lines/suspension.js';
import { staffSecurity } from '../auth.js';
import { lineView } from '../responses/lines.js';
import { msisdn } from '../schemas.js';

/** Lost or found, on a caller's behalf: the hotline bars a line or lifts the bar (agents, supervisors; audited). */
export function staffLineRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;
  const params = z.object({ msisdn });

  r.post('/staff/lines/:msisdn/suspension', {
    schema: {
      tags: ['hotline'],
      summary: "Bar a caller's line at once (lost or stolen)",
      params,
      security: staffSecurity,
      response: { 201: lineView.describe('Barred now'), 200: lineView.describe('It was barred already') },
    },
  }, async (req, reply) => {
    const result = await staffSetSuspension(ctx, staff(req), req.params.msisdn, true);
    return reply.status(result.changed ? 201 : 200).send(result.line);
  });

  r.delete('/staff/lines/:msisdn/suspension', {
    schema: {
      tags: ['hotline'],
      summary: "Lift the bar of a caller's line (the phone was found)",
      params,
      security: staffSecurity,
      response: { 200: lineView.describe('The line, active again (or already active)') },
    },
  }, async (req) => (await staffSetSuspension(ctx, staff(req), req.params.msisdn, false)).line);
}
