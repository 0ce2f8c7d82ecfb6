/** The throw-away PostgreSQL database of one bench run, and the synthetic subscribers in it. */
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { openDatabase, type Database } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openVault } from '../src/security/vault.js';
import { derivedKey } from '../src/store/secret.js';
import { importSubscribers } from '../src/app/lines/import-subscribers.js';
import { syntheticSubscribersCsv } from '../src/domain/synthetic-subscribers.js';

export const adminUrl = (): string => process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl(), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `lc_bench_${crypto.randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    // FORCE: the server child or pgbench may still hold a connection if the run was interrupted.
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}

export interface Subscriber {
  msisdn: string;
  name: string;
  idNumber: string;
  email: string;
}

/**
 * Migrates and imports `n` synthetic subscribers through the product's own import. The import
 * runs one transaction per row, so the CSV is cut into slices imported side by side.
 */
export async function seedSubscribers(url: string, secretKey: string, n: number, parallel = 8): Promise<Subscriber[]> {
  const csv = syntheticSubscribersCsv(n);
  const [header, ...rows] = csv.trimEnd().split('\n');
  const db: Database = await openDatabase({ databaseUrl: url, dataDir: os.tmpdir() });
  try {
    await migrate(db);
    const vault = await openVault(db, derivedKey(Buffer.from(secretKey, 'base64'), 'vault'), { listen: false });
    const size = Math.ceil(rows.length / parallel);
    const results = await Promise.all(
      Array.from({ length: parallel }, (_, i) => importSubscribers(db, vault, [header, ...rows.slice(i * size, (i + 1) * size)].join('\n') + '\n')),
    );
    await vault.close();
    const imported = results.reduce((sum, r) => sum + r.imported, 0);
    if (imported !== n) throw new Error(`imported ${imported} of ${n} synthetic subscribers: ${JSON.stringify(results.flatMap((r) => r.skipped).slice(0, 3))}`);
  } finally {
    await db.close();
  }
  // Columns: name,id_type,id_number,email,language,region,msisdn,… (synthetic rows hold no commas).
  return rows.map((row) => {
    const c = row.split(',');
    return { name: c[0]!, idNumber: c[2]!, email: c[3]!, msisdn: c[6]! };
  });
}
