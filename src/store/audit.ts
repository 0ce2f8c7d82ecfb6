import type { Database, Queryable } from './db.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { hasLineBreak, type StoredAuditRow } from '../domain/audit-chain.js';

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  data?: Record<string, unknown>;
}

export const auditPageSize = 1000;

export const isDatabase = (db: Queryable): db is Database => typeof (db as Partial<Database>).transaction === 'function';

/**
 * Appends inside the caller's transaction: locks audit_head (SELECT … FOR UPDATE), inserts
 * seq = head.seq + 1 chained to head.hash, moves the head. The lock is held until the caller
 * commits, so concurrent writers queue up instead of forking the chain.
 */
export async function appendAudit(tx: Queryable, at: Date, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  // Outside a transaction the head lock would end with the SELECT; take one of our own.
  if (isDatabase(tx)) return tx.transaction((t) => appendAudit(t, at, entry));
  const subject = entry.subject ?? null;
  if (!entry.actor || !entry.action) throw new Error('audit entry needs an actor and an action');
  if (hasLineBreak(entry.actor, entry.action, subject)) throw new Error('audit entry actor, action and subject must be single lines');
  if (Number.isNaN(at.getTime())) throw new Error('audit entry time is not a valid date');
  const data = canonicalJson(entry.data ?? {});
  const [row] = await tx.query<{ seq: number; hash: string }>(appendSql, [at, at.toISOString(), entry.actor, entry.action, subject, data]);
  if (!row) throw new Error('audit_head has no row; run the migrations');
  return row;
}

/**
 * One statement, so the head lock is taken and the chain extended in a single round trip: every
 * writing transaction passes through this lock, and it is held until commit. The hash is the one
 * auditHash computes (verification recomputes it in JavaScript), written in SQL.
 */
const appendSql = `
  WITH head AS (SELECT seq, hash FROM audit_head WHERE id FOR UPDATE),
  next AS (
    SELECT head.seq + 1 AS seq, head.hash AS prev_hash,
      encode(sha256(convert_to(concat_ws(E'\\n', head.hash, (head.seq + 1)::text, $2::text, $3::text, $4::text, coalesce($5::text, ''), $6::text), 'UTF8')), 'hex') AS hash
    FROM head),
  appended AS (
    INSERT INTO audit_log (seq, at, actor, action, subject, data, prev_hash, hash)
    SELECT seq, $1, $3, $4, $5, $6, prev_hash, hash FROM next RETURNING seq, hash)
  UPDATE audit_head SET seq = appended.seq, hash = appended.hash FROM appended WHERE audit_head.id RETURNING appended.seq, appended.hash`;

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
