/**
 * The bulk part of `npm run bench` (issue 16 item 5, CONTRACT §10), on a fresh PostgreSQL
 * database: `seed --subscribers N`'s path (seedSyntheticSubscribers) for N lines, the import of a
 * CSV of BENCH_BULK_IMPORT more (importSubscribers: parse, validate, store), and the database
 * part of `lastcall terminate` over all N seeded lines (terminateInBulk: every line a case with
 * its events, audit rows, notice and fulfilment job written; the outbox is not drained, so the
 * network is not part of the figure). The audit chain is verified at the end.
 *
 * Alone: `node bin/run-ts.js bench/bulk.ts` (JSON in bench/results/bulk.json). Settings (env):
 * BENCH_BULK_LINES (1000000), BENCH_BULK_IMPORT (100000), BENCH_BULK_BATCH (lines per transaction;
 * the CLI's default), BENCH_DATABASE_URL. The goal: terminate ≤ 120 s for 1,000,000 lines.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/store/db.js';
import { migrate } from '../src/store/migrate.js';
import { openVault } from '../src/security/vault.js';
import { openCalendarBook } from '../src/app/sla/calendars.js';
import { importSubscribers, seedSyntheticSubscribers } from '../src/app/lines/import-subscribers.js';
import { defaultBulkBatch, terminateInBulk } from '../src/app/lines/bulk-terminate.js';
import { addStaffUser } from '../src/app/staff/auth.js';
import { verifyAuditChain } from '../src/app/evidence/audit.js';
import { syntheticSubscribersCsv } from '../src/domain/synthetic-subscribers.js';
import { createBenchDatabase } from './database.js';
import { projectRoot } from './processes.js';

export interface Rate {
  lines: number;
  seconds: number;
  linesPerSec: number;
}

export interface BulkBenchResult {
  seed: Rate;
  import: Rate & { skipped: number };
  terminate: Rate & { done: number; skipped: number; failed: number; batch: number; goalSeconds: number; goalMet: boolean };
  auditVerify: Rate;
  rows: { cases: number; caseEvents: number; auditRows: number; outboxJobs: number };
  load: { oneMinute: number; cpus: number };
}

export type BulkBenchOutcome = BulkBenchResult | { skipped: string } | { failed: string };

const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  return Number.isInteger(v) && v > 0 ? v : fallback;
};

const rate = (lines: number, ms: number): Rate => ({ lines, seconds: Math.round(ms / 100) / 10, linesPerSec: Math.round(lines / (ms / 1000)) });

export async function runBulkBench(opts: { log: (msg: string) => void }): Promise<BulkBenchOutcome> {
  const n = envInt('BENCH_BULK_LINES', 1_000_000);
  const importLines = envInt('BENCH_BULK_IMPORT', 100_000);
  const batch = envInt('BENCH_BULK_BATCH', defaultBulkBatch);
  let bench;
  try {
    bench = await createBenchDatabase();
  } catch (err) {
    return { skipped: `no PostgreSQL for the bench (${(err as Error).message})` };
  }
  const db = await openDatabase({ databaseUrl: bench.url, dataDir: os.tmpdir() });
  try {
    await migrate(db);
    const vault = await openVault(db, crypto.randomBytes(32), { listen: false });
    try {
      opts.log(`bulk: seeding ${n} lines`);
      let t = performance.now();
      const seeded = await seedSyntheticSubscribers(db, vault, n, (done) => opts.log(`bulk: seeded ${done}`));
      const seed = rate(seeded.imported, performance.now() - t);
      if (seeded.imported !== n) return { failed: `seeded ${seeded.imported} of ${n} lines` };

      opts.log(`bulk: importing a CSV of ${importLines} lines`);
      const csv = syntheticSubscribersCsv(importLines, n + 1);
      t = performance.now();
      const imported = await importSubscribers(db, vault, csv);
      const importRate = { ...rate(imported.imported, performance.now() - t), skipped: imported.skipped.length };

      await addStaffUser(db, 'bench-sup-a', 'supervisor', 'x', { demo: true });
      await addStaffUser(db, 'bench-sup-b', 'supervisor', 'x', { demo: true });
      const numbers = await db.query<{ msisdn: string }>(`SELECT msisdn FROM lines WHERE status = 'active' ORDER BY id LIMIT $1`, [n]);
      const file = Buffer.from(['msisdn', ...numbers.map((r) => r.msisdn)].join('\n') + '\n');
      const calendars = await openCalendarBook(db);
      opts.log(`bulk: terminating ${numbers.length} lines, ${batch} a transaction`);
      let last = 0;
      t = performance.now();
      const summary = await terminateInBulk({ db, vault, calendars, clock: { now: () => new Date() } }, {
        file, reason: 'bench: 2G switch-off', requestedBy: 'bench-sup-a', approvedBy: 'bench-sup-b', batchSize: batch,
        onProgress: (through, total) => {
          if (performance.now() - last > 10_000) {
            last = performance.now();
            opts.log(`bulk: ${through}/${total} (${Math.round(through / ((performance.now() - t) / 1000))} lines/s)`);
          }
        },
      });
      const ms = performance.now() - t;
      const skipped = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
      const terminate = { ...rate(summary.done, ms), done: summary.done, skipped, failed: summary.failed, batch, goalSeconds: 120, goalMet: ms / 1000 <= 120 * (numbers.length / 1_000_000) };

      opts.log('bulk: verifying the audit chain');
      t = performance.now();
      const verified = await verifyAuditChain(db);
      if (!verified.ok) return { failed: `the audit chain does not verify after the bulk run: ${JSON.stringify(verified.firstBroken)}` };
      const auditVerify = rate(verified.checked, performance.now() - t);
      const [rows] = await db.query<BulkBenchResult['rows']>(
        `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS "caseEvents",
                (SELECT count(*) FROM audit_log)::int AS "auditRows", (SELECT count(*) FROM outbox)::int AS "outboxJobs"`,
      );
      return { seed, import: importRate, terminate, auditVerify, rows: rows!, load: { oneMinute: Math.round(os.loadavg()[0]! * 100) / 100, cpus: os.cpus().length } };
    } finally {
      await vault.close();
    }
  } catch (err) {
    return { failed: (err as Error).stack ?? String(err) };
  } finally {
    await db.close();
    await bench.drop();
  }
}

const fmt = (x: number) => x.toLocaleString('en-US');

/** The lines for stdout, or the one line saying why there are none. */
export function bulkTable(outcome: BulkBenchOutcome): string {
  if ('skipped' in outcome) return `Bulk: skipped: ${outcome.skipped}`;
  if ('failed' in outcome) return `Bulk: failed: ${outcome.failed}`;
  const { seed, import: imp, terminate: t, auditVerify: a, rows: r } = outcome;
  return [
    'Bulk (PostgreSQL, in process; the outbox is written, not drained)',
    `seed          ${fmt(seed.lines)} lines in ${seed.seconds} s: ${fmt(seed.linesPerSec)} lines/s (seed --subscribers N: rows made in memory, sealed, a batch of 1000 a transaction)`,
    `import        ${fmt(imp.lines)} lines in ${imp.seconds} s: ${fmt(imp.linesPerSec)} lines/s (import subscribers: CSV parsed and validated; ${imp.skipped} skipped; before issue 16: about 180 lines/s)`,
    `terminate     ${fmt(t.lines)} lines in ${t.seconds} s: ${fmt(t.linesPerSec)} lines/s, ${t.batch} a transaction (${t.skipped} skipped, ${t.failed} failed); goal ≤ ${t.goalSeconds} s a million: ${t.goalMet ? 'met' : 'NOT met'}`,
    `rows written  ${fmt(r.cases)} cases, ${fmt(r.caseEvents)} case events, ${fmt(r.auditRows)} audit rows, ${fmt(r.outboxJobs)} outbox jobs`,
    `audit verify  ${fmt(a.lines)} rows in ${a.seconds} s: intact`,
    `load average at the end ${outcome.load.oneMinute} on ${outcome.load.cpus} cores`,
  ].join('\n');
}

// Alone: node bin/run-ts.js bench/bulk.ts
if (process.argv[2] && path.resolve(process.argv[2]) === fileURLToPath(import.meta.url)) {
  const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const benchEnv = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_BULK') || k === 'BENCH_DATABASE_URL');
  console.log(`command: ${[...benchEnv.map(([k, v]) => `${k}=${v}`), 'node bin/run-ts.js bench/bulk.ts'].join(' ')}`);
  const outcome = await runBulkBench({ log });
  console.log('');
  console.log(bulkTable(outcome));
  const out = path.join(projectRoot, 'bench/results/bulk.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ startedAt: new Date().toISOString(), ...outcome }, null, 2) + '\n');
  console.log(`json: ${path.relative(process.cwd(), out)}`);
  if ('failed' in outcome) process.exitCode = 1;
}
