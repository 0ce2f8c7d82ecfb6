import type { Queryable } from './db.js';
import type { Settlement } from '../domain/settlement.js';
import type { RefundDestination } from '../domain/refund.js';

export async function insertSettlement(tx: Queryable, caseId: number, lineId: number, s: Settlement): Promise<void> {
  await tx.query(
    'INSERT INTO settlements (case_id, line_id, kind, amount_minor, currency, method, destination, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
    [caseId, lineId, s.kind, s.amountMinor, s.currency, s.method, s.destination ? JSON.stringify(s.destination) : null, JSON.stringify(s.detail)],
  );
}

/** A case's settlement as the evidence bundle shows it. */
export interface SettlementRecord {
  kind: Settlement['kind'];
  amountMinor: number;
  currency: string;
  method: string | null;
  /** Where a refund goes, masked; null for the original means of payment. */
  destination: RefundDestination | null;
  detail: Settlement['detail'];
  createdAt: Date;
}

export async function findSettlementOfCase(tx: Queryable, caseId: number): Promise<SettlementRecord | undefined> {
  const [row] = await tx.query<SettlementRecord>(
    'SELECT kind, amount_minor::bigint AS "amountMinor", currency, method, destination, detail, created_at AS "createdAt" FROM settlements WHERE case_id = $1',
    [caseId],
  );
  return row;
}

/** Records that billing paid a case's refund; undefined when there is no unpaid refund to mark. */
export async function markRefundPaid(tx: Queryable, caseId: number, p: { paidOn: string; by: string; paymentReference: string | null }): Promise<SettlementRecord | undefined> {
  const [row] = await tx.query<SettlementRecord>(
    `UPDATE settlements SET paid_on = $2, paid_by = $3, payment_reference = $4
     WHERE case_id = $1 AND kind = 'refund' AND paid_on IS NULL
     RETURNING kind, amount_minor::bigint AS "amountMinor", currency, method, destination, detail, created_at AS "createdAt"`,
    [caseId, p.paidOn, p.by, p.paymentReference],
  );
  return row;
}

export async function findRefundPayment(tx: Queryable, caseId: number): Promise<{ kind: string; paid_on: string | null } | undefined> {
  const [row] = await tx.query<{ kind: string; paid_on: string | null }>('SELECT kind, paid_on FROM settlements WHERE case_id = $1', [caseId]);
  return row;
}
