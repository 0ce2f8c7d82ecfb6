import type { Queryable } from './db.js';

/*
 * The columns that hold sealed personal data ('lc1.<key>.<data>'), read and rewritten across
 * tables for key rotation, the key report, and sealing what older databases kept in plain text.
 */

/** Every column that holds sealed personal data; each table has a bigint `id`. */
export const sealedColumns: { table: string; columns: string[] }[] = [
  { table: 'subscribers', columns: ['legal_name', 'id_number', 'email', 'address'] },
  { table: 'communications', columns: ['recipient'] },
  { table: 'dev_mailbox', columns: ['recipient', 'body'] },
  { table: 'documents', columns: ['file_name', 'content_key'] },
  { table: 'callbacks', columns: ['phone', 'note'] },
  { table: 'calls', columns: ['note'] },
  { table: 'cases', columns: ['refund_account'] },
  // Not personal, but a secret read back to sign webhooks: rotated with the rest.
  { table: 'partner_hooks', columns: ['secret'] },
];

const sealedPrefix = 'lc1.';
/** The LIKE pattern of values sealed under one key. */
const underKey = (keyId: string) => `${sealedPrefix}${keyId}.%`;

/** SQL true for a sealed value under any key but the one whose pattern is `$n`. */
const staleValue = (column: string, n: number) => `(${column} LIKE 'lc1.%' AND ${column} NOT LIKE $${n})`;
const stale = (columns: string[], n: number) => columns.map((c) => staleValue(c, n)).join(' OR ');

export type SealedRow = Record<string, unknown> & { id: number };

/**
 * The next rows after `afterId` with a value sealed under another key than `keyId`, locked;
 * rows a running transaction holds are skipped, for a later pass.
 */
export async function lockRowsSealedElsewhere(tx: Queryable, table: string, columns: string[], keyId: string, afterId: number, limit: number): Promise<SealedRow[]> {
  return tx.query<SealedRow>(
    `SELECT id, ${columns.join(', ')} FROM ${table} WHERE id > $1 AND (${stale(columns, 2)})
     ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
    [afterId, underKey(keyId)],
  );
}

/** Writes the columns' new values, one array per column in the order of `columns`, row by row as `ids`. */
export async function writeSealedValues(tx: Queryable, table: string, columns: string[], ids: number[], values: (string | null)[][]): Promise<void> {
  const set = columns.map((c) => `${c} = v.${c}`).join(', ');
  const params = columns.map((_, i) => `$${i + 2}::text[]`).join(', ');
  await tx.query(`UPDATE ${table} SET ${set} FROM unnest($1::bigint[], ${params}) AS v(id, ${columns.join(', ')}) WHERE ${table}.id = v.id`, [ids, ...values]);
}

/** How many values, in all sealed columns, are sealed under another key than `keyId`. */
export async function countSealedElsewhere(db: Queryable, keyId: string): Promise<number> {
  let n = 0;
  for (const { table, columns } of sealedColumns) {
    const counts = columns.map((c) => `count(*) FILTER (WHERE ${staleValue(c, 1)})`).join(' + ');
    const [row] = await db.query<{ n: number }>(`SELECT (${counts})::int AS n FROM ${table}`, [underKey(keyId)]);
    n += row?.n ?? 0;
  }
  return n;
}

export interface KeyUse {
  id: string;
  purpose: string;
  state: string;
  createdAt: string;
  rows: number;
}

/** Every key, and how many sealed values name it. */
export async function countValuesPerKey(db: Queryable): Promise<KeyUse[]> {
  const values = sealedColumns
    .map(({ table, columns }) => `SELECT s.v FROM ${table} CROSS JOIN LATERAL (VALUES ${columns.map((c) => `(${c})`).join(', ')}) AS s(v)`)
    .join(' UNION ALL ');
  return db.query<KeyUse>(
    `SELECT k.id, k.purpose, k.state,
            to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
            coalesce(c.n, 0)::int AS "rows"
       FROM data_keys k
       LEFT JOIN (SELECT split_part(v, '.', 2) AS key_id, count(*) AS n FROM (${values}) AS sealed
                   WHERE v LIKE 'lc1.%' GROUP BY 1) c ON c.key_id = k.id
      ORDER BY k.created_at, k.id`,
  );
}

/*
 * Databases from before encryption at rest: the rows still in plain text, locked, and their
 * sealed replacements. Each table is sealed whole, so one column tells a plain row.
 */

export interface PlainSubscriber {
  id: number;
  legal_name: string;
  id_number: string;
  email: string;
  address: string | null;
}

export async function lockPlainSubscribers(tx: Queryable): Promise<PlainSubscriber[]> {
  return tx.query<PlainSubscriber>(`SELECT id, legal_name, id_number, email, address FROM subscribers WHERE legal_name NOT LIKE 'lc1.%' FOR UPDATE`);
}

export async function writeSealedSubscriber(
  tx: Queryable,
  s: { id: number; legalName: string; idNumber: string; idNumberIndex: string; email: string; emailIndex: string; address: string | null },
): Promise<void> {
  await tx.query(
    `UPDATE subscribers SET legal_name = $2, id_number = $3, id_number_index = $4, email = $5, email_index = $6, address = $7 WHERE id = $1`,
    [s.id, s.legalName, s.idNumber, s.idNumberIndex, s.email, s.emailIndex, s.address],
  );
}

export async function lockPlainCommunications(tx: Queryable): Promise<{ id: number; recipient: string }[]> {
  return tx.query<{ id: number; recipient: string }>(`SELECT id, recipient FROM communications WHERE recipient NOT LIKE 'lc1.%' FOR UPDATE`);
}

export async function writeSealedCommunication(tx: Queryable, id: number, recipient: string): Promise<void> {
  await tx.query('UPDATE communications SET recipient = $2 WHERE id = $1', [id, recipient]);
}

export async function lockPlainDevMail(tx: Queryable): Promise<{ id: number; recipient: string; body: string }[]> {
  return tx.query<{ id: number; recipient: string; body: string }>(`SELECT id, recipient, body FROM dev_mailbox WHERE recipient NOT LIKE 'lc1.%' FOR UPDATE`);
}

export async function writeSealedDevMail(tx: Queryable, m: { id: number; recipient: string; recipientIndex: string; body: string }): Promise<void> {
  await tx.query('UPDATE dev_mailbox SET recipient = $2, recipient_index = $3, body = $4 WHERE id = $1', [m.id, m.recipient, m.recipientIndex, m.body]);
}
