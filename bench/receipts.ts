/**
 * The receipts part of `npm run bench`: does fetching receipts hold other requests up?
 *
 * `lastcall serve` on a fresh PostgreSQL database with N cases (BENCH_RECEIPTS_CASES, 150), each
 * applied for through the API by its own verified customer. Then, autocannon from this process:
 *   a. `GET /api/v1/cancellations/{ref}` alone, over the N cases (p50, p99);
 *   b. the same, while `GET /api/v1/cancellations/{ref}/receipt.pdf` over the same cases is fetched
 *      at full rate by another set of connections in parallel; the figure is (b)'s p99 ÷ (a)'s
 *      (goal ≤ 2: receipts rendered off the event loop);
 *   c. receipts alone: receipts per second, and per core (os.availableParallelism()).
 * The server keeps its last 100 receipts; walking 150 cases in order always misses that cache, so
 * every receipt answer is a render. Every answer must be a 2xx.
 *
 * Alone: `node bin/run-ts.js bench/receipts.ts` (JSON in bench/results/receipts.json). Settings
 * (env): BENCH_RECEIPTS_CASES (150), BENCH_RECEIPTS_SECONDS (10 per run), BENCH_WARMUP_SECONDS (2),
 * BENCH_CONNECTIONS (10 for the status reads and 10 for the receipts), BENCH_DATABASE_URL,
 * BENCH_KEEP_DATABASE=1; LASTCALL_PDF_WORKERS is handed to the server when set. About a minute.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase, seedSubscribers } from './database.js';
import { counter, runLoad, type LoadResult, type RouteLoad } from './load.js';
import { projectRoot, startLastcall, type ServerChild } from './processes.js';
import { obtainTokens, type Customer } from './tokens.js';

export interface ReceiptsBenchResult {
  settings: { cases: number; seconds: number; warmupSeconds: number; connections: number; pdfWorkers: string; cores: number };
  /** a: status reads alone. */
  statusAlone: LoadResult;
  /** b: status reads while receipts are fetched; receipts of the same window. */
  statusWithReceipts: LoadResult;
  receiptsBeside: LoadResult;
  /** c: receipts alone. */
  receiptsAlone: LoadResult;
  /** (b)'s p99 ÷ (a)'s p99; the goal is ≤ 2. */
  p99Ratio: number;
  receiptsPerSecPerCore: number;
  totalSeconds: number;
  load: { oneMinute: number; cpus: number };
  notes: string[];
}

export type ReceiptsBenchOutcome = ReceiptsBenchResult | { skipped: string } | { failed: string };

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
// What the synthetic subscribers' pre-check asks to acknowledge (as bench/run.ts sends).
const acknowledgements = ['prepaid_credit_refund', 'binding_wechat', 'port_out_option', 'backup_reminder'];

interface Case {
  reference: string;
  token: string;
}

const statusRoute = (cases: Case[]): RouteLoad => ({
  method: 'GET',
  request: (i) => {
    const c = cases[i % cases.length]!;
    return { path: `/api/v1/cancellations/${c.reference}`, headers: { authorization: `Bearer ${c.token}` } };
  },
});

const receiptRoute = (cases: Case[]): RouteLoad => ({
  method: 'GET',
  request: (i) => {
    const c = cases[i % cases.length]!;
    return { path: `/api/v1/cancellations/${c.reference}/receipt.pdf`, headers: { authorization: `Bearer ${c.token}` } };
  },
});

