/**
 * The partners part of `npm run bench`: what a bank or a payment app costs lastcall, each figure
 * a ratio to a floor measured on the same machine in the same run.
 *
 * 1. query: `GET /api/v1/partners/numbers/{msisdn}/disconnected?since=…` with one partner key,
 *    over every seeded number (a third terminated lately, a tenth released long ago, the rest in
 *    service) and some numbers that are not ours, with three `since` days — autocannon as in
 *    run.ts, beside bench/bare-partner-server.ts answering the same JSON for the same URLs. Every
 *    such request is rate-limited per key and written to the partners' access log (partner_requests), so
 *    the limit is raised (LASTCALL_PARTNER_RATE_LIMIT) but its bookkeeping is part of the figure.
 *    Also the bulk form, `POST /api/v1/partners/numbers/disconnected` with 1,000 numbers: numbers
 *    answered per second.
 * 2. webhooks: N hooks of the partner point at bench/bare-hook-receiver.ts (its own process;
 *    verifies nothing, answers 204, counts each webhook-id). Deliveries are made the cheapest way —
 *    webhook_deliveries rows and their deliver_webhook outbox jobs inserted in one transaction with
 *    the outbox NOTIFY, as emitPartnerEvent would leave them — and timed from the commit until every
 *    one is 'delivered' (the table polled). The floor: a minimal script posting the same number of
 *    bodies of the same sizes, signed with standardwebhooks as the sender signs, straight to the
 *    same receiver, in batches of 10 side by side as the outbox worker runs them, each on a fresh
 *    connection as the sender makes (it pins every socket to a vetted address, agent: false).
 *    Turns alternate (lastcall, script, script, lastcall, …); every turn is checked: each delivery
 *    'delivered' after one attempt, and the receiver got each webhook-id exactly once, with the
 *    bytes expected.
 *
 * Alone: `node bin/run-ts.js bench/partners.ts` (JSON in bench/results/partners.json). Settings
 * (env): BENCH_PARTNERS_NUMBERS (3000 seeded subscribers), BENCH_PARTNERS_SECONDS (8 per query
 * run), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (10), BENCH_PARTNERS_BULK_SECONDS (3 per bulk
 * run, after 1 s of warm-up), BENCH_PARTNERS_HOOKS (4), BENCH_PARTNERS_DELIVERIES (1000 a side),
 * BENCH_PARTNERS_ROUNDS (2 turns a side), BENCH_DATABASE_URL, BENCH_KEEP_DATABASE=1. About 60 s on 2 cores.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Webhook } from 'standardwebhooks';
import { addStaffUser } from '../src/app/staff/auth.js';
import { maxHooksPerPartner } from '../src/app/partners/hooks.js';
import { newWebhookId } from '../src/app/partners/emit.js';
import { partnerEventBody } from '../src/domain/partners.js';
import { openDatabase } from '../src/store/db.js';
import { outboxChannel } from '../src/store/outbox.js';
import { maxAttempts } from '../src/store/outbox-topics.js';
import { createBenchDatabase, seedSubscribers } from './database.js';
import { counter, runLoad, type LoadResult, type RouteLoad } from './load.js';
import { cpuSeconds, projectRoot, startChild, startLastcall, type ServerChild } from './processes.js';

export interface DeliveryRate {
  deliveries: number;
  seconds: number;
  perSec: number;
  /** CPU time of the sending side per delivery: lastcall's process, or this process for the script. */
  cpuMsPerDelivery: number;
}

export interface PartnersBenchResult {
  settings: {
    numbers: number;
    seconds: number;
    warmupSeconds: number;
    connections: number;
    bulkSeconds: number;
    bulkSize: number;
    hooks: number;
    deliveries: number;
    rounds: number;
    workerBatch: number;
  };
  data: {
    seeded: number;
    terminated: number;
    released: number;
    unknown: number;
    recordsBegin: string;
    urls: number;
    answers: Record<'yes' | 'no' | 'no_data', number>;
    /** How PostgreSQL runs the query behind every answer (store/partners.ts numberHistories). */
    historyPlan: string;
    seedSeconds: number;
  };
  query: {
    lastcall: LoadResult;
    bare: LoadResult;
    ratio: number;
    sampleChecked: number;
    /** During lastcall's run: database sessions waiting on a lock, and those busy (active or in a transaction), on average. */
    lockWaits: { meanWaiting: number; meanActive: number; samples: number };
  };
  bulk: {
    lastcall: LoadResult & { numbersPerSec: number };
    bare: LoadResult & { numbersPerSec: number };
    ratio: number;
    requestBytes: number;
    answerBytes: number;
    batches: number;
  };
  audit: { partnerRequestRows: number; answeredRequests: number; abandonedAtMost: number };
  webhooks: {
    lastcall: DeliveryRate;
    script: DeliveryRate;
    ratio: number;
    roundRatios: number[];
    bodyBytes: { min: number; max: number };
    insertMs: number;
    checked: number;
  };
  totalSeconds: number;
  /** The machine at the end: others may share it. */
  load: { oneMinute: number; cpus: number };
  notes: string[];
}

export type PartnersBenchOutcome = PartnersBenchResult | { skipped: string } | { failed: string };

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dayOf = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (day: string, n: number) => dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000));

/** lastcall's records begin here for the bench (LASTCALL_RECORDS_BEGIN): a since before it cannot be answered "no". */
const recordsBegin = '2020-01-01';
/** The outbox worker's batch (src/jobs/outbox-worker.ts, default batchSize); its webhook jobs run side by side. */
const workerBatch = 10;
const bulkPath = '/api/v1/partners/numbers/disconnected';

