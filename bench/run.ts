/**
 * `npm run bench`: lastcall's two busiest customer routes against a real PostgreSQL, next to
 * two references on the same machine in the same run — a bare node:http server answering the
 * same JSON (the HTTP floor) and pgbench running the same SQL (the database floor). Then the
 * HLR: osmo-hlr operations through the adapter beside the same CTRL commands from a minimal script
 * (hlr.ts; skipped with a line saying why when osmo-hlr is missing, or with BENCH_HLR=0). Then
 * messages (sms.ts; BENCH_SMS=0 leaves them out): submit_sm through the SMPP client beside a bare
 * session, the SMS keyword reply's latency, applications by e-mail beside a bare SMTP server; and
 * partners (partners.ts; BENCH_PARTNERS=0): disconnected-number queries beside a bare server,
 * webhook deliveries through the outbox beside a minimal signing script; receipts (receipts.ts;
 * BENCH_RECEIPTS=0): the status read's p99 alone and beside receipts at full rate; bulk (bulk.ts;
 * BENCH_BULK=0): seed, import and `lastcall terminate`'s database part for a million lines; start-up
 * (startup.ts; BENCH_STARTUP=0): npm start's time to ready and resident memory, embedded and PostgreSQL.
 *
 * Settings (env): BENCH_SECONDS (10) per measured run, BENCH_WARMUP_SECONDS (2) before each
 * HTTP run, BENCH_CONNECTIONS (10) for autocannon and pgbench alike, BENCH_LINES (subscribers
 * verified for the POST run, each applies once), BENCH_DATABASE_URL (admin URL; default
 * postgres://postgres@127.0.0.1:5432/postgres), PGBENCH (path to pgbench), BENCH_KEEP_DATABASE=1;
 * BENCH_HLR_* and OSMO_HLR_BIN for the HLR part (see hlr.ts); BENCH_SMS_* and BENCH_MAIL_* (see sms.ts); BENCH_PARTNERS_* (see partners.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { createBenchDatabase, seedSubscribers } from './database.js';
import { hlrTable, runHlrBench, type HlrBenchOutcome } from './hlr.js';
import { runSmsBench, smsTable, type SmsBenchOutcome } from './sms.js';
import { partnersTable, runPartnersBench, type PartnersBenchOutcome } from './partners.js';
import { receiptsTable, runReceiptsBench, type ReceiptsBenchOutcome } from './receipts.js';
import { bulkTable, runBulkBench, type BulkBenchOutcome } from './bulk.js';
import { runStartupBench, startupTable, type StartupBenchOutcome } from './startup.js';
import { counter, runLoad, type LoadResult, type RouteLoad } from './load.js';
import { findPgbench, runPgbench, runSqlFile } from './pgbench.js';
import { writeViewScript } from './pgbench-view.js';
import { projectRoot, startBare, startLastcall, type ServerChild } from './processes.js';
import { ratios, roundsLine, receiptLine, simplestLine, staffLines, table, timingTable, writeJson, type BenchReport } from './report.js';
import { obtainTokens, type Customer } from './tokens.js';
import { measureVerificationTiming } from './verification-timing.js';

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

const seconds = Math.ceil(setting('BENCH_SECONDS', 10)); // whole seconds: pgbench -T takes no fractions
const warmup = setting('BENCH_WARMUP_SECONDS', 2);
const connections = Math.trunc(setting('BENCH_CONNECTIONS', 10));
const rounds = Math.max(1, Math.trunc(setting('BENCH_ROUNDS', 3)));
// Every POST needs a fresh line. lastcall applies for ~200–300 a second on two cores; the
// budget leaves room for a faster machine (a run that runs out stops early and says so).
const lines = Math.trunc(setting('BENCH_LINES', Math.max(2000, Math.ceil(450 * (seconds + warmup)))));
// pgbench gets through several thousand applications a second (the simplest submit more); its
// walk should not wrap (the simplest script has no way round a line's open case: it would fail).
const pgbenchLines = Math.max(lines, Math.ceil(5000 * seconds));
// Keep the database afterwards to look into it (EXPLAIN, pgbench -r by hand); drop it yourself.
const keepDatabase = process.env.BENCH_KEEP_DATABASE === '1';
// Sequential verifications per kind for the timing comparison.
const timingRounds = Math.trunc(setting('BENCH_TIMING_ROUNDS', 300));

const benchEnv = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_') || k === 'PGBENCH' || k === 'OSMO_HLR_BIN');
const command = [...benchEnv.map(([k, v]) => `${k}=${v}`), 'npm run bench'].join(' ') + `   (= ${process.env.npm_lifecycle_script ?? `node ${process.argv.slice(1).map((a) => path.relative(projectRoot, a)).join(' ')}`})`;

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const acknowledgements = ['prepaid_credit_refund', 'binding_wechat', 'port_out_option', 'backup_reminder'];

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined); // a dropped connection then fails the query in hand, not the process
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** POST /cancellations for customer i (mod the list), with an Idempotency-Key as a careful client sends. */
function applyRoute(customers: Customer[], limit?: number): RouteLoad {
  return {
    method: 'POST',
    ...(limit !== undefined ? { limit } : {}),
    request: (i) => {
      const c = customers[i % customers.length]!;
      return {
        path: '/api/v1/cancellations',
        headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json', 'idempotency-key': `bench-${i}` },
        body: JSON.stringify({ msisdn: c.msisdn, reason: '出国定居，不再使用本号码', acknowledgements }),
      };
    },
  };
}

