import { lazyRequestLogger } from './lazy-request-logger.js';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/context.js';
import { outboxBacklog } from '../store/outbox.js';
import { registerAuth } from './auth.js';
import { handleClientError, handleError, sendError } from './errors.js';
import { customerRoutes } from './routes/customer.js';
import { publicRoutes } from './routes/public.js';
import { staffRoutes } from './routes/staff.js';
import { landingPage } from './landing.js';
import { registerMultipart } from './multipart.js';
import { consoleDir, portalBuilt, registerConsole, registerPortal, sendConsolePage, sendPortalPage, wantsConsolePage, wantsPortalPage } from './portal.js';
import { callRoutes } from './routes/calls.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { operationsRoutes } from './routes/operations.js';
import { partnerRoutes } from './routes/partners.js';
import { tmfRoutes } from './routes/tmf.js';
import { staffPartnerRoutes } from './routes/staff-partners.js';
import { staffLineRoutes } from './routes/staff-lines.js';
import { deskCounts } from '../store/metrics.js';

/** Asks the network for any answer within two seconds. */
async function networkCheck(ctx: AppContext): Promise<{ status: 'ok' | 'unreachable'; provisioner: string; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ctx.network.ping(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer within 2 s')), 2000);
      }),
    ]);
    return { status: 'ok', provisioner: ctx.network.name };
  } catch (err) {
    return { status: 'unreachable', provisioner: ctx.network.name, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

/** One log line per request, written when it is answered, instead of Fastify's two. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(_err: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    req.log.info({ req, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request');
  }
}

export async function buildServer(ctx: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as unknown as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
    trustProxy: ctx.config.trustProxy,
    // Query strings like ?a=1&a=2 must not turn a string field into an array behind our back.
    routerOptions: { maxParamLength: 200 },
    // Over-long path parameters, undecodable URLs and broken HTTP answer in the contract's error shape too.
    frameworkErrors: (err, req, reply) => handleError(err, req, reply),
    clientErrorHandler: handleClientError,
    logController: new OneLinePerRequest(),
    childLoggerFactory: lazyRequestLogger,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  const withPortal = portalBuilt();
  const withConsole = portalBuilt(consoleDir);
  app.setNotFoundHandler((req, reply) => {
    if (withPortal && wantsPortalPage(req)) return sendPortalPage(reply);
    if (withConsole && wantsConsolePage(req)) return sendConsolePage(reply);
    return sendError(reply, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}.`);
  });

  // An empty body on a POST that needs none (withdraw, approve) is not an error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      const parsed: unknown = JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
      done(null, parsed);
    } catch {
      const err = Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' });
      done(err, undefined);
    }
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'lastcall', version: '0.1.0', description: 'Cancel SIM cards and phone numbers. Errors: {"error": {"code", "message", "details"?}}.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Token from POST /api/v1/verifications/{id}/confirm' },
          session: { type: 'apiKey', in: 'cookie', name: 'lastcall_session', description: 'Staff session from POST /api/v1/staff/session; send X-CSRF-Token on changes' },
          partnerKey: { type: 'http', scheme: 'bearer', description: 'A partner API key (lcp_…) from POST /api/v1/staff/partners; shown once' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await registerMultipart(app);
  registerAuth(app, ctx);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  // Ready means the database answers. The network is listed too, but an unreachable HLR only
  // delays fulfilment (cases wait, then complete by themselves), so it marks the answer
  // "degraded" rather than taking the instance out of service.
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    let backlog;
    try {
      backlog = await outboxBacklog(ctx.db);
    } catch {
      return sendError(reply, 'not_ready', 'The database cannot be reached.');
    }
    const network = await networkCheck(ctx);
    // Like the network, an SMS centre that is away delays texts (the outbox retries them); it does not stop service.
    const link = ctx.sender.sms?.status?.();
    const sms = ctx.sender.sms ? { status: link && !link.up ? ('unreachable' as const) : ('ok' as const), transport: ctx.sender.sms.name, ...(link?.error ? { error: link.error } : {}) } : { status: 'ok' as const, transport: 'dev-mailbox' };
    return {
      status: network.status === 'ok' && sms.status === 'ok' ? 'ready' : 'degraded',
      database: ctx.db.kind,
      outbox: backlog,
      checks: { database: { status: 'ok', kind: ctx.db.kind }, network, sms },
    };
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    const backlog = await outboxBacklog(ctx.db);
    const desk = await deskCounts(ctx.db);
    const lines = [
      '# HELP lastcall_outbox_pending Outbox jobs waiting to run.',
      '# TYPE lastcall_outbox_pending gauge',
      `lastcall_outbox_pending ${backlog.pending}`,
      '# HELP lastcall_outbox_dead Outbox jobs parked (permanent error, malformed payload or last attempt), waiting for a supervisor.',
      '# TYPE lastcall_outbox_dead gauge',
      `lastcall_outbox_dead ${backlog.dead}`,
      '# HELP lastcall_cases Cancellation cases by state.',
      '# TYPE lastcall_cases gauge',
      ...desk.states.map((s) => `lastcall_cases{state="${s.state}"} ${s.n}`),
      '# HELP lastcall_cases_breached_open Undecided cases already past their due day.',
      '# TYPE lastcall_cases_breached_open gauge',
      `lastcall_cases_breached_open ${desk.breached}`,
      '# HELP lastcall_callbacks_waiting Callback requests the hotline has not returned yet.',
      '# TYPE lastcall_callbacks_waiting gauge',
      `lastcall_callbacks_waiting ${desk.callbacks}`,
      '# HELP lastcall_calls_ringing Incoming hotline calls no agent has answered yet.',
      '# TYPE lastcall_calls_ringing gauge',
      `lastcall_calls_ringing ${desk.ringing}`,
      ...ctx.metrics.text(),
    ];
    return reply.type('text/plain; version=0.0.4').send(lines.join('\n') + '\n');
  });
  if (withPortal) await registerPortal(app);
  else app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.type('text/html; charset=utf-8').send(landingPage(ctx)));
  if (withConsole) await registerConsole(app);

  await app.register(
    async (api) => {
      customerRoutes(api, ctx);
      publicRoutes(api, ctx);
      staffRoutes(api, ctx);
      callRoutes(api, ctx);
      dashboardRoutes(api, ctx);
      operationsRoutes(api, ctx);
      staffLineRoutes(api, ctx);
      partnerRoutes(api, ctx);
      staffPartnerRoutes(api, ctx);
    },
    { prefix: '/api/v1' },
  );
  await app.register(async (tmf) => tmfRoutes(tmf, ctx), { prefix: '/tmf-api' });
  return app;
}