interface Line {
  msisdn: string;
  /** null: in service. */
  terminatedOn: string | null;
  status: 'active' | 'terminated' | 'released';
}

type Answer = { answer: 'yes'; disconnectedOn: string } | { answer: 'no' } | { answer: 'no_data' };

/** What the route should say, written out here from CONTRACT §9 rather than taken from the product's own function. */
function expectedAnswer(line: Line | undefined, since: string): Answer {
  if (!line) return { answer: 'no_data' };
  if (line.terminatedOn !== null && line.terminatedOn >= since) return { answer: 'yes', disconnectedOn: line.terminatedOn };
  return since < recordsBegin ? { answer: 'no_data' } : { answer: 'no' };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function json(res: Response, expected: number, what: string): Promise<any> {
  const text = await res.text();
  if (res.status !== expected) throw new Error(`${what}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Waits until a child has used under 10 % of a core for 300 ms (lastcall fills its network simulator at start). */
async function settle(pid: number | undefined, maxMs = 15_000): Promise<void> {
  const until = Date.now() + maxMs;
  let before = cpuSeconds(pid);
  while (Date.now() < until) {
    await sleep(300);
    const now = cpuSeconds(pid);
    if (!Number.isFinite(now) || now - before < 0.03) return;
    before = now;
  }
}

/**
 * Samples, every 100 ms until stopped, how many of the database's sessions wait on a lock (row
 * locks show as 'transactionid' or 'tuple'): the mean says how much of the load stood in a queue.
 */
function sampleLockWaits(url: string, database: string): { stop(): Promise<{ meanWaiting: number; meanActive: number; samples: number }> } {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  let running = true;
  const seen = { waiting: 0, active: 0, samples: 0 };
  const done = (async () => {
    await client.connect();
    try {
      while (running) {
        const { rows } = await client.query<{ waiting: number; active: number }>(
          `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS waiting, count(*) FILTER (WHERE state = 'active' OR state LIKE 'idle in transaction%')::int AS active
           FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
          [database],
        );
        seen.waiting += rows[0]!.waiting;
        seen.active += rows[0]!.active;
        seen.samples++;
        await sleep(100);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  })().catch(() => undefined); // a lost connection ends the sampling (the database is dropped on an interrupt), not the bench
  return {
    async stop() {
      running = false;
      await done;
      const n = Math.max(1, seen.samples);
      return { meanWaiting: round(seen.waiting / n, 2), meanActive: round(seen.active / n, 2), samples: seen.samples };
    },
  };
}

/** Runs `fn` over `items` with `n` at a time. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

/** A spread of up to `n` items: first, last and evenly between. */
const spread = <T>(items: T[], n: number): T[] => (items.length <= n ? items : Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]!));

// ---------------------------------------------------------------------------------------------
// Webhooks

interface Hook {
  id: number;
  url: string;
  path: string;
  secret: string;
}

interface Planned {
  webhookId: string;
  hook: Hook;
  body: string;
}

interface ReceiverStats {
  requests: number;
  bytes: number;
  paths: Record<string, number>;
  ids: Record<string, number>;
}

/** `n` line.terminated deliveries spread over the hooks in turn, with bodies as emitPartnerEvent writes them. */
function plan(hooks: Hook[], lines: Line[], n: number, offset: number, at: Date): Planned[] {
  return Array.from({ length: n }, (_, i) => {
    const line = lines[(offset + i) % lines.length]!;
    const terminatedOn = line.terminatedOn ?? dayOf(at);
    const body = partnerEventBody({ type: 'line.terminated', data: { msisdn: line.msisdn, terminatedOn, quarantineEndsOn: addDays(terminatedOn, 90) } }, at);
    return { webhookId: newWebhookId(), hook: hooks[i % hooks.length]!, body };
  });
}

/** The receiver got each planned delivery exactly once, on its hook's path, with its bytes; then it forgets them. */
async function checkReceiver(receiver: ServerChild, planned: Planned[], what: string): Promise<void> {
  const stats = (await json(await fetch(`${receiver.base}/_stats`), 200, 'receiver stats')) as ReceiverStats;
  const ids = Object.keys(stats.ids);
  if (stats.requests !== planned.length || ids.length !== planned.length) {
    throw new Error(`${what}: the receiver got ${stats.requests} requests with ${ids.length} distinct webhook-ids, not ${planned.length}`);
  }
  const twice = ids.filter((id) => stats.ids[id] !== 1);
  if (twice.length) throw new Error(`${what}: ${twice.length} webhook-ids arrived more than once, e.g. ${twice[0]} ×${stats.ids[twice[0]!]}`);
  const unplanned = planned.find((p) => stats.ids[p.webhookId] !== 1);
  if (unplanned) throw new Error(`${what}: webhook-id ${unplanned.webhookId} never arrived`);
  const bytes = planned.reduce((s, p) => s + Buffer.byteLength(p.body), 0);
  if (stats.bytes !== bytes) throw new Error(`${what}: the receiver read ${stats.bytes} body bytes, ${bytes} were sent`);
  const perPath = new Map<string, number>();
  for (const p of planned) perPath.set(p.hook.path, (perPath.get(p.hook.path) ?? 0) + 1);
  for (const [p, n] of perPath) if (stats.paths[p] !== n) throw new Error(`${what}: ${stats.paths[p] ?? 0} requests on ${p}, not ${n}`);
  const reset = await fetch(`${receiver.base}/_reset`, { method: 'POST' });
  if (reset.status !== 204) throw new Error(`receiver reset: HTTP ${reset.status}`);
}

