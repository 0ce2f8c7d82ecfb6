import crypto from 'node:crypto';
import type { AppContext, Tx } from '../context.js';
import { renderMessage, type Language, type MessageTemplate } from '../../domain/templates.js';
import { enqueue } from '../../store/outbox.js';
import { appendAudit } from '../evidence/audit.js';
import { maskEmail, maskMsisdn } from '../../domain/validation.js';
import { findSubscriber } from '../../store/lines.js';

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
export async function queueMessage(ctx: Pick<AppContext, 'vault' | 'clock'>, tx: Tx, m: QueuedMessage): Promise<number> {
  const { vault } = ctx;
  const at = ctx.clock.now();
  const { subject, text } = renderMessage(m.message, m.language);
  const messageId = `<${crypto.randomUUID()}@lastcall.invalid>`;
  const [row] = await tx.query<{ id: number; reference: string | null; created_at: Date }>(
    `INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id, created_at)
     VALUES ($1, $2, $3, 'out', $4, $5, $6, $7, $8, 'pending', $9, $10)
     RETURNING id, created_at, (SELECT reference FROM cases WHERE id = $1) AS reference`,
    [m.caseId, m.subscriberId, m.channel, m.message.template, m.language, vault.seal(m.to), subject, text, messageId, at],
  );
  await enqueue(tx, 'deliver_communication', { communicationId: row!.id });
  // The hash of the text goes into the chain, so the message kept as evidence can be proven unchanged.
  await appendAudit(tx, at, {
    actor: 'system',
    action: 'message.queued',
    subject: messageSubject(row!.reference, m.subscriberId),
    data: {
      communicationId: row!.id, channel: m.channel, template: m.message.template, messageId,
      to: m.channel === 'email' ? maskEmail(m.to) : maskMsisdn(m.to),
      sha256: crypto.createHash('sha256').update(`${subject}\n${text}`).digest('hex'),
    },
  });
  return row!.id;
}

/** A message is filed in the audit trail under its case, or its subscriber when it has no case. */
export function messageSubject(reference: string | null, subscriberId: number | null): string | null {
  return reference ?? (subscriberId === null ? null : `subscriber:${subscriberId}`);
}

/** The e-mail a case's customer gets about it, in their language, queued in the caller's transaction. */
export async function emailCaseCustomer(ctx: AppContext, tx: Tx, c: { id: number; subscriber_id: number }, message: MessageTemplate): Promise<number> {
  const subscriber = (await findSubscriber(tx, ctx.vault, c.subscriber_id))!;
  return queueMessage(ctx, tx, { caseId: c.id, subscriberId: subscriber.id, channel: 'email', to: subscriber.email, language: subscriber.language, message });
}
