/**
 * `lastcall terminate` (CONTRACT §10) as an operator runs it: a separate process on PGlite and on
 * PostgreSQL. The outcome of every kind of line, the cases and their history, the audit chain,
 * the outbox jobs and, after a worker has drained them, the lines gone from the network; four
 * eyes; and a run killed with SIGKILL half way and started again.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openVault } from '../../src/security/vault.js';
import { derivedKey } from '../../src/store/secret.js';
import { importSubscribers, seedSyntheticSubscribers } from '../../src/app/lines/import-subscribers.js';
import { addStaffUser } from '../../src/app/staff/auth.js';
import { verifyAuditChain } from '../../src/app/evidence/audit.js';
import { caseEventDigest } from '../../src/domain/audit-chain.js';
import { canonicalJson } from '../../src/domain/canonical-json.js';
import { openCalendarBook } from '../../src/app/sla/calendars.js';
import { terminateInBulk } from '../../src/app/lines/bulk-terminate.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startRuntime } from '../../src/main/runtime.js';
import { SimulatedNetwork } from '../../src/adapters/network.js';
import { outboxBacklog } from '../../src/store/outbox.js';
import { createPostgresDatabase, testDatabaseAvailable, testDatabases, type TestDatabaseKind } from '../support/databases.js';
import { lastcallBin, projectRoot, runCli } from '../support/process.js';

const available = new Map(await Promise.all(testDatabases.map(async (k) => [k, await testDatabaseAvailable(k)] as const)));
const demo = fs.readFileSync(path.join(projectRoot, 'data/demo-subscribers.csv'), 'utf8');

/** The synthetic block: +86137 then the serial padded to 7 digits, then 0 (src/domain/synthetic-subscribers.ts). */
const synthetic = (i: number) => `+86137${String(i).padStart(7, '0')}0`.slice(0, 14);
const range = (from: number, n: number) => Array.from({ length: n }, (_, k) => synthetic(from + k));

