import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { sharedSupervisorDashboard } from '../../app/sla/dashboard.js';
import { requirePermission } from '../../app/staff/permission.js';
import { isIsoDate } from '../../domain/calendar.js';
import { maxPeriodDays } from '../../domain/sla-figures.js';
import { staffSecurity } from '../auth.js';
import { blankAsMissing } from '../schemas.js';
import { dashboard } from '../responses/sla.js';
import { heldAnswerSerializerCompiler } from '../fast-serializer.js';

const isoDate = z.string().max(10).refine(isIsoDate, 'a date as YYYY-MM-DD');

export function dashboardRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;

  // No audit entry: the figures are counts, with no personal data in them.
  r.get('/staff/dashboard', {
    schema: {
      tags: ['supervisor'],
      summary: 'SLA figures: compliance by week, channel and pause reason; ageing; daily intake; open cases',
      description:
        `Compliance counts the cases decided in [from, to], intake the cases submitted in it (both by the local day of the case's region); ` +
        `open cases, ageing, callbacks waiting and breached open cases are as of now. Default: the 8 ISO weeks up to today. ` +
        `\`share\` is onTime / decided (0–1), null when nothing was decided. A period longer than ${maxPeriodDays} days, or with from after to, is refused with 422 \`invalid_period\`.`,
      querystring: z.object({
        from: blankAsMissing(isoDate.optional()),
        to: blankAsMissing(isoDate.optional()),
      }),
      security: staffSecurity,
      response: { 200: dashboard },
    },
    serializerCompiler: heldAnswerSerializerCompiler,
  }, async (req) => {
    requirePermission(staff(req), 'dashboard.read');
    return sharedSupervisorDashboard(ctx, req.query);
  });
}
