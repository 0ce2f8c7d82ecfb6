import type { Database } from '../../store/db.js';
import type { Vault } from '../../security/vault.js';
import { emailIndex, identityIndex } from '../../store/lines.js';
import { recipientIndex } from '../../store/dev-mailbox.js';
import {
  lockPlainCommunications,
  lockPlainDevMail,
  lockPlainSubscribers,
  writeSealedCommunication,
  writeSealedDevMail,
  writeSealedSubscriber,
} from '../../store/sealed-columns.js';

/**
 * Databases created before encryption at rest hold personal data in plain text. At start each
 * such row is sealed and indexed once; afterwards the CHECK constraints of 0002_trust.sql keep
 * plain text from being written again. Returns how many rows were sealed.
 */
export async function sealPlaintextRows(db: Database, vault: Vault): Promise<number> {
  return db.transaction(async (tx) => {
    let sealed = 0;
    const people = await lockPlainSubscribers(tx);
    for (const p of people) {
      await writeSealedSubscriber(tx, {
        id: p.id,
        legalName: vault.seal(p.legal_name),
        idNumber: vault.seal(p.id_number),
        idNumberIndex: identityIndex(vault, p.id_number),
        email: vault.seal(p.email),
        emailIndex: emailIndex(vault, p.email),
        address: p.address === null ? null : vault.seal(p.address),
      });
    }
    sealed += people.length;
    const comms = await lockPlainCommunications(tx);
    for (const c of comms) await writeSealedCommunication(tx, c.id, vault.seal(c.recipient));
    sealed += comms.length;
    const mail = await lockPlainDevMail(tx);
    for (const m of mail) {
      await writeSealedDevMail(tx, { id: m.id, recipient: vault.seal(m.recipient), recipientIndex: recipientIndex(vault, m.recipient), body: vault.seal(m.body) });
    }
    return sealed + mail.length;
  });
}
