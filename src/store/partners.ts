import type { Queryable } from './db.js';
import { openStates } from '../domain/case-machine.js';

/** A partner as staff see it (never its key or the key's hash). */
export interface PartnerRow {
  id: number;
  name: string;
  kind: string;
  binding: string | null;
  status: 'active' | 'disabled';
  key_id: string;
  key_issued_at: Date;
  created_by: string;
  created_at: Date;
  disabled_at: Date | null;
}

const partnerColumns = 'id, name, kind, binding, status, key_id, key_issued_at, created_by, created_at, disabled_at';

export interface NewPartner {
  name: string;
  kind: string;
  binding: string | null;
  keyId: string;
  keyHash: string;
  createdBy: string;
  at: Date;
}

/** Undefined when the name is taken (names are unique regardless of case). */
export async function insertPartner(tx: Queryable, p: NewPartner): Promise<PartnerRow | undefined> {
  const [row] = await tx.query<PartnerRow>(
    `INSERT INTO partners (name, kind, binding, key_id, key_hash, key_issued_at, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $6) ON CONFLICT DO NOTHING RETURNING ${partnerColumns}`,
    [p.name, p.kind, p.binding, p.keyId, p.keyHash, p.at, p.createdBy],
  );
  return row;
}

export async function listPartners(db: Queryable): Promise<(PartnerRow & { hooks: number; deliveries: number; failing: number })[]> {
  return db.query(
    `SELECT ${partnerColumns.split(', ').map((c) => `p.${c}`).join(', ')},
       (SELECT count(*)::int FROM partner_hooks h WHERE h.partner_id = p.id AND h.deleted_at IS NULL) AS hooks,
       (SELECT count(*)::int FROM webhook_deliveries d WHERE d.partner_id = p.id) AS deliveries,
       (SELECT count(*)::int FROM webhook_deliveries d WHERE d.partner_id = p.id AND d.status IN ('failing', 'dead')) AS failing
     FROM partners p ORDER BY p.id`,
  );
}

export async function lockPartner(tx: Queryable, id: number): Promise<PartnerRow | undefined> {
  const [row] = await tx.query<PartnerRow>(`SELECT ${partnerColumns} FROM partners WHERE id = $1 FOR UPDATE`, [id]);
  return row;
}

/** The partner a presented key names, with the stored HMAC to compare against. */
export async function findPartnerByKeyId(db: Queryable, keyId: string): Promise<(PartnerRow & { key_hash: string }) | undefined> {
  const [row] = await db.query<PartnerRow & { key_hash: string }>(`SELECT ${partnerColumns}, key_hash FROM partners WHERE key_id = $1`, [keyId]);
  return row;
}

export async function setPartnerDisabled(tx: Queryable, id: number, at: Date): Promise<PartnerRow> {
  const [row] = await tx.query<PartnerRow>(`UPDATE partners SET status = 'disabled', disabled_at = $2 WHERE id = $1 RETURNING ${partnerColumns}`, [id, at]);
  return row!;
}

/** A new key replaces the old one at once: the old key stops working with this commit. */
export async function replacePartnerKey(tx: Queryable, id: number, keyId: string, keyHash: string, at: Date): Promise<PartnerRow> {
  const [row] = await tx.query<PartnerRow>(
    `UPDATE partners SET key_id = $2, key_hash = $3, key_issued_at = $4 WHERE id = $1 RETURNING ${partnerColumns}`,
    [id, keyId, keyHash, at],
  );
  return row!;
}

/**
 * Every line that ever had this number (a number is reused after quarantine), with the day it
 * ended if it did. Only dates leave here: nothing about who held it.
 */
export async function numberHistory(db: Queryable, msisdn: string): Promise<{ terminatedOn: string | null }[]> {
  return db.query<{ terminatedOn: string | null }>('SELECT terminated_on AS "terminatedOn" FROM lines WHERE msisdn = $1', [msisdn]);
}