/** One application per customer through the API, a few at a time; the case's owner keeps the token. */
async function applyAll(base: string, customers: Customer[], concurrency = 8): Promise<Case[]> {
  const out: Case[] = new Array(customers.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < customers.length; i = next++) {
      const c = customers[i]!;
      const res = await fetch(`${base}/api/v1/cancellations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'idempotency-key': `bench-receipts-${i}` },
        body: JSON.stringify({ msisdn: c.msisdn, reason: '出国定居，不再使用本号码', acknowledgements }),
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`application ${i}: HTTP ${res.status} ${text.slice(0, 300)}`);
      out[i] = { reference: (JSON.parse(text) as { reference: string }).reference, token: c.token };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** Waits until the outbox has sent every queued e-mail, so the measured runs do not compete with it. */
async function drainOutbox(base: string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { outbox?: { pending: number } };
    if (ready.outbox?.pending === 0) return;
    await sleep(250);
  }
  throw new Error('the outbox did not drain');
}

export async function runReceiptsBench(opts: { log: (msg: string) => void; exitOnSignal?: boolean }): Promise<ReceiptsBenchOutcome> {
  const { log } = opts;
  const begun = performance.now();
  const settings = {
    cases: Math.trunc(setting('BENCH_RECEIPTS_CASES', 150)),
    seconds: setting('BENCH_RECEIPTS_SECONDS', 10),
    warmupSeconds: setting('BENCH_WARMUP_SECONDS', 2),
    connections: Math.trunc(setting('BENCH_CONNECTIONS', 10)),
    pdfWorkers: process.env.LASTCALL_PDF_WORKERS || 'default',
    cores: os.availableParallelism(),
  };
  const notes: string[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  const runCleanup = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  };
  const onSignal = () => void runCleanup().finally(() => opts.exitOnSignal && process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    const db = await createBenchDatabase();
    cleanup.push(() => (process.env.BENCH_KEEP_DATABASE === '1' ? Promise.resolve(log(`kept ${db.url}`)) : db.drop()));
    const secretKey = crypto.randomBytes(32).toString('base64');
    log(`receipts: database ${db.name}; importing ${settings.cases} synthetic subscribers`);
    const subscribers = await seedSubscribers(db.url, secretKey, settings.cases);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-bench-receipts-'));
    cleanup.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const lastcall: ServerChild = await startLastcall(db.url, dataDir, secretKey, process.env.LASTCALL_PDF_WORKERS ? { LASTCALL_PDF_WORKERS: process.env.LASTCALL_PDF_WORKERS } : {});
    cleanup.push(() => lastcall.stop());
    const customers = await obtainTokens(lastcall.base, subscribers);
    const cases = await applyAll(lastcall.base, customers);
    await drainOutbox(lastcall.base);
    log(`receipts: ${cases.length} cases applied for; setup ${round((performance.now() - begun) / 1000, 1)} s`);

    const run = async (what: string, route: RouteLoad, next = counter()) => {
      const result = await runLoad(lastcall.base, route, next, { seconds: settings.seconds, connections: settings.connections, serverPid: lastcall.child.pid });
      log(`  ${what}: ${result.reqPerSec} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${what}: ${result.non2xx} non-2xx answers ${JSON.stringify(result.statusCodes)}, ${result.errors} errors`);
      return result;
    };
    const warm = (route: RouteLoad) => runLoad(lastcall.base, route, counter(), { seconds: settings.warmupSeconds, connections: settings.connections });

    // Both routes warmed first: the JIT, the connection pool, and the PDF workers with their font.
    await warm(statusRoute(cases));
    await warm(receiptRoute(cases));
    log(`receipts: (a) GET /cancellations/{ref} alone, ${settings.connections} connections, ${settings.seconds} s`);
    const statusAlone = await run('status alone', statusRoute(cases));
    log(`receipts: (b) the same while receipts are fetched on ${settings.connections} more connections`);
    // The server's CPU figure of either run covers both routes; the JSON keeps it as measured.
    const [statusWithReceipts, receiptsBeside] = await Promise.all([run('status beside receipts', statusRoute(cases)), run('receipts beside status', receiptRoute(cases))]);
    log('receipts: (c) receipts alone');
    const receiptsAlone = await run('receipts alone', receiptRoute(cases));
    const p99Ratio = round(statusWithReceipts.p99Ms / statusAlone.p99Ms, 2);
    if (p99Ratio > 2) notes.push(`the status read's p99 with receipts is ${fmt(p99Ratio, 2)}× its p99 alone: above the goal of 2×`);
    return {
      settings,
      statusAlone,
      statusWithReceipts,
      receiptsBeside,
      receiptsAlone,
      p99Ratio,
      receiptsPerSecPerCore: round(receiptsAlone.reqPerSec / settings.cores, 1),
      totalSeconds: round((performance.now() - begun) / 1000, 1),
      load: { oneMinute: round(os.loadavg()[0]!, 2), cpus: os.cpus().length },
      notes,
    };
  } catch (err) {
    return { failed: err instanceof Error ? err.message : String(err) };
  } finally {
    process.off('SIGINT', onSignal);
    await runCleanup();
  }
}

export function receiptsTable(outcome: ReceiptsBenchOutcome): string {
  if ('skipped' in outcome) return `Receipts: skipped: ${outcome.skipped}`;
  if ('failed' in outcome) return `Receipts: failed: ${outcome.failed}`;
  const { settings: s, statusAlone: a, statusWithReceipts: b, receiptsBeside: rb, receiptsAlone: c } = outcome;
  return [
    `Receipts (lastcall serve on PostgreSQL, ${s.cases} cases, ${s.connections} connections a route, ${s.seconds} s a run after ${s.warmupSeconds} s; PDF workers: ${s.pdfWorkers}; ${s.cores} cores available); ${outcome.totalSeconds} s in all`,
    '| run | req/s | p50 ms | p99 ms |',
    '|---|---|---|---|',
    `| (a) GET /cancellations/{ref} alone | ${fmt(a.reqPerSec)} | ${fmt(a.p50Ms, 1)} | ${fmt(a.p99Ms, 1)} |`,
    `| (b) GET /cancellations/{ref} while receipts are fetched | ${fmt(b.reqPerSec)} | ${fmt(b.p50Ms, 1)} | ${fmt(b.p99Ms, 1)} |`,
    `| (b) … the receipts beside it | ${fmt(rb.reqPerSec, 1)} | ${fmt(rb.p50Ms, 1)} | ${fmt(rb.p99Ms, 1)} |`,
    `| (c) GET /cancellations/{ref}/receipt.pdf alone | ${fmt(c.reqPerSec, 1)} | ${fmt(c.p50Ms, 1)} | ${fmt(c.p99Ms, 1)} |`,
    `p99 (b) ÷ p99 (a) = ${fmt(outcome.p99Ratio, 2)} (goal ≤ 2); receipts ${fmt(c.reqPerSec, 1)}/s alone = ${fmt(outcome.receiptsPerSecPerCore, 1)}/s per core available; server CPU ${fmt(c.serverCpuMsPerRequest ?? NaN, 1)} ms a receipt`,
    `load average at the end ${outcome.load.oneMinute} on ${outcome.load.cpus} cores (lastcall, PostgreSQL and the load generator share them with whatever else runs)`,
    ...outcome.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

// Alone: node bin/run-ts.js bench/receipts.ts
if (process.argv[2] && path.resolve(process.argv[2]) === fileURLToPath(import.meta.url)) {
  const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const benchEnv = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_RECEIPTS') || k === 'BENCH_CONNECTIONS' || k === 'BENCH_WARMUP_SECONDS' || k === 'BENCH_DATABASE_URL' || k === 'LASTCALL_PDF_WORKERS');
  console.log(`command: ${[...benchEnv.map(([k, v]) => `${k}=${v}`), 'node bin/run-ts.js bench/receipts.ts'].join(' ')}`);
  runReceiptsBench({ log, exitOnSignal: true })
    .then((outcome) => {
      console.log('');
      console.log(receiptsTable(outcome));
      if ('failed' in outcome) process.exitCode = 1;
      const out = path.join(projectRoot, 'bench/results/receipts.json');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify({ startedAt: new Date().toISOString(), ...outcome }, null, 2) + '\n');
      console.log(`json: ${path.relative(process.cwd(), out)}`);
    })
    .catch((err: unknown) => {
      console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    });
}
