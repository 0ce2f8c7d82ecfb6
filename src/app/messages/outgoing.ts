/**
 * The messages room: every e-mail and SMS is recorded with its case and queued in the caller's
 * transaction (here); the outbox delivers it later, outside any transaction (deliver.ts).
 */
import crypto from 'node:crypto';
import type { MessageChannel } from '../../domain/channels.js';
import type { AppContext, Tx } from '../context.js';
import { renderMessage, type Language, type MessageTemplate } from '../../domain/templates.js';
import { enqueue } from '../../store/outbox.js';
import { insertOutgoingMessage } from '../../store/communications.js';
import { appendAudit } from '../../store/audit.js';
import { maskEmail, maskMsisdn } from '../../domain/validation.js';
import { findSubscriber } from '../../store/lines.js';
import { sha256Hex } from '../../domain/sha256.js';

export interface QueuedMessage {
  caseId: number | null;
  subscriberId: number | null;
  channel: MessageChannel;
  to: string;
  language: Language;
  message: MessageTemplate;
  /** For an SMS reply: when the text it answers came in; its delivery measures the reply's latency. */
  answersTextAt?: Date;
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
  const row = await insertOutgoingMessage(tx, {
    caseId: m.caseId, subscriberId: m.subscriberId, channel: m.channel, template: m.message.template, language: m.language,
    recipient: vault.seal(m.to), subject, body: text, messageId, at,
  });
  await enqueue(tx, 'deliver_communication', { communicationId: row.id, ...(m.answersTextAt ? { answersTextAt: m.answersTextAt.getTime() } : {}) });
  // The hash of the text goes into the chain, so the message kept as evidence can be proven unchanged.
  await appendAudit(tx, at, {
    actor: 'system',
    action: 'message.queued',
    subject: messageSubject(row.reference, m.subscriberId),
    data: {
      communicationId: row.id, channel: m.channel, template: m.message.template, messageId,
      to: m.channel === 'email' ? maskEmail(m.to) : maskMsisdn(m.to),
      sha256: sha256Hex(`${subject}\n${text}`),
    },
  });
  return row.id;
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
