import type { Queryable } from './db.js';
import type { SubscriberRow } from './lines.js';

export interface NewSubscriber {
  /** Personal columns sealed by the caller, with the blind indexes to find them by. */
  legalName: string;
  idType: SubscriberRow['id_type'];
  idNumber: string;
  idNumberIndex: string;
  email: string;
  emailIndex: string;
  address: string | null;
  language: SubscriberRow['language'];
  region: string;
}

/**
 * Adds the person unless one with this identity document is already registered. DO NOTHING
 * waits for a concurrent insert of the same person, so a look-up after it sees that row.
 */
export async function insertSubscriberUnlessKnown(tx: Queryable, s: NewSubscriber): Promise<void> {
  await tx.query(
    `INSERT INTO subscribers (legal_name, id_type, id_number, id_number_index, email, email_index, address, language, region)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id_type, id_number_index) DO NOTHING`,
    [s.legalName, s.idType, s.idNumber, s.idNumberIndex, s.email, s.emailIndex, s.address, s.language, s.region],
  );
}

/** The person registered with this identity document; name and e-mail still sealed. */
export async function findSubscriberByIdentity(
  tx: Queryable,
  idType: SubscriberRow['id_type'],
  idNumberIndex: string,
): Promise<{ id: number; name: string; email: string; language: SubscriberRow['language']; region: string } | undefined> {
  const [row] = await tx.query<{ id: number; name: string; email: string; language: SubscriberRow['language']; region: string }>(
    'SELECT id, legal_name AS name, email, language, region FROM subscribers WHERE id_type = $1 AND id_number_index = $2',
    [idType, idNumberIndex],
  );
  return row;
}

export async function countSubscribers(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM subscribers');
  return row!.n;
}

/** Subscribers with a line whose number starts with `prefix`, one row per line, by number. */
export async function listSubscribersByNumberPrefix(db: Queryable, prefix: string): Promise<{ id: number; msisdn: string }[]> {
  return db.query<{ id: number; msisdn: string }>(
    `SELECT s.id, l.msisdn FROM subscribers s JOIN lines l ON l.subscriber_id = s.id WHERE l.msisdn LIKE $1 || '%' ORDER BY l.msisdn`,
    [prefix],
  );
}

/**
 * The lines that still hold their number of everyone registered with this e-mail (found by its
 * blind index, nothing opened), by number: whose lines a mail from that address may speak for.
 */
export async function listLiveLinesByEmailIndex(tx: Queryable, emailIndex: string): Promise<{ lineId: number; msisdn: string; subscriberId: number }[]> {
  return tx.query<{ lineId: number; msisdn: string; subscriberId: number }>(
    `SELECT l.id AS "lineId", l.msisdn, l.subscriber_id AS "subscriberId"
       FROM subscribers s JOIN lines l ON l.subscriber_id = s.id
      WHERE s.email_index = $1 AND l.live ORDER BY l.msisdn`,
    [emailIndex],
  );
}
