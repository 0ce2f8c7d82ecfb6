import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { areNumbersDisconnected, isNumberDisconnected } from '../../app/partners/numbers.js';
import { createHook, deletePartnerHook, listHookDeliveries, listPartnerHooks } from '../../app/partners/hooks.js';
import { partnerEventTypes } from '../../domain/partners.js';
import { partnerSecurity } from '../auth.js';
import { noContent } from '../responses/common.js';
import { deliveries, disconnected, disconnectedMany, hooks, hookWithSecret } from '../responses/partners.js';
import { plainString } from '../schemas.js';

/** A number as partners hold it: E.164 with or without its '+'. Whether it is ours is the answer's business, not a 400. */
export const partnerNumber = z
  .string()
  .regex(/^\+?[1-9]\d{6,14}$/, 'must be a phone number in international form, e.g. +8613800138000')
  .transform((v) => (v.startsWith('+') ? v : `+${v}`));
const since = z.iso.date('must be a date YYYY-MM-DD');
const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** What banks, payment apps and social networks call with their API key (CONTRACT §9). */
export function partnerRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const partner = (req: FastifyRequest) => req.partner!;

  r.get('/partners/numbers/:msisdn/disconnected', {
    schema: {
      tags: ['partners'],
      summary: 'Was this number permanently disconnected on or after a day? (yes / no / no_data; never who held it)',
      params: z.object({ msisdn: partnerNumber }),
      querystring: z.strictObject({ since }),
      security: partnerSecurity,
      response: { 200: disconnected },
    },
  }, async (req) => isNumberDisconnected(ctx, partner(req), req.params.msisdn, req.query.since));

  r.post('/partners/numbers/disconnected', {
    schema: {
      tags: ['partners'],
      summary: 'The same question for up to 1,000 numbers; each may carry its own since, else the request\'s',
      body: z
        .strictObject({
          since: since.optional(),
          numbers: z
            .array(z.union([partnerNumber, z.strictObject({ msisdn: partnerNumber, since: since.optional() })]))
            .min(1, 'must name at least one number')
            .max(1000, 'at most 1,000 numbers in one request'),
        })
        .superRefine((b, c) => {
          b.numbers.forEach((n, i) => {
            if ((typeof n === 'string' || !n.since) && !b.since) c.addIssue({ code: 'custom', path: ['numbers', i], message: 'needs a since, here or for the whole request' });
          });
        }),
      security: partnerSecurity,
      response: { 200: disconnectedMany },
    },
  }, async (req) => {
    const items = req.body.numbers.map((n) => (typeof n === 'string' ? { msisdn: n, since: req.body.since! } : { msisdn: n.msisdn, since: n.since ?? req.body.since! }));
    return { results: await areNumbersDisconnected(ctx, partner(req), items) };
  });

  r.post('/partners/hooks', {
    schema: {
      tags: ['partners'],
      summary: 'Register a webhook (https to a public address); answers its signing secret once',
      body: z.strictObject({
        url: plainString(2048).min(1, 'must not be empty'),
        events: z.array(z.enum(partnerEventTypes)).min(1, 'must name at least one event').max(partnerEventTypes.length * 2),
      }),
      security: partnerSecurity,
      response: { 201: hookWithSecret },
    },
  }, async (req, reply) => reply.status(201).send(await createHook(ctx, partner(req), req.body)));

  r.get('/partners/hooks', { schema: { tags: ['partners'], summary: "The partner's own hooks", security: partnerSecurity, response: { 200: hooks } } }, async (req) =>
    listPartnerHooks(ctx, partner(req)));

  r.delete('/partners/hooks/:id', {
    schema: { tags: ['partners'], summary: 'Remove a hook (deliveries still pending for it end as dead)', params: z.object({ id }), security: partnerSecurity, response: { 204: noContent('Removed') } },
  }, async (req, reply) => {
    await deletePartnerHook(ctx, partner(req), req.params.id);
    return reply.status(204).send(null);
  });

  r.get('/partners/hooks/:id/deliveries', {
    schema: {
      tags: ['partners'],
      summary: "A hook's deliveries, newest first (100 a page; before= the last id seen)",
      params: z.object({ id }),
      querystring: z.strictObject({ before: id.optional() }),
      security: partnerSecurity,
      response: { 200: deliveries },
    },
  }, async (req) => listHookDeliveries(ctx, partner(req), req.params.id, req.query.before));
}
