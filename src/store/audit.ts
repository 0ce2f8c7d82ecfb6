import { isDatabase, type Queryable } from './db.js';
import { atCommit, type CommitBatch } from './commit-work.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { hasLineBreak, type StoredAuditRow } from '../domain/audit-chain.js';

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  data?: Record<string, unknown>;
}

export const auditPageSize = 1000;

interface PendingAuditRow {
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  /** Canonical JSON, as hashed. */
  data: string;
}

/**
 * Appends to the chain in the caller's transaction. The row is written just before COMMIT,
 * with the transaction's other audit rows, in one statement (auditRows below): the head is
 * locked only then, so concurrent writers queue for the last moments of each other's
 * transactions, not for all of them, and a transaction's rows stand next to each other in the
 * chain. A bad entry throws here, at the call, not at commit.
 */
export async function appendAudit(tx: Queryable, at: Date, entry: AuditEntry): Promise<void> {
  // Outside a transaction there is no commit to write it at; take one of our own.
  if (isDatabase(tx)) return tx.transaction((t) => appendAudit(t, at, entry));
  const subject = entry.subject ?? null;
  if (!entry.actor || !entry.action) throw new Error('audit entry needs an actor and an action');
  if (hasLineBreak(entry.actor, entry.action, subject)) throw new Error('audit entry actor, action and subject must be single lines');
  if (Number.isNaN(at.getTime())) throw new Error('audit entry time is not a valid date');
  atCommit<PendingAuditRow>(tx, auditRows, { at, actor: entry.actor, action: entry.action, subject, data: canonicalJson(entry.data ?? {}) });
}

/**
 * One statement for all of a transaction's rows: lock the head, chain the rows in order (a
 * recursive step per row, each hash over the one before: auditHash, written in SQL, which
 * verification recomputes in JavaScript) and move the head to the last. Last of the commit's
 * batches, so the head is held for as short a time as possible.
 */
const auditRows: CommitBatch<PendingAuditRow> = {
  name: 'audit',
  order: 100,
  async flush(tx, rows) {
    const [head] = await tx.query<{ seq: number }>(appendSql, [
      rows.map((r) => r.at),
      rows.map((r) => r.at.toISOString()),
      rows.map((r) => r.actor),
      rows.map((r) => r.action),
      rows.map((r) => r.subject),
      rows.map((r) => r.data),
    ]);
    if (!head) throw new Error('audit_head has no row; run the migrations');
  },
};

const appendSql = `
  WITH RECURSIVE head AS (SELECT seq, hash FROM audit_head WHERE id FOR UPDATE),
  input AS (
    SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
      WITH ORDINALITY AS t(at, iso, actor, action, subject, data, n)),
  chain AS (
    SELECT 0::bigint AS n, head.seq, NULL::text AS prev_hash, head.hash FROM head
    UNION ALL
    SELECT i.n, c.seq + 1, c.hash,
      encode(sha256(convert_to(concat_ws(E'\\n', c.hash, (c.seq + 1)::text, i.iso, i.actor, i.action, coalesce(i.subject, ''), i.data), 'UTF8')), 'hex')
    FROM chain c JOIN input i ON i.n = c.n + 1),
  appended AS (
    INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash)
    SELECT c.seq, i.at, i.actor, i.action, i.subject, i.data, c.prev_hash, c.hash FROM chain c JOIN input i ON i.n = c.n
    RETURNING seq, hash)
  UPDATE audit_head SET seq = last.seq, hash = last.hash
    FROM (SELECT seq, hash FROM appended ORDER BY seq DESC LIMIT 1) last
   WHERE audit_head.id RETURNING audit_head.seq`;

const columns = 'seq, at, actor, action, subject, data, prev_hash, hash';

/** Runs `fn` on one read-only snapshot, so rows appended meanwhile cannot disagree with the head read first. */
export async function inAuditSnapshot<T>(db: Queryable, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  if (!isDatabase(db)) return fn(db);
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return fn(tx);
  });
}

export async function readAuditHead(db: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id');
  return head;
}

/** Rows after `afterSeq` in seq order (keyset pagination), optionally of one subject. */
export async function readAuditRows(db: Queryable, opts: { afterSeq: number; limit: number; subject?: string }): Promise<StoredAuditRow[]> {
  const params: unknown[] = [opts.afterSeq, opts.limit];
  let where = 'seq > $1';
  if (opts.subject !== undefined) {
    params.push(opts.subject);
    where += ' AND subject = $3';
  }
  return db.query<StoredAuditRow>(`SELECT ${columns} FROM audit_log WHERE ${where} ORDER BY seq LIMIT $2`, params);
}
