import nodemailer from 'nodemailer';
import type { Queryable } from '../store/db.js';

/** One outgoing e-mail or SMS, as the outbox worker hands it over. */
export interface OutgoingMessage {
  channel: 'email' | 'sms';
  to: string;
  subject: string;
  text: string;
  /** Stable per message, so a receiver can drop a duplicate after a crash between send and commit. */
  messageId: string;
}

export interface MessageSender {
  /** `tx` is the worker's transaction; the dev mailbox writes into it, so "sent" is recorded exactly once. */
  send(msg: OutgoingMessage, tx: Queryable): Promise<void>;
  /** True when messages land in the dev mailbox (GET /dev/mailbox is served). */
  readonly devMailbox: { email: boolean; sms: boolean };
  close?(): void;
}

export async function writeToDevMailbox(tx: Queryable, msg: OutgoingMessage): Promise<void> {
  await tx.query(
    'INSERT INTO dev_mailbox (channel, recipient, subject, body, message_id) VALUES ($1, $2, $3, $4, $5)',
    [msg.channel, msg.to, msg.subject, msg.text, msg.messageId],
  );
}

/** E-mail through SMTP when SMTP_URL is set; SMS into the dev mailbox until an SMPP adapter exists. */
export function createMessageSender(opts: { smtpUrl?: string; mailFrom: string }): MessageSender {
  const transport = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : null;
  return {
    devMailbox: { email: !transport, sms: true },
    async send(msg, tx) {
      if (msg.channel === 'email' && transport) {
        await transport.sendMail({
          from: opts.mailFrom,
          to: msg.to,
          subject: msg.subject,
          text: msg.text,
          messageId: msg.messageId,
        });
        return;
      }
      await writeToDevMailbox(tx, msg);
    },
    close() {
      transport?.close();
    },
  };
}
