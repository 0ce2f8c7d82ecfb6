import type { Queryable } from './db.js';

/** The one cancellation code a line may hold at a time (SMS keyword cancellation), as its HMAC. */
export interface SmsCodeRow {
  line_id: number;
  code_hash: string;
  /** The advisory pre-check items the text that carried the code named. */
  listed: string[];
  attempts: number;
  max_attempts: number;
  issued_at: Date;
  expires_at: Date;
}

export interface NewSmsCode {
  lineId: number;
  codeHash: string;
  listed: readonly string[];
  maxAttempts: number;
  issuedAt: Date;
  expiresAt: Date;
}

/** Issues a code for a line; one the line already held is replaced (and with it its tries). */
export async function replaceSmsCode(tx: Queryable, c: NewSmsCode): Promise<void> {
  await tx.query(
    `INSERT INTO sms_cancellation_codes (line_id, code_hash, listed, attempts, max_attempts, issued_at, expires_at)
     VALUES ($1, $2, $3, 0, $4, $5, $6)
     ON CONFLICT (line_id) DO UPDATE SET code_hash = EXCLUDED.code_hash, listed = EXCLUDED.listed, attempts = 0,
       max_attempts = EXCLUDED.max_attempts, issued_at = EXCLUDED.issued_at, expires_at = EXCLUDED.expires_at`,
    [c.lineId, c.codeHash, JSON.stringify(c.listed), c.maxAttempts, c.issuedAt, c.expiresAt],
  );
}

/** Locked, so two answers for one line are counted one after the other. */
export async function lockSmsCode(tx: Queryable, lineId: number): Promise<SmsCodeRow | undefined> {
  const [row] = await tx.query<SmsCodeRow>(
    'SELECT line_id, code_hash, listed, attempts, max_attempts, issued_at, expires_at FROM sms_cancellation_codes WHERE line_id = $1 FOR UPDATE',
    [lineId],
  );
  return row;
}

export async function countWrongSmsCode(tx: Queryable, lineId: number): Promise<void> {
  await tx.query('UPDATE sms_cancellation_codes SET attempts = attempts + 1 WHERE line_id = $1', [lineId]);
}

/** A code that opened its case is spent: nothing of it is kept. */
export async function deleteSmsCode(tx: Queryable, lineId: number): Promise<void> {
  await tx.query('DELETE FROM sms_cancellation_codes WHERE line_id = $1', [lineId]);
}
