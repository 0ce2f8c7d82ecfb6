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

/** Records a delivery once: true when this call moved the message from pending to sent. */
export async function markMessageSent(tx: Queryable, id: number, at: Date): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE communications SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1 AND status = 'pending' RETURNING id`,
    [id, at],
  );
  return rows.length > 0;
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
