import crypto from 'node:crypto';
import type { AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { hmac } from './hmac.js';
import { appendAudit } from '../../store/audit.js';
import { findSubscriber } from '../../store/lines.js';
import { switchVerificationToEmail, type SmsVerificationRef } from '../../store/verifications.js';
import { findReceipt } from '../../store/communications.js';
import { renderMessage } from '../../domain/templates.js';

/**
 * The SMS centre could not deliver a one-time code (phone off, no coverage): a new code goes to
 * the e-mail address on file for the same verification, so the customer can go on. The same when
 * the SMS centre would not take it at all (refused, or away: a code is worth minutes, not a retry
 * an hour later). Nothing in an answer to the caller changes — only the holder's mailbox learns of it.
 */
export async function fallBackToEmail(ctx: AppContext, ref: SmsVerificationRef, why: string): Promise<boolean> {
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  const moved = await inTransaction(ctx, async (tx) => {
    const now = ctx.clock.now();
    const v = await switchVerificationToEmail(tx, ref, (id) => hmac(ctx.secret, 'code', id, code), now);
    if (!v) return undefined;
    const subscriber = (await findSubscriber(tx, ctx.vault, v.subscriber_id))!;
    await appendAudit(tx, now, { actor: 'system', action: 'verification.sent_by_email_instead', subject: `subscriber:${v.subscriber_id}`, data: { verificationId: v.id, why, ...ref } });
    return { id: v.id, subscriber };
  });
  if (!moved) return false;
  const rendered = renderMessage({ template: 'verification_code', vars: { code } }, moved.subscriber.language);
  await ctx.sender.send({ channel: 'email', to: moved.subscriber.email, subject: rendered.subject, text: rendered.text, messageId: `<verification-${moved.id}-email@lastcall.invalid>` });
  return true;
}

/** For a receipt that came before the code's SMS id was stored. */
export async function fallBackIfUndelivered(ctx: AppContext, providerMessageId: string): Promise<void> {
  const receipt = await findReceipt(ctx.db, providerMessageId);
  if (receipt && !receipt.delivered) await fallBackToEmail(ctx, { providerMessageId }, receipt.error ?? 'undelivered');
}
