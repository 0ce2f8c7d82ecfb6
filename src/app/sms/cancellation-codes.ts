import crypto from 'node:crypto';
import type { AppContext, Tx } from '../context.js';
import { hmac } from '../identity/hmac.js';
import { lockSmsCode, replaceSmsCode, countWrongSmsCode, deleteSmsCode, type SmsCodeRow } from '../../store/sms-codes.js';

/** Ofcom's text-to-switch codes last 30 days; so do ours. */
export const smsCodeLifetimeMs = 30 * 24 * 3600_000;
/** Five wrong answers burn a code: a guesser gets 5 tries in a million per code, and must hold the line's SIM. */
export const maxSmsCodeAttempts = 5;

// The line is part of the hashed value, so the same digits issued to two lines never share a hash.
const codeHash = (secret: Buffer, lineId: number, code: string) => hmac(secret, 'sms_cancellation_code', String(lineId), code);

/**
 * Issues a new code for the line, replacing any it held (one per line at a time). Only its HMAC
 * is stored; the code itself leaves only in the reply. `listed`: the advisory pre-check items
 * the reply names, which confirming acknowledges.
 */
export async function issueSmsCode(ctx: AppContext, tx: Tx, lineId: number, listed: readonly string[], now: Date) {
  const replaced = (await lockSmsCode(tx, lineId)) !== undefined;
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const expiresAt = new Date(now.getTime() + smsCodeLifetimeMs);
  await replaceSmsCode(tx, { lineId, codeHash: codeHash(ctx.secret, lineId, code), listed, maxAttempts: maxSmsCodeAttempts, issuedAt: now, expiresAt });
  return { code, expiresAt, replaced };
}

export type SmsCodeCheck =
  | { ok: true; listed: string[] }
  | { ok: false; reason: 'none' | 'expired' | 'used_up' }
  | { ok: false; reason: 'wrong'; attemptsLeft: number };

/**
 * Checks an answer against the line's code, locked so answers sent together are counted one
 * after the other. A wrong answer counts (the caller commits it with its reply); the last one
 * allowed burns the code. A right answer spends it.
 */
export async function checkSmsCode(ctx: AppContext, tx: Tx, lineId: number, code: string, now: Date): Promise<SmsCodeCheck> {
  const row: SmsCodeRow | undefined = await lockSmsCode(tx, lineId);
  if (!row) return { ok: false, reason: 'none' };
  if (row.expires_at <= now) return { ok: false, reason: 'expired' };
  if (row.attempts >= row.max_attempts) return { ok: false, reason: 'used_up' };
  const right = crypto.timingSafeEqual(Buffer.from(codeHash(ctx.secret, lineId, code)), Buffer.from(row.code_hash));
  if (!right) {
    await countWrongSmsCode(tx, lineId);
    return { ok: false, reason: 'wrong', attemptsLeft: row.max_attempts - row.attempts - 1 };
  }
  await deleteSmsCode(tx, lineId);
  return { ok: true, listed: row.listed };
}