interface Place {
  env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

async function place(kind: TestDatabaseKind): Promise<Place> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-bulk-'));
  const key = crypto.randomBytes(32).toString('base64');
  const base = { LASTCALL_DATA_DIR: dir, LASTCALL_SECRET_KEY: key };
  if (kind === 'pglite') {
    return { env: base, open: () => openDatabase({ dataDir: dir }), drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const pg = (await createPostgresDatabase('lc_bulk'))!;
  return {
    env: { ...base, DATABASE_URL: pg.url },
    open: () => openDatabase({ databaseUrl: pg.url, dataDir: dir }),
    drop: async () => {
      await pg.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function withDb<T>(p: Place, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await p.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

function csvFile(p: Place, name: string, numbers: string[]): string {
  const file = path.join(p.env.LASTCALL_DATA_DIR!, name);
  fs.writeFileSync(file, ['msisdn,region_note', ...numbers.map((n) => `${n},x`)].join('\n') + '\n');
  return file;
}

const terminate = (p: Place, file: string, by = 'sup-a', approvedBy = 'sup-b', reason = 'real-name re-verification failed', extra: Record<string, string> = {}) =>
  runCli(['terminate', '--file', file, '--reason', reason, '--by', by, '--approved-by', approvedBy], { ...p.env, ...extra });

/** The same run without a process start (terminateInBulk, as the CLI calls it). */
const terminateHere = (p: Place, file: string, requestedBy: string, approvedBy: string, reason: string, batchSize?: number) =>
  withDb(p, async (db) => {
    const vault = await openVault(db, derivedKey(Buffer.from(p.env.LASTCALL_SECRET_KEY!, 'base64'), 'vault'), { listen: false });
    try {
      return await terminateInBulk({ db, vault, calendars: await openCalendarBook(db), clock: { now: () => new Date() } }, { file: fs.readFileSync(file), reason, requestedBy, approvedBy, batchSize });
    } finally {
      await vault.close();
    }
  });

describe.each(testDatabases)('lastcall terminate on %s', (kind) => {
  describe.skipIf(!available.get(kind))('', () => {
    let p: Place;
    beforeAll(async () => {
      p = await place(kind);
      await withDb(p, async (db) => {
        await migrate(db);
        const vault = await openVault(db, derivedKey(Buffer.from(p.env.LASTCALL_SECRET_KEY!, 'base64'), 'vault'), { listen: false });
        await importSubscribers(db, vault, demo);
        await seedSyntheticSubscribers(db, vault, 2100);
        for (const [user, role] of [['sup-a', 'supervisor'], ['sup-b', 'supervisor'], ['rev', 'reviewer']] as const) {
          await addStaffUser(db, user, role, 'x', { demo: true });
        }
        // A line with an open case: an earlier bulk run's case on it (approved, waiting for the network).
        const calendars = await openCalendarBook(db);
        const earlier = await terminateInBulk({ db, vault, calendars, clock: { now: () => new Date() } }, {
          file: Buffer.from(`msisdn\n${synthetic(1)}\n`), reason: 'earlier clean-up', requestedBy: 'sup-a', approvedBy: 'sup-b',
        });
        expect(earlier.done).toBe(1);
        // A number given back to the pool: its only line is released.
        await db.query(`UPDATE lines SET status = 'released', terminated_on = '2026-01-05' WHERE msisdn = $1`, [synthetic(60)]);
        await vault.close();
      });
    }, 120_000);
    afterAll(async () => p?.drop(), 60_000);

    it('ends good lines, skips unknown, ended, open-case and repeated ones, and the worker takes them off the network', async () => {
      const good = range(2, 20);
      const file = csvFile(p, 'main.csv', [...good, '+8613900000009', '+8613800000000', synthetic(1), good[3]!, synthetic(60), 'not-a-number']);
      const r = await terminate(p, file);
      // A number that is none fails its row, and the run with exit 1; the others are still done.
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/26 line\(s\): 20 done, 5 skipped \(.*\), 1 failed/);
      for (const reason of ['unknown 1', 'ended 2', 'open_case 1', 'duplicate 1']) expect(r.stdout).toContain(reason);
      expect(r.stderr).toMatch(/terminating: 26\/26 lines/);
      expect(r.stderr).toMatch(/^line 27: not-a-number failed: msisdn: /m);

      // Run again on the same file: nothing happens twice. In process (the CLI's "(resumed)" is
      // checked by the SIGKILL test below): one process start fewer on a loaded machine.
      const again = await terminateHere(p, file, 'sup-a', 'sup-b', 'real-name re-verification failed');
      expect(again).toMatchObject({ resumed: true, total: 26, done: 20, failed: 1, skipped: { unknown: 1, ended: 2, open_case: 1, duplicate: 1 } });

      const network = new SimulatedNetwork();
      await withDb(p, async (db) => {
        const cases = await db.query<{ reference: string; state: string; channel: string; opened_by: string; decided_by: string; msisdn: string; events: string[] }>(
          `SELECT c.reference, c.state, c.channel, c.opened_by, c.decided_by, l.msisdn,
                  (SELECT array_agg(e.type ORDER BY e.seq) FROM case_events e WHERE e.case_id = c.id) AS events
             FROM cases c JOIN lines l ON l.id = c.line_id WHERE l.msisdn = ANY($1::text[]) ORDER BY l.msisdn`,
          [good],
        );
        expect(cases).toHaveLength(20);
        for (const c of cases) {
          expect(c).toMatchObject({ state: 'approved', channel: 'bulk', opened_by: 'sup-a', decided_by: 'sup-b', events: ['submitted', 'assign', 'approve'] });
        }
        const [jobs] = await db.query<{ notices: number; removals: number }>(
          `SELECT count(*) FILTER (WHERE o.topic = 'deliver_communication' AND m.template = 'bulk_termination')::int AS notices,
                  count(*) FILTER (WHERE o.topic = 'fulfil_case' AND c.reference = ANY($1::text[]))::int AS removals
             FROM outbox o LEFT JOIN communications m ON m.id = (o.payload->>'communicationId')::bigint
             LEFT JOIN cases c ON c.id = (o.payload->>'caseId')::bigint`,
          [cases.map((c) => c.reference)],
        );
        expect(jobs).toEqual({ notices: 21, removals: 20 });
        // One audit row a case, naming its three events and its notice by their digests.
        const trail = await db.query<{ action: string; actor: string; data: string }>(`SELECT action, actor, data FROM audit_log WHERE subject = $1`, [cases[0]!.reference]);
        expect(trail.map((t) => [t.action, t.actor])).toEqual([['case.bulk_approved', 'staff:sup-b']]);
        const named = JSON.parse(trail[0]!.data) as { openedBy: string; events: { seq: number; type: string; sha256: string }[]; message: { communicationId: number; sha256: string } };
        expect(named.openedBy).toBe('staff:sup-a');
        const history = await db.query<{ seq: number; type: string; from_state: string | null; to_state: string | null; actor: string; at: Date; data: Record<string, unknown> }>(
          'SELECT e.seq, e.type, e.from_state, e.to_state, e.actor, e.at, e.data FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.reference = $1 ORDER BY e.seq',
          [cases[0]!.reference],
        );
        expect(named.events).toEqual(history.map((e) => ({
          seq: e.seq, type: e.type,
          sha256: caseEventDigest({ seq: e.seq, type: e.type, from: e.from_state, to: e.to_state, actor: e.actor, at: e.at.toISOString(), data: canonicalJson(e.data) }),
        })));
        const [notice] = await db.query<{ subject: string; body: string }>('SELECT subject, body FROM communications WHERE id = $1', [named.message.communicationId]);
        expect(named.message.sha256).toBe(crypto.createHash('sha256').update(`${notice!.subject}\n${notice!.body}`).digest('hex'));
        // Rendered once per language and filled per line: this line's number and reference, no stand-in left.
        expect(notice!.subject).toContain(cases[0]!.reference);
        expect(notice!.body).toContain(cases[0]!.msisdn);
        expect(notice!.body).toContain('real-name re-verification failed');
        expect(`${notice!.subject}${notice!.body}`).not.toContain('\u0001');
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });

        // The worker, with the lines in its (simulated) network, does what an approval sets going.
        const lines = await db.query<{ msisdn: string; imsi: string; iccid: string }>('SELECT msisdn, imsi, iccid FROM lines WHERE msisdn = ANY($1::text[])', [good]);
        for (const l of lines) await network.provision(l, { barred: false });
        const config = loadConfig({ ...p.env, LOG_LEVEL: 'silent' });
        const runtime = await startRuntime(config, createLogger('silent'), { runWorker: true, db, network, worker: { pollMs: 50, backoffSeconds: () => 0.1 } });
        try {
          const until = Date.now() + 60_000;
          while ((await outboxBacklog(db)).pending > 0 && Date.now() < until) await new Promise((res) => setTimeout(res, 200));
        } finally {
          await runtime.close();
        }
        expect(await outboxBacklog(db)).toEqual({ pending: 0, dead: 0 });
        for (const l of lines) expect(await network.inspect(l.imsi)).toBeNull();
        const ended = await db.query<{ status: string; state: string }>(
          'SELECT l.status, c.state FROM lines l JOIN cases c ON c.line_id = l.id WHERE l.msisdn = ANY($1::text[])',
          [good],
        );
        expect(ended.every((e) => e.status === 'terminated' && e.state === 'completed')).toBe(true);
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      });
    }, 180_000);

    it('refuses the same supervisor twice, and a reviewer, with exit 2 and one line', async () => {
      const file = csvFile(p, 'four-eyes.csv', [synthetic(40)]);
      const r2 = await terminate(p, file, 'sup-a', 'sup-a');
      expect(r2.code).toBe(2);
      expect(r2.stderr.trim().split('\n')).toHaveLength(1);
      expect(r2.stderr).toMatch(/second supervisor/);
      // The same refusal path in process for a reviewer (one process start fewer).
      await expect(terminateHere(p, file, 'sup-a', 'rev', 'x')).rejects.toThrow(/rev is a reviewer/);
      const [runs] = await withDb(p, (db) => db.query<{ n: number }>(`SELECT count(*)::int AS n FROM bulk_runs WHERE approved_by = 'rev'`));
      expect(runs!.n).toBe(0);
    }, 120_000);

    it('a batch that breaks a rule as it writes is rolled back (with the batch behind it, on PostgreSQL) and worked in smaller parts down to the row', async () => {
      const numbers = range(61, 30);
      const file = csvFile(p, 'refused.csv', numbers);
      const refused = numbers[12]!; // in the third batch of five
      // A rule the batch's own checks cannot foresee: the database refuses this one line's case.
      await withDb(p, (db) => db.exec(`
        CREATE FUNCTION test_refuse_case() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.line_id = (SELECT id FROM lines WHERE msisdn = '${refused}' AND status <> 'released') THEN
            RAISE EXCEPTION 'refused by the test';
          END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER test_refuse_case BEFORE INSERT ON cases FOR EACH ROW EXECUTE FUNCTION test_refuse_case();`));
      try {
        const summary = await terminateHere(p, file, 'sup-a', 'sup-b', 'refused batch', 5);
        expect(summary).toMatchObject({ total: 30, done: 29, failed: 1, skipped: {} });
        expect(summary.failures).toEqual([expect.objectContaining({ msisdn: refused, outcome: 'failed', reason: 'error', detail: expect.stringContaining('refused by the test') })]);
      } finally {
        await withDb(p, (db) => db.exec('DROP TRIGGER test_refuse_case ON cases; DROP FUNCTION test_refuse_case()'));
      }
      await withDb(p, async (db) => {
        const rows = await db.query<{ msisdn: string; status: string; cases: number; reference: string | null }>(
          `SELECT l.msisdn, l.status, count(c.id)::int AS cases, min(c.reference) AS reference
             FROM lines l LEFT JOIN cases c ON c.line_id = l.id AND c.reason = 'refused batch'
            WHERE l.msisdn = ANY($1::text[]) GROUP BY l.msisdn, l.status ORDER BY l.msisdn`,
          [numbers],
        );
        expect(rows.filter((r) => r.msisdn === refused)).toEqual([{ msisdn: refused, status: 'active', cases: 0, reference: null }]);
        const ended = rows.filter((r) => r.msisdn !== refused);
        expect(ended.every((r) => r.status === 'pending_termination' && r.cases === 1)).toBe(true);
        // Rolled-back batches gave their numbers back: the run's references follow each other.
        const serials = ended.map((r) => Number(r.reference!.slice(8, 15))).sort((a, b) => a - b);
        expect(serials.at(-1)! - serials[0]! + 1).toBe(29);
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      });
    }, 120_000);

    it('killed with SIGKILL half way and run again, ends every line exactly once', async () => {
      const numbers = range(100, 2000);
      const file = csvFile(p, 'big.csv', numbers);
      const child = spawn(process.execPath, [lastcallBin, 'terminate', '--file', file, '--reason', '2G switch-off', '--by', 'sup-a', '--approved-by', 'sup-b'], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...p.env, LASTCALL_BULK_BATCH: '100', LASTCALL_BULK_PAUSE_MS: '250' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        let err = '';
        child.stderr!.on('data', (d: Buffer) => {
          err += d.toString();
          // The first progress line after some rows were committed.
          if (/terminating: [1-9]\d*\//.test(err)) resolve();
        });
        child.once('exit', () => reject(new Error(`terminate ended before it could be killed:\n${err}`)));
      });
      child.kill('SIGKILL');
      await exited;
      const half = await withDb(p, (db) => db.query<{ done_through: number; done: number }>(`SELECT done_through, done FROM bulk_runs WHERE reason = '2G switch-off'`));
      expect(half[0]!.done_through).toBeGreaterThan(0);
      expect(half[0]!.done_through).toBeLessThan(2000);

      const r = await terminate(p, file, 'sup-a', 'sup-b', '2G switch-off');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/\(resumed\): 2000 line\(s\): 2000 done, 0 skipped, 0 failed/);
      await withDb(p, async (db) => {
        const [counts] = await db.query<{ cases: number; lines: number; pending: number }>(
          `SELECT count(*)::int AS cases, count(DISTINCT c.line_id)::int AS lines,
                  count(*) FILTER (WHERE l.status = 'pending_termination')::int AS pending
             FROM cases c JOIN lines l ON l.id = c.line_id WHERE c.channel = 'bulk' AND l.msisdn = ANY($1::text[])`,
          [numbers],
        );
        expect(counts).toEqual({ cases: 2000, lines: 2000, pending: 2000 });
        const [jobs] = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox o JOIN cases c ON c.id = (o.payload->>'caseId')::bigint
             JOIN lines l ON l.id = c.line_id WHERE o.topic = 'fulfil_case' AND l.msisdn = ANY($1::text[])`,
          [numbers],
        );
        expect(jobs!.n).toBe(2000);
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
      });
    }, 180_000);
  });
});
