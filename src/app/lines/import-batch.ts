/**
 * The subscriber import a batch at a time (one transaction, one statement per table), with the
 * same outcome per row as import-subscribers.ts's row-by-row path: a SIM already registered or a
 * person registered with other details is skipped with the same reason, and nothing of a
 * skipped row is stored. Anything it cannot settle alone (a database error, another import
 * inserting the same person meanwhile) throws: the caller then rolls the batch back and works
 * it row by row, which reports such rows one by one.
 */
import type { Tx } from '../context.js';
import type { Vault } from '../../security/vault.js';
import { differingPersonColumn, type SubscriberImportRow } from '../../domain/subscriber-csv.js';
import { emailIndex, identityIndex } from '../../store/lines.js';
import { findPeople, insertBindings, insertLines, insertPeople, registeredSims, type KnownPerson } from '../../store/subscriber-batch.js';

export class BatchNeedsCare extends Error {}

const personKey = (idType: string, index: string) => `${idType} ${index}`;

/** `quarantine` gives an ended row's quarantine days, or why it has none (the row is skipped). */
export async function importBatch(
  tx: Tx,
  vault: Vault,
  rows: readonly SubscriberImportRow[],
  quarantine: (row: SubscriberImportRow) => number | null | { skip: string },
): Promise<{ imported: number; skipped: { line: number; reason: string }[] }> {
  const skipped: { line: number; reason: string }[] = [];
  // The checks in the order the row-by-row path makes them, so a row gets the same first reason.
  const idIndex = new Map(rows.map((r) => [r, identityIndex(vault, r.idNumber)]));
  const known = new Map<string, KnownPerson>();
  for (const p of await findPeople(tx, rows.map((r) => r.idType), rows.map((r) => idIndex.get(r)!))) known.set(personKey(p.id_type, p.id_number_index), p);
  // A person already registered must match the row, as findOrCreateSubscriber checks it.
  const opened = new Map<KnownPerson, { name: string; email: string }>();
  const samePerson: SubscriberImportRow[] = [];
  for (const r of rows) {
    const p = known.get(personKey(r.idType, idIndex.get(r)!));
    if (p) {
      let plain = opened.get(p);
      if (!plain) opened.set(p, (plain = { name: await vault.open(p.name), email: await vault.open(p.email) }));
      const col = differingPersonColumn({ ...p, ...plain }, r);
      if (col) {
        skipped.push({ line: r.line, reason: `${col}: differs from the subscriber already registered with this id_type and id_number` });
        continue;
      }
    }
    samePerson.push(r);
  }
  const sims = await registeredSims(tx, samePerson.map((r) => r.msisdn), samePerson.map((r) => r.iccid));
  const days = new Map<SubscriberImportRow, number | null>();
  const keep: SubscriberImportRow[] = [];
  for (const r of samePerson) {
    if (sims.liveMsisdns.has(r.msisdn) || sims.releasedPairs.has(`${r.msisdn} ${r.iccid}`)) {
      skipped.push({ line: r.line, reason: `msisdn: ${r.msisdn} is already registered` });
      continue;
    }
    if (sims.liveIccids.has(r.iccid)) {
      skipped.push({ line: r.line, reason: `iccid: ${r.iccid} is already registered` });
      continue;
    }
    const q = quarantine(r);
    if (q !== null && typeof q === 'object') skipped.push({ line: r.line, reason: q.skip });
    else {
      days.set(r, q);
      keep.push(r);
    }
  }
  const newPeople = new Map<string, SubscriberImportRow>();
  for (const r of keep) {
    const k = personKey(r.idType, idIndex.get(r)!);
    if (!known.has(k) && !newPeople.has(k)) newPeople.set(k, r);
  }
  const inserted = await insertPeople(tx, [...newPeople.values()].map((r) => ({
    legalName: vault.seal(r.name), idType: r.idType, idNumber: vault.seal(r.idNumber), idNumberIndex: idIndex.get(r)!,
    email: vault.seal(r.email), emailIndex: emailIndex(vault, r.email), address: r.address === null ? null : vault.seal(r.address),
    language: r.language, region: r.region,
  })));
  if (inserted.length !== newPeople.size) throw new BatchNeedsCare('another import registered some of these people meanwhile');
  const personId = new Map<string, number>([...known].map(([k, p]) => [k, p.id]));
  for (const p of inserted) personId.set(personKey(p.id_type, p.id_number_index), p.id);
  const ended = (r: SubscriberImportRow) => r.status === 'terminated' || r.status === 'released';
  const lineIds = await insertLines(tx, {
    subscriberIds: keep.map((r) => personId.get(personKey(r.idType, idIndex.get(r)!))!),
    msisdns: keep.map((r) => r.msisdn),
    iccids: keep.map((r) => r.iccid),
    imsis: keep.map((r) => r.imsi),
    simTypes: keep.map((r) => r.simType),
    plans: keep.map((r) => r.plan),
    balances: keep.map((r) => r.balanceMinor),
    currencies: keep.map((r) => r.currency),
    contractEnds: keep.map((r) => r.contractEnd),
    statuses: keep.map((r) => r.status),
    terminatedOn: keep.map((r) => (ended(r) ? r.terminatedOn : null)),
    quarantineDays: keep.map((r) => (ended(r) ? (days.get(r) ?? null) : null)),
  });
  const bindings = keep.flatMap((r) => r.bindings.map((b) => ({ lineId: lineIds.get(r.msisdn)!, ...b })));
  await insertBindings(tx, bindings.map((b) => b.lineId), bindings.map((b) => b.kind), bindings.map((b) => b.state));
  return { imported: keep.length, skipped };
}
