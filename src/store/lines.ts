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
    `SELECT ${lineColumns} FROM lines WHERE msisdn = $1 AND status <> 'released' ${forUpdate ? 'FOR UPDATE' : ''}`,
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
