import type { Queryable } from '../../store/db.js';
import { auditPageSize, inAuditSnapshot, readAuditHead, readAuditRows } from '../../store/audit.js';
import { auditRowProblem, genesisHash } from '../../domain/audit-chain.js';

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

/**
 * Walks the whole chain in seq order in pages, recomputing every hash. Given a Database it reads
 * from one snapshot, so rows appended during the walk cannot disagree with the head read at its
 * start; given a transaction it reads what that sees.
 */
export async function verifyAuditChain(db: Queryable): Promise<AuditVerification> {
  return inAuditSnapshot(db, async (tx) => {
    const head = await readAuditHead(tx);
    let checked = 0;
    let lastSeq = 0;
    let lastHash = genesisHash;
    for (;;) {
      const rows = await readAuditRows(tx, { afterSeq: lastSeq, limit: auditPageSize });
      for (const row of rows) {
        checked++;
        const problem = auditRowProblem(row, lastSeq + 1, lastHash);
        if (problem) return { ok: false, checked, firstBroken: { seq: row.seq, reason: problem } };
        lastSeq = row.seq;
        lastHash = row.hash;
      }
      if (rows.length < auditPageSize) break;
    }
    const broken = (seq: number, reason: string): AuditVerification => ({ ok: false, checked, firstBroken: { seq, reason } });
    if (!head) return broken(lastSeq + 1, 'the record of where the log ends is missing');
    if (head.seq > lastSeq) return broken(lastSeq + 1, `rows at the end are missing (the log should end at row ${head.seq})`);
    if (head.seq < lastSeq) return broken(head.seq + 1, `the log is recorded as ending at row ${head.seq}, but rows continue after it`);
    if (head.hash !== lastHash) return broken(lastSeq, 'the recorded end of the log does not match this row');
    return { ok: true, checked };
  });
}

export async function listAudit(db: Queryable, opts: { subject?: string; afterSeq?: number; limit?: number }): Promise<AuditRow[]> {
  const limit = Number.isFinite(opts.limit) ? Math.min(Math.max(Math.trunc(opts.limit!), 1), auditPageSize) : 100;
  const rows = await readAuditRows(db, { afterSeq: opts.afterSeq ?? 0, limit, ...(opts.subject !== undefined ? { subject: opts.subject } : {}) });
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
