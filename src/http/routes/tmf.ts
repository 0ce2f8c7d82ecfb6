import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { orderCancellation, readOrder, readProduct, registerHub, unregisterHub, type TmfHubApi } from '../../app/partners/tmf.js';
import { DomainError } from '../../domain/errors.js';
import { tmfError, tmfOrderStates, tmfProductStatuses } from '../../domain/tmf.js';
import { partnerSecurity } from '../auth.js';
import { statusOf } from '../error-catalogue.js';
import { noContent } from '../responses/common.js';
import { parseProductOrder } from '../tmf-order-body.js';

const tmfErrorBody = z.object({ '@type': z.literal('Error'), code: z.string(), reason: z.string(), message: z.string().optional(), status: z.string() });
const productOrder = z.looseObject({ '@type': z.literal('ProductOrder'), id: z.string(), href: z.string(), state: z.enum(tmfOrderStates) });
const product = z.looseObject({ '@type': z.literal('Product'), id: z.string(), href: z.string(), status: z.enum(tmfProductStatuses) });
const hub = z.object({ id: z.string(), callback: z.string(), query: z.string().nullable(), secret: z.string().describe('whsec_…: events are signed as Standard Webhooks (an extension to TMF630)') });
const errors = { 400: tmfErrorBody, 401: tmfErrorBody, 403: tmfErrorBody, 404: tmfErrorBody, 409: tmfErrorBody, 429: tmfErrorBody };

function sendTmf(reply: FastifyReply, status: number, code: string, reason: string, message?: string) {
  return reply.status(status).type('application/json; charset=utf-8').send(tmfError(status, code, reason, message));
}

/** Every refusal under /tmf-api in the TMF630 shape a BSS's client parses, not lastcall's own. */
function tmfErrorHandler(err: FastifyError | DomainError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    const retry = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
    if (typeof retry === 'number') void reply.header('Retry-After', String(retry));
    return sendTmf(reply, statusOf(err.code), err.code, err.message);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0];
    const where = (err as FastifyError).validationContext ?? 'request';
    return sendTmf(reply, 400, 'ERR_INVALID_REQUEST', `${where}${first?.instancePath ? first.instancePath.replace(/\//g, '.') : ''}: ${first?.message ?? 'invalid'}`);
  }
  const fe = err as FastifyError;
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendTmf(reply, fe.statusCode, fe.code ?? 'ERR_BAD_REQUEST', fe.message);
  req.log.error({ err }, 'unhandled error');
  return sendTmf(reply, 500, 'ERR_INTERNAL', 'Something went wrong on our side; it has been logged.');
}

/** TMF bodies are interfaces; the response schemas are loose objects that keep every field. */
const loose = <T extends object>(x: T) => x as T & Record<string, unknown>;

const digits = z.string().regex(/^\d{8,15}$/, "must be the line's MSISDN in digits");
const hubBody = z.strictObject({ callback: z.string().min(1).max(2048), query: z.string().max(500).nullable().optional() });

/** The TM Forum facade (CONTRACT §9) for an operator's BSS: TMF622 ordering, TMF637 inventory, their hubs. */
export async function tmfRoutes(app: FastifyInstance, ctx: AppContext) {
  app.setErrorHandler(tmfErrorHandler);
  // A route of its own rather than a not-found handler: the portal's catch-all would answer first.
  app.all('/*', { schema: { hide: true } }, async (req, reply) => sendTmf(reply, 404, 'ERR_NOT_FOUND', `No TM Forum resource at ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}.`));
  const r = app.withTypeProvider<ZodTypeProvider>();
  const partner = (req: FastifyRequest) => req.partner!;

  r.post('/productOrderingManagement/v5/productOrder', {
    schema: {
      tags: ['tmf'],
      summary: 'TMF622: order the cancellation of a line (one productOrderItem, action delete, product.id = MSISDN digits)',
      description: 'Opens a case (channel api), reviewed like any other. The same externalId again answers the same order (200).',
      body: z.unknown().describe('A TMF622 v5 ProductOrder_Create'),
      security: partnerSecurity,
      response: { 201: productOrder, 200: productOrder, ...errors },
    },
  }, async (req, reply) => {
    const parsed = parseProductOrder(req.body);
    if (!parsed.ok) return reply.status(Number(parsed.error.status)).send(parsed.error);
    const { created, order } = await orderCancellation(ctx, partner(req), parsed.order);
    return reply.status(created ? 201 : 200).header('location', order.href).send(loose(order));
  });

  r.get('/productOrderingManagement/v5/productOrder/:id', {
    schema: { tags: ['tmf'], summary: "TMF622: one of this BSS's orders; state follows the case", params: z.object({ id: z.string().uuid('must be a productOrder id') }), security: partnerSecurity, response: { 200: productOrder, ...errors } },
  }, async (req) => loose(await readOrder(ctx, partner(req), req.params.id)));

  r.get('/productInventoryManagement/v5/product/:id', {
    schema: { tags: ['tmf'], summary: "TMF637: a line's status by its MSISDN digits (active, suspended, pendingTerminate, terminated)", params: z.object({ id: digits }), security: partnerSecurity, response: { 200: product, ...errors } },
  }, async (req) => loose(await readProduct(ctx, partner(req), req.params.id)));

  for (const api of ['productOrderingManagement', 'productInventoryManagement'] as TmfHubApi[]) {
    r.post(`/${api}/v5/hub`, {
      schema: { tags: ['tmf'], summary: `TMF hub: listen to ${api === 'productOrderingManagement' ? 'ProductOrderStateChangeEvent' : 'ProductStateChangeEvent'}`, body: hubBody, security: partnerSecurity, response: { 201: hub, ...errors } },
    }, async (req, reply) => reply.status(201).send(await registerHub(ctx, partner(req), api, req.body.callback, req.body.query ?? null)));
    r.delete(`/${api}/v5/hub/:id`, {
      schema: { tags: ['tmf'], summary: 'TMF hub: stop listening', params: z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }), security: partnerSecurity, response: { 204: noContent('Removed'), ...errors } },
    }, async (req, reply) => {
      await unregisterHub(ctx, partner(req), req.params.id);
      return reply.status(204).send(null);
    });
  }
}
