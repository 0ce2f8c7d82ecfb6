import type { Database, Queryable } from '../../store/db.js';
import type { Vault } from '../../security/vault.js';
import { emailIndex, findRegisteredSim, identityIndex, insertLine } from '../../store/lines.js';
import { findSubscriberByIdentity, insertSubscriberUnlessKnown } from '../../store/subscribers.js';
import { insertBinding } from '../../store/bindings.js';
import { differingPersonColumn, parseSubscriberCsv, type SubscriberImportRow } from '../../domain/subscriber-csv.js';
import { importBatch } from './import-batch.js';
import { syntheticSubscriberRows } from '../../domain/synthetic-subscribers.js';

export interface ImportResult {
  imported: number;
  skipped: { line: number; reason: string }[];
}

export interface ImportOptions {
  /** Days a terminated number rests before it can be reissued, per region. */
  quarantineDays?: (region: string) => number;
}

const DEFAULT_QUARANTINE_DAYS = 90;

/** Raised inside a row's transaction to roll it back and report the row as skipped. */
class SkipRow extends Error {}

interface PgError {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
}

/**
 * Loads subscribers and their lines from the import CSV. Good rows are kept when others fail;
 * existing lines are never updated, which makes running the same file again harmless.
 */
export async function importSubscribers(db: Database, vault: Vault, text: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const { rows, problems } = parseSubscriberCsv(text, new Date().toISOString().slice(0, 10));
  const result = await importSubscriberRows(db, vault, rows, opts);
  const skipped = [...problems, ...result.skipped].sort((a, b) => a.line - b.line);
  return { imported: result.imported, skipped };
}

/**
 * `seed --subscribers N`: the synthetic subscribers made as rows, a slice at a time so a million
 * never sit in memory at once, through the same path as an import.
 */
export async function seedSyntheticSubscribers(db: Database, vault: Vault, n: number, onProgress?: (done: number) => void): Promise<{ imported: number; skipped: number }> {
  let imported = 0;
  let skipped = 0;
  for (let first = 1; first <= n; first += 50_000) {
    const r = await importSubscriberRows(db, vault, syntheticSubscriberRows(Math.min(50_000, n - first + 1), first));
    imported += r.imported;
    skipped += r.skipped.length;
    onProgress?.(first - 1 + Math.min(50_000, n - first + 1));
  }
  return { imported, skipped };
}

/** Rows per transaction of the batch path. */
const batchSize = 1000;

/**
 * Valid rows (parsed, or made by the seed) into the database: a batch per transaction
 * (import-batch.ts); a batch that hits anything unforeseen is rolled back and worked again one
 * row per transaction, so each row still ends up stored or skipped with its own reason.
 */
export async function importSubscriberRows(db: Database, vault: Vault, rows: readonly SubscriberImportRow[], opts: ImportOptions = {}): Promise<ImportResult> {
  const skipped: ImportResult['skipped'] = [];
  let imported = 0;
  const quarantine = (row: SubscriberImportRow) => {
    if (row.status !== 'terminated' && row.status !== 'released') return null;
    try {
      return quarantineDaysFor(row.region, opts);
    } catch (err) {
      if (err instanceof SkipRow) return { skip: err.message };
      throw err;
    }
  };
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    try {
      const r = await db.transaction((tx) => importBatch(tx, vault, batch, quarantine));
      imported += r.imported;
      skipped.push(...r.skipped);
      continue;
    } catch {
      // Rolled back: the row-by-row path below names the row at fault.
    }
    for (const row of batch) {
      try {
        await db.transaction((tx) => importRow(tx, vault, row, opts));
        imported++;
      } catch (err) {
        skipped.push({ line: row.line, reason: skipReason(err, row) });
      }
    }
  }
  skipped.sort((a, b) => a.line - b.line);
  return { imported, skipped };
}

async function importRow(tx: Queryable, vault: Vault, row: SubscriberImportRow, opts: ImportOptions): Promise<void> {
  const subscriberId = await findOrCreateSubscriber(tx, vault, row);

  const existing = await findRegisteredSim(tx, row.msisdn, row.iccid);
  if (existing) {
    throw new SkipRow(
      existing.msisdn === row.msisdn
        ? `msisdn: ${row.msisdn} is already registered`
        : `iccid: ${row.iccid} is already registered`,
    );
  }

  const ended = row.status === 'terminated' || row.status === 'released';
  const days = ended ? quarantineDaysFor(row.region, opts) : null;
  const lineId = await insertLine(tx, {
    subscriberId,
    msisdn: row.msisdn,
    iccid: row.iccid,
    imsi: row.imsi,
    simType: row.simType,
    plan: row.plan,
    balanceMinor: row.balanceMinor,
    currency: row.currency,
    contractEnd: row.contractEnd,
    status: row.status,
    terminatedOn: ended ? row.terminatedOn : null,
    quarantineDays: days,
  });
  for (const b of row.bindings) await insertBinding(tx, lineId, b.kind, b.state);
}

async function findOrCreateSubscriber(tx: Queryable, vault: Vault, row: SubscriberImportRow): Promise<number> {
  // Two imports racing on one person agree on a single subscriber (see insertSubscriberUnlessKnown).
  const idIndex = identityIndex(vault, row.idNumber);
  await insertSubscriberUnlessKnown(tx, {
    legalName: vault.seal(row.name),
    idType: row.idType,
    idNumber: vault.seal(row.idNumber),
    idNumberIndex: idIndex,
    email: vault.seal(row.email),
    emailIndex: emailIndex(vault, row.email),
    address: row.address === null ? null : vault.seal(row.address),
    language: row.language,
    region: row.region,
  });
  const found = await findSubscriberByIdentity(tx, row.idType, idIndex);
  if (!found) throw new Error('subscriber vanished after insert');
  const col = differingPersonColumn({ ...found, name: await vault.open(found.name), email: await vault.open(found.email) }, row);
  if (col) throw new SkipRow(`${col}: differs from the subscriber already registered with this id_type and id_number`);
  return found.id;
}

function quarantineDaysFor(region: string, opts: ImportOptions): number {
  let days: number;
  try {
    days = opts.quarantineDays ? opts.quarantineDays(region) : DEFAULT_QUARANTINE_DAYS;
  } catch (err) {
    throw new SkipRow(`region: no quarantine period for ${region} (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!Number.isInteger(days) || days < 0) throw new SkipRow(`region: the quarantine period for ${region} is not a whole number of days`);
  return days;
}

/** Turns an expected failure into a reason; a bug that is not a database error still throws. */
function skipReason(err: unknown, row: SubscriberImportRow): string {
  if (err instanceof SkipRow) return err.message;
  const e = (typeof err === 'object' && err !== null ? err : {}) as PgError;
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code)) throw err;
  const constraint = typeof e.constraint === 'string' ? e.constraint : '';
  // A unique violation here means another import registered the same line between our check and insert.
  if (e.code === '23505' && constraint === 'lines_live_msisdn') return `msisdn: ${row.msisdn} is already registered`;
  if (e.code === '23505' && constraint === 'lines_live_iccid') return `iccid: ${row.iccid} is already registered`;
  const message = typeof e.message === 'string' ? e.message : 'unknown error';
  return `database: the row was rejected (${e.code}${constraint ? ` ${constraint}` : ''}: ${message})`;
}
