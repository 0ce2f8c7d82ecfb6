import type { Queryable } from './db.js';
import type { Language } from '../domain/templates.js';
import type { MessageChannel } from '../domain/channels.js';

export interface NewOutgoingMessage {
  caseId: number | null;
  subscriberId: number | null;
  channel: MessageChannel;
  template: string;
  language: Language;
  /** Sealed by the caller. */
  recipient: string;
  subject: string;
  body: string;
  messageId: string;
  at: Date;
}

/** A message waiting to go out, with its case's reference (for the audit trail). */
export async function insertOutgoingMessage(tx: Queryable, m: NewOutgoingMessage): Promise<{ id: number; reference: string | null }> {
  const [row] = await tx.query<{ id: number; reference: string | null }>(
    `INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id, created_at)
     VALUES ($1, $2, $3, 'out', $4, $5, $6, $7, $8, 'pending', $9, $10)
     RETURNING id, (SELECT reference FROM cases WHERE id = $1) AS reference`,
    [m.caseId, m.subscriberId, m.channel, m.template, m.language, m.recipient, m.subject, m.body, m.messageId, m.at],
  );
  return row!;
}

export interface PendingMessage {
  channel: MessageChannel;
  recipient: string;
  subject: string;
  body: string;
  message_id: string;
  status: 'pending' | 'sent' | 'failed' | 'received';
  reference: string | null;
  subscriber_id: number | null;
}

/** Reads a message to deliver; no lock: the outbox lease keeps other workers off the job. */
export async function findOutgoingMessage(db: Queryable, id: number): Promise<PendingMessage | undefined> {
  const [m] = await db.query<PendingMessage>(
    `SELECT m.channel, m.recipient, m.subject, m.body, m.message_id, m.status, m.subscriber_id, c.reference
     FROM communications m LEFT JOIN cases c ON c.id = m.case_id WHERE m.id = $1`,
    [id],
  );
  return m;
}

/**
 * Records a send once: true when this call moved the message from pending to sent. A delivery
 * receipt that arrived before this record (a fast SMS centre) is applied at the same time.
 */
export async function markMessageSent(tx: Queryable, id: number, at: Date, providerMessageId: string | null = null): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE communications m SET sent_at = $2, attempts = attempts + 1, last_error = r.error, provider_message_id = $3,
       status = CASE WHEN r.delivered THEN 'delivered' WHEN r.delivered = false THEN 'failed' ELSE 'sent' END,
       delivered_at = CASE WHEN r.delivered THEN r.received_at END
     FROM (SELECT 1) one LEFT JOIN delivery_receipts r ON r.provider_message_id = $3
     WHERE m.id = $1 AND m.status = 'pending' RETURNING m.id`,
    [id, at, providerMessageId],
  );
  return rows.length > 0;
}

export interface ReceiptOutcome {
  delivered: boolean;
  error: string | null;
  at: Date;
}

/**
 * A delivery receipt from the SMS centre: the message reached the phone, or it never will. Kept
 * as it came (a repeat is dropped), and applied to its message when that is already recorded as
 * sent; a message already delivered or failed keeps its first outcome.
 */
export async function recordReceipt(db: Queryable, providerMessageId: string, r: ReceiptOutcome): Promise<{ id: number; reference: string | null; subscriber_id: number | null; status: string } | undefined> {
  await db.query(
    'INSERT INTO delivery_receipts (provider_message_id, delivered, error, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
    [providerMessageId, r.delivered, r.error, r.at],
  );
  const [row] = await db.query<{ id: number; reference: string | null; subscriber_id: number | null; status: string }>(
    `UPDATE communications m SET status = CASE WHEN $2 THEN 'delivered' ELSE 'failed' END,
       delivered_at = CASE WHEN $2 THEN $4::timestamptz END, last_error = CASE WHEN $2 THEN m.last_error ELSE $3 END
     WHERE m.provider_message_id = $1 AND m.status = 'sent'
     RETURNING m.id, (SELECT reference FROM cases WHERE id = m.case_id) AS reference, m.subscriber_id, m.status`,
    [providerMessageId, r.delivered, r.error, r.at],
  );
  return row;
}

/** A failed attempt, visible on the message itself; a permanent failure ends it as `failed`. */
export async function recordMessageFailure(db: Queryable, id: number, error: string, permanent: boolean): Promise<void> {
  await db.query(
    `UPDATE communications SET attempts = attempts + 1, last_error = $2,
       status = CASE WHEN $3::boolean AND status = 'pending' THEN 'failed' ELSE status END
     WHERE id = $1`,
    [id, error.slice(0, 2000), permanent],
  );
}

/** A customer's reply on the portal: received, not sent. */
export interface CustomerReply {
  caseId: number;
  subscriberId: number;
  language: Language;
  /** Sealed by the caller: a reply goes to the operator, not to a person's address. */
  recipient: string;
  subject: string;
  body: string;
  messageId: string;
  at: Date;
}

export async function insertCustomerReply(tx: Queryable, r: CustomerReply): Promise<void> {
  await tx.query(
    `INSERT INTO communications (case_id, subscriber_id, channel, direction, template, language, recipient, subject, body, status, message_id, sent_at, created_at)
     VALUES ($1, $2, 'web', 'in', 'customer_reply', $3, $8, $4, $5, 'received', $6, $7, $7)`,
    [r.caseId, r.subscriberId, r.language, r.subject, r.body, r.messageId, r.at, r.recipient],
  );
}

/** Every message still waiting is recorded as sent when it was written, so none of them goes out. */
export async function markPendingMessagesSent(tx: Queryable): Promise<void> {
  await tx.query(`UPDATE communications SET status = 'sent', sent_at = created_at WHERE status = 'pending'`);
}

/** A delivery receipt as it came, by the SMS centre's message id. */
export async function findReceipt(db: Queryable, providerMessageId: string): Promise<{ delivered: boolean; error: string | null } | undefined> {
  const [row] = await db.query<{ delivered: boolean; error: string | null }>('SELECT delivered, error FROM delivery_receipts WHERE provider_message_id = $1', [providerMessageId]);
  return row;
}
