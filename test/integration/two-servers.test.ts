import crypto from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, verifyAs } from '../support/harness.js';
import { lastcallBin, projectRoot, runCli, waitReady, type ServerProcess } from '../support/process.js';
import { SmtpSink, freePort } from '../support/smtp-sink.js';
import { syntheticSubscribersCsv } from '../../src/domain/synthetic-subscribers.js';
import { openDatabase } from '../../src/store/db.js';
import { verifyAuditChain } from '../../src/app/evidence/audit.js';

/*
 * CONTRACT §10: several `lastcall serve` and `lastcall worker` processes share one PostgreSQL and
 * nothing else. Two servers (own ports, own data dirs) and a worker, all with the same
 * LASTCALL_SECRET_KEY, mail to a real SMTP server. Customers verify on one server and apply
 * through the other, alternating; a form uploaded on one is read back through the other. One
 * server is killed with SIGKILL while applications are in flight to it. Then: every application
 * answered 201 is in the database once, with its confirmation e-mail at the SMTP server once;
 * every one left without an answer is either all there (case, events, audit rows, e-mail) or
 * not there at all.
 */

const customers = 36;
const concurrency = 6;
/** Kill server B once this many applications are acknowledged and one is in flight to B. */
const killAfter = 10;

function spawnLastcall(args: string[], env: Record<string, string>): ServerProcess {
  const child: ChildProcess = spawn(process.execPath, [lastcallBin, ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

interface Person { msisdn: string; name: string; idNumber: string; email: string }
const people: Person[] = syntheticSubscribersCsv(customers).trim().split('\n').slice(1).map((row) => {
  const f = row.split(',');
  return { name: f[0]!, idNumber: f[2]!, email: f[3]!, msisdn: f[6]! };
});
const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n% signed form\n'), crypto.randomBytes(30_000), Buffer.from('\n%%EOF\n')]);

type Outcome = { person: Person; applyOn?: string; status?: number; reference?: string; error?: string };

describe('two servers and a worker on one PostgreSQL, one killed under load', async () => {
  const available = await testDatabaseAvailable('postgres');
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it.skipIf(!available)('keeps every acknowledged application once, with one e-mail each, and nothing half stored', async () => {
    const pgdb = (await createPostgresDatabase('lc_two'))!;
    cleanups.push(() => pgdb.drop());
    const sink = new SmtpSink();
    const smtpPort = await sink.listen();
    cleanups.push(() => sink.close());
    const shared = {
      DATABASE_URL: pgdb.url,
      LASTCALL_SECRET_KEY: crypto.randomBytes(32).toString('base64'),
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // Every customer here comes from 127.0.0.1: the per-address limits would stop them, not the per-person ones.
      LASTCALL_RATE_LIMIT_SCALE: '10',
    };
    const dataDir = (name: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lastcall-${name}-`));
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      return dir;
    };
    // The demo staff and people, and the synthetic customers, in the shared database.
    const seeded = await runCli(['seed', '--subscribers', String(customers)], { ...shared, LASTCALL_DATA_DIR: dataDir('seed') });
    expect(seeded.code, seeded.stderr).toBe(0);

    const ports = [await freePort(), await freePort()];
    const bases = ports.map((p) => `http://127.0.0.1:${p}`);
    const dirs = [dataDir('server0'), dataDir('server1')];
    const servers = ports.map((port, i) => spawnLastcall(['serve'], { ...shared, PORT: String(port), LASTCALL_DATA_DIR: dirs[i]! }));
    const worker = spawnLastcall(['worker'], { ...shared, LASTCALL_DATA_DIR: dataDir('worker') });
    for (const p of [...servers, worker]) cleanups.push(() => p.child.exitCode === null && p.child.kill('SIGKILL'));
    await Promise.all(servers.map((s, i) => waitReady(bases[i]!, s)));
    await eventually(async () => worker.output().includes('lastcall worker running') || (worker.child.exitCode !== null && Promise.reject(new Error(worker.output()))), 60_000, 'the worker');
    const [a, b] = bases as [string, string];

    // A form uploaded on A, read back through B byte for byte: the document is in the database, not in A's data dir.
    const first = people.shift()!;
    const c0 = new Client(a);
    await verifyAs(c0, first);
    const pre = await c0.get(`/api/v1/lines/${encodeURIComponent(first.msisdn)}/precheck`);
    const acks = (pre.body.items as { kind: string; code: string }[]).filter((i) => i.kind === 'advisory').map((i) => i.code);
    const form = new FormData();
    for (const [k, v] of [['msisdn', first.msisdn], ['reason', '不再使用'], ...acks.map((x) => ['acknowledgements', x])] as [string, string][]) form.append(k, v);
    form.append('form', new Blob([new Uint8Array(pdf)]), 'signed.pdf');
    const uploaded = await fetch(`${a}/api/v1/cancellations`, { method: 'POST', body: form, headers: { authorization: `Bearer ${c0.token}` } });
    expect(uploaded.status).toBe(201);
    const formRef = ((await uploaded.json()) as { reference: string }).reference;
    const staffB = new Client(b);
    await staffB.loginStaff('reviewer');
    const viewB = await staffB.get(`/api/v1/staff/cases/${formRef}`);
    expect(viewB.status).toBe(200);
    const doc = (viewB.body.documents as { id: string; sha256: string }[])[0]!;
    const readB = await fetch(`${b}/api/v1/staff/cases/${formRef}/documents/${doc.id}`, { headers: { cookie: staffB.cookie } });
    expect(readB.status).toBe(200);
    expect(Buffer.from(await readB.arrayBuffer()).equals(pdf)).toBe(true);
    expect(fs.existsSync(path.join(dirs[0]!, 'documents'))).toBe(false);

    // The load: customers verify on one server and apply through the other, alternating, six at a time.
    let alive = [a, b];
    const outcomes: Outcome[] = [{ person: first, applyOn: a, status: 201, reference: formRef }];
    let acked = 1;
    let inFlightToB = 0;
    let killedAt: number | undefined;
    const queue = [...people];
    const one = async (person: Person, n: number): Promise<void> => {
      // Until the application itself is sent, a dead server only means trying the other one.
      let c: Client;
      let applyOn: string;
      let acknowledgements: string[];
      for (;;) {
        const verifyOn = alive[n % alive.length]!;
        applyOn = alive[(n + 1) % alive.length]!;
        try {
          c = new Client(verifyOn);
          await verifyAs(c, person);
          const p = await c.get(`/api/v1/lines/${encodeURIComponent(person.msisdn)}/precheck`);
          acknowledgements = (p.body.items as { kind: string; code: string }[]).filter((i) => i.kind === 'advisory').map((i) => i.code);
          break;
        } catch (err) {
          if (alive.length === 2 && killedAt === undefined) throw err;
          alive = [a];
        }
      }
      const outcome: Outcome = { person, applyOn };
      outcomes.push(outcome);
      const toB = applyOn === b;
      if (toB) inFlightToB++;
      try {
        const r = await fetch(`${applyOn}/api/v1/cancellations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${c.token}` },
          body: JSON.stringify({ msisdn: person.msisdn, reason: '不再使用', acknowledgements }),
        });
        outcome.status = r.status;
        const body = (await r.json()) as { reference?: string };
        if (r.status === 201) {
          outcome.reference = body.reference;
          acked++;
        }
      } catch (err) {
        outcome.error = (err as Error).message;
      } finally {
        if (toB) inFlightToB--;
      }
    };
    const killer = (async () => {
      while (killedAt === undefined) {
        if ((acked >= killAfter && inFlightToB > 0) || acked >= killAfter + 8) {
          servers[1]!.child.kill('SIGKILL');
          killedAt = Date.now();
          alive = [a];
        }
        await new Promise((r) => setTimeout(r, 2));
      }
    })();
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (queue.length > 0) {
        const person = queue.shift()!;
        await one(person, next++);
      }
    }));
    expect(killedAt, 'server B was killed during the load').toBeDefined();
    await killer;
    await servers[1]!.exited;

    const acknowledged = outcomes.filter((o) => o.status === 201);
    const unanswered = outcomes.filter((o) => o.status === undefined);
    // Nothing but a 201 or a connection cut by the kill (a 4xx or 5xx would be a bug shown here).
    expect(outcomes.filter((o) => o.status !== undefined && o.status !== 201)).toEqual([]);
    expect(unanswered.every((o) => o.applyOn === b)).toBe(true);
    expect(acknowledged.length).toBeGreaterThanOrEqual(customers - 6);

    const db = await openDatabase({ databaseUrl: pgdb.url, dataDir: os.tmpdir() });
    cleanups.push(() => db.close());
    const cases = await db.query<{ msisdn: string; reference: string; state: string; events: string[]; audit: number; message_id: string | null; job_attempts: number | null }>(
      `SELECT l.msisdn, c.reference, c.state,
              (SELECT array_agg(e.type ORDER BY e.seq) FROM case_events e WHERE e.case_id = c.id) AS events,
              (SELECT count(*)::int FROM audit_log a WHERE a.subject = c.reference) AS audit,
              m.message_id, o.attempts AS job_attempts
         FROM cases c JOIN lines l ON l.id = c.line_id
         LEFT JOIN communications m ON m.case_id = c.id AND m.template = 'application_received'
         LEFT JOIN outbox o ON o.topic = 'deliver_communication' AND (o.payload->>'communicationId')::bigint = m.id`,
    );
    const byMsisdn = new Map<string, typeof cases>();
    for (const row of cases) byMsisdn.set(row.msisdn, [...(byMsisdn.get(row.msisdn) ?? []), row]);
    // Each acknowledged application: its case, once, under the reference the customer was given.
    for (const o of acknowledged) expect(byMsisdn.get(o.person.msisdn)?.map((r) => r.reference), o.person.msisdn).toEqual([o.reference]);
    // Each unanswered one: all of it or nothing of it.
    const committedUnanswered = unanswered.filter((o) => byMsisdn.has(o.person.msisdn));
    for (const o of unanswered) expect((byMsisdn.get(o.person.msisdn) ?? []).length).toBeLessThanOrEqual(1);
    // No case for anyone who did not apply, and none twice.
    expect(cases.length).toBe(acknowledged.length + committedUnanswered.length);
    for (const row of cases) {
      expect(row.state, row.reference).toBe('submitted');
      expect(row.events.slice(0, 2), row.reference).toEqual(['submitted', 'sla_started']);
      expect(row.audit, row.reference).toBeGreaterThanOrEqual(2);
      expect(row.message_id, row.reference).not.toBeNull();
    }
    // A line without a case is as it was before.
    const untouched = await db.query<{ status: string }>('SELECT status FROM lines WHERE msisdn = ANY($1)', [unanswered.filter((o) => !byMsisdn.has(o.person.msisdn)).map((o) => o.person.msisdn)]);
    expect(untouched.every((l) => l.status === 'active')).toBe(true);

    // Every case's confirmation at the SMTP server once. A worker killed between the server's 250 and
    // its record sends it again with the same Message-ID (the receiver drops it): only a job run twice may show that.
    const atSink = (ref: string) => sink.messages.filter((m) => m.subject?.includes(ref));
    await eventually(async () => cases.every((row) => atSink(row.reference).length > 0), 30_000, 'every confirmation e-mail');
    await new Promise((r) => setTimeout(r, 1500));
    const jobs = await db.query<{ reference: string; attempts: number }>(
      `SELECT c.reference, o.attempts FROM outbox o JOIN communications m ON m.id = (o.payload->>'communicationId')::bigint
         JOIN cases c ON c.id = m.case_id WHERE m.template = 'application_received'`,
    );
    const attempts = new Map(jobs.map((j) => [j.reference, j.attempts]));
    const repeated: string[] = [];
    for (const row of cases) {
      const mails = atSink(row.reference);
      expect(new Set(mails.map((m) => m.messageId)), row.reference).toEqual(new Set([row.message_id]));
      if (mails.length > 1) {
        repeated.push(row.reference);
        expect(mails.length, row.reference).toBe(2);
        expect(attempts.get(row.reference), row.reference).toBeGreaterThan(1);
      }
    }
    expect(sink.messages.filter((m) => m.subject?.includes('LC-')).length).toBe(cases.length + repeated.length);
    expect((await verifyAuditChain(db)).ok).toBe(true);

    // The surviving server and the worker still serve; the killed one's data dir was never needed.
    expect((await fetch(`${a}/readyz`)).status).toBe(200);
    console.log(`two servers: ${acknowledged.length} acknowledged, ${unanswered.length} cut by the kill (${committedUnanswered.length} of them committed), ${repeated.length} e-mail(s) repeated by a killed worker with the same Message-ID`);
  }, 120_000);
});
