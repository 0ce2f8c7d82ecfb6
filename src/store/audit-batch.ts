import type { Queryable } from './db.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { auditHash, hasLineBreak } from '../domain/audit-chain.js';
import type { AuditEntry } from './audit.js';
import { arrayLiteralBytes, jsonArrayBytes } from './array-literal.js';

/*
 * Appends many rows to the audit chain at once, for bulk work (a thousand cases at a time) where
 * appendAudit's one statement per row would be most of the cost. The same chain as appendAudit
 * writes: the head is locked (held until the caller commits), each row's hash is auditHash over
 * the row before, and the head moves to the last row. The hashes are computed here rather than in
 * SQL because each one needs the one before it. In steps, so that a caller can put its rows into
 * text while its other statements run, and lock the head only when it is ready to write them.
 */

export interface AuditHead {
  seq: number;
  hash: string;
}

/** Locks the chain's head until the caller commits: every writer of the audit trail waits for it. */
export async function lockAuditHead(tx: Queryable): Promise<AuditHead> {
  const [head] = await tx.query<AuditHead>('SELECT seq, hash FROM audit_head WHERE id FOR UPDATE');
  if (!head) throw new Error('audit_head has no row; run the migrations');
  return head;
}

/** An entry as the chain will hold it: checked, its data in canonical JSON. */
export interface AuditText {
  actor: string;
  action: string;
  subject: string | null;
  data: string;
}

export interface ChainedAudit {
  at: Date;
  head: AuditHead;
  rows: (AuditText & { seq: number; prev: string; hash: string })[];
}

export function auditText(entries: readonly AuditEntry[]): AuditText[] {
  return entries.map((e) => checkedAuditText(e.actor, e.action, e.subject ?? null, canonicalJson(e.data ?? {})));
}

/** An entry whose data the caller has already put into canonical JSON. */
export function checkedAuditText(actor: string, action: string, subject: string | null, data: string): AuditText {
  if (!actor || !action) throw new Error('audit entry needs an actor and an action');
  if (hasLineBreak(actor, action, subject)) throw new Error('audit entry actor, action and subject must be single lines');
  return { actor, action, subject, data };
}

/** The rows after `head`, hashed one over the other (pure). */
export function chainAudit(head: AuditHead, at: Date, entries: readonly AuditText[]): ChainedAudit {
  if (Number.isNaN(at.getTime())) throw new Error('audit entry time is not a valid date');
  const iso = at.toISOString();
  let prev = head.hash;
  let seq = head.seq;
  const rows = entries.map((e) => {
    seq += 1;
    const hash = auditHash(prev, { seq, at: iso, ...e });
    const row = { ...e, seq, prev, hash };
    prev = hash;
    return row;
  });
  return { at, head, rows };
}

/** Writes chained rows and moves the head to the last, which must still be where the chain began. */
export async function writeAuditChain(tx: Queryable, chain: ChainedAudit): Promise<void> {
  const { rows, head } = chain;
  if (rows.length === 0) return;
  const last = rows[rows.length - 1]!;
  await tx.query(
    `WITH appended AS (
       INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash)
       SELECT s, $1::timestamptz, a, ac, sub, d::text, p, h
         FROM ROWS FROM (unnest($2::text::bigint[]), unnest($3::text::text[]), unnest($4::text::text[]), unnest($5::text::text[]),
                         json_array_elements($6::text::json), unnest($7::text::text[]), unnest($8::text::text[])) AS t(s, a, ac, sub, d, p, h)
       RETURNING 1)
     UPDATE audit_head SET seq = $9, hash = $10 WHERE id AND seq = $11`,
    [
      // The data (canonical JSON) as one json array: json, unlike jsonb, keeps each element's text
      // as written, which is the text the hash is over; a text[] would escape every quote.
      chain.at, arrayLiteralBytes(rows.map((r) => r.seq)), arrayLiteralBytes(rows.map((r) => r.actor)), arrayLiteralBytes(rows.map((r) => r.action)),
      arrayLiteralBytes(rows.map((r) => r.subject)), jsonArrayBytes(rows.map((r) => r.data)), arrayLiteralBytes(rows.map((r) => r.prev)),
      arrayLiteralBytes(rows.map((r) => r.hash)), last.seq, last.hash, head.seq,
    ],
  );
}
