import type { Queryable } from './db.js';
import type { SubscriberRow } from './lines.js';
import type { NewSubscriber } from './subscribers.js';

/*
 * Set-based reads and writes for the subscriber import: what findRegisteredSim,
 * insertSubscriberUnlessKnown, findSubscriberByIdentity, insertLine and insertBinding do for one
 * row, done for a thousand rows in one statement each.
 */

/** Which of these numbers and SIMs are taken, by the same rule as findRegisteredSim. */
export async function registeredSims(tx: Queryable, msisdns: readonly string[], iccids: readonly string[]): Promise<{ liveMsisdns: Set<string>; liveIccids: Set<string>; releasedPairs: Set<string> }> {
  const rows = await tx.query<{ kind: 'm' | 'c' | 'p'; msisdn: string; iccid: string }>(
    `SELECT 'm' AS kind, msisdn, iccid FROM lines WHERE live AND msisdn = ANY($1::text[])
     UNION ALL SELECT 'c', msisdn, iccid FROM lines WHERE live AND iccid = ANY($2::text[])
     UNION ALL SELECT 'p', msisdn, iccid FROM lines WHERE NOT live AND msisdn = ANY($1::text[])`,
    [msisdns, iccids],
  );
  const out = { liveMsisdns: new Set<string>(), liveIccids: new Set<string>(), releasedPairs: new Set<string>() };
  for (const r of rows) {
    if (r.kind === 'm') out.liveMsisdns.add(r.msisdn);
    else if (r.kind === 'c') out.liveIccids.add(r.iccid);
    else out.releasedPairs.add(`${r.msisdn} ${r.iccid}`);
  }
  return out;
}

export interface KnownPerson {
  id: number;
  id_type: SubscriberRow['id_type'];
  id_number_index: string;
  /** Sealed. */
  name: string;
  /** Sealed. */
  email: string;
  language: SubscriberRow['language'];
  region: string;
}

/** The people already registered under these identity documents (by blind index). */
export async function findPeople(tx: Queryable, idTypes: readonly string[], idIndexes: readonly string[]): Promise<KnownPerson[]> {
  return tx.query<KnownPerson>(
    `SELECT s.id, s.id_type, s.id_number_index, s.legal_name AS name, s.email, s.language, s.region
       FROM subscribers s JOIN unnest($1::text[], $2::text[]) AS t(ty, ix) ON s.id_type = t.ty AND s.id_number_index = t.ix`,
    [idTypes, idIndexes],
  );
}

/**
 * Adds these people; one already there (another import got in first) is left alone and missing
 * from the answer, which tells the caller to take the careful path.
 */
export async function insertPeople(tx: Queryable, people: readonly NewSubscriber[]): Promise<{ id: number; id_type: string; id_number_index: string }[]> {
  if (people.length === 0) return [];
  const col = <K extends keyof NewSubscriber>(k: K) => people.map((p) => p[k]);
  return tx.query(
    `INSERT INTO subscribers (legal_name, id_type, id_number, id_number_index, email, email_index, address, language, region)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
     ON CONFLICT (id_type, id_number_index) DO NOTHING
     RETURNING id, id_type, id_number_index`,
    [col('legalName'), col('idType'), col('idNumber'), col('idNumberIndex'), col('email'), col('emailIndex'), col('address'), col('language'), col('region')],
  );
}

export interface NewLines {
  subscriberIds: number[];
  msisdns: string[];
  iccids: string[];
  imsis: string[];
  simTypes: string[];
  plans: string[];
  balances: number[];
  currencies: string[];
  contractEnds: (string | null)[];
  statuses: string[];
  terminatedOn: (string | null)[];
  quarantineDays: (number | null)[];
}

/** Inserts the lines; their ids by number. */
export async function insertLines(tx: Queryable, l: NewLines): Promise<Map<string, number>> {
  const rows = await tx.query<{ id: number; msisdn: string }>(
    `INSERT INTO lines (subscriber_id, msisdn, iccid, imsi, sim_type, plan, balance_minor, currency, contract_end, status, terminated_on, quarantine_ends_on)
     SELECT si, m, c, im, st, pl, b, cu, ce, s, t, t + q
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::date[], $10::text[], $11::date[], $12::int[])
         AS x(si, m, c, im, st, pl, b, cu, ce, s, t, q)
     RETURNING id, msisdn`,
    [l.subscriberIds, l.msisdns, l.iccids, l.imsis, l.simTypes, l.plans, l.balances, l.currencies, l.contractEnds, l.statuses, l.terminatedOn, l.quarantineDays],
  );
  return new Map(rows.map((r) => [r.msisdn, r.id]));
}

export async function insertBindings(tx: Queryable, lineIds: readonly number[], kinds: readonly string[], states: readonly string[]): Promise<void> {
  if (lineIds.length === 0) return;
  await tx.query('INSERT INTO bindings (line_id, kind, state) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])', [lineIds, kinds, states]);
}
