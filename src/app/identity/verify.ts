/**
 * The identity room: who a customer is (name, ID number, e-mail against the line, then a one-time
 * code by SMS or e-mail), the tokens that follow, and the rate limits that keep guessing slow.
 */
import type { ErrorCodeOf } from '../../domain/error-codes.js';
import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { hmac, tokenHash } from './hmac.js';
import { fallBackIfUndelivered, fallBackToEmail } from './sms-fallback.js';
import { appendAudit } from '../../store/audit.js';
import { hitLimit, undoHit, type LimitRule } from './rate-limit.js';
import { DomainError, notFound, rateLimited, unauthenticated } from '../../domain/errors.js';
import { renderMessage } from '../../domain/templates.js';
import { foldEmail, foldName, maskEmail, maskMsisdn } from '../../domain/validation.js';
import { findLiveLine, findSubscriber } from '../../store/lines.js';
import { countWrongCode, findTokenSubscriber, findTokenIssuedAt, insertCustomerToken, insertVerification, lockVerification, markVerificationConfirmed, setVerificationSmsId } from '../../store/verifications.js';

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


/** Compares through HMACs of equal length, so the time taken does not say how much matched. */
function same(key: Buffer, a: string, b: string): boolean {
  return crypto.timingSafeEqual(Buffer.from(hmac(key, 'cmp', a)), Buffer.from(hmac(key, 'cmp', b)));
}

const decoy = { legal_name: '\u0000', id_number: '\u0000', email: '\u0000' };

/** Counts one try against each rule (committed even when the request then fails) and refuses past any limit. */
async function enforce(ctx: AppContext, now: Date, checks: [LimitRule, string][], code: ErrorCodeOf<'rate_limited'>, message: string, audit: { subject: string; client: string }) {
  let retryAfter = 0;
  for (const [rule, key] of checks) {
    const r = await hitLimit(ctx.db, ctx.secret, rule, key, now);
    if (!r.allowed) retryAfter = Math.max(retryAfter, r.retryAfterSeconds);
  }
  if (retryAfter > 0) {
    await inTransaction(ctx, (tx) => appendAudit(tx, now, { actor: 'anonymous', action: 'verification.rate_limited', subject: audit.subject, data: { client: audit.client, code } }));
    throw rateLimited(code, message, retryAfter);
  }
}

/**
 * Starts a verification. Every well-formed request gets a verification id and the same answer,
 * whether the details match a subscriber or not, so the route cannot be used to learn who is
 * a customer; only a match produces a code. The code is sent after the answer is decided (not
 * awaited), so the time of the answer does not tell either.
 */
export async function startVerification(ctx: AppContext, req: VerificationRequest, clientAddress: string) {
  const now = ctx.clock.now();
  await enforce(
    ctx,
    now,
    [
      [ctx.limits.verifyPerMsisdn, req.msisdn],
      [ctx.limits.verifyPerIdNumber, req.idNumber.trim().toUpperCase()],
      [ctx.limits.verifyPerAddress, clientAddress],
    ],
    'too_many_verifications',
    'Too many verification requests for these details or from this address; try again later.',
    { subject: req.msisdn, client: clientAddress },
  );
  const id = crypto.randomUUID();
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const { subscriber, channel } = await inTransaction(ctx, async (tx) => {
    const line = await findLiveLine(tx, req.msisdn);
    // A barred or finished line cannot receive an SMS: the code goes to the registered e-mail.
    const channel: 'email' | 'sms' = req.channel === 'email' || (line && line.status !== 'active') ? 'email' : 'sms';
    // An unknown number costs the same read and comparisons as a known one (against a decoy).
    const candidate = await findSubscriber(tx, ctx.vault, line?.subscriber_id ?? -1);
    const compared = candidate ?? decoy;
    const matches =
      [
        same(ctx.secret, foldName(compared.legal_name), foldName(req.name)),
        same(ctx.secret, compared.id_number, req.idNumber.trim().toUpperCase()),
        same(ctx.secret, foldEmail(compared.email), foldEmail(req.email)),
      ].every(Boolean) && candidate !== undefined;
    const subscriber = matches ? candidate : undefined;
    await insertVerification(tx, {
      id,
      subscriberId: subscriber?.id ?? null,
      msisdn: req.msisdn,
      channel,
      codeHash: hmac(ctx.secret, 'code', id, code),
      expiresAt: new Date(now.getTime() + codeLifetimeMs),
      maxAttempts: maxCodeAttempts,
      at: now,
    });
    await appendAudit(tx, now, {
      actor: 'anonymous',
      action: 'verification.started',
      subject: req.msisdn,
      data: { verificationId: id, channel, matched: matches, codeSent: matches, client: clientAddress },
    });
    return { subscriber, channel };
  });
  if (subscriber) {
    const rendered = renderMessage({ template: 'verification_code', vars: { code } }, subscriber.language);
    const to = channel === 'sms' ? req.msisdn : subscriber.email;
    // Sent after the answer's work is done and not awaited: the time taken must not tell a match.
    void ctx.sender
      .send({ channel, to, subject: rendered.subject, text: rendered.text, messageId: `<verification-${id}@lastcall.invalid>` })
      .then(async (sent) => {
        if (!sent?.providerMessageId) return;
        await setVerificationSmsId(ctx.db, id, sent.providerMessageId);
        // A fast SMS centre may have said "undeliverable" before the id was stored.
        await fallBackIfUndelivered(ctx, sent.providerMessageId);
      })
      .catch(async (err: unknown) => {
        ctx.log.error({ err, verificationId: id }, 'could not send a verification code');
        if (channel === 'sms') await fallBackToEmail(ctx, { verificationId: id }, (err as Error).message ?? 'not sent');
      })
      .catch((err: unknown) => ctx.log.error({ err, verificationId: id }, 'could not send a verification code by e-mail either'));
  }
  return {
    verificationId: id,
    channel,
    // Built from what was asked, never from what is stored: the answer reveals nothing new.
    maskedDestination: channel === 'sms' ? maskMsisdn(req.msisdn) : maskEmail(req.email),
    expiresAt: new Date(now.getTime() + codeLifetimeMs).toISOString(),
  };
}

