import type { Queryable } from './db.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { auditHash, hasLineBreak } from '../domain/audit-chain.js';
import type { AuditEntry } from './audit.js';

/**
 * Appends many rows to the audit chain in two round trips, for bulk work (a thousand cases at a
 * time) where appendAudit's one statement per row would be most of the cost. The same chain as
 * appendAudit writes: the head is locked (held until the caller commits), each row's hash is
 * auditHash over the row before, and the head moves to the last row. The hashes are computed
 * here rather than in SQL because each one needs the one before it.
 *
 * Call it as late in the transaction as possible: every writer of the audit trail waits for it.
 */
export async function appendAuditBatch(tx: Queryable, at: Date, entries: readonly AuditEntry[]): Promise<{ firstSeq: number; lastSeq: number } | null> {
  if (entries.length === 0) return null;
  if (Number.isNaN(at.getTime())) throw new Error('audit entry time is not a valid date');
  const iso = at.toISOString();
  const rows = entries.map((e) => {
    const subject = e.subject ?? null;
    if (!e.actor || !e.action) throw new Error('audit entry needs an actor and an action');
    if (hasLineBreak(e.actor, e.action, subject)) throw new Error('audit entry actor, action and subject must be single lines');
    return { actor: e.actor, action: e.action, subject, data: canonicalJson(e.data ?? {}) };
  });
  const [head] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id FOR UPDATE');
  if (!head) throw new Error('audit_head has no row; run the migrations');
  const seqs: number[] = [];
  const prevs: string[] = [];
  const hashes: string[] = [];
  let prev = head.hash;
  let seq = head.seq;
  for (const r of rows) {
    seq += 1;
    const hash = auditHash(prev, { seq, at: iso, ...r });
    seqs.push(seq);
    prevs.push(prev);
    hashes.push(hash);
    prev = hash;
  }
  await tx.query(
    `WITH appended AS (
       INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash)
       SELECT s, $1::timestamptz, a, ac, sub, d, p, h
         FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) AS t(s, a, ac, sub, d, p, h)
       RETURNING 1)
     UPDATE audit_head SET seq = $9, hash = $10 WHERE id AND seq = $11`,
    [at, seqs, rows.map((r) => r.actor), rows.map((r) => r.action), rows.map((r) => r.subject), rows.map((r) => r.data), prevs, hashes, seq, prev, head.seq],
  );
  return { firstSeq: head.seq + 1, lastSeq: seq };
}