/** GET /cancellations/{ref} by the case's owner, cycling through the cases the POST run made. */
function viewRoute(cases: { reference: string; token: string }[]): RouteLoad {
  return {
    method: 'GET',
    request: (i) => {
      const c = cases[i % cases.length]!;
      return { path: `/api/v1/cancellations/${c.reference}`, headers: { authorization: `Bearer ${c.token}` } };
    },
  };
}

/** GET /cancellations/{ref}/receipt.pdf by the case's owner: a PDF rendered with the CJK font subset. */
function receiptRoute(cases: { reference: string; token: string }[]): RouteLoad {
  return {
    method: 'GET',
    request: (i) => {
      const c = cases[i % cases.length]!;
      return { path: `/api/v1/cancellations/${c.reference}/receipt.pdf`, headers: { authorization: `Bearer ${c.token}` } };
    },
  };
}

async function measure(server: ServerChild, route: RouteLoad, next = counter()): Promise<LoadResult> {
  await runLoad(server.base, route, next, { seconds: warmup, connections }); // JIT, pools, caches
  const result = await runLoad(server.base, route, next, { seconds, connections, serverPid: server.child.pid });
  if (result.non2xx > 0 || result.errors > 0) log(`  ! ${result.non2xx} non-2xx answers ${JSON.stringify(result.statusCodes)}, ${result.errors} errors`);
  if (result.exhausted) log('  ! ran out of verified lines before the end: raise BENCH_LINES');
  log(`  ${result.reqPerSec} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms; server CPU ${result.serverCpuMsPerRequest ?? '?'} ms/request`);
  return result;
}

/**
 * Several reads measured in turn, `rounds` times over (view, bare view, queue, dashboard, view, …):
 * each stands for itself by its median round (by req/s), with every round's rate kept beside it.
 * A busy moment of this shared machine then weighs on one round of every read instead of on the
 * whole of one read, which moved a single run's ratios by up to 30 %.
 */
