import type { Database, Queryable } from '../../store/db.js';
import type { Vault } from '../../security/vault.js';
import { emailIndex, identityIndex } from '../../store/lines.js';
import { differingPersonColumn, parseSubscriberCsv, type SubscriberImportRow } from '../../domain/subscriber-csv.js';

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
 * Loads subscribers and their lines from the import CSV. Each row is its own transaction, so
 * good rows are kept when others fail; existing lines are never updated, which makes running
 * the same file again harmless.
 */
export async function importSubscribers(db: Database, vault: Vault, text: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const { rows, problems } = parseSubscriberCsv(text, new Date().toISOString().slice(0, 10));
  const skipped = [...problems];
  let imported = 0;
  for (const row of rows) {
    try {
      await db.transaction((tx) => importRow(tx, vault, row, opts));
      imported++;
    } catch (err) {
      skipped.push({ line: row.line, reason: skipReason(err, row) });
    }
  }
  skipped.sort((a, b) => a.line - b.line);
  return { imported, skipped };
}

async function importRow(tx: Queryable, vault: Vault, row: SubscriberImportRow, opts: ImportOptions): Promise<void> {
  const subscriberId = await findOrCreateSubscriber(tx, vault, row);

  // The same SIM record (msisdn and iccid together) counts even when released, so that a
  // re-import of a file holding finished lines does not add them a second time.
  const [existing] = await tx.query<{ msisdn: string; iccid: string }>(
    `SELECT msisdn, iccid FROM lines
      WHERE (status <> 'released' AND (msisdn = $1 OR iccid = $2)) OR (msisdn = $1 AND iccid = $2)
      ORDER BY (msisdn = $1) DESC LIMIT 1`,
    [row.msisdn, row.iccid],
  );
  if (existing) {
    throw new SkipRow(
      existing.msisdn === row.msisdn
        ? `msisdn: ${row.msisdn} is already registered`
        : `iccid: ${row.iccid} is already registered`,
    );
  }

  const ended = row.status === 'terminated' || row.status === 'released';
  const days = ended ? quarantineDaysFor(row.region, opts) : null;
  const [line] = await tx.query<{ id: number }>(
    `INSERT INTO lines (subscriber_id, msisdn, iccid, imsi, sim_type, plan, balance_minor, currency,
                        contract_end, status, terminated_on, quarantine_ends_on)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::date, $10, $11::date, $11::date + $12::int)
     RETURNING id`,
    [
      subscriberId, row.msisdn, row.iccid, row.imsi, row.simType, row.plan, row.balanceMinor, row.currency,
      row.contractEnd, row.status, ended ? row.terminatedOn : null, days,
    ],
  );
  if (!line) throw new Error('INSERT INTO lines returned no row');
  for (const b of row.bindings) {
    await tx.query('INSERT INTO bindings (line_id, kind, state) VALUES ($1, $2, $3)', [line.id, b.kind, b.state]);
  }
}

async function findOrCreateSubscriber(tx: Queryable, vault: Vault, row: SubscriberImportRow): Promise<number> {
  // DO NOTHING waits for a concurrent insert of the same person, and the SELECT after it then
  // sees that row, so two imports racing on one person agree on a single subscriber.
  const idIndex = identityIndex(vault, row.idNumber);
  await tx.query(
    `INSERT INTO subscribers (legal_name, id_type, id_number, id_number_index, email, email_index, address, language, region)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id_type, id_number_index) DO NOTHING`,
    [
      vault.seal(row.name), row.idType, vault.seal(row.idNumber), idIndex, vault.seal(row.email), emailIndex(vault, row.email),
      row.address === null ? null : vault.seal(row.address), row.language, row.region,
    ],
  );
  const [found] = await tx.query<{ id: number; name: string; email: string; language: 'zh-CN' | 'en'; region: string }>(
    `SELECT id, legal_name AS name, email, language, region FROM subscribers WHERE id_type = $1 AND id_number_index = $2`,
    [row.idType, idIndex],
  );
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
