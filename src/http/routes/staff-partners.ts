import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { createPartner, disablePartner, listPartnersForStaff, rotatePartnerKey } from '../../app/partners/partners.js';
import { partnerActivity, replayDelivery } from '../../app/partners/hooks.js';
import { staffSecurity } from '../auth.js';
import { delivery, partner, partnerActivity as activity, partnerBinding, partnerKind, partners, partnerWithKey } from '../responses/partners.js';
import { plainString } from '../schemas.js';

const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** The console's partner pages: admins add partners and manage their keys; supervisors replay dead deliveries. */
export function staffPartnerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;

  r.post('/staff/partners', {
    schema: {
      tags: ['admin'],
      summary: 'Add a partner; its API key is in this answer only',
      body: z.strictObject({
        name: plainString(100).trim().min(1, 'must not be empty'),
        kind: partnerKind,
        binding: partnerBinding.nullable().optional(),
      }),
      security: staffSecurity,
      response: { 201: partnerWithKey },
    },
  }, async (req, reply) => reply.status(201).send(await createPartner(ctx, staff(req), req.body)));

  r.get('/staff/partners', { schema: { tags: ['admin'], summary: 'Partners, with their hooks and deliveries counted', security: staffSecurity, response: { 200: partners } } }, async (req) =>
    listPartnersForStaff(ctx, staff(req)));

  r.post('/staff/partners/:id/disable', {
    schema: { tags: ['admin'], summary: 'Disable a partner: its key stops working and its hooks are told nothing more', params: z.object({ id }), security: staffSecurity, response: { 200: partner } },
  }, async (req) => disablePartner(ctx, staff(req), req.params.id));

  r.post('/staff/partners/:id/key', {
    schema: { tags: ['admin'], summary: 'A new API key for the partner; the old one stops working now', params: z.object({ id }), security: staffSecurity, response: { 200: partnerWithKey } },
  }, async (req) => rotatePartnerKey(ctx, staff(req), req.params.id));

  r.get('/staff/partners/:id/deliveries', {
    schema: {
      tags: ['admin'],
      summary: "A partner's hooks and its newest webhook deliveries (100 a page; before= the last id seen)",
      params: z.object({ id }),
      querystring: z.strictObject({ before: id.optional() }),
      security: staffSecurity,
      response: { 200: activity },
    },
  }, async (req) => partnerActivity(ctx, staff(req), req.params.id, req.query.before));

  r.post('/staff/partners/deliveries/:id/replay', {
    schema: { tags: ['admin'], summary: 'Send a dead delivery again (the same webhook-id and body)', params: z.object({ id }), security: staffSecurity, response: { 200: delivery } },
  }, async (req) => replayDelivery(ctx, staff(req), req.params.id));
}
