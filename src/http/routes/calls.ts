import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { answerCall, getCall, incomingCall, listCalls, startCall } from '../../app/hotline/calls.js';
import { listCallbacks } from '../../app/hotline/callbacks.js';
import { lookupCaller } from '../../app/hotline/caller.js';
import { endCall } from '../../app/hotline/end-call.js';
import { verifyFact } from '../../app/hotline/verify-caller.js';
import { callbackStates, callFacts, callOutcomes, callStates } from '../../domain/hotline.js';
import { staffSecurity } from '../auth.js';
import { blankAsMissing, freeText, msisdn, reference } from '../schemas.js';
import { callbackList, caller, callList, callWithCaller, factChecked, oneCall } from '../responses/hotline.js';

/** The hotline desk (docs/console-api.md, "Hotline desk"): calls, the caller pop-up, callbacks. */
export function callRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;
  const tags = ['hotline'];
  const callParams = z.object({ id: z.uuid() });
  // A POST that needs no body may come without one (null once parsed), but never with fields in it.
  const noBody = z.strictObject({}).nullish();

  r.post('/staff/calls/incoming', {
    schema: {
      tags,
      summary: 'A call comes in (what the telephony system sends); it rings until an agent answers',
      body: z.strictObject({ msisdn }),
      security: staffSecurity,
      response: { 201: oneCall },
    },
  }, async (req, reply) => reply.status(201).send(await incomingCall(ctx, staff(req), req.body.msisdn)));

  r.get('/staff/calls', {
    schema: {
      tags,
      summary: 'Calls in a state; ringing and active ones oldest first (the console polls ringing for the pop-up)',
      querystring: z.object({ state: blankAsMissing(z.enum(callStates).optional()) }),
      security: staffSecurity,
      response: { 200: callList },
    },
  }, async (req) => listCalls(ctx, staff(req), req.query.state));

  r.post('/staff/calls', {
    schema: {
      tags,
      summary: 'Start a call: a caller looked up by number, or a callback being returned (direction out)',
      body: z.strictObject({ msisdn, callbackId: z.uuid().optional() }),
      security: staffSecurity,
      response: { 201: oneCall },
    },
  }, async (req, reply) => reply.status(201).send(await startCall(ctx, staff(req), req.body.msisdn, req.body.callbackId)));

  r.get('/staff/calls/:id', {
    schema: { tags, summary: 'A call and its caller (name masked; the look is audited)', params: callParams, security: staffSecurity, response: { 200: callWithCaller } },
  }, async (req) => getCall(ctx, staff(req), req.params.id));

  r.post('/staff/calls/:id/answer', {
    schema: { tags, summary: 'Answer a ringing call: it becomes active, with me as its agent', params: callParams, body: noBody, security: staffSecurity, response: { 200: oneCall } },
  }, async (req) => answerCall(ctx, staff(req), req.params.id));

  r.post('/staff/calls/:id/verify', {
    schema: {
      tags,
      summary: "Check one thing the caller says against the subscriber's record",
      description: `The agent types what the caller says; the answer is only whether it matched. \`verified\` = name and id_number confirmed. After 3 wrong answers the call answers 409 \`verification_locked\`.`,
      params: callParams,
      body: z.strictObject({ fact: z.enum(callFacts), answer: freeText(254) }),
      security: staffSecurity,
      response: { 200: factChecked },
    },
  }, async (req) => verifyFact(ctx, staff(req), req.params.id, req.body.fact, req.body.answer));

  r.post('/staff/calls/:id/end', {
    schema: {
      tags,
      summary: "End a call with its outcome; kept as a phone communication on the caller's case",
      description: 'Filed under `reference` when given (a case of the caller, else 422 `case_not_for_caller`), else the case opened on the call, else the line\'s open case. A returned callback becomes done unless the outcome is `no_answer`.',
      params: callParams,
      body: z.strictObject({
        outcome: z.enum(callOutcomes),
        note: blankAsMissing(freeText(2000).optional()),
        reference: blankAsMissing(reference.optional()),
      }),
      security: staffSecurity,
      response: { 200: oneCall },
    },
  }, async (req) => endCall(ctx, staff(req), req.params.id, req.body));

  r.get('/staff/callers/:msisdn', {
    schema: {
      tags,
      summary: 'Who a number belongs to (name masked), the open case with its SLA, cases and callbacks; audited',
      params: z.object({ msisdn }),
      security: staffSecurity,
      response: { 200: caller },
    },
  }, async (req) => lookupCaller(ctx, staff(req), req.params.msisdn));

  r.get('/staff/callbacks', {
    schema: {
      tags,
      summary: 'Callback requests in a state (waiting by default), oldest first; phone and name masked',
      querystring: z.object({ state: blankAsMissing(z.enum(callbackStates).default('waiting')) }),
      security: staffSecurity,
      response: { 200: callbackList },
    },
  }, async (req) => listCallbacks(ctx, staff(req), req.query.state));
}
