import type { Queryable } from './db.js';
import { outboxChannel } from './outbox.js';
import { maxAttempts, type OutboxPayload, type OutboxTopic } from './outbox-topics.js';

/**
 * Writes many jobs of one topic in the caller's transaction with one statement, and wakes the
 * workers once: what enqueue does job by job, for bulk work.
 */
export async function enqueueMany<T extends OutboxTopic>(tx: Queryable, topic: T, payloads: readonly OutboxPayload<T>[]): Promise<void> {
  if (payloads.length === 0) return;
  await tx.query(
    'INSERT INTO outbox (topic, payload, max_attempts) SELECT $1, p::jsonb, $3 FROM unnest($2::text[]) AS t(p)',
    [topic, payloads.map((p) => JSON.stringify(p)), maxAttempts[topic]],
  );
  await tx.query(`SELECT pg_notify('${outboxChannel}', $1)`, [topic]);
}
