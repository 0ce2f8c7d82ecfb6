import nodemailer from 'nodemailer';
import type { Queryable } from '../store/db.js';
import type { Vault } from '../security/vault.js';

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

/** The dev mailbox holds codes and addresses, so it is sealed like any other personal data. */
export async function writeToDevMailbox(tx: Queryable, vault: Vault, msg: OutgoingMessage): Promise<void> {
  await tx.query(
    'INSERT INTO dev_mailbox (channel, recipient, recipient_index, subject, body, message_id) VALUES ($1, $2, $3, $4, $5, $6)',
    [msg.channel, vault.seal(msg.to), recipientIndex(vault, msg.to), msg.subject, vault.seal(msg.text), msg.messageId],
  );
}

export const recipientIndex = (vault: Vault, to: string) => vault.index('recipient', to.trim().toLowerCase());

/** E-mail through SMTP when SMTP_URL is set; SMS into the dev mailbox until an SMPP adapter exists. */
export function createMessageSender(opts: { smtpUrl?: string | undefined; mailFrom: string; vault: Vault }): MessageSender {
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
      await writeToDevMailbox(tx, opts.vault, msg);
    },
    close() {
      transport?.close();
    },
  };
}
