import { z } from 'zod';

/**
 * Every outbox topic and the payload it carries, as graphile-worker keeps a task registry: the
 * writer is type-checked against it, and a claimed job is parsed with it, so a payload that does
 * not fit is parked with the reason instead of being retried forever.
 */
const id = z.number().int().positive();

export const outboxTopics = {
  /** Send one recorded communication (e-mail or SMS). */
  deliver_communication: z
    .object({
      communicationId: id,
      /** An SMS reply: when the text it answers came in (ms since the epoch), for the reply-latency metric. */
      answersTextAt: z.number().int().positive().optional(),
    })
    .strict(),
  /** Take an approved case's line off the network, then settle and complete the case. */
  fulfil_case: z.object({ caseId: id }).strict(),
  /** Bar a suspended (lost or stolen) line in the network. */
  bar_line: z.object({ lineId: id, by: z.string().min(1).max(200) }).strict(),
  /** Lift the bar of a line found again (after the holder verified again). */
  unbar_line: z.object({ lineId: id, by: z.string().min(1).max(200) }).strict(),
  /** Put a line whose cancellation was undone back into the network. */
  restore_line: z.object({ lineId: id, by: z.string().min(1).max(200) }).strict(),
  /** POST one signed webhook delivery to its partner's hook (the same webhook-id on every retry). */
  deliver_webhook: z.object({ deliveryId: id }).strict(),
} as const;

/**
 * How many attempts a topic gets before it is parked. The network's jobs wait out an HLR that is
 * down for hours (back-off is capped at 10 minutes: about 16 hours), so an approved case completes
 * by itself once the network is back; a message is given up sooner, for a person to look at.
 */
export const maxAttempts: Record<OutboxTopic, number> = {
  deliver_communication: 12,
  fulfil_case: 100,
  bar_line: 100,
  unbar_line: 100,
  restore_line: 100,
  // domain/partners.ts webhookRetrySeconds: about 32 hours of tries, then a dead letter.
  deliver_webhook: 12,
};

export type OutboxTopic = keyof typeof outboxTopics;
export const outboxTopicNames = Object.keys(outboxTopics) as OutboxTopic[];
export type OutboxPayload<T extends OutboxTopic> = z.infer<(typeof outboxTopics)[T]>;

/** A job to write: a topic with its own payload shape (a discriminated union, so the pair is checked). */
export type OutboxJobRequest = { [T in OutboxTopic]: { topic: T; payload: OutboxPayload<T> } }[OutboxTopic];

export type PayloadCheck<T extends OutboxTopic> = { ok: true; payload: OutboxPayload<T> } | { ok: false; reason: string };

export function parsePayload<T extends OutboxTopic>(topic: T, payload: unknown): PayloadCheck<T> {
  const schema = outboxTopics[topic] as unknown as z.ZodType<OutboxPayload<T>> | undefined;
  if (!schema) return { ok: false, reason: `unknown outbox topic "${String(topic)}"` };
  const parsed = schema.safeParse(payload);
  if (parsed.success) return { ok: true, payload: parsed.data };
  return { ok: false, reason: `malformed payload for ${topic}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}` };
}
