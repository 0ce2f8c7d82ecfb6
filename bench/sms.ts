/**
 * The messages part of `npm run bench` (issue 14), against our SMS centre (test/support/smsc,
 * real SMPP 3.4 in a process of its own) and a `lastcall serve` child on PostgreSQL:
 *
 * 1. submit: texts per second through lastcall's SmppClient (rate limiter, window, part splitting,
 *    receipt bookkeeping) beside a minimal script sending the same submit_sm on one bare session of
 *    the same `smpp` package with the same window — turns taken in turn (client, raw, raw, client…),
 *    every turn checked against what the SMSC recorded. The ratio is the figure.
 * 2. keyword: customers text 注销 / STAC to the short code at a steady pace; for each, the time from
 *    the SMSC writing the deliver_sm to it receiving the reply's submit_sm (first part, and last
 *    part — the whole reply at the centre), both on the SMSC's clock. Ofcom allows 60 s; our goal
 *    is a p99 under 2 s.
 * 3. mail: applications by e-mail (nodemailer, a pool of connections) to lastcall's receiver, each
 *    opening a case, beside the same mails to a bare smtp-server + mailparser (bench/bare-smtp.ts).
 *
 * Alone: `node bin/run-ts.js bench/sms.ts` (JSON in bench/results/sms.json). Settings (env):
 * BENCH_SMS_MESSAGES (5000 a turn), BENCH_SMS_ROUNDS (4 turns a side), BENCH_SMS_WINDOW (10, the
 * default LASTCALL_SMPP_WINDOW), BENCH_SMS_TEXTS (300 keyword texts), BENCH_SMS_PACE (20 texts/s),
 * BENCH_MAIL_COUNT (300), BENCH_MAIL_CONNECTIONS (4), BENCH_DATABASE_URL. About 60 s on 2 cores.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import pg from 'pg';
import smpp, { type Pdu } from 'smpp';
import { SmppClient } from '../src/adapters/smpp/client.js';
import { startSmsc, type Smsc, type SubmittedSm } from '../test/support/smsc.js';
import { createBenchDatabase, seedSubscribers, type Subscriber } from './database.js';
import { projectRoot, startChild, startLastcall, type ServerChild } from './processes.js';

export interface Rate {
  count: number;
  seconds: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
}

export interface SmsBenchResult {
  settings: { messages: number; rounds: number; window: number; texts: number; pacePerSec: number; mails: number; mailConnections: number };
  submit: { client: Rate; raw: Rate; ratio: number; roundRatios: number[]; text: string };
  keyword: { texts: number; replied: number; firstPart: Percentiles; lastPart: Percentiles; goalP99Ms: number; partsPerReply: number };
  mail: { lastcall: Rate; bare: Rate; ratio: number; casesOpened: number; formBytes: number };
  totalSeconds: number;
  notes: string[];
}

export interface Percentiles {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export type SmsBenchOutcome = SmsBenchResult | { skipped: string } | { failed: string };

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  return { p50Ms: round(percentile(s, 50), 1), p90Ms: round(percentile(s, 90), 1), p99Ms: round(percentile(s, 99), 1), maxMs: round(s[s.length - 1] ?? NaN, 1) };
}

function rate(latencies: number[], seconds: number): Rate {
  const s = [...latencies].sort((a, b) => a - b);
  return { count: latencies.length, seconds: round(seconds, 3), perSec: round(latencies.length / seconds, 1), p50Ms: round(percentile(s, 50), 2), p99Ms: round(percentile(s, 99), 2) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** One Chinese part, as a one-time code is: UCS-2, under 70 characters. */
const codeText = '【lastcall】您的验证码是 482913，10 分钟内有效，请勿告诉他人。';
const shortCode = '10659876';
const destination = (i: number) => `86139${String(i % 100_000_000).padStart(8, '0')}`;

