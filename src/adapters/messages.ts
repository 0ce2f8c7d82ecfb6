import type { Transporter } from 'nodemailer';
import type { Database } from '../store/db.js';
import type { Vault } from '../security/vault.js';
import type { MessageChannel } from '../domain/channels.js';
import { insertDevMail } from '../store/dev-mailbox.js';
import { OutsideError } from './outside-error.js';

/** One outgoing e-mail or SMS, as the outbox worker hands it over. */
export interface OutgoingMessage {
  channel: MessageChannel;
  to: string;
  subject: string;
  text: string;
  /** Stable per message, so a receiver can drop a duplicate after a crash between send and commit. */
  messageId: string;
}

/**
 * Sends a message to the outside world. Called with no transaction open: the worker records the
 * outcome afterwards. Failures are OutsideErrors that say whether trying again can help.
 */
/** What the outside system answered: an SMS centre's own id for the message, to match its delivery receipt. */
export interface SendResult {
  providerMessageId?: string;
}

/** Sends SMS (an SMPP client, or a stand-in); the e-mail side stays SMTP or the dev mailbox. */
export interface SmsTransport {
  readonly name: string;
  send(msg: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void>;
  /** Whether it can send now, and why not. */
  status?(): { up: boolean; error: string | null };
}

export interface MessageSender {
  send(msg: OutgoingMessage): Promise<SendResult | void>;
  /** True when messages land in the dev mailbox (GET /dev/mailbox is served). */
  readonly devMailbox: { email: boolean; sms: boolean };
  close?(): Promise<void> | void;
  /** The SMS link, when SMS go to an SMS centre (for /readyz). */
  readonly sms?: SmsTransport | undefined;
}

/**
 * SMTP answers 5xx when it will never take the message (no such mailbox, refused); 4xx and a
 * lost connection can pass.
 */
export function smtpFailure(err: unknown): OutsideError {
  const e = err as { message?: string; responseCode?: number };
  const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600;
  return new OutsideError(`SMTP: ${e.message ?? String(err)}`, permanent, 'smtp');
}

/**
 * E-mail through SMTP when SMTP_URL is set, SMS through the SMS transport when there is one;
 * everything else into the dev mailbox (its own write, not the caller's transaction).
 */
export function createMessageSender(opts: { smtpUrl?: string | undefined; mailFrom: string; db: Database; vault: Vault; sms?: SmsTransport | undefined }): MessageSender {
  // nodemailer is loaded with the first e-mail, so a server without SMTP (the demo) never loads it.
  const smtpUrl = opts.smtpUrl;
  let transport: Promise<Transporter> | null = null;
  const smtp = (url: string) => (transport ??= import('nodemailer').then((m) => m.default.createTransport(url)));
  const sms = opts.sms;
  return {
    devMailbox: { email: !smtpUrl, sms: !sms },
    sms,
    async send(msg) {
      if (msg.channel === 'sms' && sms) return sms.send(msg);
      if (msg.channel === 'email' && smtpUrl) {
        try {
          await (await smtp(smtpUrl)).sendMail({ from: opts.mailFrom, to: msg.to, subject: msg.subject, text: msg.text, messageId: msg.messageId });
        } catch (err) {
          throw smtpFailure(err);
        }
        return;
      }
      await insertDevMail(opts.db, opts.vault, msg);
    },
    async close() {
      if (transport) (await transport).close();
      await sms?.close?.();
    },
  };
}
