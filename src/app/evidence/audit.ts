import crypto from 'node:crypto';
import type { Database, Queryable } from '../../store/db.js';
import { canonicalJson } from '../../domain/canonical-json.js';

export { canonicalJson };

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  data?: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

/** What the first row chains to; the migration seeds audit_head with it. */
export const genesisHash = '0'.repeat(64);

const pageSize = 1000;


/** SHA-256 hex over prevHash, seq, at (ISO, ms), actor, action, subject ('' when null) and the canonical data, separated by '\n'. */
export function auditHash(
  prevHash: string,
  row: { seq: number; at: string; actor: string; action: string; subject: string | null; data: string },
): string {
  const fields = [prevHash, String(row.seq), row.at, row.actor, row.action, row.subject ?? '', row.data];
  return crypto.createHash('sha256').update(fields.join('\n')).digest('hex');
}

// The hash joins fields with '\n', so a line break inside a field could shift text from one
// field to the next without changing the hash. Canonical JSON escapes its own line breaks;
// the free-text fields must simply never hold one.
const hasLineBreak = (...fields: (string | null)[]): boolean => fields.some((f) => f?.includes('\n'));

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

/** A row as the table holds it (tests that tamper with rows read them this way too). */
export interface StoredAuditRow {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

const columns = 'seq, at, actor, action, subject, data, prev_hash, hash';

/** Why a row does not belong where it is, or null when it does. */
function rowProblem(row: StoredAuditRow, expectedSeq: number, prevHash: string): string | null {
  if (row.seq !== expectedSeq) {
    return row.seq === expectedSeq + 1 ? `row ${expectedSeq} is missing` : `rows ${expectedSeq} to ${row.seq - 1} are missing`;
  }
  if (row.prev_hash !== prevHash) return 'it does not link to the row before it';
  if (hasLineBreak(row.actor, row.action, row.subject)) return 'a field holds a line break, which the audit trail never writes';
  const recomputed = auditHash(row.prev_hash, { ...row, at: new Date(row.at).toISOString() });
  if (recomputed !== row.hash) return 'contents do not match the row hash';
  return null;
}

const isDatabase = (db: Queryable): db is Database => typeof (db as Partial<Database>).transaction === 'function';

/**
 * Walks the whole chain in seq order in pages of 1000 (keyset pagination), recomputing every
 * hash. Given a Database it reads from one snapshot, so rows appended during the walk cannot
 * disagree with the head read at its start; given a transaction it reads what that sees.
 */
export async function verifyAuditChain(db: Queryable): Promise<AuditVerification> {
  if (!isDatabase(db)) return walkChain(db);
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    return walkChain(tx);
  });
}

async function walkChain(db: Queryable): Promise<AuditVerification> {
  const [head] = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id');
  let checked = 0;
  let lastSeq = 0;
  let lastHash = genesisHash;
  for (;;) {
    const rows = await db.query<StoredAuditRow>(`SELECT ${columns} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT ${pageSize}`, [lastSeq]);
    for (const row of rows) {
      checked++;
      const problem = rowProblem(row, lastSeq + 1, lastHash);
      if (problem) return { ok: false, checked, firstBroken: { seq: row.seq, reason: problem } };
      lastSeq = row.seq;
      lastHash = row.hash;
    }
    if (rows.length < pageSize) break;
  }
  const broken = (seq: number, reason: string): AuditVerification => ({ ok: false, checked, firstBroken: { seq, reason } });
  if (!head) return broken(lastSeq + 1, 'the record of where the log ends is missing');
  if (head.seq > lastSeq) return broken(lastSeq + 1, `rows at the end are missing (the log should end at row ${head.seq})`);
  if (head.seq < lastSeq) return broken(head.seq + 1, `the log is recorded as ending at row ${head.seq}, but rows continue after it`);
  if (head.hash !== lastHash) return broken(lastSeq, 'the recorded end of the log does not match this row');
  return { ok: true, checked };
}

export async function listAudit(db: Queryable, opts: { subject?: string; afterSeq?: number; limit?: number }): Promise<AuditRow[]> {
  const limit = Number.isFinite(opts.limit) ? Math.min(Math.max(Math.trunc(opts.limit!), 1), pageSize) : 100;
  const params: unknown[] = [opts.afterSeq ?? 0, limit];
  let where = 'seq > $1';
  if (opts.subject !== undefined) {
    params.push(opts.subject);
    where += ' AND subject = $3';
  }
  const rows = await db.query<StoredAuditRow>(`SELECT ${columns} FROM audit_log WHERE ${where} ORDER BY seq LIMIT $2`, params);
  return rows.map((r) => ({
    seq: r.seq,
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    data: JSON.parse(r.data) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}
