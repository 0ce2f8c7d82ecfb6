import type { Queryable } from './db.js';
import type { Vault } from '../security/vault.js';
import type { BindingKind } from '../domain/precheck.js';
import type { Language } from '../domain/templates.js';

export type LineStatus = 'active' | 'suspended' | 'pending_termination' | 'terminated' | 'released';

export interface LineRow {
  id: number;
  subscriber_id: number;
  msisdn: string;
  iccid: string;
  imsi: string;
  sim_type: 'physical' | 'esim';
  plan: 'prepaid' | 'postpaid';
  balance_minor: number;
  currency: string;
  contract_end: string | null;
  status: LineStatus;
  suspended_at: Date | null;
  terminated_on: string | null;
  quarantine_ends_on: string | null;
}

export interface SubscriberRow {
  id: number;
  legal_name: string;
  id_type: 'cn_resident_id' | 'passport' | 'other';
  id_number: string;
  email: string;
  address: string | null;
  language: Language;
  region: string;
}

export interface BindingRow {
  kind: BindingKind;
  state: 'bound' | 'unbound';
}

const lineColumns = `id, subscriber_id, msisdn, iccid, imsi, sim_type, plan, balance_minor::bigint AS balance_minor,
  currency, contract_end, status, suspended_at, terminated_on, quarantine_ends_on`;

/** The current holder's line for a number (a released number may have an older, finished line). */
export async function findLiveLine(tx: Queryable, msisdn: string, forUpdate = false): Promise<LineRow | undefined> {
  const [row] = await tx.query<LineRow>(
    `SELECT ${lineColumns} FROM lines WHERE msisdn = $1 AND live ${forUpdate ? 'FOR UPDATE' : ''}`,
    [msisdn],
  );
  return row;
}

export async function findLineById(tx: Queryable, id: number, forUpdate = false): Promise<LineRow | undefined> {
  const [row] = await tx.query<LineRow>(`SELECT ${lineColumns} FROM lines WHERE id = $1 ${forUpdate ? 'FOR UPDATE' : ''}`, [id]);
  return row;
}

export async function findSubscriber(tx: Queryable, vault: Vault, id: number): Promise<SubscriberRow | undefined> {
  const [row] = await tx.query<SubscriberRow>(
    'SELECT id, legal_name, id_type, id_number, email, address, language, region FROM subscribers WHERE id = $1',
    [id],
  );
  return row && openSubscriber(vault, row);
}

/** Personal columns are stored sealed (see 0002_trust.sql); this is the one place they are opened. */
export async function openSubscriber(vault: Vault, row: SubscriberRow): Promise<SubscriberRow> {
  return {
    ...row,
    legal_name: await vault.open(row.legal_name),
    id_number: await vault.open(row.id_number),
    email: await vault.open(row.email),
    address: await vault.openOptional(row.address),
  };
}

/** Blind-index keys: the same normalisation on write and on look-up. */
export const identityIndex = (vault: Vault, idNumber: string) => vault.index('id_number', idNumber.trim().toUpperCase());
export const emailIndex = (vault: Vault, email: string) => vault.index('email', email.trim().toLowerCase());

export async function listBindings(tx: Queryable, lineId: number): Promise<BindingRow[]> {
  return tx.query<BindingRow>('SELECT kind, state FROM bindings WHERE line_id = $1 ORDER BY kind', [lineId]);
}

export async function setLineStatus(tx: Queryable, lineId: number, status: LineStatus, extra: string = ''): Promise<void> {
  await tx.query(`UPDATE lines SET status = $2, updated_at = now() ${extra} WHERE id = $1`, [lineId, status]);
}

/** The subscriber's language alone: nothing sealed is read, so nothing needs opening. */
export async function findSubscriberLanguage(tx: Queryable, id: number): Promise<Language | undefined> {
  const [row] = await tx.query<{ language: Language }>('SELECT language FROM subscribers WHERE id = $1', [id]);
  return row?.language;
}

