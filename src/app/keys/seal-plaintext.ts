import type { Database } from '../../store/db.js';
import type { Vault } from '../../security/vault.js';
import { emailIndex, identityIndex } from '../../store/lines.js';
import { recipientIndex } from '../../store/dev-mailbox.js';

/**
 * Databases created before encryption at rest hold personal data in plain text. At start each
 * such row is sealed and indexed once; afterwards the CHECK constraints of 0002_trust.sql keep
 * plain text from being written again. Returns how many rows were sealed.
 */
export async function sealPlaintextRows(db: Database, vault: Vault): Promise<number> {
  return db.transaction(async (tx) => {
    let sealed = 0;
    const people = await tx.query<{ id: number; legal_name: string; id_number: string; email: string; address: string | null }>(
      `SELECT id, legal_name, id_number, email, address FROM subscribers WHERE legal_name NOT LIKE 'lc1.%' FOR UPDATE`,
    );
    for (const p of people) {
      await tx.query(
        `UPDATE subscribers SET legal_name = $2, id_number = $3, id_number_index = $4, email = $5, email_index = $6, address = $7 WHERE id = $1`,
        [p.id, vault.seal(p.legal_name), vault.seal(p.id_number), identityIndex(vault, p.id_number), vault.seal(p.email), emailIndex(vault, p.email), p.address === null ? null : vault.seal(p.address)],
      );
    }
    sealed += people.length;
    const comms = await tx.query<{ id: number; recipient: string }>(`SELECT id, recipient FROM communications WHERE recipient NOT LIKE 'lc1.%' FOR UPDATE`);
    for (const c of comms) await tx.query('UPDATE communications SET recipient = $2 WHERE id = $1', [c.id, vault.seal(c.recipient)]);
    sealed += comms.length;
    const mail = await tx.query<{ id: number; recipient: string; body: string }>(`SELECT id, recipient, body FROM dev_mailbox WHERE recipient NOT LIKE 'lc1.%' FOR UPDATE`);
    for (const m of mail) {
      await tx.query('UPDATE dev_mailbox SET recipient = $2, recipient_index = $3, body = $4 WHERE id = $1', [m.id, vault.seal(m.recipient), recipientIndex(vault, m.recipient), vault.seal(m.body)]);
    }
    return sealed + mail.length;
  });
}
