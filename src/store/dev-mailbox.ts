import type { Queryable } from './db.js';
import type { Vault } from '../security/vault.js';
import type { MessageChannel } from '../domain/channels.js';

/** The dev mailbox holds codes and addresses, so it is sealed like any other personal data. */
export const recipientIndex = (vault: Vault, to: string) => vault.index('recipient', to.trim().toLowerCase());

/** One row per message id: delivering the same message again (a retry after a crash) adds nothing. */
export async function insertDevMail(db: Queryable, vault: Vault, msg: { channel: MessageChannel; to: string; subject: string; text: string; messageId: string }): Promise<void> {
  await db.query(
    `INSERT INTO dev_mailbox (channel, recipient, recipient_index, subject, body, message_id) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (message_id) DO NOTHING`,
    [msg.channel, vault.seal(msg.to), recipientIndex(vault, msg.to), msg.subject, vault.seal(msg.text), msg.messageId],
  );
}

export interface DevMailRow {
  id: number;
  channel: MessageChannel;
  recipient: string;
  subject: string;
  body: string;
  sent_at: Date;
}

export async function listDevMail(db: Queryable, vault: Vault, opts: { to?: string | undefined; limit: number }): Promise<DevMailRow[]> {
  return db.query<DevMailRow>(
    `SELECT id, channel, recipient, subject, body, sent_at FROM dev_mailbox
     WHERE ($1::text IS NULL OR recipient_index = $1) ORDER BY id DESC LIMIT $2`,
    [opts.to === undefined ? null : recipientIndex(vault, opts.to), opts.limit],
  );
}