/**
 * lastcall's side: the rows emitPartnerEvent would write, in one transaction with the outbox's
 * NOTIFY; timed from the commit until every delivery is 'delivered'. Then the outbox is let drain
 * (completeJob follows the delivery's own row) and everything is checked.
 */
async function lastcallTurn(client: pg.Client, pid: number | undefined, partnerId: number, planned: Planned[], receiver: ServerChild, what: string): Promise<DeliveryRate & { insertMs: number }> {
  const t0 = performance.now();
  await client.query('BEGIN');
  const jobs = (
    await client.query<{ outbox_id: string; delivery_id: string }>(
      `WITH d AS (
         INSERT INTO webhook_deliveries (hook_id, partner_id, webhook_id, event_type, cause, body, created_at)
         SELECT x.hook_id, $2, x.webhook_id, 'line.terminated', 'subscribed', x.body, now()
         FROM unnest($1::bigint[], $3::text[], $4::text[]) WITH ORDINALITY AS x(hook_id, webhook_id, body, n)
         ORDER BY x.n
         RETURNING id)
       INSERT INTO outbox (topic, payload, max_attempts)
       SELECT 'deliver_webhook', jsonb_build_object('deliveryId', d.id), $5 FROM d ORDER BY d.id
       RETURNING id::text AS outbox_id, payload->>'deliveryId' AS delivery_id`,
      [planned.map((p) => p.hook.id), partnerId, planned.map((p) => p.webhookId), planned.map((p) => p.body), maxAttempts.deliver_webhook],
    )
  ).rows;
  await client.query('SELECT pg_notify($1, $2)', [outboxChannel, 'deliver_webhook']);
  const insertMs = performance.now() - t0;
  const deliveryIds = jobs.map((j) => Number(j.delivery_id));
  const outboxIds = jobs.map((j) => Number(j.outbox_id));
  const [dFirst, dLast] = [Math.min(...deliveryIds), Math.max(...deliveryIds)];
  const [oFirst, oLast] = [Math.min(...outboxIds), Math.max(...outboxIds)];
  if (dLast - dFirst + 1 !== planned.length || oLast - oFirst + 1 !== planned.length) throw new Error(`${what}: ids of the turn are not consecutive`);

  const cpuBefore = cpuSeconds(pid);
  const started = performance.now();
  await client.query('COMMIT');
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { n } = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_deliveries WHERE id BETWEEN $1 AND $2 AND status = 'delivered'", [dFirst, dLast])).rows[0]!;
    if (n === planned.length) break;
    if (Date.now() > deadline) throw new Error(`${what}: ${n} of ${planned.length} deliveries delivered after 120 s`);
    await sleep(20);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds(pid) - cpuBefore;

  for (;;) {
    const { n } = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE id BETWEEN $1 AND $2 AND done_at IS NULL', [oFirst, oLast])).rows[0]!;
    if (n === 0) break;
    if (Date.now() > deadline) throw new Error(`${what}: ${n} outbox jobs still open`);
    await sleep(20);
  }
  const d = (
    await client.query<{ good: number; other: string | null }>(
      `SELECT count(*) FILTER (WHERE status = 'delivered' AND attempts = 1 AND last_status = 204)::int AS good,
              min(status || ' attempts ' || attempts || ' last ' || coalesce(last_status::text, '-') || ' ' || coalesce(last_error, ''))
                FILTER (WHERE NOT (status = 'delivered' AND attempts = 1 AND last_status = 204)) AS other
       FROM webhook_deliveries WHERE id BETWEEN $1 AND $2`,
      [dFirst, dLast],
    )
  ).rows[0]!;
  if (d.good !== planned.length) throw new Error(`${what}: ${planned.length - d.good} deliveries not delivered at the first attempt, e.g. ${d.other}`);
  const o = (await client.query<{ good: number }>('SELECT count(*) FILTER (WHERE done_at IS NOT NULL AND dead_at IS NULL AND attempts = 1)::int AS good FROM outbox WHERE id BETWEEN $1 AND $2', [oFirst, oLast])).rows[0]!;
  if (o.good !== planned.length) throw new Error(`${what}: ${planned.length - o.good} outbox jobs took more than one attempt`);
  await checkReceiver(receiver, planned, what);
  return { deliveries: planned.length, seconds: round(seconds, 3), perSec: round(planned.length / seconds), cpuMsPerDelivery: round((cpu * 1000) / planned.length, 3), insertMs: round(insertMs) };
}

/** The sender's headers and signature, on a fresh connection (agent: false), the answer read to the end. */
function scriptPost(d: Planned): Promise<number> {
  const timestamp = new Date();
  const signature = new Webhook(d.hook.secret).sign(d.webhookId, timestamp, d.body);
  const url = new URL(d.hook.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        method: 'POST',
        host: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(d.body)),
          'user-agent': 'lastcall-webhooks/1',
          'webhook-id': d.webhookId,
          'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
          'webhook-signature': signature,
          host: url.host,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(d.body);
  });
}

