import type { Queryable } from '../../store/db.js';
import { actorLabel, type AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { requirePermission, type StaffActor } from '../staff/permission.js';
import { appendAudit } from '../../store/audit.js';
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

/** A staff member reads the trail; the trail names customers' numbers and addresses, so reading it is itself on record. */
export async function readAuditTrail(
  ctx: AppContext,
  actor: StaffActor,
  query: { subject?: string | undefined; afterSeq: number; limit: number },
): Promise<AuditRow[]> {
  requirePermission(actor, 'audit.read');
  const items = await listAudit(ctx.db, { ...(query.subject !== undefined ? { subject: query.subject } : {}), afterSeq: query.afterSeq, limit: query.limit });
  await inTransaction(ctx, (tx) =>
    appendAudit(tx, ctx.clock.now(), { actor: actorLabel(actor), action: 'audit.read', subject: null, data: { subject: query.subject, after: query.afterSeq, rows: items.length } }),
  );
  return items;
}

/** Recomputes the whole chain for a staff member, and records that it was checked and what was found. */
export async function verifyAuditTrail(ctx: AppContext, actor: StaffActor): Promise<AuditVerification> {
  requirePermission(actor, 'audit.verify');
  const result = await verifyAuditChain(ctx.db);
  await inTransaction(ctx, (tx) =>
    appendAudit(tx, ctx.clock.now(), { actor: actorLabel(actor), action: 'audit.verified', subject: null, data: { ok: result.ok, checked: result.checked, firstBroken: result.firstBroken?.seq } }),
  );
  return result;
}