async function measureInTurns<T extends { name: string; server: ServerChild; route: RouteLoad }[]>(turns: [...T]): Promise<{ [K in keyof T]: LoadResult }> {
  const runs: LoadResult[][] = turns.map(() => []);
  for (let r = 1; r <= rounds; r++) {
    for (const [i, turn] of turns.entries()) {
      log(`${turn.name} (round ${r} of ${rounds})`);
      runs[i]!.push(await measure(turn.server, turn.route));
    }
  }
  return runs.map((results) => {
    const byRate = [...results].sort((a, b) => a.reqPerSec - b.reqPerSec);
    return { ...byRate[Math.floor((byRate.length - 1) / 2)]!, roundsReqPerSec: results.map((x) => x.reqPerSec) };
  }) as { [K in keyof T]: LoadResult };
}

/** Waits until the outbox worker has sent every queued e-mail, so the GET run does not compete with it. */
async function drainOutbox(base: string, ms = 90_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    const ready = (await (await fetch(`${base}/readyz`)).json()) as { outbox?: { pending: number } };
    if (ready.outbox?.pending === 0) return (Date.now() - started) / 1000;
    await sleep(250);
  }
  throw new Error('the outbox did not drain');
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  console.log(`command: ${command}`);
  const notes: string[] = [];
  const db = await createBenchDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-bench-'));
  const children: ServerChild[] = [];
  const stopAll = () => Promise.all(children.splice(0).map((c) => c.stop()));
  const onSignal = () => void stopAll().then(() => db.drop()).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  try {
    log(`database ${db.name}; importing ${lines} synthetic subscribers`);
    let t = Date.now();
    const secretKey = crypto.randomBytes(32).toString('base64');
    const subscribers = await seedSubscribers(db.url, secretKey, lines);
    await withClient(db.url, (c) => c.query('ANALYZE'));
    const importSeconds = (Date.now() - t) / 1000;

    // A supervisor for the console's reads, added the way an operator would.
    const staffPassword = `${crypto.randomBytes(18).toString('base64url')}-Aa1`;
    execFileSync(process.execPath, [path.join(projectRoot, 'bin/lastcall.js'), 'staff', 'add', '--user', 'bench-supervisor', '--role', 'supervisor'], {
      input: `${staffPassword}\n`,
      env: { ...process.env, DATABASE_URL: db.url, LASTCALL_DATA_DIR: dataDir, LASTCALL_SECRET_KEY: secretKey, LASTCALL_DEMO: '0' },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    const lastcall = await startLastcall(db.url, dataDir, secretKey);
    children.push(lastcall);
    t = Date.now();
    const customers = await obtainTokens(lastcall.base, subscribers);
    const verifySeconds = (Date.now() - t) / 1000;
    log(`setup: import ${importSeconds.toFixed(1)} s, ${customers.length} verifications through the API ${verifySeconds.toFixed(1)} s`);

    // One application by hand first: proves the request is right before it is sent thousands of times.
    const nextLine = counter();
    const sample = applyRoute(customers).request(nextLine());
    const first = await fetch(lastcall.base + sample.path, { method: 'POST', headers: sample.headers, body: sample.body! });
    const postAnswer = await first.text();
    if (first.status !== 201) throw new Error(`sample application: HTTP ${first.status} ${postAnswer}`);

    log(`lastcall POST /api/v1/cancellations (${warmup} s warm-up + ${seconds} s, ${connections} connections)`);
    const lcPost = await measure(lastcall, applyRoute(customers, customers.length), nextLine);
    const drainSeconds = await drainOutbox(lastcall.base);
    log(`  outbox drained ${drainSeconds.toFixed(1)} s after the run`);
    // Statistics for the thousand cases just made, as autovacuum would gather within its minute:
    // without them the planner takes the fresh table for a handful of rows and plans the reads for that.
    await withClient(db.url, (c) => c.query('ANALYZE'));

    const token = new Map(customers.map((c) => [c.msisdn, c.token]));
    const cases = (
      await withClient(db.url, (c) => c.query<{ reference: string; msisdn: string }>('SELECT c.reference, l.msisdn FROM cases c JOIN lines l ON l.id = c.line_id ORDER BY c.id'))
    ).rows.map((r) => ({ reference: r.reference, token: token.get(r.msisdn)! }));
    const view = viewRoute(cases);
    const sampleView = view.request(0);
    const getAnswer = await (await fetch(lastcall.base + sampleView.path, { headers: sampleView.headers })).text();

    // The same requests, the same answers, no framework and no database: the floor the reads are
    // measured against, in turn with them.
    const answersFile = path.join(dataDir, 'answers.json');
    fs.writeFileSync(answersFile, JSON.stringify({ post: postAnswer, get: getAnswer }));
    const bare = await startBare(answersFile);
    children.push(bare);
    const login = await fetch(`${lastcall.base}/api/v1/staff/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'bench-supervisor', password: staffPassword }),
    });
    if (login.status !== 200) throw new Error(`staff log-in: HTTP ${login.status} ${await login.text()}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const staffRoute = (routePath: string): RouteLoad => ({ method: 'GET', request: () => ({ path: routePath, headers: { cookie } }) });
    const [lcGet, bareNodeGet, lcQueue, lcDashboard] = await measureInTurns([
      { name: `lastcall GET /api/v1/cancellations/{ref} over ${cases.length} cases`, server: lastcall, route: view },
      { name: 'bare node:http GET', server: bare, route: view },
      { name: `lastcall GET /api/v1/staff/cases?state=undecided over ${cases.length} cases`, server: lastcall, route: staffRoute('/api/v1/staff/cases?state=undecided&sort=due') },
      { name: 'lastcall GET /api/v1/staff/dashboard', server: lastcall, route: staffRoute('/api/v1/staff/dashboard') },
    ]);
    // Over every case, far more than the server keeps rendered: most answers render a new PDF.
    log(`lastcall GET /api/v1/cancellations/{ref}/receipt.pdf over ${cases.length} cases`);
    const lcReceipt = await measure(lastcall, receiptRoute(cases));
    log(`verification timing: ${timingRounds} rounds of right details / wrong name / unknown number, one at a time`);
    const verificationTiming = await measureVerificationTiming(lastcall.base, subscribers, timingRounds);
    await lastcall.stop();
    log('bare node:http POST');
    const bareNodePost = await measure(bare, applyRoute(customers));
    await bare.stop();

    // pgbench: the write transaction over its own walk of lines, then the read over every case.
    const { year, texts } = await withClient(db.url, async (c) => {
      const [counterRow] = (await c.query<{ year: number }>('SELECT year FROM reference_counters ORDER BY year DESC LIMIT 1')).rows;
      const [row] = (
        await c.query(`SELECT c.reference, c.reason, c.refund::text, c.acknowledgements::text AS acks, c.due_calendar_version, e.data::text AS event_data, m.subject, m.body
           FROM cases c JOIN case_events e ON e.case_id = c.id JOIN communications m ON m.case_id = c.id ORDER BY c.id LIMIT 1`)
      ).rows;
      return { year: counterRow!.year, texts: row as Record<string, string> };
    });
    await runSqlFile(db.url, 'prepare.sql', { first: lines + 1, last: pgbenchLines });
    const mismatched = await withClient(db.url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM cases WHERE reference <> bench_reference($1, split_part(reference, '-', 3)::int)`, [year])).rows[0].n as number);
    if (mismatched > 0) throw new Error(`bench_reference disagrees with formatReference on ${mismatched} cases`);

    const applyVars = {
      first: 1, nlines: pgbenchLines, clients: connections, year, n: 0,
      reason: texts.reason!, refund: texts.refund!, acks: texts.acks!, cal_version: texts.due_calendar_version!, event_data: texts.event_data!,
      comm_subject: texts.subject!.replace(texts.reference!, ''), comm_body: texts.body!,
    };
    // The simplest submit first, on the same walk of lines; its cases are withdrawn before apply.sql.
    await runSqlFile(db.url, 'prepare-simplest.sql');
    log(`pgbench apply-simplest.sql (${seconds} s, ${connections} clients): four inserts, no counter, no chain`);
    const pgSimplest = await runPgbench(db.url, 'apply-simplest.sql', { seconds, clients: connections, vars: applyVars });
    log(`  ${pgSimplest.tps} tps, latency average ${pgSimplest.latencyAvgMs} ms`);
    await runSqlFile(db.url, 'after-simplest.sql');

    // lastcall's worker LISTENs on the outbox channel; so does this client while pgbench NOTIFYs.
    log(`pgbench apply.sql (${seconds} s, ${connections} clients, ${pgbenchLines} lines)`);
    const pgPost = await withClient(db.url, async (listener) => {
      await listener.query('LISTEN lastcall_outbox');
      return runPgbench(db.url, 'apply.sql', { seconds, clients: connections, vars: applyVars });
    });
    log(`  ${pgPost.tps} tps, latency average ${pgPost.latencyAvgMs} ms`);
    const wrapped = pgPost.transactions > pgbenchLines;
    if (wrapped) notes.push(`pgbench's walk over ${pgbenchLines} lines wrapped: some transactions withdrew an earlier case first`);

    await runSqlFile(db.url, 'prepare-view.sql');
    const ncases = await withClient(db.url, async (c) => (await c.query('SELECT last FROM reference_counters WHERE year = $1', [year])).rows[0].last as number);
    log(`pgbench of the customer read over ${ncases} cases`);
    const pgGet = await runPgbench(db.url, writeViewScript(dataDir), { seconds, clients: connections, vars: { year, ncases }, mode: 'prepared' });
    log(`  ${pgGet.tps} tps, latency average ${pgGet.latencyAvgMs} ms`);

    // The network: a failure here is reported with the rest of the figures, not instead of them.
    let hlr: HlrBenchOutcome;
    if (process.env.BENCH_HLR === '0') hlr = { skipped: 'BENCH_HLR=0' };
    else {
      log('HLR: osmo-hlr through the adapter and through a minimal CTRL script');
      hlr = await runHlrBench({ log }).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }));
      if ('failed' in hlr) process.exitCode = 1;
    }

    // Messages: our SMSC over SMPP and applications by e-mail (sms.ts), on a database of their own.
    let sms: SmsBenchOutcome;
    if (process.env.BENCH_SMS === '0') sms = { skipped: 'BENCH_SMS=0' };
    else {
      log('SMS and mail: SmppClient vs a bare smpp session, keyword reply latency, applications by e-mail');
      sms = await runSmsBench({ log }).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }));
      if ('failed' in sms) process.exitCode = 1;
    }

    // Partners: disconnected-number queries vs a bare server, webhook deliveries vs a minimal script (partners.ts).
    let partners: PartnersBenchOutcome;
    if (process.env.BENCH_PARTNERS === '0') partners = { skipped: 'BENCH_PARTNERS=0' };
    else {
      log('partners: disconnected-number queries and webhook deliveries');
      partners = await runPartnersBench({ log }).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }));
      if ('failed' in partners) process.exitCode = 1;
    }

    // Start-up: npm start's time to ready and memory, embedded and PostgreSQL (startup.ts).
    let startup: StartupBenchOutcome;
    if (process.env.BENCH_STARTUP === '0') startup = { skipped: 'BENCH_STARTUP=0' };
    else {
      log('startup: first start and restarts');
      startup = await runStartupBench({ log });
      if ('failed' in startup) process.exitCode = 1;
    }

    // Receipts off the event loop: status reads alone and beside receipts at full rate (receipts.ts).
    let receiptsUnderLoad: ReceiptsBenchOutcome;
    if (process.env.BENCH_RECEIPTS === '0') receiptsUnderLoad = { skipped: 'BENCH_RECEIPTS=0' };
    else {
      log('receipts: status reads alone and while receipts are fetched');
      receiptsUnderLoad = await runReceiptsBench({ log }).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }));
      if ('failed' in receiptsUnderLoad) process.exitCode = 1;
    }

    // Bulk: seed, import and terminate's database part for BENCH_BULK_LINES (a million) lines (bulk.ts).
    let bulk: BulkBenchOutcome;
    if (process.env.BENCH_BULK === '0') bulk = { skipped: 'BENCH_BULK=0' };
    else {
      log('bulk: seed, import and terminate');
      bulk = await runBulkBench({ log }).catch((err: unknown) => ({ failed: err instanceof Error ? err.message : String(err) }));
      if ('failed' in bulk) process.exitCode = 1;
    }

    const serverVersion = await withClient(db.url, async (c) => (await c.query('SHOW server_version')).rows[0].server_version as string);
    const report: BenchReport = {
      command,
      startedAt,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        node: process.version,
        postgres: serverVersion,
        pgbench: execFileSync(findPgbench(), ['--version'], { encoding: 'utf8' }).trim(),
      },
      settings: { seconds, warmupSeconds: warmup, connections, rounds, lines, pgbenchLines },
      setup: { importSeconds, verifySeconds, outboxDrainSeconds: drainSeconds, pgbenchWalkWrapped: wrapped },
      post: { lastcall: lcPost, bareNode: bareNodePost, pgbench: pgPost, ratios: ratios(lcPost, bareNodePost, pgPost) },
      simplestSubmit: {
        pgbench: pgSimplest,
        lastcallToSimplest: Math.round((lcPost.reqPerSec / pgSimplest.tps) * 1000) / 1000,
        sameSqlToSimplest: Math.round((pgPost.tps / pgSimplest.tps) * 1000) / 1000,
      },
      get: { lastcall: lcGet, bareNode: bareNodeGet, pgbench: pgGet, ratios: ratios(lcGet, bareNodeGet, pgGet) },
      receipt: { lastcall: lcReceipt, toJsonView: Math.round((lcReceipt.reqPerSec / lcGet.reqPerSec) * 1000) / 1000 },
      staff: {
        queue: lcQueue,
        dashboard: lcDashboard,
        queueToJsonView: Math.round((lcQueue.reqPerSec / lcGet.reqPerSec) * 1000) / 1000,
        dashboardToJsonView: Math.round((lcDashboard.reqPerSec / lcGet.reqPerSec) * 1000) / 1000,
        cases: cases.length,
      },
      verificationTiming,
      hlr,
      sms,
      partners,
      receiptsUnderLoad,
      bulk,
      startup,
      notes,
    };
    const out = path.join(projectRoot, 'bench/results/latest.json');
    writeJson(report, out);
    console.log('');
    console.log(table(report));
    console.log('');
    console.log('latency: autocannon p50/p99 of 2xx answers; pgbench: average per transaction. Ratios are throughput ratios.');
    console.log(roundsLine(report));
    console.log('');
    console.log(simplestLine(report));
    console.log('');
    console.log(receiptLine(report));
    console.log('');
    console.log(staffLines(report));
    console.log('');
    console.log(timingTable(verificationTiming));
    console.log('');
    console.log(hlrTable(hlr));
    console.log('');
    console.log(smsTable(sms));
    console.log('');
    console.log(partnersTable(partners));
    console.log('');
    console.log(receiptsTable(receiptsUnderLoad));
    console.log('');
    console.log(bulkTable(bulk));
    console.log('');
    console.log(startupTable(startup));
    for (const n of notes) console.log(`note: ${n}`);
    console.log(`pgbench: ${pgSimplest.command}`);
    console.log(`pgbench: ${pgPost.command}`);
    console.log(`pgbench: ${pgGet.command}`);
    console.log(`json: ${path.relative(process.cwd(), out)}`);
  } finally {
    process.off('SIGINT', onSignal);
    await stopAll();
    if (keepDatabase) log(`kept ${db.url}`);
    else await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  process.exitCode = 1;
});
