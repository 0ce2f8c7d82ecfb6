import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../../src/store/migrate.js';
import { openDatabase, type Database } from '../../src/store/db.js';

/** Every database lastcall runs on; integration tests run once per kind. */
export const testDatabases = ['pglite', 'postgres'] as const;
export type TestDatabaseKind = (typeof testDatabases)[number];

export interface TestDatabase {
  db: Database;
  /** Closes the database and deletes it (temp dir or server database). */
  dispose(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Prefix of the throw-away PostgreSQL database name, so leftovers show which suite made them. */
  prefix?: string;
  /** Embedded: start with no schema at all, not from the migrated template npm install prepares. */
  empty?: boolean;
}

/** The server tests create their databases on; the default matches a local trust-auth install. */
export const postgresAdminUrl = (): string => process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

// Under CI a missing PostgreSQL is a broken pipeline, not a reason to test less.
const requirePostgres = (): boolean => process.env.CI === 'true';

async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: postgresAdminUrl(), connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

let postgresProbe: Promise<boolean> | undefined;

/**
 * Whether tests can use this kind of database. Suites call it at collection time to skip the
 * PostgreSQL block locally when no server runs; under CI it throws instead, failing the run.
 */
export async function testDatabaseAvailable(kind: TestDatabaseKind): Promise<boolean> {
  if (kind === 'pglite') return true;
  postgresProbe ??= adminClient().then(
    async (c) => {
      await c.end();
      return true;
    },
    () => false,
  );
  const ok = await postgresProbe;
  if (!ok && requirePostgres()) throw unreachable();
  return ok;
}

function unreachable(cause?: unknown): Error {
  return new Error(`PostgreSQL is not reachable at ${redact(postgresAdminUrl())} (CI=true requires it; set TEST_DATABASE_URL)`, { cause });
}

const redact = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * A fresh database of the given kind holding no data: PostgreSQL's is empty (not migrated); the
 * embedded one starts, as lastcall's own do, from the migrated template when one is prepared
 * (`empty: true` for none). Returns null only when PostgreSQL is unreachable outside CI.
 */
export async function openTestDatabase(kind: TestDatabaseKind, opts: TestDatabaseOptions = {}): Promise<TestDatabase | null> {
  return kind === 'pglite' ? openPglite(!opts.empty) : openPostgres(opts.prefix ?? 'lc_test');
}

async function openPglite(fromTemplate: boolean): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-test-'));
  const db = await openDatabase({ dataDir: dir, fromTemplate });
  return {
    db,
    async dispose() {
      try {
        await db.close();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

async function openPostgres(prefix: string): Promise<TestDatabase | null> {
  const created = await createPostgresDatabase(prefix);
  if (!created) return null;
  let db: Database;
  try {
    db = await openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir() });
  } catch (err) {
    await created.drop();
    throw err;
  }
  return {
    db,
    async dispose() {
      try {
        await db.close();
      } finally {
        await created.drop();
      }
    },
  };
}

async function dropDatabase(name: string): Promise<void> {
  const admin = await adminClient();
  try {
    // FORCE ends connections a failed test may have left open (LISTEN clients, leaked pools).
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/**
 * An empty PostgreSQL database for a test that runs lastcall as a separate process and so
 * needs a URL rather than an open connection. Null only when unreachable outside CI.
 */
export async function createPostgresDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> } | null> {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`bad test database prefix ${JSON.stringify(prefix)}`);
  let admin: pg.Client;
  try {
    admin = await adminClient();
  } catch (err) {
    if (requirePostgres()) throw unreachable(err);
    return null;
  }
  const name = `${prefix}_${crypto.randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(name) };
}

/**
 * A migrated throw-away database for one describe block: opened before its tests, handed over
 * through `use`, disposed after them. Does nothing when the kind is not available here.
 */
export function useMigratedDatabase(kind: TestDatabaseKind, prefix: string, available: boolean, use: (db: Database) => void): void {
  let t: TestDatabase | null = null;
  beforeAll(async () => {
    if (!available) return;
    t = await openTestDatabase(kind, { prefix });
    if (!t) throw new Error(`${kind} became unreachable`);
    await migrate(t.db);
    use(t.db);
  }, 60_000);
  afterAll(async () => t?.dispose(), 60_000);
}
