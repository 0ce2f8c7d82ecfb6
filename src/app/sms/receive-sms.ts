/**
 * The SMS room: texts customers send to the short code (CONTRACT §7) — reading the keyword,
 * the switching information, the cancellation codes, opening a case by `确认 CODE` / `YES CODE`,
 * the status — and the replies, queued in the same transaction as what they answer. Whatever
 * brings a text in (the SMPP client's deliver_sm, POST /dev/sms) hands it to receiveSms.
 */
import type { AppContext, Tx } from '../context.js';
import { inTransaction } from '../transaction.js';
import { hitLimit, type LimitRule } from '../identity/rate-limit.js';
import { inspectLine } from '../lines/lines.js';
import { appendAudit } from '../../store/audit.js';
import { findCaseById, findOpenCaseForLine } from '../../store/cases.js';
import { findLiveLine, findSubscriber, type LineRow } from '../../store/lines.js';
import { DomainError } from '../../domain/errors.js';
import { maskMsisdn } from '../../domain/validation.js';
import { parseSmsCommand, type SmsCommand, type SmsCommandKind, type SmsOutcome } from '../../domain/sms-keywords.js';
import { issueSmsCode } from './cancellation-codes.js';
import { confirmBySms } from './confirm-by-sms.js';
import { helpMessage, languageOfNumber, replyBySms, switchingMessage, type Texter } from './replies.js';

export interface IncomingSms {
  /** The sender as the SMS centre gives it: E.164, or international digits without "+". */
  from: string;
  /** The number it was sent to; only the configured short code is ours. */
  to: string;
  text: string;
  /** When the SMS centre handed it over; the reply's latency is measured from here. */
  receivedAt: Date;
}

export type { SmsOutcome };

export interface SmsHandled {
  outcome: SmsOutcome;
  command: SmsCommandKind | null;
  /** The reply's communication id (its outbox job delivers it), or null when nothing is sent back. */
  replyId: number | null;
}

const hour = 3600_000;
/** Texts per sending number per hour that get an answer; the keyword flow needs a handful. */
export const smsPerSenderPerHour = 30;

/** International digits from an SMS centre ("8613800138000", "+86 138…", "0086…") as E.164, or null. */
export function senderNumber(from: string): string | null {
  const compact = from.trim().replace(/[\s\-().]/g, '').replace(/^00/, '+');
  const e164 = compact.startsWith('+') ? compact : `+${compact}`;
  return /^\+[1-9]\d{6,14}$/.test(e164) ? e164 : null;
}

/**
 * Answers a text sent to the short code. Only `active` lines (and lines whose approved case is
 * being carried out) use the keywords; any other number gets the help text, the same whether or
 * not we know it. A `suspended` line was reported lost or stolen: a text from it comes from
 * whoever holds the SIM now (barring normally stops it from sending at all), who must not read the
 * account or start a cancellation in the owner's name — help text only.
 */
export async function receiveSms(ctx: AppContext, sms: IncomingSms): Promise<SmsHandled> {
  const now = ctx.clock.now();
  const from = senderNumber(sms.from);
  const to = sms.to.trim().replace(/^\+/, '');
  const command = parseSmsCommand(sms.text);
  const base = { to: to.slice(0, 32), receivedAt: sms.receivedAt.toISOString(), length: sms.text.length };
  if (to !== ctx.config.smsShortcode || from === null) {
    await inTransaction(ctx, (tx) =>
      appendAudit(tx, now, { actor: 'anonymous', action: 'sms.ignored', subject: from ? maskMsisdn(from) : null, data: { ...base, reason: from ? 'not_our_short_code' : 'no_reply_address' } }),
    );
    return { outcome: 'ignored', command: null, replyId: null };
  }
  const rule: LimitRule = { scope: 'sms_sender', limit: smsPerSenderPerHour * ctx.config.rateLimitScale, windowMs: hour };
  const limit = await hitLimit(ctx.db, ctx.secret, rule, from, now);
  if (!limit.allowed) {
    // Once per window is enough to see it in the trail; a loop must not flood the audit either.
    if (limit.hits === rule.limit + 1) {
      await inTransaction(ctx, (tx) => appendAudit(tx, now, { actor: 'anonymous', action: 'sms.throttled', subject: maskMsisdn(from), data: base }));
    }
    return { outcome: 'throttled', command: command.kind, replyId: null };
  }
  const handle = () => inTransaction(ctx, (tx) => answer(ctx, tx, from, command, now, sms.receivedAt, base));
  let handled: SmsHandled;
  try {
    handled = await handle();
  } catch (err) {
    // Two confirmations racing (or the portal's apply and ours): the loser answers like a text
    // that finds the case already open.
    if (!(err instanceof DomainError && err.code === 'case_already_open')) throw err;
    handled = await handle();
  }
  ctx.wakeWorker();
  return handled;
}