/** What our SMSC recorded since the last reset, checked against what the turn sent. */
async function takeRecord(smsc: Smsc, expected: number, what: string): Promise<void> {
  const got = await smsc.submitted();
  if (got.length !== expected) throw new Error(`${what}: the SMSC recorded ${got.length} submit_sm, not ${expected}`);
  const wrong = got.find((s) => s.dataCoding !== 8 || s.destTon !== 1 || s.destNpi !== 1 || s.text !== codeText);
  if (wrong) throw new Error(`${what}: a submit_sm arrived other than sent: ${JSON.stringify(wrong)}`);
  await smsc.reset();
  await smsc.setMode({ receipts: 'none' });
}

async function clientTurn(client: SmppClient, n: number, window: number, offset: number): Promise<Rate> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  // As the outbox feeds it: `window` sends in hand at a time, each waiting for its answer.
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const t = performance.now();
      await client.send({ channel: 'sms', to: `+${destination(offset + i)}`, subject: '', text: codeText, messageId: `bench-${offset + i}` });
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return rate(latencies, (performance.now() - started) / 1000);
}

/** The minimal script: one bare session of the smpp package, `window` submit_sm in flight, nothing else. */
async function rawTurn(smsc: Smsc, n: number, window: number, offset: number): Promise<Rate> {
  const session = smpp.connect({ host: '127.0.0.1', port: smsc.port });
  await new Promise<void>((resolve, reject) => {
    session.once('error', reject);
    session.on('connect', () =>
      session.send(new smpp.PDU('bind_transceiver', { system_id: smsc.systemId, password: smsc.password }), (resp: Pdu) =>
        resp.command_status === 0 ? resolve() : reject(new Error(`bind: status ${resp.command_status}`)),
      ),
    );
  });
  const message = Buffer.from(codeText, 'utf16le').swap16();
  const latencies: number[] = [];
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    let sent = 0;
    let done = 0;
    const submit = () => {
      const i = sent++;
      const t = performance.now();
      const pdu = new smpp.PDU('submit_sm', {
        source_addr_ton: 3, source_addr_npi: 0, source_addr: shortCode,
        dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: destination(offset + i),
        esm_class: 0, registered_delivery: 1, data_coding: 8, short_message: message,
      });
      session.send(pdu, (resp: Pdu) => {
        if (resp.command_status !== 0) return reject(new Error(`submit_sm: status ${resp.command_status}`));
        latencies.push(performance.now() - t);
        if (++done === n) resolve();
        else if (sent < n) submit();
      });
    };
    for (let k = 0; k < Math.min(window, n); k++) submit();
  });
  const seconds = (performance.now() - started) / 1000;
  await new Promise<void>((resolve) => session.send(new smpp.PDU('unbind', {}), () => session.close(resolve)));
  return rate(latencies, seconds);
}

async function submitPhase(smsc: Smsc, opts: { messages: number; rounds: number; window: number; log: (m: string) => void }): Promise<SmsBenchResult['submit']> {
  await smsc.reset();
  await smsc.setMode({ receipts: 'none' });
  // The limiter out of the way: the figure is what the client costs, not the operator's contract.
  const client = new SmppClient({ url: smsc.url, source: shortCode, rate: 10_000, window: opts.window, maxQueued: opts.messages });
  try {
    await client.whenBound(10_000);
    await clientTurn(client, Math.min(500, opts.messages), opts.window, 0); // warm-up, both sides
    await takeRecord(smsc, Math.min(500, opts.messages), 'client warm-up');
    await rawTurn(smsc, Math.min(500, opts.messages), opts.window, 0);
    await takeRecord(smsc, Math.min(500, opts.messages), 'raw warm-up');
    const sides: Record<'client' | 'raw', Rate[]> = { client: [], raw: [] };
    for (let r = 0; r < opts.rounds; r++) {
      // client, raw, raw, client, …: whatever drifts over the run falls on both sides alike.
      const order: ('client' | 'raw')[] = r % 2 === 0 ? ['client', 'raw'] : ['raw', 'client'];
      for (const side of order) {
        const offset = (r + 1) * opts.messages * 2;
        const result = side === 'client' ? await clientTurn(client, opts.messages, opts.window, offset) : await rawTurn(smsc, opts.messages, opts.window, offset);
        await takeRecord(smsc, opts.messages, `${side} turn ${r + 1}`);
        sides[side].push(result);
        opts.log(`  ${side} turn ${r + 1}: ${result.perSec} submit_sm/s`);
      }
    }
    const merge = (rs: Rate[]): Rate => ({
      count: rs.reduce((s, x) => s + x.count, 0),
      seconds: round(rs.reduce((s, x) => s + x.seconds, 0), 3),
      perSec: round(rs.reduce((s, x) => s + x.count, 0) / rs.reduce((s, x) => s + x.seconds, 0), 1),
      p50Ms: round(median(rs.map((x) => x.p50Ms)), 2),
      p99Ms: round(median(rs.map((x) => x.p99Ms)), 2),
    });
    const clientRate = merge(sides.client);
    const rawRate = merge(sides.raw);
    return {
      client: clientRate,
      raw: rawRate,
      ratio: round(clientRate.perSec / rawRate.perSec, 3),
      roundRatios: sides.client.map((c, i) => round(c.perSec / sides.raw[i]!.perSec, 3)),
      text: codeText,
    };
  } finally {
    await client.close();
  }
}

