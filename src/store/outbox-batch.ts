import type { Queryable } from './db.js';
import { outboxChannel } from './outbox.js';
import { jsonArrayBytes } from './array-literal.js';
import { maxAttempts, type OutboxPayload, type OutboxTopic } from './outbox-topics.js';

/**
 * Writes many jobs of one topic in the caller's transaction with one statement, and wakes the
 * workers once: what enqueue does job by job, for bulk work.
 */
export async function enqueueMany<T extends OutboxTopic>(tx: Queryable, topic: T, payloads: readonly OutboxPayload<T>[]): Promise<void> {
  if (payloads.length === 0) return;
  await tx.query(
    // The payloads as one JSON array, where a text[] of JSON would escape every quote.
    'INSERT INTO outbox (topic, payload, max_attempts) SELECT $1, p::jsonb, $3 FROM json_array_elements($2::text::json) AS t(p)',
    [topic, jsonArrayBytes(payloads.map((p) => JSON.stringify(p))), maxAttempts[topic]],
  );
  await tx.query(`SELECT pg_notify('${outboxChannel}', $1)`, [topic]);
}
