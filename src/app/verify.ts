import crypto from 'node:crypto';
import type { AppContext } from './context.js';
import { inTransaction } from './transaction.js';
import { DomainError, notFound, unauthenticated } from '../domain/errors.js';
import { renderMessage } from '../domain/templates.js';
import { foldEmail, foldName, maskEmail, maskMsisdn } from '../domain/validation.js';
import { findLiveLine, findSubscriber } from '../store/lines.js';

export const codeLifetimeMs = 10 * 60_000;
export const tokenLifetimeMs = 30 * 60_000;
export const maxCodeAttempts = 5;

export interface VerificationRequest {
  msisdn: string;
  name: string;
  idNumber: string;
  email: string;
  channel?: 'sms' | 'email' | undefined;
}

const hmac = (key: Buffer, ...parts: string[]) => crypto.createHmac('sha256', key).update(parts.join('\0')).digest('hex');

/**
 * Starts a verification. Every request gets a verification id and the same answer, whether
 * the details match a subscriber or not, so the route cannot be used to learn who is a
 * customer; only a match produces a code. The code is sent after the answer is decided
 * (not awaited), so the time of the answer does not tell either.
 */
export async function startVerification(ctx: AppContext, req: VerificationRequest, clientAddress: string) {
  const channel = req.channel ?? 'sms';
  const now = ctx.clock.now();
  const id = crypto.randomUUID();
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const { subscriber, sendTo } = await inTransaction(ctx, async (tx) => {
    const line = await findLiveLine(tx, req.msisdn);
    const candidate = line ? await findSubscriber(tx, line.subscriber_id) : undefined;
    const matches =
      candidate !== undefined &&
      foldName(candidate.legal_name) === foldName(req.name) &&
      candidate.id_number === req.idNumber.trim().toUpperCase() &&
      foldEmail(candidate.email) === foldEmail(req.email);
    const subscriber = matches ? candidate : undefined;
    await tx.query(
      `INSERT INTO verifications (id, subscriber_id, msisdn, channel, code_hash, expires_at, max_attempts, client_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, subscriber?.id ?? null, req.msisdn, channel, hmac(ctx.secret, 'code', id, code), new Date(now.getTime() + codeLifetimeMs), maxCodeAttempts, clientAddress],
    );
    return { subscriber, sendTo: channel === 'sms' ? req.msisdn : subscriber?.email };
  });
  if (subscriber && sendTo) {
    const rendered = renderMessage({ template: 'verification_code', vars: { code } }, subscriber.language);
    void ctx.db
      .transaction((tx) =>
        ctx.sender.send({ channel, to: sendTo, subject: rendered.subject, text: rendered.text, messageId: `<verification-${id}@lastcall.invalid>` }, tx),
      )
      .catch((err: unknown) => ctx.log.error({ err, verificationId: id }, 'could not send a verification code'));
  }
  return {
    verificationId: id,
    channel,
    maskedDestination: channel === 'sms' ? maskMsisdn(req.msisdn) : maskEmail(req.email),
    expiresAt: new Date(now.getTime() + codeLifetimeMs).toISOString(),
  };
}

/** Checks a code; five wrong tries end the verification. The token is stored only as a hash. */
export async function confirmVerification(ctx: AppContext, verificationId: string, code: string) {
  return inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const [v] = await tx.query<{ subscriber_id: number | null; code_hash: string; attempts: number; max_attempts: number; expires_at: Date; confirmed_at: Date | null }>(
      'SELECT subscriber_id, code_hash, attempts, max_attempts, expires_at, confirmed_at FROM verifications WHERE id = $1 FOR UPDATE',
      [verificationId],
    );
    if (!v) throw notFound('verification_not_found', 'This verification does not exist; start a new one.');
    if (v.confirmed_at) throw new DomainError('conflict', 'verification_used', 'This code was already used; start a new verification.');
    if (v.expires_at <= now) throw new DomainError('unprocessable', 'code_expired', 'The code has expired; ask for a new one.');
    if (v.attempts >= v.max_attempts) throw new DomainError('rate_limited', 'too_many_attempts', 'Too many wrong codes; start a new verification.');
    const right = crypto.timingSafeEqual(Buffer.from(hmac(ctx.secret, 'code', verificationId, code)), Buffer.from(v.code_hash));
    if (!right || v.subscriber_id === null) {
      await tx.query('UPDATE verifications SET attempts = attempts + 1 WHERE id = $1', [verificationId]);
      const left = v.max_attempts - v.attempts - 1;
      // Committed on purpose: a wrong try must count even though the request fails.
      return { ok: false as const, attemptsLeft: left };
    }
    await tx.query('UPDATE verifications SET confirmed_at = $2 WHERE id = $1', [verificationId, now]);
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + tokenLifetimeMs);
    await tx.query('INSERT INTO customer_tokens (token_hash, subscriber_id, verification_id, expires_at) VALUES ($1, $2, $3, $4)', [
      hmac(ctx.secret, 'token', token),
      v.subscriber_id,
      verificationId,
      expiresAt,
    ]);
    return { ok: true as const, token, expiresAt: expiresAt.toISOString() };
  }).then((r) => {
    if (!r.ok) {
      throw new DomainError('unprocessable', 'wrong_code', 'The code is not right.', { attemptsLeft: Math.max(r.attemptsLeft, 0) });
    }
    return { token: r.token, expiresAt: r.expiresAt };
  });
}

/** The subscriber a bearer token stands for. */
export async function authenticateCustomer(ctx: AppContext, token: string | undefined): Promise<number> {
  if (!token) throw unauthenticated('unauthenticated', 'Verify your identity first and send the token as "Authorization: Bearer <token>".');
  const [row] = await ctx.db.query<{ subscriber_id: number }>(
    'SELECT subscriber_id FROM customer_tokens WHERE token_hash = $1 AND expires_at > $2',
    [hmac(ctx.secret, 'token', token), ctx.clock.now()],
  );
  if (!row) throw unauthenticated('invalid_token', 'The token is unknown or has expired; verify again.');
  return row.subscriber_id;
}