/** Texts 注销/STAC from each line at `pace` a second; the reply's arrival at the SMSC, per line. */
async function keywordPhase(smsc: Smsc, lines: Subscriber[], pace: number, log: (m: string) => void): Promise<{ result: SmsBenchResult['keyword']; notes: string[] }> {
  await smsc.reset(); // receipts back on: the client takes them while it answers texts, as in service
  const sent = new Map<string, number>();
  const started = performance.now();
  for (const [i, line] of lines.entries()) {
    const due = started + (i * 1000) / pace;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const { sentAt } = await smsc.sendIncoming(line.msisdn, shortCode, i % 2 === 0 ? '注销' : 'STAC');
    sent.set(line.msisdn.replace(/^\+/, ''), sentAt);
  }
  log(`  ${lines.length} texts sent in ${round((performance.now() - started) / 1000, 1)} s; waiting for the replies`);
  const deadline = Date.now() + 60_000;
  let replies = new Map<string, SubmittedSm[]>();
  for (;;) {
    replies = new Map();
    for (const s of await smsc.submitted()) {
      const at = sent.get(s.destinationAddr);
      if (at === undefined || s.at < at) continue;
      replies.set(s.destinationAddr, [...(replies.get(s.destinationAddr) ?? []), s]);
    }
    const complete = [...replies.values()].filter((parts) => parts.length === (parts[0]!.udh?.total ?? 1)).length;
    if (complete === sent.size || Date.now() > deadline) break;
    await sleep(250);
  }
  const first: number[] = [];
  const last: number[] = [];
  let parts = 0;
  for (const [to, got] of replies) {
    const at = sent.get(to)!;
    first.push(Math.min(...got.map((s) => s.at)) - at);
    last.push(Math.max(...got.map((s) => s.at)) - at);
    parts += got.length;
  }
  const notes: string[] = [];
  if (replies.size < sent.size) notes.push(`keyword: ${sent.size - replies.size} of ${sent.size} texts had no reply within 60 s of the last`);
  const sample = [...replies.values()][0];
  if (sample && !sample.some((s) => /\d{6}/.test(s.text))) notes.push('keyword: the first reply carried no 6-digit code');
  return {
    result: { texts: sent.size, replied: replies.size, firstPart: percentiles(first), lastPart: percentiles(last), goalP99Ms: 2000, partsPerReply: round(parts / Math.max(1, replies.size), 2) },
    notes,
  };
}

async function sendMails(port: number, to: string, senders: Subscriber[], form: Buffer, connections: number): Promise<Rate> {
  const smtp = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: true, maxConnections: connections, maxMessages: Infinity });
  try {
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      senders.map(async (s) => {
        const t = performance.now();
        await smtp.sendMail({
          from: s.email,
          to,
          subject: `注销 ${s.msisdn}`,
          text: `本人 ${s.name} 申请注销号码 ${s.msisdn}，签名申请表见附件。`,
          attachments: [{ filename: '注销申请表.pdf', content: form, contentType: 'application/pdf' }],
        });
        latencies.push(performance.now() - t);
      }),
    );
    return rate(latencies, (performance.now() - started) / 1000);
  } finally {
    smtp.close();
  }
}

