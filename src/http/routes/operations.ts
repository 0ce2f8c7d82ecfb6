import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { deadLetterLimit, listDeadLetters, retryDeadLetter } from '../../app/operations/dead-letters.js';
import { deadLetterRetried, deadLetters } from '../responses/operations.js';
import { staffSecurity } from '../auth.js';

/** Dead letters: jobs the outbox parked, for a supervisor to see and put back. */
export function operationsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const staff = (req: FastifyRequest) => req.staff!;

  r.get('/staff/outbox/dead', {
    schema: {
      tags: ['supervisor'],
      summary: `Jobs parked after a permanent outside error, a malformed payload or their last attempt (newest ${deadLetterLimit})`,
      security: staffSecurity,
      response: { 200: deadLetters },
    },
  }, async (req) => ({ items: await listDeadLetters(ctx, staff(req)) }));

  r.post('/staff/outbox/:id/retry', {
    schema: {
      tags: ['supervisor'],
      summary: 'Put a parked job back in the queue with fresh attempts (audited)',
      params: z.object({ id: z.coerce.number().int().positive().max(2 ** 53 - 1) }),
      security: staffSecurity,
      response: { 200: deadLetterRetried },
    },
  }, async (req) => ({ ...(await retryDeadLetter(ctx, staff(req), req.params.id)), state: 'queued' as const }));
}