/** The same for many numbers at once (the bulk query), keyed by number. */
export async function numberHistories(db: Queryable, msisdns: string[]): Promise<Map<string, { terminatedOn: string | null }[]>> {
  const rows = await db.query<{ msisdn: string; terminatedOn: string | null }>(
    'SELECT msisdn, terminated_on AS "terminatedOn" FROM lines WHERE msisdn = ANY($1::text[])',
    [msisdns],
  );
  const out = new Map<string, { terminatedOn: string | null }[]>();
  for (const r of rows) out.set(r.msisdn, [...(out.get(r.msisdn) ?? []), { terminatedOn: r.terminatedOn }]);
  return out;
}

/** The first day lastcall holds records of its lines (the first import), as 'YYYY-MM-DD'. */
export async function firstLineRecordDay(db: Queryable): Promise<string | null> {
  const [row] = await db.query<{ day: string | null }>("SELECT to_char(min(created_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM lines");
  return row?.day ?? null;
}

/** What partners may hear about a case: the number, reference, dates and state, and its TM Forum order if a BSS opened it. */
export interface CaseNewsRow {
  msisdn: string;
  reference: string;
  state: string;
  submitted_at: Date;
  due_on: string;
  decided_at: Date | null;
  completed_at: Date | null;
  line_status: string;
  order_id: string | null;
  order_partner_id: number | null;
  order_created_at: Date | null;
  order_external_id: string | null;
  order_api_base: string | null;
}

export async function caseNews(db: Queryable, caseId: number): Promise<CaseNewsRow | undefined> {
  const [row] = await db.query<CaseNewsRow>(
    `SELECT l.msisdn, c.reference, c.state, c.submitted_at, c.due_on, c.decided_at, c.completed_at, l.status AS line_status,
       o.id AS order_id, o.partner_id AS order_partner_id, o.created_at AS order_created_at, o.external_id AS order_external_id, o.api_base AS order_api_base
     FROM cases c JOIN lines l ON l.id = c.line_id LEFT JOIN tmf_orders o ON o.case_id = c.id WHERE c.id = $1`,
    [caseId],
  );
  return row;
}

export async function insertTmfOrder(tx: Queryable, o: { id: string; partnerId: number; caseId: number; externalId: string | null; apiBase: string; at: Date }): Promise<void> {
  await tx.query('INSERT INTO tmf_orders (id, partner_id, case_id, external_id, api_base, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [o.id, o.partnerId, o.caseId, o.externalId, o.apiBase, o.at]);
}

/** A BSS's own order as TMF622 shows it (another partner's order is not found). */
export async function findTmfOrder(db: Queryable, partnerId: number, orderId: string): Promise<CaseNewsRow | undefined> {
  const [row] = await db.query<{ case_id: number }>('SELECT case_id FROM tmf_orders WHERE id = $1 AND partner_id = $2', [orderId, partnerId]);
  return row ? caseNews(db, row.case_id) : undefined;
}

export async function findTmfOrderOfCase(db: Queryable, caseId: number): Promise<CaseNewsRow | undefined> {
  const row = await caseNews(db, caseId);
  return row?.order_id ? row : undefined;
}

/** The number's newest line (a released number may have been given out again), for TMF637. */
export async function findProductLine(db: Queryable, msisdn: string): Promise<{ status: string; terminated_on: string | null; open_case: boolean } | undefined> {
  const [row] = await db.query<{ status: string; terminated_on: string | null; open_case: boolean }>(
    `SELECT l.status, l.terminated_on,
       EXISTS (SELECT 1 FROM cases c WHERE c.line_id = l.id AND c.state = ANY($2::text[])) AS open_case
     FROM lines l WHERE l.msisdn = $1 ORDER BY l.id DESC LIMIT 1`,
    [msisdn, openStates],
  );
  return row;
}

/** One line of the partners' access log (partner_requests). */
export async function logPartnerRequest(db: Queryable, r: { partnerId: number; keyId: string; at: Date; method: string; route: string; path: string; allowed: boolean }): Promise<void> {
  await db.query('INSERT INTO partner_requests (partner_id, key_id, at, method, route, path, allowed) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
    r.partnerId, r.keyId, r.at, r.method, r.route, r.path, r.allowed,
  ]);
}