export async function runSmsBench(opts: { log: (msg: string) => void }): Promise<SmsBenchOutcome> {
  const { log } = opts;
  const begun = performance.now();
  const settings = {
    messages: Math.trunc(setting('BENCH_SMS_MESSAGES', 5000)),
    rounds: Math.trunc(setting('BENCH_SMS_ROUNDS', 4)),
    window: Math.trunc(setting('BENCH_SMS_WINDOW', 10)),
    texts: Math.trunc(setting('BENCH_SMS_TEXTS', 300)),
    pacePerSec: setting('BENCH_SMS_PACE', 20),
    mails: Math.trunc(setting('BENCH_MAIL_COUNT', 300)),
    mailConnections: Math.trunc(setting('BENCH_MAIL_CONNECTIONS', 4)),
  };
  const notes: string[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    const smsc = await startSmsc();
    cleanup.push(() => smsc.stop());
    log(`SMS submit: SmppClient vs a bare smpp session, window ${settings.window}, ${settings.rounds} turns of ${settings.messages} a side`);
    const submit = await submitPhase(smsc, { ...settings, log });

    const db = await createBenchDatabase();
    cleanup.push(() => db.drop());
    const secretKey = crypto.randomBytes(32).toString('base64');
    log(`importing ${settings.texts + settings.mails} synthetic subscribers`);
    const subscribers = await seedSubscribers(db.url, secretKey, settings.texts + settings.mails);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-bench-sms-'));
    cleanup.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const mailAddress = 'cancel@bench.lastcall.invalid';
    const lastcall: ServerChild = await startLastcall(db.url, dataDir, secretKey, {
      SMPP_URL: smsc.url,
      LASTCALL_SMS_SHORTCODE: shortCode,
      // The operator's SMSC contract sets the rate (default 50/s): at 20 texts/s with 3-part
      // replies that alone would queue. The figure is lastcall's own latency, so the limit is raised.
      LASTCALL_SMPP_RATE: '1000',
      LASTCALL_MAIL_IN: 'smtp://127.0.0.1:0',
      LASTCALL_MAIL_IN_ADDRESS: mailAddress,
    });
    cleanup.push(() => lastcall.stop());
    for (let i = 0; (await smsc.stats()).sessions < 1; i++) {
      if (i > 100) throw new Error('lastcall serve did not bind to the SMSC within 10 s');
      await sleep(100);
    }

    log(`keyword replies: ${settings.texts} texts of 注销/STAC at ${settings.pacePerSec}/s`);
    const keyword = await keywordPhase(smsc, subscribers.slice(0, settings.texts), settings.pacePerSec, log);
    notes.push(...keyword.notes);

    const mailPort = Number(/mail in\s+\S+ on smtp:\/\/[^\s:]+:(\d+)/.exec(lastcall.output())?.[1]);
    if (!mailPort) throw new Error(`lastcall serve printed no mail-in port:\n${lastcall.output()}`);
    const form = Buffer.from(await (await fetch(`${lastcall.base}/api/v1/forms/cancellation.pdf?lang=zh-CN`)).arrayBuffer());
    const mailers = subscribers.slice(settings.texts);
    log(`mail: ${settings.mails} applications by e-mail over ${settings.mailConnections} connections, then the same to a bare smtp-server`);
    const lastcallMail = await sendMails(mailPort, mailAddress, mailers, form, settings.mailConnections);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const casesOpened = (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE channel = 'email'")).rows[0]!.n;
    await client.end();
    if (casesOpened !== settings.mails) notes.push(`mail: ${casesOpened} cases opened for ${settings.mails} mails`);
    await lastcall.stop();

    const bare = await startChild(['bin/run-ts.js', 'bench/bare-smtp.ts'], { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' }, /listening on smtp:\/\/127\.0\.0\.1:(\d+)/);
    cleanup.push(() => bare.stop());
    const bareMail = await sendMails(Number(bare.base), mailAddress, mailers, form, settings.mailConnections);
    await bare.stop();

    notes.push('keyword: lastcall ran with LASTCALL_SMPP_RATE=1000; with the default 50 submit_sm/s, replies of 3 parts keep up with about 16 texts a second');
    notes.push('mail: SPF/DKIM/DMARC lookups go to the system resolver, which answers at once on this machine (no outside DNS); with a real resolver its latency adds to each mail, not to the rate when several connections share the load');
    return {
      settings,
      submit,
      keyword: keyword.result,
      mail: { lastcall: lastcallMail, bare: bareMail, ratio: round(lastcallMail.perSec / bareMail.perSec, 3), casesOpened, formBytes: form.length },
      totalSeconds: round((performance.now() - begun) / 1000, 1),
      notes,
    };
  } finally {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

export function smsTable(outcome: SmsBenchOutcome): string {
  if ('skipped' in outcome) return `SMS and mail: skipped: ${outcome.skipped}`;
  if ('failed' in outcome) return `SMS and mail: failed: ${outcome.failed}`;
  const { submit: s, keyword: k, mail: m, settings } = outcome;
  return [
    `SMS and mail (our SMSC over SMPP 3.4 on loopback; lastcall serve on PostgreSQL); ${outcome.totalSeconds} s in all`,
    `submit_sm/s   SmppClient ${fmt(s.client.perSec)}  bare smpp session ${fmt(s.raw.perSec)}  client/raw ${fmt(s.ratio, 3)} (by turn ${fmt(Math.min(...s.roundRatios), 2)}–${fmt(Math.max(...s.roundRatios), 2)}); window ${settings.window}, ${settings.rounds} × ${settings.messages} a side; p50 ${fmt(s.client.p50Ms, 2)}/${fmt(s.raw.p50Ms, 2)} ms`,
    `keyword reply ${k.replied}/${k.texts} texts at ${settings.pacePerSec}/s, deliver_sm → reply submit_sm: first part p50 ${fmt(k.firstPart.p50Ms)} ms, p99 ${fmt(k.firstPart.p99Ms)} ms; whole reply (${fmt(k.partsPerReply, 1)} parts) p50 ${fmt(k.lastPart.p50Ms)} ms, p99 ${fmt(k.lastPart.p99Ms)} ms, max ${fmt(k.lastPart.maxMs)} ms (goal p99 < ${k.goalP99Ms} ms; Ofcom allows 60 s)`,
    `mail in/s     lastcall ${fmt(m.lastcall.perSec, 1)} (cases opened ${m.casesOpened})  bare smtp-server+mailparser ${fmt(m.bare.perSec, 1)}  lastcall/bare ${fmt(m.ratio, 3)}; ${settings.mails} mails with a ${fmt(m.formBytes / 1024)} KiB form, ${settings.mailConnections} connections; p50 ${fmt(m.lastcall.p50Ms)}/${fmt(m.bare.p50Ms)} ms`,
    ...outcome.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

// Alone: node bin/run-ts.js bench/sms.ts
if (process.argv[2] && path.resolve(process.argv[2]) === fileURLToPath(import.meta.url)) {
  const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const benchEnv = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_SMS') || k.startsWith('BENCH_MAIL') || k === 'BENCH_DATABASE_URL');
  console.log(`command: ${[...benchEnv.map(([k, v]) => `${k}=${v}`), 'node bin/run-ts.js bench/sms.ts'].join(' ')}`);
  runSmsBench({ log })
    .then((outcome) => {
      console.log('');
      console.log(smsTable(outcome));
      const out = path.join(projectRoot, 'bench/results/sms.json');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, JSON.stringify({ startedAt: new Date().toISOString(), ...outcome }, null, 2) + '\n');
      console.log(`json: ${path.relative(process.cwd(), out)}`);
    })
    .catch((err: unknown) => {
      console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    });
}