type ConfirmOutcome =
  | { ok: true; token: string; expiresAt: string }
  | { ok: false; attemptsLeft: number }
  | { ok: false; lockedFor: number };

/** Checks a code; five wrong tries end the verification. The token is stored only as a hash. */
export async function confirmVerification(ctx: AppContext, verificationId: string, code: string, clientAddress = 'unknown') {
  const now = ctx.clock.now();
  // Guessing across many verifications from one address stops here, before any code is compared.
  // The try is counted first, so tries sent in parallel cannot all get in; every outcome but a
  // wrong code (right, spent, expired, unknown) gives it back.
  const perAddress = await hitLimit(ctx.db, ctx.secret, ctx.limits.wrongCodesPerAddress, clientAddress, now);
  if (!perAddress.allowed) throw rateLimited('too_many_attempts', 'Too many wrong codes from this address; try again later.', perAddress.retryAfterSeconds);
  const giveBack = () => undoHit(ctx.db, ctx.secret, ctx.limits.wrongCodesPerAddress, clientAddress, now);
  const r = await checkCode(ctx, verificationId, code, clientAddress, now).catch(async (err: unknown) => {
    await giveBack();
    throw err;
  });
  if (r.ok) {
    await giveBack();
    // expiresIn lets a client whose clock is off keep its own deadline (expiresAt is on ours).
    return { token: r.token, expiresAt: r.expiresAt, expiresIn: tokenLifetimeMs / 1000 };
  }
  if ('lockedFor' in r) {
    await giveBack();
    throw rateLimited('too_many_attempts', 'Too many wrong codes for this verification; start a new one.', r.lockedFor);
  }
  throw new DomainError('wrong_code', 'The code is not right.', { attemptsLeft: Math.max(r.attemptsLeft, 0) });
}

async function checkCode(ctx: AppContext, verificationId: string, code: string, clientAddress: string, now: Date): Promise<ConfirmOutcome> {
  return inTransaction(ctx, async (tx) => {
    const v = await lockVerification(tx, verificationId);
    if (!v) throw notFound('verification_not_found', 'This verification does not exist; start a new one.');
    if (v.confirmed_at) throw new DomainError('verification_used', 'This code was already used; start a new verification.');
    if (v.expires_at <= now) throw new DomainError('code_expired', 'The code has expired; ask for a new one.');
    const audit = (action: string, data: Record<string, unknown> = {}) =>
      appendAudit(tx, now, { actor: 'anonymous', action, subject: v.msisdn, data: { verificationId, client: clientAddress, ...data } });
    if (v.attempts >= v.max_attempts) {
      await audit('verification.locked');
      return { ok: false, lockedFor: (v.expires_at.getTime() - now.getTime()) / 1000 };
    }
    const right = crypto.timingSafeEqual(Buffer.from(hmac(ctx.secret, 'code', verificationId, code)), Buffer.from(v.code_hash));
    if (!right || v.subscriber_id === null) {
      await countWrongCode(tx, verificationId);
      await audit('verification.wrong_code', { attempt: v.attempts + 1 });
      // Committed on purpose: a wrong try must count even though the request fails.
      return { ok: false, attemptsLeft: v.max_attempts - v.attempts - 1 };
    }
    await markVerificationConfirmed(tx, verificationId, now);
    const token = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + tokenLifetimeMs);
    await insertCustomerToken(tx, { tokenHash: tokenHash(ctx.secret, token), subscriberId: v.subscriber_id, verificationId, expiresAt, at: now });
    await appendAudit(tx, now, { actor: `customer:${v.subscriber_id}`, action: 'verification.confirmed', subject: v.msisdn, data: { verificationId, client: clientAddress } });
    return { ok: true, token, expiresAt: expiresAt.toISOString() };
  });
}

/** When the token's holder verified (for steps that need a verification newer than some event). */
export async function tokenVerifiedAt(ctx: AppContext, token: string | undefined): Promise<Date | undefined> {
  return token ? findTokenIssuedAt(ctx.db, tokenHash(ctx.secret, token), ctx.clock.now()) : undefined;
}

/** The subscriber a bearer token stands for. */
export async function authenticateCustomer(ctx: AppContext, token: string | undefined): Promise<number> {
  if (!token) throw unauthenticated('unauthenticated', 'Verify your identity first and send the token as "Authorization: Bearer <token>".');
  const subscriberId = await findTokenSubscriber(ctx.db, tokenHash(ctx.secret, token), ctx.clock.now());
  if (subscriberId === undefined) throw unauthenticated('invalid_token', 'The token is unknown or has expired; verify again.');
  return subscriberId;
}
