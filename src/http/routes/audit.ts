import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { readAuditTrail, verifyAuditTrail } from '../../app/evidence/audit.js';
import { exportEvidence } from '../../app/evidence/bundle.js';
import { staffSecurity } from '../auth.js';
import { auditPage, auditVerification, evidenceBundle } from '../responses/evidence.js';
import { blankAsMissing, plainString, reference } from '../schemas.js';

/** The auditor's routes (docs/console-api.md, "Auditor"): the trail, its verification, a case's evidence. */
export function auditRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;
  const refParams = z.object({ reference });

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
      response: { 200: auditPage },
    },
  }, async (req) => {
    const items = await readAuditTrail(ctx, staff(req), { subject: req.query.ref ?? req.query.subject, afterSeq: req.query.after, limit: req.query.limit });
    return { items, next: items.length === req.query.limit ? items[items.length - 1]!.seq : null };
  });

  r.get('/staff/audit/verify', {
    schema: { tags: ['audit'], summary: 'Recompute the whole audit chain; names the first broken row', security: staffSecurity, response: { 200: auditVerification } },
  }, async (req) => verifyAuditTrail(ctx, staff(req)));

  r.get('/staff/cases/:reference/evidence', {
    schema: {
      tags: ['audit'],
      summary: "The case's evidence bundle as one JSON file",
      params: refParams,
      security: staffSecurity,
      response: { 200: evidenceBundle.describe('A file to keep (Content-Disposition: attachment): the case, its events, messages, calls, documents in base64, audit rows and a digest over it all') },
    },
  }, async (req, reply) => {
    const bundle = await exportEvidence(ctx, staff(req), req.params.reference);
    return reply
      .header('content-disposition', `attachment; filename="${req.params.reference}-evidence.json"`)
      .header('cache-control', 'no-store')
      .send(bundle);
  });
}
