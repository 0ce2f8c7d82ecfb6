import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db.js';
import { createPostgresDatabase, testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, mailbox, verifyAs, zhangWei } from '../support/harness.js';
import { projectRoot, runCli, spawnServe, waitReady, type ServerProcess } from '../support/process.js';
import { freePort } from '../support/smtp-sink.js';

/**
 * The trust features from the operator's side: each command is a real `lastcall` process on
 * the same data, one after the other, exactly as someone at a shell would run them. PGlite is
 * opened by the test itself only between commands (one process at a time holds its lock).
 * The two databases run side by side (each on its own data dir and server port); the steps
 * within one database run in order.
 */

const demoCsv = fs.readFileSync(path.join(projectRoot, 'data/demo-subscribers.csv'), 'utf8').trim().split('\n').slice(1);
const demoPeople = demoCsv.map((line) => {
  const [name, , idNumber, email] = line.split(',');
  return { name: name!, idNumber: idNumber!, email: email! };
});
const newStaffPassword = 'plum orchard 7 ladders';

interface KeyLine {
  id: string;
  purpose: 'data' | 'index';
  state: 'active' | 'retired';
  values: number;
}

/** `keys status` prints one line per key: id, purpose, state, created, "N value(s)". */
function parseKeys(stdout: string): KeyLine[] {
  return [...stdout.matchAll(/^([a-z0-9]{4,16})\s+(data|index)\s+(active|retired)\s+\S+\s+(\d+) value\(s\)$/gm)].map((m) => ({
    id: m[1]!,
    purpose: m[2] as KeyLine['purpose'],
    state: m[3] as KeyLine['state'],
    values: Number(m[4]),
  }));
}

/** Walks a directory and answers the files holding any of `needles` (as UTF-8 bytes). */
function filesContaining(dir: string, needles: string[]): string[] {
  const wanted = needles.map((n) => Buffer.from(n, 'utf8'));
  const hits: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const bytes = fs.readFileSync(file);
    for (const [i, w] of wanted.entries()) if (bytes.includes(w)) hits.push(`${path.relative(dir, file)}: ${needles[i]}`);
  }
  return hits;
}