async function answer(ctx: AppContext, tx: Tx, from: string, command: SmsCommand, now: Date, textAt: Date, base: Record<string, unknown>): Promise<SmsHandled> {
  const found = await findLiveLine(tx, from, true);
  const line = found && (found.status === 'active' || found.status === 'pending_termination') ? found : undefined;
  const subscriber = line ? (await findSubscriber(tx, ctx.vault, line.subscriber_id))! : undefined;
  const texter: Texter = { msisdn: from, subscriberId: subscriber?.id ?? null, language: subscriber?.language ?? languageOfNumber(from), textAt };
  const audit = (action: string, data: Record<string, unknown> = {}) =>
    appendAudit(tx, now, {
      actor: subscriber ? `customer:${subscriber.id}` : 'anonymous',
      action,
      // A number that is not ours is kept masked: the trail is all we keep of it. A line of ours
      // that may not use the keywords (a lost SIM texting) is named, for whoever looks into it.
      subject: found ? found.msisdn : maskMsisdn(from),
      data: { ...base, ...data },
    });
  await audit('sms.received', { command: command.kind, lineStatus: found?.status ?? null });
  const done = async (outcome: SmsOutcome, replyId: number) => {
    await audit('sms.replied', { outcome, communicationId: replyId });
    return { outcome, command: command.kind, replyId };
  };
  if (!line || !subscriber || command.kind === 'help') return done('help', await replyBySms(ctx, tx, texter, helpMessage(ctx)));
  const lineTexter = { ...texter, subscriberId: subscriber.id };
  switch (command.kind) {
    case 'info': {
      const { precheck } = await inspectLine(ctx, tx, line.msisdn, subscriber.id, now);
      return done('info', await replyBySms(ctx, tx, texter, switchingMessage(ctx, line.msisdn, precheck, null)));
    }
    case 'status':
      return done('status', await replyWithStatus(ctx, tx, line, texter));
    case 'cancel':
    case 'confirm': {
      // An open case already: its reference and state, not an error. A line being ended without
      // one (an import can say so) cannot start another: it gets its status too.
      if (await findOpenCaseForLine(tx, line.id)) return done('case_already_open', await replyWithStatus(ctx, tx, line, texter));
      if (line.status !== 'active') return done('status', await replyWithStatus(ctx, tx, line, texter));
      if (command.kind === 'confirm') {
        const r = await confirmBySms(ctx, tx, line, lineTexter, command.code, now, audit);
        return done(r.outcome, r.replyId);
      }
      const { precheck, calendar } = await inspectLine(ctx, tx, line.msisdn, subscriber.id, now, true);
      const issued = await issueSmsCode(ctx, tx, line.id, precheck.advisoryCodes, now);
      await audit('sms.code_issued', { expiresAt: issued.expiresAt.toISOString(), replaced: issued.replaced, listed: precheck.advisoryCodes });
      const confirm = { code: issued.code, validUntil: calendar.localDateTime(issued.expiresAt).date };
      return done('code_issued', await replyBySms(ctx, tx, texter, switchingMessage(ctx, line.msisdn, precheck, confirm)));
    }
  }
}

/** The open case's state and due day, or that there is none. */
async function replyWithStatus(ctx: AppContext, tx: Tx, line: LineRow, texter: Texter): Promise<number> {
  const open = await findOpenCaseForLine(tx, line.id);
  const c = open ? (await findCaseById(tx, open.id))! : undefined;
  return replyBySms(
    ctx,
    tx,
    texter,
    { template: 'sms_case_status', vars: { msisdn: line.msisdn, openCase: c ? { reference: c.reference, state: c.state, dueOn: c.due_on } : null } },
    c?.id ?? null,
  );
}