/** The floor: the same POSTs from a minimal script, `workerBatch` side by side, batch after batch. */
async function scriptTurn(planned: Planned[], receiver: ServerChild, what: string): Promise<DeliveryRate> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let k = 0; k < planned.length; k += workerBatch) {
    const statuses = await Promise.all(planned.slice(k, k + workerBatch).map(scriptPost));
    const bad = statuses.find((s) => s !== 204);
    if (bad !== undefined) throw new Error(`${what}: the receiver answered ${bad}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  await checkReceiver(receiver, planned, what);
  return { deliveries: planned.length, seconds: round(seconds, 3), perSec: round(planned.length / seconds), cpuMsPerDelivery: round((cpu.user + cpu.system) / 1000 / planned.length, 3) };
}

function merge(rs: DeliveryRate[]): DeliveryRate {
  const deliveries = rs.reduce((s, r) => s + r.deliveries, 0);
  const seconds = rs.reduce((s, r) => s + r.seconds, 0);
  const cpuMs = rs.reduce((s, r) => s + r.cpuMsPerDelivery * r.deliveries, 0);
  return { deliveries, seconds: round(seconds, 3), perSec: round(deliveries / seconds), cpuMsPerDelivery: round(cpuMs / deliveries, 3) };
}

// ---------------------------------------------------------------------------------------------
// Queries

interface QueryPlan {
  /** GET paths, each with its expected body. */
  gets: { path: string; body: string; answer: Answer['answer'] }[];
  /** Bulk request bodies, each with its expected answer. */
  bulks: { body: string; expected: (Answer & { msisdn: string; since: string })[] }[];
}

function queryPlan(lines: Line[], unknown: string[], today: string, bulkSize: number): QueryPlan {
  const sinces = ['2019-06-01', '2023-06-01', addDays(today, -30)];
  const known = new Map(lines.map((l) => [l.msisdn, l]));
  // Unknown numbers among the known ones, one in every ~10.
  const numbers: string[] = [];
  const every = Math.max(1, Math.floor(lines.length / Math.max(1, unknown.length)));
  lines.forEach((l, i) => {
    numbers.push(l.msisdn);
    if (i % every === every - 1 && unknown[Math.floor(i / every)]) numbers.push(unknown[Math.floor(i / every)]!);
  });
  const gets = numbers.map((msisdn, i) => {
    const since = sinces[i % sinces.length]!;
    const answer = expectedAnswer(known.get(msisdn), since);
    return { path: `/api/v1/partners/numbers/${encodeURIComponent(msisdn)}/disconnected?since=${since}`, body: JSON.stringify(answer), answer: answer.answer };
  });
  // Batches start at 8 places over the list (wrapping); the request's since is the middle one,
  // every 4th number carries its own, every 7th is written without its '+'.
  const batches = 8;
  const bulks = Array.from({ length: batches }, (_, k) => {
    const items: (string | { msisdn: string; since: string })[] = [];
    const expected: (Answer & { msisdn: string; since: string })[] = [];
    for (let j = 0; j < bulkSize; j++) {
      const msisdn = numbers[(k * Math.floor(numbers.length / batches) + j) % numbers.length]!;
      const written = j % 7 === 3 ? msisdn.slice(1) : msisdn;
      const since = j % 4 === 1 ? sinces[(j >> 2) % sinces.length]! : sinces[1]!;
      items.push(j % 4 === 1 ? { msisdn: written, since } : written);
      expected.push({ ...expectedAnswer(known.get(msisdn), since), msisdn, since });
    }
    return { body: JSON.stringify({ since: sinces[1], numbers: items }), expected };
  });
  return { gets, bulks };
}

function getRoute(gets: QueryPlan['gets'], key: string): RouteLoad {
  return { method: 'GET', request: (i) => ({ path: gets[i % gets.length]!.path, headers: { authorization: `Bearer ${key}` } }) };
}

function bulkRoute(bulks: QueryPlan['bulks'], key: string): RouteLoad {
  return {
    method: 'POST',
    request: (i) => {
      const k = i % bulks.length;
      return { path: bulkPath, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'x-bench-batch': String(k) }, body: bulks[k]!.body };
    },
  };
}

/** Warm-up, then the measured run on the same counter; anything but 2xx stops the bench. */
async function measure(server: ServerChild, route: RouteLoad, opts: { warmup: number; seconds: number; connections: number }, what: string, log: (m: string) => void): Promise<{ result: LoadResult; answered: number }> {
  const next = counter();
  const warm = await runLoad(server.base, route, next, { seconds: opts.warmup, connections: opts.connections });
  const result = await runLoad(server.base, route, next, { seconds: opts.seconds, connections: opts.connections, serverPid: server.child.pid });
  for (const [r, when] of [[warm, 'warm-up'], [result, 'run']] as const) {
    if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0) throw new Error(`${what} (${when}): ${r.non2xx} non-2xx answers ${JSON.stringify(r.statusCodes)}, ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  log(`  ${what}: ${result.reqPerSec} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; server CPU ${result.serverCpuMsPerRequest ?? '?'} ms/request`);
  return { result, answered: warm.ok + result.ok };
}

/** Every sampled GET and every bulk batch answers 200 with exactly the expected bytes (bulk: the expected results). */
async function checkAnswers(base: string, key: string, q: QueryPlan, sample: number, what: string): Promise<{ checked: number; requests: number; bulkAnswers: string[] }> {
  const headers = { authorization: `Bearer ${key}` };
  const picked = spread(q.gets, sample);
  // And the first of each kind of answer, so each is seen whatever the spread picked.
  for (const kind of ['yes', 'no', 'no_data'] as const) {
    const first = q.gets.find((g) => g.answer === kind);
    if (first) picked.push(first);
  }
  await pool(picked, 10, async (g) => {
    const res = await fetch(base + g.path, { headers });
    const text = await res.text();
    if (res.status !== 200 || text !== g.body) throw new Error(`${what}: GET ${g.path}: HTTP ${res.status} ${text.slice(0, 200)}, expected 200 ${g.body}`);
  });
  const bulkAnswers: string[] = [];
  for (const [k, b] of q.bulks.entries()) {
    const res = await fetch(base + bulkPath, { method: 'POST', headers: { ...headers, 'content-type': 'application/json', 'x-bench-batch': String(k) }, body: b.body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${what}: bulk batch ${k}: HTTP ${res.status} ${text.slice(0, 300)}`);
    const got = (JSON.parse(text) as { results: Record<string, string>[] }).results;
    if (got.length !== b.expected.length) throw new Error(`${what}: bulk batch ${k}: ${got.length} results for ${b.expected.length} numbers`);
    b.expected.forEach((e, j) => {
      const g = got[j]!;
      const same = g.answer === e.answer && g.msisdn === e.msisdn && g.since === e.since && g.disconnectedOn === ('disconnectedOn' in e ? e.disconnectedOn : undefined) && Object.keys(g).length === Object.keys(e).length;
      if (!same) throw new Error(`${what}: bulk batch ${k}, number ${j}: ${JSON.stringify(g)}, expected ${JSON.stringify(e)}`);
    });
    bulkAnswers.push(text);
  }
  return { checked: picked.length + q.bulks.length * q.bulks[0]!.expected.length, requests: picked.length + q.bulks.length, bulkAnswers };
}

// ---------------------------------------------------------------------------------------------

export async function runPartnersBench(opts: { log: (msg: string) => void; exitOnSignal?: boolean }): Promise<PartnersBenchOutcome> {
  const { log } = opts;
  const begun = performance.now();
  const settings = {
    numbers: Math.trunc(setting('BENCH_PARTNERS_NUMBERS', 3000)),
    seconds: setting('BENCH_PARTNERS_SECONDS', 8),
    warmupSeconds: setting('BENCH_WARMUP_SECONDS', 2),
    connections: Math.trunc(setting('BENCH_CONNECTIONS', 10)),
    bulkSeconds: setting('BENCH_PARTNERS_BULK_SECONDS', 3),
    bulkSize: 1000,
    hooks: Math.trunc(setting('BENCH_PARTNERS_HOOKS', 4)),
    deliveries: Math.trunc(setting('BENCH_PARTNERS_DELIVERIES', 1000)),
    rounds: Math.trunc(setting('BENCH_PARTNERS_ROUNDS', 2)),
    workerBatch,
  };
  if (settings.hooks > maxHooksPerPartner) throw new Error(`BENCH_PARTNERS_HOOKS: at most ${maxHooksPerPartner} (hooks a partner may have)`);
  if (settings.numbers < 30) throw new Error('BENCH_PARTNERS_NUMBERS: at least 30');
  const notes: string[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  const runCleanup = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  };
  const onSignal = () => void runCleanup().finally(() => opts.exitOnSignal && process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    // --- setup: database, lines, an admin, lastcall, a partner and its hooks (not timed)
    const db = await createBenchDatabase();
    // Kept afterwards to look into it (as run.ts does); drop it yourself.
    cleanup.push(() => (process.env.BENCH_KEEP_DATABASE === '1' ? Promise.resolve(log(`kept ${db.url}`)) : db.drop()));
    const secretKey = crypto.randomBytes(32).toString('base64');
    log(`partners: database ${db.name}; importing ${settings.numbers} synthetic subscribers`);
    let t = performance.now();
    // The import commits once per row; without waiting on the disk for each it takes half the time.
    // Only while seeding: lastcall later runs with the server's own setting.
    await withClient(db.url, (c) => c.query(`ALTER DATABASE ${pg.escapeIdentifier(db.name)} SET synchronous_commit = off`));
    const subscribers = await seedSubscribers(db.url, secretKey, settings.numbers);
    await withClient(db.url, (c) => c.query(`ALTER DATABASE ${pg.escapeIdentifier(db.name)} RESET synchronous_commit`));
    const seedSeconds = round((performance.now() - t) / 1000, 1);

    // Terminated lately (still in quarantine past today, so the release sweep leaves them) or released long ago.
    const today = dayOf(new Date());
    const lines: Line[] = subscribers.map((s, i) => {
      const kind = i % 10;
      if (kind < 3) return { msisdn: s.msisdn, terminatedOn: addDays(today, -(1 + ((i * 7) % 60))), status: 'terminated' };
      if (kind === 3) return { msisdn: s.msisdn, terminatedOn: addDays('2023-01-01', (i * 13) % 365), status: 'released' };
      return { msisdn: s.msisdn, terminatedOn: null, status: 'active' };
    });
    const ended = lines.filter((l) => l.status !== 'active');
    const adminPassword = `${crypto.randomBytes(18).toString('base64url')}-Aa1`;
    const historyPlan = await withClient(db.url, async (c) => {
      const changed = await c.query(
        `UPDATE lines l SET status = u.status, terminated_on = u.terminated_on, quarantine_ends_on = u.terminated_on + 90,
           released_on = CASE WHEN u.status = 'released' THEN u.terminated_on + 90 END, updated_at = now()
         FROM unnest($1::text[], $2::text[], $3::date[]) AS u(msisdn, status, terminated_on) WHERE l.msisdn = u.msisdn`,
        [ended.map((l) => l.msisdn), ended.map((l) => l.status), ended.map((l) => l.terminatedOn)],
      );
      if (changed.rowCount !== ended.length) throw new Error(`ended ${changed.rowCount} lines, not ${ended.length}`);
      await c.query('ANALYZE');
      // The statement of store/partners.ts numberHistories, as one GET sends it.
      const explained = await c.query<{ 'QUERY PLAN': { Plan: Record<string, unknown> }[] }>('EXPLAIN (FORMAT JSON) SELECT msisdn, terminated_on AS "terminatedOn" FROM lines WHERE msisdn = ANY($1::text[])', [[lines[0]!.msisdn]]);
      const node = explained.rows[0]!['QUERY PLAN'][0]!.Plan;
      return [node['Node Type'], node['Index Name'] ? `using ${String(node['Index Name'])}` : '', `on ${String(node['Relation Name'] ?? '?')}`].filter(Boolean).join(' ');
    });
    if (/Seq Scan/.test(historyPlan)) {
      notes.push(`query: every answer reads lines by msisdn with a ${historyPlan} (the only msisdn index, lines_live_msisdn, is partial: WHERE status <> 'released'); its cost grows with the number of lines, ${settings.numbers} here`);
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-bench-partners-'));
    cleanup.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    {
      // An admin, added by the product's own code (as `lastcall staff add` does).
      const staffDb = await openDatabase({ databaseUrl: db.url, dataDir });
      try {
        await addStaffUser(staffDb, 'bench-admin', 'admin', adminPassword, { by: 'bench' });
      } finally {
        await staffDb.close();
      }
    }
    t = performance.now();
    // lastcall and the hooks' receiver start side by side; each is stopped at the end whichever failed.
    const [started, receiverStarted] = await Promise.allSettled([
      startLastcall(db.url, dataDir, secretKey, {
        LASTCALL_RECORDS_BEGIN: recordsBegin,
        // A partner key's limit (600 a minute) is the operator's contract; the figure is what lastcall
        // can do. Each request still counts against it and is audited.
        LASTCALL_PARTNER_RATE_LIMIT: '1000000',
        LASTCALL_WEBHOOK_ALLOW_PRIVATE: '1', // the receiver is on 127.0.0.1
      }),
      startChild(['bin/run-ts.js', 'bench/bare-hook-receiver.ts'], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, /listening on (http:\/\/\S+)/),
    ]);
    for (const s of [started, receiverStarted]) if (s.status === 'fulfilled') cleanup.push(() => s.value.stop());
    for (const s of [started, receiverStarted]) if (s.status === 'rejected') throw s.reason;
    const lastcall = (started as PromiseFulfilledResult<ServerChild>).value;
    const receiver = (receiverStarted as PromiseFulfilledResult<ServerChild>).value;
    log(`partners: setup: import ${seedSeconds} s, lastcall up ${round((performance.now() - t) / 1000)} s`);

    const login = await fetch(`${lastcall.base}/api/v1/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bench-admin', password: adminPassword }) });
    const session = (await json(login, 200, 'staff log-in')) as { csrfToken: string };
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const created = (await json(
      await fetch(`${lastcall.base}/api/v1/staff/partners`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': session.csrfToken },
        body: JSON.stringify({ name: 'Bench Bank', kind: 'bank' }),
      }),
      201,
      'add partner',
    )) as { id: number; apiKey: string };
    const key = created.apiKey;

    const hooks: Hook[] = [];
    for (let h = 0; h < settings.hooks; h++) {
      const hookPath = `/hooks/${h + 1}`;
      const made = (await json(
        await fetch(`${lastcall.base}/api/v1/partners/hooks`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ url: receiver.base + hookPath, events: ['line.terminated'] }),
        }),
        201,
        'register hook',
      )) as { id: number; url: string; secret: string };
      hooks.push({ id: made.id, url: made.url, path: hookPath, secret: made.secret });
    }
    let partnerRequests = settings.hooks;

    // --- 1. queries
    const unknown = Array.from({ length: Math.ceil(settings.numbers / 10) }, (_, i) => `+86139${String(i).padStart(8, '0')}`);
    const q = queryPlan(lines, unknown, today, settings.bulkSize);
    const answers = { yes: 0, no: 0, no_data: 0 };
    for (const g of q.gets) answers[g.answer]++;
    log(`partners: ${q.gets.length} query URLs (${answers.yes} yes, ${answers.no} no, ${answers.no_data} no_data); checking a sample and ${q.bulks.length} bulk batches`);
    const sampleSize = 150;
    const checked = await checkAnswers(lastcall.base, key, q, sampleSize, 'lastcall');
    // lastcall fills its network simulator with the lines at start, in the background: done before the load.
    await settle(lastcall.child.pid);
    partnerRequests += checked.requests;

    const loadOpts = { warmup: settings.warmupSeconds, seconds: settings.seconds, connections: settings.connections };
    const bulkOpts = { warmup: 1, seconds: settings.bulkSeconds, connections: settings.connections };
    log(`partners: lastcall GET …/numbers/{msisdn}/disconnected (${settings.warmupSeconds} s warm-up + ${settings.seconds} s, ${settings.connections} connections)`);
    const sampler = sampleLockWaits(db.url, db.name);
    const lcGet = await measure(lastcall, getRoute(q.gets, key), loadOpts, 'lastcall GET', log);
    const lockWaits = await sampler.stop();
    log(`  sessions waiting on a lock: ${lockWaits.meanWaiting} on average of ${lockWaits.meanActive} busy (${lockWaits.samples} samples)`);
    log(`partners: lastcall POST ${bulkPath} with ${settings.bulkSize} numbers (1 s warm-up + ${settings.bulkSeconds} s)`);
    const lcBulk = await measure(lastcall, bulkRoute(q.bulks, key), bulkOpts, 'lastcall bulk', log);
    partnerRequests += lcGet.answered + lcBulk.answered;

    // Every partner request left one access-log row (requests autocannon abandoned at its stop may add some).
    const abandonedAtMost = 4 * settings.connections;
    const partnerRequestRows = await withClient(db.url, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM partner_requests WHERE allowed')).rows[0]!.n);
    if (partnerRequestRows < partnerRequests || partnerRequestRows > partnerRequests + abandonedAtMost) {
      throw new Error(`access log: ${partnerRequestRows} partner_requests rows for ${partnerRequests} answered partner requests`);
    }

    // --- 2. webhooks
    const perTurn = Math.max(workerBatch, Math.floor(settings.deliveries / settings.rounds));
    log(`partners: webhooks to ${settings.hooks} hooks — lastcall's outbox vs a minimal script, ${settings.rounds} turns of ${perTurn} a side, batches of ${workerBatch}`);
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => undefined);
    await client.connect();
    cleanup.push(() => client.end());
    const at = new Date();
    const warm = Math.min(100, perTurn);
    let offset = 0;
    const take = (n: number) => {
      const p = plan(hooks, lines, n, offset, at);
      offset += n;
      return p;
    };
    const insertMs: number[] = [];
    const bodySizes: number[] = [];
    insertMs.push((await lastcallTurn(client, lastcall.child.pid, created.id, take(warm), receiver, 'lastcall warm-up')).insertMs);
    await scriptTurn(take(warm), receiver, 'script warm-up');
    const sides: Record<'lastcall' | 'script', DeliveryRate[]> = { lastcall: [], script: [] };
    let deliveriesChecked = 2 * warm;
    for (let r = 0; r < settings.rounds; r++) {
      for (const side of r % 2 === 0 ? (['lastcall', 'script'] as const) : (['script', 'lastcall'] as const)) {
        const planned = take(perTurn);
        for (const p of planned) bodySizes.push(Buffer.byteLength(p.body));
        const what = `${side} turn ${r + 1}`;
        let rate: DeliveryRate;
        if (side === 'lastcall') {
          const turn = await lastcallTurn(client, lastcall.child.pid, created.id, planned, receiver, what);
          insertMs.push(turn.insertMs);
          rate = turn;
        } else {
          rate = await scriptTurn(planned, receiver, what);
        }
        deliveriesChecked += planned.length;
        sides[side].push(rate);
        log(`  ${what}: ${rate.deliveries} in ${rate.seconds} s = ${rate.perSec} deliveries/s, ${rate.cpuMsPerDelivery} ms CPU each`);
      }
    }
    await lastcall.stop();
    await receiver.stop();
    const receiverSummary = /received \d+ requests.*/.exec(receiver.output())?.[0];
    if (receiverSummary) log(`  receiver: ${receiverSummary}`);

    // --- 1'. the floor for the queries, with lastcall stopped
    const answersFile = path.join(dataDir, 'partner-answers.json');
    fs.writeFileSync(answersFile, JSON.stringify({ get: Object.fromEntries(q.gets.map((g) => [g.path, g.body])), post: Object.fromEntries(checked.bulkAnswers.map((b, k) => [String(k), b])) }));
    const bare = await startChild(['bin/run-ts.js', 'bench/bare-partner-server.ts'], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', BARE_PARTNER_ANSWERS: answersFile }, /listening on (http:\/\/\S+)/);
    cleanup.push(() => bare.stop());
    await checkAnswers(bare.base, key, q, sampleSize, 'bare');
    log('partners: bare node:http GET');
    const bareGet = await measure(bare, getRoute(q.gets, key), loadOpts, 'bare GET', log);
    log('partners: bare node:http bulk POST');
    const bareBulk = await measure(bare, bulkRoute(q.bulks, key), bulkOpts, 'bare bulk', log);
    await bare.stop();

    const lastcallRate = merge(sides.lastcall);
    const scriptRate = merge(sides.script);
    const numbersPerSec = (r: LoadResult) => Math.round(r.reqPerSec * settings.bulkSize);
    const bulkBody = Buffer.byteLength(q.bulks[0]!.body);
    notes.push(
      `query: each request counts against its key's window (one row per key and minute) and appends to the access log; with one key, ${lockWaits.meanWaiting} of ${lockWaits.meanActive} busy database sessions were waiting on a lock on average`,
    );
    notes.push(`webhooks: lastcall's time runs from the commit of the rows until the last is 'delivered' (table polled every 20 ms); inserting them took ${round(Math.max(...insertMs))} ms at most and is not counted`);
    return {
      settings,
      data: {
        seeded: lines.length,
        terminated: lines.filter((l) => l.status === 'terminated').length,
        released: lines.filter((l) => l.status === 'released').length,
        unknown: q.gets.length - lines.length,
        recordsBegin,
        urls: q.gets.length,
        answers,
        historyPlan,
        seedSeconds,
      },
      query: { lastcall: lcGet.result, bare: bareGet.result, ratio: round(lcGet.result.reqPerSec / bareGet.result.reqPerSec, 3), sampleChecked: checked.checked, lockWaits },
      bulk: {
        lastcall: { ...lcBulk.result, numbersPerSec: numbersPerSec(lcBulk.result) },
        bare: { ...bareBulk.result, numbersPerSec: numbersPerSec(bareBulk.result) },
        ratio: round(lcBulk.result.reqPerSec / bareBulk.result.reqPerSec, 3),
        requestBytes: bulkBody,
        answerBytes: Buffer.byteLength(checked.bulkAnswers[0]!),
        batches: q.bulks.length,
      },
      audit: { partnerRequestRows, answeredRequests: partnerRequests, abandonedAtMost },
      webhooks: {
        lastcall: lastcallRate,
        script: scriptRate,
        ratio: round(lastcallRate.perSec / scriptRate.perSec, 3),
        roundRatios: sides.lastcall.map((l, i) => round(l.perSec / sides.script[i]!.perSec, 3)),
        bodyBytes: { min: Math.min(...bodySizes), max: Math.max(...bodySizes) },
        insertMs: round(Math.max(...insertMs)),
        checked: deliveriesChecked,
      },
      totalSeconds: round((performance.now() - begun) / 1000),
      load: { oneMinute: round(os.loadavg()[0]!, 2), cpus: os.cpus().length },
      notes,
    };
  } finally {
    process.off('SIGINT', onSignal);
    await runCleanup();
  }
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** The lines for stdout, or the one line saying why there are none. */
export function partnersTable(outcome: PartnersBenchOutcome): string {
  if ('skipped' in outcome) return `Partners: skipped: ${outcome.skipped}`;
  if ('failed' in outcome) return `Partners: failed: ${outcome.failed}`;
  const { settings: s, data: d, query: q, bulk: b, audit: a, webhooks: w } = outcome;
  const cpu = (r: LoadResult) => (r.serverCpuMsPerRequest === undefined ? '?' : fmt(r.serverCpuMsPerRequest, 2));
  return [
    `Partners (lastcall serve on PostgreSQL, one partner key; ${d.seeded} lines: ${d.terminated} terminated, ${d.released} released, the rest in service; + ${d.unknown} numbers not ours); ${outcome.totalSeconds} s in all`,
    `query/s       lastcall ${fmt(q.lastcall.reqPerSec)}  bare node:http ${fmt(q.bare.reqPerSec)}  lastcall/bare ${fmt(q.ratio, 3)}; GET …/numbers/{msisdn}/disconnected?since= over ${d.urls} URLs (${d.answers.yes} yes, ${d.answers.no} no, ${d.answers.no_data} no_data), ${s.connections} connections, ${s.seconds} s after ${s.warmupSeconds} s; p50 ${fmt(q.lastcall.p50Ms, 2)}/${fmt(q.bare.p50Ms, 2)} ms, p99 ${fmt(q.lastcall.p99Ms, 2)}/${fmt(q.bare.p99Ms, 2)} ms; server CPU ${cpu(q.lastcall)}/${cpu(q.bare)} ms a request`,
    `bulk numbers/s lastcall ${fmt(b.lastcall.numbersPerSec)} (${fmt(b.lastcall.reqPerSec, 1)} req/s)  bare node:http ${fmt(b.bare.numbersPerSec)} (${fmt(b.bare.reqPerSec, 1)} req/s)  lastcall/bare ${fmt(b.ratio, 3)}; POST …/numbers/disconnected with ${s.bulkSize} numbers (${fmt(b.requestBytes / 1024)} KiB in, ${fmt(b.answerBytes / 1024)} KiB out), ${s.connections} connections, ${s.bulkSeconds} s after 1 s; p50 ${fmt(b.lastcall.p50Ms, 1)}/${fmt(b.bare.p50Ms, 1)} ms; server CPU ${cpu(b.lastcall)}/${cpu(b.bare)} ms a request`,
    `webhooks/s    lastcall outbox ${fmt(w.lastcall.perSec)}  minimal script ${fmt(w.script.perSec)}  lastcall/script ${fmt(w.ratio, 3)} (by turn ${w.roundRatios.map((r) => fmt(r, 2)).join(' ')}); ${s.hooks} hooks on one receiver, ${s.rounds} × ${fmt(w.lastcall.deliveries / s.rounds)} a side, batches of ${s.workerBatch} side by side, a fresh connection each, bodies ${w.bodyBytes.min}–${w.bodyBytes.max} bytes; CPU ${fmt(w.lastcall.cpuMsPerDelivery, 2)} ms (lastcall) / ${fmt(w.script.cpuMsPerDelivery, 2)} ms (script) a delivery`,
    `checked       query answers: ${q.sampleChecked} (a sample of GETs byte for byte, every bulk result), 0 non-2xx under load; access log: ${a.partnerRequestRows} rows for ${a.answeredRequests} answered requests; webhooks: ${w.checked} deliveries, each delivered at the first attempt and received exactly once`,
    `plan          lines by msisdn (store/partners.ts numberHistories): ${d.historyPlan}`,
    `load average at the end ${outcome.load.oneMinute} on ${outcome.load.cpus} cores (lastcall, PostgreSQL, the load generator and the floors share them with whatever else runs)`,
    ...outcome.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

// Alone: node bin/run-ts.js bench/partners.ts
if (process.argv[2] && path.resolve(process.argv[2]) === fileURLToPath(import.meta.url)) {
  const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const benchEnv = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_PARTNERS') || k === 'BENCH_CONNECTIONS' || k === 'BENCH_WARMUP_SECONDS' || k === 'BENCH_DATABASE_URL');
  console.log(`command: ${[...benchEnv.map(([k, v]) => `${k}=${v}`), 'node bin/run-ts.js bench/partners.ts'].join(' ')}`);
  runPartnersBench({ log, exitOnSignal: true })
    .then((outcome) => {
      console.log('');
      console.log(partnersTable(outcome));
      const out = path.join(projectRoot, 'bench/results/partners.json');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify({ startedAt: new Date().toISOString(), ...outcome }, null, 2) + '\n');
      console.log(`json: ${path.relative(process.cwd(), out)}`);
    })
    .catch((err: unknown) => {
      console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    });
}
