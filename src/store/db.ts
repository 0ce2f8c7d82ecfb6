import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { readTemplate } from './pglite-template.js';
import { withCommitWork } from './commit-work.js';
import type { Queryable } from './queryable.js';

/**
 * One small interface over the two databases lastcall runs on: embedded PGlite (one process)
 * and a PostgreSQL server (many workers). Both speak the same SQL; the parsers below make
 * them return the same JavaScript values (dates as 'YYYY-MM-DD', bigint as number).
 */
export type { Queryable };

/** A whole database rather than one transaction on it. */
export const isDatabase = (db: Queryable): db is Database => typeof (db as Partial<Database>).transaction === 'function';

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls back on NOTIFY; returns a function that stops listening. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  /**
   * Holds a session-level advisory lock (namespace, key) for as long as this process lives;
   * if the process dies, the database drops the lock with its session.
   */
  holdSessionLock(namespace: number, key: number): Promise<() => Promise<void>>;
  /**
   * A hot read, sent as a named statement and planned once for any parameters (PostgreSQL's
   * generic plan), on two connections of its own. Left to itself PostgreSQL planned the customer
   * read anew at every execution (its arrays' lengths change the estimates), which cost more than
   * running it: 0.24 → 0.09–0.10 ms of database CPU a read in an A/B. Only for reads whose best plan
   * does not depend on their parameters; everything else keeps `query`.
   */
  queryPlannedOnce<T = Record<string, unknown>>(sql: string, params: readonly unknown[], name: string): Promise<T[]>;
  close(): Promise<void>;
}

const DATE_OID = 1082;
const INT8_OID = 20;
const asNumber = (v: string) => Number(v);
const asText = (v: string) => v;

export class DatabaseLockedError extends Error {}

/**
 * `fromTemplate: false` makes a new embedded database start empty instead of from the prepared,
 * already migrated template (pglite-template.ts); for the tests of the migrations themselves.
 */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string; fromTemplate?: boolean }): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl) : openPglite(opts.dataDir, opts.fromTemplate ?? true);
}

async function openPostgres(url: string): Promise<Database> {
  const typeParsers = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === DATE_OID) return asText;
      if (oid === INT8_OID) return asNumber;
      return pg.types.getTypeParser(oid, format);
    },
  } as pg.CustomTypesConfig;
  const pool = new pg.Pool({ connectionString: url, types: typeParsers, max: 10 });
  let genericPool: pg.Pool | undefined;
  // An idle client that loses its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const asQueryable = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[], name?: string) {
      const r = name === undefined ? await c.query(sql, params as unknown[] | undefined) : await c.query({ name, text: sql, values: params as unknown[] | undefined });
      return r.rows as T[];
    },
  });
  await pool.query('SELECT 1');
  return {
    kind: 'postgres',
    ...asQueryable(pool),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await withCommitWork(asQueryable(client), fn);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === channel) onNotify();
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    async holdSessionLock(namespace, key) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      await client.query('SELECT pg_advisory_lock($1, $2)', [namespace, key]);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    async queryPlannedOnce<T>(sql: string, params: readonly unknown[], name: string) {
      if (!genericPool) {
        genericPool = new pg.Pool({ connectionString: url, types: typeParsers, max: 2, options: '-c plan_cache_mode=force_generic_plan' });
        genericPool.on('error', () => undefined);
      }
      return (await genericPool.query({ name, text: sql, values: params as unknown[] })).rows as T[];
    },
    async close() {
      await Promise.all([pool.end(), genericPool?.end()]);
    },
  };
}

/**
 * PGlite keeps its files in the data dir and must only ever be opened by one process; a lock
 * file holding our pid guards it. A lock left by a killed process (pid gone) is taken over.
 */
function takeLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'lastcall.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        fs.rmSync(lockPath, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (holder && holder !== process.pid && isAlive(holder)) {
        throw new DatabaseLockedError(
          `the embedded database in ${dataDir} is in use by process ${holder}; stop it, or set DATABASE_URL to share a PostgreSQL server`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseLockedError(`could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const pgliteOptions = {
  parsers: { [DATE_OID]: asText, [INT8_OID]: asNumber },
  // PGlite zeroes all of shared_buffers in WebAssembly at every open (PostgreSQL's default 128 MB
  // took 0.3 s of a 0.95 s open, and as much resident memory). The embedded database is the demo's
  // and a small operator's; its pages are a file read away in the OS cache either way.
  startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
};

let baselineOnly = false;

/**
 * PGlite is PostgreSQL compiled to WebAssembly (about 10 MB of code). V8 compiles it with its
 * baseline compiler (Liftoff) and then again, for the functions that run often, with its optimising
 * one; on two cores that second compile competed with the start and once held the main thread for
 * 0.5 s. Measured on this machine (the same data dir, 3,000 inserts then 3,000 indexed reads):
 * baseline only opened and ran them as fast or faster (inserts 0.56–0.83 s against 1.10–1.39 s);
 * a long scan was about 20 % slower. The embedded database is the demo's and a small operator's,
 * so its start counts for more. Set before the module is compiled, once per process.
 */
function compileWasmBaselineOnly(): void {
  if (baselineOnly) return;
  v8.setFlagsFromString('--liftoff-only');
  baselineOnly = true;
}

/** A data dir that has never held a database starts from the prepared template, if there is one. */
async function createPglite(pgdata: string, fromTemplate: boolean): Promise<PGlite> {
  compileWasmBaselineOnly();
  const template = fromTemplate && !fs.existsSync(pgdata) ? readTemplate() : undefined;
  if (template) {
    try {
      return await PGlite.create(pgdata, { ...pgliteOptions, loadDataDir: template });
    } catch {
      // A damaged template costs the time it saved, nothing more: start empty as without one.
      fs.rmSync(pgdata, { recursive: true, force: true });
    }
  }
  return PGlite.create(pgdata, pgliteOptions);
}

async function openPglite(dataDir: string, fromTemplate: boolean): Promise<Database> {
  const release = takeLock(dataDir);
  let db: PGlite;
  try {
    db = await createPglite(path.join(dataDir, 'pgdata'), fromTemplate);
  } catch (err) {
    release();
    throw err;
  }
  return wrapPglite(db, release);
}

/** Our Database over one PGlite (also the in-memory one that prepares the template). */
export function wrapPglite(db: PGlite, release: () => void = () => undefined): Database {
  const asQueryable = (c: Pick<PGlite, 'query'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await c.query<T>(sql, params as unknown[] | undefined);
      return r.rows;
    },
  });
  return {
    kind: 'pglite',
    ...asQueryable(db),
    async exec(sql) {
      await db.exec(sql);
    },
    transaction: (fn) => db.transaction((tx) => withCommitWork(asQueryable(tx), fn)),
    // One connection in one process, with nothing to gain from a second.
    queryPlannedOnce: (sql, params) => db.query(sql, params as unknown[]).then((r) => r.rows as never),
    async listen(channel, onNotify) {
      const unsub = await db.listen(channel, () => onNotify());
      return async () => {
        await unsub().catch(() => undefined);
      };
    },
    async holdSessionLock(namespace, key) {
      await db.query('SELECT pg_advisory_lock($1, $2)', [namespace, key]);
      return async () => {
        await db.query('SELECT pg_advisory_unlock($1, $2)', [namespace, key]).catch(() => undefined);
      };
    },
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
