import crypto from 'node:crypto';
import type { Tx } from './context.js';
import { renderMessage, type Language, type MessageTemplate } from '../domain/templates.js';
import { enqueue } from '../store/outbox.js';

export interface QueuedMessage {
  caseId: number | null;
  subscriberId: number | null;
  channel: 'email' | 'sms';
  to: string;
  language: Language;
  message: MessageTemplate;
}

/**
 * Records an outgoing message as a communication of the case and queues its delivery, in the
 * caller's transaction: the message exists exactly when the change that caused it does.
 */
export async function queueMessage(tx: Tx, m: QueuedMessage): Promise<number> {
  const { subject, text } = renderMessage(m.message, m.language);
  const messageId = `<${crypto.randomUUID()}@lastcall.invalid>`;
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id)
     VALUES ($1, $2, $3, 'out', $4, $5, $6, $7, $8, 'pending', $9) RETURNING id`,
    [m.caseId, m.subscriberId, m.channel, m.message.template, m.language, m.to, subject, text, messageId],
  );
  await enqueue(tx, 'deliver_communication', { communicationId: row!.id });
  return row!.id;
}
