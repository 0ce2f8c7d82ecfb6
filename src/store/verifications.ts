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
