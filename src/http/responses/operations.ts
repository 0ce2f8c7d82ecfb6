/**
 * Dead letters: jobs the outbox parked for a supervisor. The same shapes as the answers
 * src/http/routes/operations.ts declares, for the console to derive its types from.
 */
import { z } from 'zod';
import { instant } from './common.js';

export const deadReasons = ['malformed_payload', 'permanent_error', 'attempts_exhausted'] as const;

export const deadLetter = z.object({
  id: z.number().int(),
  topic: z.string(),
  reason: z.enum(deadReasons),
  lastError: z.string().nullable(),
  attempts: z.number().int(),
  reference: z.string().nullable().describe('The case the job concerns, when it names one'),
  createdAt: instant,
  deadAt: instant,
});

export const deadLetters = z.object({ items: z.array(deadLetter) });
export const deadLetterRetried = z.object({ id: z.number().int(), topic: z.string(), state: z.literal('queued') });

export type DeadReason = (typeof deadReasons)[number];
export type DeadLetter = z.infer<typeof deadLetter>;
export type DeadLetterRetried = z.infer<typeof deadLetterRetried>;