/** The line leaves the network: its balance is settled and the number rests until quarantine ends. */
export async function terminateLine(tx: Queryable, lineId: number, terminatedOn: string, quarantineEndsOn: string): Promise<void> {
  await tx.query(
    `UPDATE lines SET status = 'terminated', balance_minor = 0, terminated_on = $2, quarantine_ends_on = $3, updated_at = now() WHERE id = $1`,
    [lineId, terminatedOn, quarantineEndsOn],
  );
}

export async function markLineSuspended(tx: Queryable, lineId: number, at: Date): Promise<void> {
  await tx.query(`UPDATE lines SET status = 'suspended', suspended_at = $2, updated_at = now() WHERE id = $1`, [lineId, at]);
}

/** The bar is lifted in our records (the network follows through the outbox). */
export async function markLineActive(tx: Queryable, lineId: number): Promise<void> {
  await tx.query(`UPDATE lines SET status = 'active', suspended_at = NULL, updated_at = now() WHERE id = $1 AND status = 'suspended'`, [lineId]);
}

/** The subscriber's lines that still hold their number, by number. */
export async function listLiveLineIdsOfSubscriber(tx: Queryable, subscriberId: number): Promise<number[]> {
  const rows = await tx.query<{ id: number }>(`SELECT id FROM lines WHERE subscriber_id = $1 AND live ORDER BY msisdn`, [subscriberId]);
  return rows.map((r) => r.id);
}

/** Gives back to the pool every number of the region whose quarantine ended by `today`. */
export async function releaseQuarantinedLines(tx: Queryable, region: string, today: string): Promise<{ id: number; msisdn: string; terminated_on: string; subscriber_id: number }[]> {
  return tx.query<{ id: number; msisdn: string; terminated_on: string; subscriber_id: number }>(
    `UPDATE lines l SET status = 'released', released_on = $2, updated_at = now()
     FROM subscribers s
     WHERE s.id = l.subscriber_id AND s.region = $1 AND l.status = 'terminated' AND l.quarantine_ends_on <= $2
     RETURNING l.id, l.msisdn, l.terminated_on, l.subscriber_id`,
    [region, today],
  );
}

/**
 * A line already holding this number or SIM. The same SIM record (msisdn and iccid together)
 * counts even when released, so that a re-import of a file holding finished lines does not add
 * them a second time.
 */
export async function findRegisteredSim(tx: Queryable, msisdn: string, iccid: string): Promise<{ msisdn: string; iccid: string } | undefined> {
  const [row] = await tx.query<{ msisdn: string; iccid: string }>(
    `SELECT msisdn, iccid FROM lines
      WHERE (live AND (msisdn = $1 OR iccid = $2)) OR (msisdn = $1 AND iccid = $2)
      ORDER BY (msisdn = $1) DESC LIMIT 1`,
    [msisdn, iccid],
  );
  return row;
}

export interface NewLine {
  subscriberId: number;
  msisdn: string;
  iccid: string;
  imsi: string;
  simType: LineRow['sim_type'];
  plan: LineRow['plan'];
  balanceMinor: number;
  currency: string;
  contractEnd: string | null;
  status: LineStatus;
  /** For a line imported as already ended: its last day and how long its number rests after it. */
  terminatedOn: string | null;
  quarantineDays: number | null;
}

export async function insertLine(tx: Queryable, l: NewLine): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `INSERT INTO lines (subscriber_id, msisdn, iccid, imsi, sim_type, plan, balance_minor, currency,
                        contract_end, status, terminated_on, quarantine_ends_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11::date, $11::date + $12::int)
     RETURNING id`,
    [l.subscriberId, l.msisdn, l.iccid, l.imsi, l.simType, l.plan, l.balanceMinor, l.currency, l.contractEnd, l.status, l.terminatedOn, l.quarantineDays],
  );
  if (!row) throw new Error('INSERT INTO lines returned no row');
  return row.id;
}

/** Undoes a cancellation while the number rests in quarantine: the line is live again. */
export async function restoreTerminatedLine(tx: Queryable, lineId: number): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE lines SET status = 'active', terminated_on = NULL, quarantine_ends_on = NULL, suspended_at = NULL, updated_at = now()
     WHERE id = $1 AND status = 'terminated' RETURNING id`,
    [lineId],
  );
  return rows.length === 1;
}