describe.concurrent.each(testDatabases)('the trust commands of the CLI, as an operator runs them (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let dataDir = '';
  let env: Record<string, string> = {};
  let server: ServerProcess | undefined;
  let base = '';

  beforeAll(async () => {
    if (!available) return;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-cli-trust-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    // No LASTCALL_SECRET_KEY: the first command generates one into the data dir (PostgreSQL keeps it there too).
    env = { LASTCALL_DATA_DIR: dataDir };
    if (kind === 'postgres') {
      const created = (await createPostgresDatabase('lc_clitrust'))!;
      cleanups.push(() => created.drop());
      env.DATABASE_URL = created.url;
    }
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    for (const c of cleanups.reverse()) await c();
  });

  /** The database as a DBA sees it, opened only while no lastcall process holds it. */
  async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir });
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  }

  async function startServer(): Promise<void> {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawnServe({ ...env, PORT: String(port) });
    await waitReady(base, server);
  }

  async function stopServer(): Promise<string> {
    const s = server!;
    s.child.kill('SIGTERM');
    expect(await s.exited, s.output()).toBe(0);
    server = undefined;
    return s.output();
  }

  // One step after the other on this database, as an operator would run them.
  describe.sequential('in order', () => {
    it.skipIf(!available)('seed: generates the secret key once with a warning on stderr, and stores no personal data in plain text', async () => {
      const seeded = await runCli(['seed'], env);
      expect(seeded.code, seeded.stderr).toBe(0);
      const keyFile = path.join(dataDir, 'secret.key');
      expect(fs.existsSync(keyFile)).toBe(true);
      expect(Buffer.from(fs.readFileSync(keyFile, 'utf8').trim(), 'base64')).toHaveLength(32);
      expect(fs.statSync(keyFile).mode & 0o077, 'secret.key is readable by others').toBe(0);
      expect(seeded.stderr).toMatch(/warning: .*LASTCALL_SECRET_KEY.*secret\.key/);
      expect(seeded.stdout).not.toContain(fs.readFileSync(keyFile, 'utf8').trim());

      const plain = demoPeople.flatMap((p) => [p.name, p.idNumber, p.email]);
      await withDb(async (db) => {
        const subscribers = await db.query<{ legal_name: string; id_number: string; email: string; id_number_index: string; email_index: string }>(
          'SELECT legal_name, id_number, email, id_number_index, email_index FROM subscribers ORDER BY id',
        );
        expect(subscribers.length).toBeGreaterThanOrEqual(8);
        for (const s of subscribers) {
          for (const column of ['legal_name', 'id_number', 'email'] as const) expect(s[column], column).toMatch(/^lc1\.[a-z0-9]{4,16}\.[A-Za-z0-9_-]+$/);
          expect(s.id_number_index).toMatch(/^[0-9a-f]{64}$/);
          expect(s.email_index).toMatch(/^[0-9a-f]{64}$/);
        }
        // Nowhere else either: every row of every table, as text.
        const tables = await db.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
        );
        for (const { table_name } of tables) {
          const rows = await db.query<{ t: string }>(`SELECT t::text AS t FROM "${table_name}" t`);
          const text = rows.map((r) => r.t).join('\n').toLowerCase();
          for (const p of plain) expect(text.includes(p.toLowerCase()), `${p} in table ${table_name}`).toBe(false);
        }
      });
      // On PGlite the database is files in the data dir: not one of them holds the plain values.
      if (kind === 'pglite') expect(filesContaining(path.join(dataDir, 'pgdata'), plain)).toEqual([]);
    }, 90_000);

    it.skipIf(!available)('audit verify: a freshly seeded log is intact', async () => {
      const r = await runCli(['audit', 'verify'], env);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/intact/);
      expect(r.stdout).toMatch(/\d+ rows? checked/);
    }, 60_000);

    it.skipIf(!available)('staff add: reads the password from stdin, stores an argon2id hash; weak password, unknown role and an existing user exit 2 with one line', async () => {
      const added = await runCli(['staff', 'add', '--user', 'nina.ops', '--role', 'reviewer'], env, `${newStaffPassword}\n`);
      expect(added.code, added.stderr).toBe(0);
      expect(added.stdout).toMatch(/nina\.ops/);
      expect(added.stdout + added.stderr).not.toContain(newStaffPassword);

      // Two of these stop before the database is opened, so they can run beside the third.
      const [weak, king, again] = await Promise.all([
        runCli(['staff', 'add', '--user', 'weak.one', '--role', 'reviewer'], env, 'short-pw\n'),
        runCli(['staff', 'add', '--user', 'king.one', '--role', 'king'], env, `${newStaffPassword}\n`),
        runCli(['staff', 'add', '--user', 'nina.ops', '--role', 'agent'], env, `${newStaffPassword}\n`),
      ]);
      for (const [r, reason] of [[weak, /password.*12/], [king, /--role/], [again, /already exists/]] as const) {
        expect(r.code, r.stdout + r.stderr).toBe(2);
        expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
        expect(r.stderr).toMatch(reason);
        expect(r.stderr).not.toContain(newStaffPassword);
      }

      await withDb(async (db) => {
        const users = await db.query<{ username: string; role: string; password_hash: string; demo: boolean }>(
          "SELECT username, role, password_hash, demo FROM staff_users WHERE username IN ('nina.ops', 'weak.one', 'king.one')",
        );
        expect(users).toHaveLength(1);
        expect(users[0]).toMatchObject({ username: 'nina.ops', role: 'reviewer', demo: false });
        expect(users[0]!.password_hash.startsWith('$argon2id$')).toBe(true);
        expect(users[0]!.password_hash).not.toContain(newStaffPassword);
      });
    }, 60_000);

    let firstDataKey = '';
    let indexKey = '';

    it.skipIf(!available)('keys status lists a data and an index key; keys rotate prints the new key and retires the old one with 0 values left', async () => {
      const before = await runCli(['keys', 'status'], env);
      expect(before.code, before.stderr).toBe(0);
      const keysBefore = parseKeys(before.stdout);
      expect(keysBefore.map((k) => [k.purpose, k.state]).sort()).toEqual([['data', 'active'], ['index', 'active']]);
      firstDataKey = keysBefore.find((k) => k.purpose === 'data')!.id;
      indexKey = keysBefore.find((k) => k.purpose === 'index')!.id;
      expect(keysBefore.find((k) => k.purpose === 'data')!.values).toBeGreaterThan(0);

      const rotated = await runCli(['keys', 'rotate'], env);
      expect(rotated.code, rotated.stderr).toBe(0);
      const newKey = /new data key ([a-z0-9]{4,16})/.exec(rotated.stdout)?.[1];
      expect(newKey, rotated.stdout).toBeDefined();
      expect(newKey).not.toBe(firstDataKey);
      expect(rotated.stdout).toContain(firstDataKey); // named as retired

      const after = parseKeys((await runCli(['keys', 'status'], env)).stdout);
      expect(after.find((k) => k.id === firstDataKey)).toMatchObject({ purpose: 'data', state: 'retired', values: 0 });
      expect(after.find((k) => k.id === newKey)).toMatchObject({ purpose: 'data', state: 'active' });
      expect(after.find((k) => k.id === newKey)!.values).toBe(keysBefore.find((k) => k.purpose === 'data')!.values);
      // The blind-index key does not rotate with the data key (lookups would break).
      expect(after.find((k) => k.id === indexKey)).toMatchObject({ purpose: 'index', state: 'active' });
    }, 60_000);

    it.skipIf(!available)('lastcall serve on the same data: the new reviewer logs in and a demo customer still verifies after the rotation', async () => {
      await startServer();
      // The key was generated once; this start uses it and says nothing about generating another.
      expect(server!.output()).not.toMatch(/generated a key/);

      const staff = new Client(base);
      const wrong = await staff.post('/api/v1/staff/session', { user: 'nina.ops', password: 'plum orchard 7 ladder' });
      expect(wrong.status).toBe(401);
      const login = await staff.post('/api/v1/staff/session', { user: 'nina.ops', password: newStaffPassword });
      expect(login.status, JSON.stringify(login.body)).toBe(200);
      expect(login.body).toMatchObject({ user: 'nina.ops', role: 'reviewer' });
      expect(login.body.csrfToken).toEqual(expect.any(String));
      staff.csrf = login.body.csrfToken;
      expect((await staff.get('/api/v1/staff/cases')).status).toBe(200);

      const customer = new Client(base);
      await verifyAs(customer, zhangWei);
      const line = await customer.get(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}`);
      expect(line.status).toBe(200);
    }, 90_000);

    // Registered for PostgreSQL only: PGlite is one process, and a skip would fail CI.
    if (kind === 'postgres') it.skipIf(!available)('keys rotate while a server runs on PostgreSQL: the server picks the new key up, new verifications work, nothing is left under the old key', async () => {
      const before = parseKeys((await runCli(['keys', 'status'], env)).stdout);
      const oldKey = before.find((k) => k.purpose === 'data' && k.state === 'active')!.id;
      const rotated = await runCli(['keys', 'rotate'], env);
      expect(rotated.code, rotated.stderr).toBe(0);
      const newKey = /new data key ([a-z0-9]{4,16})/.exec(rotated.stdout)![1]!;

      // A new verification after the rotation: the server opens rows under the new key and seals its mail under it.
      const customer = new Client(base);
      await verifyAs(customer, zhangWei);
      expect((await customer.get(`/api/v1/lines/${encodeURIComponent(zhangWei.msisdn)}/precheck`)).status).toBe(200);
      expect((await mailbox(customer)).length).toBeGreaterThanOrEqual(2);

      const after = parseKeys((await runCli(['keys', 'status'], env)).stdout);
      expect(after.find((k) => k.id === oldKey)).toMatchObject({ state: 'retired', values: 0 });
      expect(after.find((k) => k.id === firstDataKey)).toMatchObject({ state: 'retired', values: 0 });
      expect(after.find((k) => k.id === newKey)).toMatchObject({ state: 'active' });
      await withDb(async (db) => {
        const [mail] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM dev_mailbox WHERE body NOT LIKE $1', [`lc1.${newKey}.%`]);
        expect(mail!.n, 'mailbox rows not sealed under the new key').toBe(0);
      });
    }, 90_000);

    it.skipIf(!available)('after a clean stop, a start with a different LASTCALL_SECRET_KEY is refused (exit 1, key does not match); a key that is not 32 bytes of base64 is refused naming the setting', async () => {
      const out = await stopServer();
      if (kind === 'pglite') expect(fs.existsSync(path.join(dataDir, 'lastcall.lock')), out).toBe(false);

      /** A serve that should refuse to start; killed (and failed) if it starts after all. */
      type Refused = { code: number | null; output: string };
      const refusedStart = async (secret: string): Promise<Refused> => {
        const port = await freePort();
        const s = spawnServe({ ...env, PORT: String(port), LASTCALL_SECRET_KEY: secret });
        const timer = setTimeout(() => s.child.kill('SIGKILL'), 45_000);
        const code = await s.exited;
        clearTimeout(timer);
        return { code, output: s.output() };
      };
      const other = crypto.randomBytes(32).toString('base64');
      const bad = [crypto.randomBytes(16).toString('base64'), crypto.randomBytes(32).toString('hex')];
      // PGlite is one process at a time (each refused start opens it before reading the key); PostgreSQL is not.
      const results =
        kind === 'postgres'
          ? await Promise.all([other, ...bad].map(refusedStart))
          : [await refusedStart(other), await refusedStart(bad[0]!), await refusedStart(bad[1]!)];
      const [mismatch, ...malformed] = results as [Refused, ...Refused[]];
      expect(mismatch.code, mismatch.output).toBe(1);
      expect(mismatch.output).toMatch(/LASTCALL_SECRET_KEY does not match/);
      expect(mismatch.output).not.toContain(other);
      for (const [i, r] of malformed.entries()) {
        expect([1, 2], `${bad[i]}: ${r.output}`).toContain(r.code);
        expect(r.output).toMatch(/LASTCALL_SECRET_KEY/);
        expect(r.output).toMatch(/32 bytes/);
        expect(r.output).not.toContain(bad[i]!);
      }
      // Nothing was changed by the refused starts: the generated key still opens the data.
      const status = await runCli(['keys', 'status'], env);
      expect(status.code, status.stderr).toBe(0);
    }, 120_000);

    it.skipIf(!available)('the audit log refuses a plain UPDATE, DELETE or TRUNCATE; a DBA who switches the trigger off is caught by audit verify naming row 3', async () => {
      const intact = await runCli(['audit', 'verify'], env);
      expect(intact.code, intact.stdout + intact.stderr).toBe(0);
      expect(intact.stdout).toMatch(/intact/);

      await withDb(async (db) => {
        await expect(db.query(`UPDATE audit_log SET data = '{"x":1}' WHERE seq = 3`)).rejects.toThrow(/append-only/);
        await expect(db.query('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow(/append-only/);
        await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
        const [row] = await db.query<{ data: string }>('SELECT data FROM audit_log WHERE seq = 3');
        expect(row!.data).not.toBe('{"x":1}');
        await db.exec(
          `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change; UPDATE audit_log SET data = '{"x":1}' WHERE seq = 3; ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`,
        );
        const [changed] = await db.query<{ data: string }>('SELECT data FROM audit_log WHERE seq = 3');
        expect(changed!.data).toBe('{"x":1}');
        // The guard is back on.
        await expect(db.query(`UPDATE audit_log SET data = '{}' WHERE seq = 4`)).rejects.toThrow(/append-only/);
      });

      const broken = await runCli(['audit', 'verify'], env);
      expect(broken.code, broken.stdout + broken.stderr).toBe(1);
      expect(broken.stdout).toMatch(/\brow 3\b/);
      expect(broken.stdout).not.toMatch(/intact/);
    }, 60_000);
  });
});
