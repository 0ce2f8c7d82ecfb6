import type { Queryable } from './db.js';

export interface NewVerification {
  id: string;
  /** Null when the details matched nobody: the row exists all the same, and no code opens it. */
  subscriberId: number | null;
  msisdn: string;
  channel: 'sms' | 'email';
  codeHash: string;
  expiresAt: Date;
  maxAttempts: number;
  at: Date;
}

export async function insertVerification(tx: Queryable, v: NewVerification): Promise<void> {
  await tx.query(
    `INSERT INTO verifications (id, subscriber_id, msisdn, channel, code_hash, expires_at, max_attempts, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [v.id, v.subscriberId, v.msisdn, v.channel, v.codeHash, v.expiresAt, v.maxAttempts, v.at],
  );
}

export interface VerificationRow {
  subscriber_id: number | null;
  msisdn: string;
  code_hash: string;
  attempts: number;
  max_attempts: number;
  expires_at: Date;
  confirmed_at: Date | null;
}

/** Locked, so two tries on one verification are counted one after the other. */
export async function lockVerification(tx: Queryable, id: string): Promise<VerificationRow | undefined> {
  const [v] = await tx.query<VerificationRow>(
    'SELECT subscriber_id, msisdn, code_hash, attempts, max_attempts, expires_at, confirmed_at FROM verifications WHERE id = $1 FOR UPDATE',
    [id],
  );
  return v;
}

export async function countWrongCode(tx: Queryable, id: string): Promise<void> {
  await tx.query('UPDATE verifications SET attempts = attempts + 1 WHERE id = $1', [id]);
}

export async function markVerificationConfirmed(tx: Queryable, id: string, at: Date): Promise<void> {
  await tx.query('UPDATE verifications SET confirmed_at = $2 WHERE id = $1', [id, at]);
}

export interface NewCustomerToken {
  tokenHash: string;
  subscriberId: number;
  verificationId: string;
  expiresAt: Date;
  at: Date;
}

/** The token a confirmed verification hands out, kept only as its hash. */
export async function insertCustomerToken(tx: Queryable, t: NewCustomerToken): Promise<void> {
  await tx.query('INSERT INTO customer_tokens (token_hash, subscriber_id, verification_id, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)', [
    t.tokenHash,
    t.subscriberId,
    t.verificationId,
    t.expiresAt,
    t.at,
  ]);
}

/** When a live token was handed out: the moment its holder last proved who they are. */
export async function findTokenIssuedAt(db: Queryable, tokenHash: string, now: Date): Promise<Date | undefined> {
  const [row] = await db.query<{ created_at: Date }>('SELECT created_at FROM customer_tokens WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now]);
  return row?.created_at;
}

/** The subscriber a token hash stands for, while it has not expired. */
export async function findTokenSubscriber(db: Queryable, tokenHash: string, now: Date): Promise<number | undefined> {
  const [row] = await db.query<{ subscriber_id: number }>('SELECT subscriber_id FROM customer_tokens WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now]);
  return row?.subscriber_id;
}

/** The SMS centre's id of the message that carried a verification's code. */
export async function setVerificationSmsId(db: Queryable, id: string, providerMessageId: string): Promise<void> {
  await db.query('UPDATE verifications SET sms_provider_id = $2 WHERE id = $1', [id, providerMessageId]);
}

/** A verification by the SMS centre's id of its code's message, or by its own id (the send failed). */
export type SmsVerificationRef = { providerMessageId: string } | { verificationId: string };

/**
 * Moves an open verification whose code SMS could not be delivered to e-mail, with a new code
 * (only its hash is kept, so the old one cannot be sent again); undefined when there is none.
 */
export async function switchVerificationToEmail(tx: Queryable, ref: SmsVerificationRef, codeHash: (id: string) => string, now: Date): Promise<{ id: string; subscriber_id: number } | undefined> {
  const [column, value] = 'providerMessageId' in ref ? ['sms_provider_id', ref.providerMessageId] : ['id', ref.verificationId];
  const [v] = await tx.query<{ id: string; subscriber_id: number }>(
    `SELECT id, subscriber_id FROM verifications
     WHERE ${column} = $1 AND channel = 'sms' AND subscriber_id IS NOT NULL AND confirmed_at IS NULL AND expires_at > $2
     FOR UPDATE`,
    [value, now],
  );
  if (!v) return undefined;
  await tx.query(`UPDATE verifications SET channel = 'email', code_hash = $2, sms_provider_id = NULL WHERE id = $1`, [v.id, codeHash(v.id)]);
  return v;
}
