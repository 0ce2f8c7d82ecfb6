/**
 * The HLR part of `npm run bench`: operations per second through lastcall's osmo-hlr adapter
 * (OsmoHlrNetwork over OsmoCtrlClient) against a real osmo-hlr, beside a minimal script sending
 * the same CTRL commands over one plain net.Socket — same commands per operation, same number of
 * operations in flight, no request cap, timeout, classification or back-off. The ratio is the
 * figure: what the adapter costs over the wire protocol itself on this machine.
 *
 * One osmo-hlr (its own folder and 127.0.0.x, as the integration tests start it). The phases
 * run in the order provision → bar → inspect → deactivate; in each, the adapter and the raw
 * script work on two disjoint sets of lines and take turns (adapter-raw, raw-adapter, …). Each
 * phase works on the lines the one before completed and is checked afterwards by asking the HLR
 * on a connection of its own. provision and deactivate change each line once (one pass over the
 * lines, cut off at 1.5 × BENCH_HLR_SECONDS a side); bar and inspect go round the lines for
 * BENCH_HLR_SECONDS a side, and at least once over all of them.
 *
 * Alone: `node bin/run-ts.js bench/hlr.ts` (JSON in bench/results/hlr.json). Settings (env):
 * BENCH_HLR_LINES (20000 a side), BENCH_HLR_SECONDS (4), BENCH_HLR_ROUNDS (4 turns a side),
 * BENCH_HLR_IN_FLIGHT (8, the client's cap), BENCH_HLR_DIR (/dev/shm: see hlrDir), OSMO_HLR_BIN
 * (/usr/bin/osmo-hlr). About 30 s in all on 2 cores; at most about 45 s.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { OsmoHlrNetwork, type CtrlCommands } from '../src/adapters/osmo-hlr.js';
import { OsmoCtrlClient } from '../src/adapters/osmo-ctrl/client.js';
import type { LineIdentity } from '../src/adapters/network.js';
import { osmoHlrBin, rawInfo, startOsmoHlr, type RunningHlr } from '../test/support/osmo-hlr.js';
import { cpuSeconds, projectRoot } from './processes.js';

export type HlrOperation = 'provision' | 'bar' | 'inspect' | 'deactivate';
const OPERATIONS: HlrOperation[] = ['provision', 'bar', 'inspect', 'deactivate'];

export interface HlrPhase {
  /** Operations that completed (successfully) within the phase. */
  ops: number;
  failed: number;
  /** CTRL requests sent during the phase. */
  commands: number;
  seconds: number;
  opsPerSec: number;
  commandsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** osmo-hlr's CPU over the phase, in % of one core (it is single-threaded). */
  hlrCpuPercent: number;
  /** The bench process's CPU (driver + adapter or raw script) per operation, and in % of one core. */
  benchCpuUsPerOp: number;
  benchCpuPercent: number;
  /** True when a one-pass phase stopped at its time limit before every line was done. */
  timeCapped: boolean;
}

export interface HlrRow {
  operation: HlrOperation;
  commandsPerOp: number;
  adapter: HlrPhase;
  raw: HlrPhase;
  /** adapter ops/s ÷ raw ops/s. */
  ratio: number;
  /** The same ratio turn by turn: their spread shows how steady the machine was. */
  roundRatios: number[];
}

export interface HlrBenchResult {
  osmoHlr: string;
  settings: { lines: number; seconds: number; inFlight: number; rounds: number };
  /** The folder osmo-hlr's database lived under (tmpfs unless BENCH_HLR_DIR says otherwise). */
  databaseDir: string;
  /** Wall time of the whole HLR part, start and stop of osmo-hlr included. */
  totalSeconds?: number;
  /** os.loadavg() at the end and the number of cores: others may share the machine. */
  load?: { oneMinute: number; cpus: number };
  rows: HlrRow[];
  notes: string[];
}

export type HlrBenchOutcome = HlrBenchResult | { skipped: string } | { failed: string };

function setting(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}: a positive number, not ${JSON.stringify(raw)}`);
  return value;
}

const round = (x: number, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);

/* ------------------------------------------------------------------------------------------ */
/* The minimal script: one socket, ids matched to answers, nothing else.                        */
/* ------------------------------------------------------------------------------------------ */

class RawCtrl {
  commands = 0;
  private readonly socket: net.Socket;
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<string, (answer: string) => void>();

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // Not a timeout per request, only no hang if the HLR goes away: the answers would never come.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      for (const done of this.waiting.values()) done('ERROR - connection closed');
      this.waiting.clear();
    });
  }

  static connect(host: string, port: number): Promise<RawCtrl> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => {
        socket.off('error', reject);
        resolve(new RawCtrl(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends `GET|SET <id> <rest>`; resolves with the answer's text after the id, rejects on ERROR. */
  send(kind: 'GET' | 'SET', rest: string): Promise<string> {
    const id = String(this.nextId++);
    const body = Buffer.from(`${kind} ${id} ${rest}`, 'latin1');
    const frame = Buffer.allocUnsafe(4 + body.length);
    frame.writeUInt16BE(body.length + 1, 0);
    frame[2] = 0xee;
    frame[3] = 0x00;
    body.copy(frame, 4);
    this.commands++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (answer) => (answer.startsWith('ERROR ') ? reject(new Error(`${kind} ${rest}: ${answer}`)) : resolve(answer)));
      this.socket.write(frame);
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    while (this.buffer.length >= 3 && this.buffer.length >= 3 + this.buffer.readUInt16BE(0)) {
      const end = 3 + this.buffer.readUInt16BE(0);
      const text = this.buffer.toString('latin1', 4, end);
      this.buffer = this.buffer.subarray(end);
      const a = text.indexOf(' ');
      const b = text.indexOf(' ', a + 1);
      const id = text.slice(a + 1, b < 0 ? undefined : b);
      const done = this.waiting.get(id);
      if (!done) continue; // TRAP
      this.waiting.delete(id);
      done(text);
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The same commands the adapter sends for each operation, on a fresh subscriber set as the bench makes it. */
const raw: Record<HlrOperation, (c: RawCtrl, line: LineIdentity) => Promise<unknown>> = {
  // The adapter creates, reads back (an existing subscriber may differ), then sets the MSISDN; a
  // new subscriber starts with CS and PS on, so an unbarred provision sends no cs/ps-enabled.
  provision: async (c, { imsi, msisdn }) => {
    await c.send('SET', `subscriber.create ${imsi}`);
    await c.send('GET', `subscriber.by-imsi-${imsi}.info`);
    await c.send('SET', `subscriber.by-imsi-${imsi}.msisdn ${msisdn.slice(1)}`);
  },
  bar: async (c, { imsi }) => {
    await c.send('SET', `subscriber.by-imsi-${imsi}.cs-enabled 0`);
    await c.send('SET', `subscriber.by-imsi-${imsi}.ps-enabled 0`);
  },
  inspect: (c, { imsi }) => c.send('GET', `subscriber.by-imsi-${imsi}.info`),
  deactivate: async (c, { imsi }) => {
    await c.send('SET', `subscriber.by-imsi-${imsi}.cs-enabled 0`);
    await c.send('SET', `subscriber.by-imsi-${imsi}.ps-enabled 0`);
    await c.send('SET', `subscriber.delete ${imsi}`);
  },
};

/** The adapter's connection, counting what it sends (a function call around each request). */
class CountingCtrl implements CtrlCommands {
  commands = 0;
  constructor(private readonly inner: OsmoCtrlClient) {}
  get(variable: string) {
    this.commands++;
    return this.inner.get(variable);
  }
  set(variable: string, value: string) {
    this.commands++;
    return this.inner.set(variable, value);
  }
  close() {
    return this.inner.close();
  }
}

/* ------------------------------------------------------------------------------------------ */

function lines(first: number, count: number): LineIdentity[] {
  return Array.from({ length: count }, (_, i) => ({
    imsi: `4600190000${String(first + i).padStart(5, '0')}`,
    msisdn: `+86139${String(first * 1000 + i).padStart(8, '0')}`,
    iccid: `8986001900${String(first * 1000 + i).padStart(9, '0')}`, // not sent to the HLR
  }));
}

/** One side's run over a slice of the phase: raw counts, summed over the rounds by `summarize`. */
interface Part<T> {
  done: T[];
  errors: string[];
  latencies: number[];
  seconds: number;
  commands: number;
  hlrCpuSeconds: number;
  benchCpuUs: number;
  capped: boolean;
}

/**
 * Runs `op` over `items` with `inFlight` operations at a time. Once: each item at most once,
 * stopping at the deadline. Repeat: round and round the items from `cursor` on until the
 * deadline, and on past it until every item has had its turn at least once.
 */
async function run<T>(
  items: T[],
  opts: { inFlight: number; seconds: number; hlrPid: number | undefined; commands: () => number; repeat?: { next: number } },
  op: (item: T) => Promise<unknown>,
): Promise<Part<T>> {
  const done: T[] = [];
  const errors: string[] = [];
  const latencies: number[] = [];
  const cursor = opts.repeat ?? { next: 0 };
  const commandsBefore = opts.commands();
  const hlrBefore = cpuSeconds(opts.hlrPid);
  const benchBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + opts.seconds * 1000;
  const more = opts.repeat ? () => cursor.next < items.length || performance.now() < deadline : () => cursor.next < items.length && performance.now() < deadline;
  const worker = async () => {
    while (more()) {
      const item = items[cursor.next++ % items.length]!;
      const t = performance.now();
      try {
        await op(item);
        latencies.push(performance.now() - t);
        if (!opts.repeat) done.push(item);
      } catch (err) {
        errors.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: opts.inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const bench = process.cpuUsage(benchBefore);
  return {
    done: opts.repeat ? items : done,
    errors,
    latencies,
    seconds,
    commands: opts.commands() - commandsBefore,
    hlrCpuSeconds: cpuSeconds(opts.hlrPid) - hlrBefore,
    benchCpuUs: bench.user + bench.system,
    capped: !opts.repeat && cursor.next < items.length,
  };
}

function summarize<T>(parts: Part<T>[]): HlrPhase {
  const sum = (f: (p: Part<T>) => number) => parts.reduce((acc, p) => acc + f(p), 0);
  const seconds = sum((p) => p.seconds);
  const latencies = parts.flatMap((p) => p.latencies).sort((a, b) => a - b);
  const ops = latencies.length;
  return {
    ops,
    failed: sum((p) => p.errors.length),
    commands: sum((p) => p.commands),
    seconds: round(seconds, 3),
    opsPerSec: round(ops / seconds),
    commandsPerSec: round(sum((p) => p.commands) / seconds),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    hlrCpuPercent: round((sum((p) => p.hlrCpuSeconds) / seconds) * 100),
    benchCpuUsPerOp: round(sum((p) => p.benchCpuUs) / Math.max(1, ops)),
    benchCpuPercent: round(sum((p) => p.benchCpuUs) / 1e4 / seconds),
    timeCapped: parts.some((p) => p.capped),
  };
}

/** `items` in `n` consecutive slices of nearly equal size. */
const slices = <T>(items: T[], n: number): T[][] => Array.from({ length: n }, (_, k) => items.slice(Math.floor((k * items.length) / n), Math.floor(((k + 1) * items.length) / n)));

/** The pid of the osmo-hlr started on `dbFile` (startOsmoHlr does not hand it out), for its CPU time. */
function pidOf(dbFile: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'latin1').split('\0');
      if (argv.includes(dbFile) && path.basename(argv[0] ?? '') === path.basename(osmoHlrBin)) return Number(entry);
    } catch {
      /* gone meanwhile */
    }
  }
  return undefined;
}

/**
 * Where osmo-hlr keeps its SQLite file. On this VM's disk every write waits for an fsync whose
 * time depends on whatever else the machine writes, which swamps the difference being measured;
 * tmpfs takes the disk out, leaving the protocol and the HLR's own work. BENCH_HLR_DIR=/tmp measures the disk.
 */
function hlrDir(): string {
  const chosen = process.env.BENCH_HLR_DIR || (fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir());
  if (!fs.statSync(chosen, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`BENCH_HLR_DIR: ${chosen} is not a folder`);
  return chosen;
}

function hlrVersion(): string | undefined {
  try {
    const out = execFileSync(osmoHlrBin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 5000 });
    return /version ([0-9][^\s,]*)/i.exec(out)?.[1];
  } catch {
    return undefined;
  }
}

/** A spread of up to `n` items: first, last and evenly between. */
const sample = <T>(items: T[], n = 25): T[] => (items.length <= n ? items : Array.from({ length: n }, (_, i) => items[Math.round((i * (items.length - 1)) / (n - 1))]!));

/** Asks the HLR on a connection of its own (test/support's rawCtrl) that each sampled line is as expected. */
async function check(hlr: RunningHlr, what: string, done: LineIdentity[], expect: 'live' | 'barred' | 'absent'): Promise<void> {
  for (const line of sample(done)) {
    const info = await rawInfo(hlr, line.imsi);
    const wrong =
      expect === 'absent'
        ? info !== 'No such subscriber.' && `still there: ${JSON.stringify(info)}`
        : typeof info === 'string'
          ? info
          : info.msisdn !== line.msisdn.slice(1)
            ? `msisdn ${info.msisdn}`
            : info.nam_cs !== (expect === 'live' ? '1' : '0') || info.nam_ps !== info.nam_cs
              ? `nam_cs ${info.nam_cs} nam_ps ${info.nam_ps}`
              : false;
    if (wrong) throw new Error(`check after ${what}: IMSI ${line.imsi} expected ${expect}, HLR says ${wrong}`);
  }
}

export async function runHlrBench(opts: { log: (msg: string) => void; exitOnSignal?: boolean }): Promise<HlrBenchOutcome> {
  const { log } = opts;
  if (!fs.existsSync(osmoHlrBin)) return { skipped: `${osmoHlrBin} not found (apt-get install osmo-hlr, or set OSMO_HLR_BIN)` };
  const count = Math.trunc(setting('BENCH_HLR_LINES', 20_000));
  const seconds = setting('BENCH_HLR_SECONDS', 4);
  const inFlight = Math.trunc(setting('BENCH_HLR_IN_FLIGHT', 8));
  const rounds = Math.trunc(setting('BENCH_HLR_ROUNDS', 4));
  if (count > 40_000) throw new Error('BENCH_HLR_LINES: at most 40000 (the IMSI ranges of the two sides would meet)');

  const begun = performance.now();
  // startOsmoHlr makes its folder under os.tmpdir(), which reads TMPDIR at each call; nothing
  // else runs in this process meanwhile.
  const dir = hlrDir();
  const savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = dir;
  let hlr: RunningHlr;
  try {
    hlr = await startOsmoHlr();
  } finally {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  }
  const onSignal = () => {
    void hlr.kill();
    fs.rmSync(path.dirname(hlr.dbFile), { recursive: true, force: true });
    if (opts.exitOnSignal) process.exit(130);
  };
  process.once('SIGINT', onSignal);
  const ctrl = new CountingCtrl(new OsmoCtrlClient({ host: hlr.address, port: hlr.ctrlPort, maxInFlight: inFlight }));
  const network = new OsmoHlrNetwork({ client: ctrl });
  let script: RawCtrl | null = null;
  let result: HlrBenchResult;
  try {
    const hlrPid = pidOf(hlr.dbFile);
    const version = hlrVersion();
    log(`osmo-hlr${version ? ` ${version}` : ''} on ${hlr.address}, database ${hlr.dbFile} (pid ${hlrPid ?? '?'}); ${count} lines per side, ${inFlight} operations in flight, bar/inspect ${seconds} s each`);
    script = await RawCtrl.connect(hlr.address, hlr.ctrlPort);
    const s = script;

    const adapterOps: Record<HlrOperation, (line: LineIdentity) => Promise<unknown>> = {
      provision: (line) => network.provision(line, { barred: false }),
      bar: (line) => network.bar(line),
      inspect: async (line) => {
        const got = await network.inspect(line.imsi);
        if (!got || got.msisdn !== line.msisdn || got.csEnabled || got.psEnabled) throw new Error(`inspect ${line.imsi}: ${JSON.stringify(got)}`);
      },
      deactivate: (line) => network.deactivate(line),
    };
    const rawOps: Record<HlrOperation, (line: LineIdentity) => Promise<unknown>> = {
      provision: (line) => raw.provision(s, line),
      bar: (line) => raw.bar(s, line),
      deactivate: (line) => raw.deactivate(s, line),
      inspect: async (line) => {
        const answer = await raw.inspect(s, line);
        // As little as tells the read was right: the raw script does not parse the body.
        if (!(answer as string).includes('\nnam_cs\t0')) throw new Error(`inspect ${line.imsi}: ${JSON.stringify(answer)}`);
      },
    };

    // Warm-up, not measured: JIT on both paths and the HLR's database past its first pages.
    const warm = Math.min(200, count);
    for (const [ops, set] of [[adapterOps, lines(90_000, warm)], [rawOps, lines(95_000, warm)]] as const) {
      for (const op of OPERATIONS) {
        const w = await run(set, { inFlight, seconds: 30, hlrPid, commands: () => 0 }, ops[op]);
        if (w.errors.length) throw new Error(`warm-up ${op}: ${w.errors[0]}`);
      }
    }

    const rows: HlrRow[] = [];
    const notes: string[] = [];
    const sides = {
      adapter: { ops: adapterOps, commands: () => ctrl.commands, lines: lines(10_000, count) },
      raw: { ops: rawOps, commands: () => s.commands, lines: lines(50_000, count) },
    };
    for (const op of OPERATIONS) {
      // The two sides take turns, adapter-raw then raw-adapter, so a machine that gets busier or
      // quieter during the phase (others share it) weighs on both alike. bar and inspect can be
      // repeated on the same lines: each turn runs seconds/rounds. provision and deactivate change
      // each line once: each turn is a slice of the lines, cut off at 1.5·seconds/rounds.
      const repeat = op === 'bar' || op === 'inspect';
      const limit = ((repeat ? 1 : 1.5) * seconds) / rounds;
      const parts = { adapter: [] as Part<LineIdentity>[], raw: [] as Part<LineIdentity>[] };
      const cursors = { adapter: { next: 0 }, raw: { next: 0 } };
      const sliced = { adapter: slices(sides.adapter.lines, rounds), raw: slices(sides.raw.lines, rounds) };
      for (let k = 0; k < rounds; k++) {
        for (const side of k % 2 === 0 ? (['adapter', 'raw'] as const) : (['raw', 'adapter'] as const)) {
          const x = sides[side];
          const items = repeat ? x.lines : sliced[side][k]!;
          if (items.length === 0) continue;
          const part = await run(items, { inFlight, seconds: limit, hlrPid, commands: x.commands, ...(repeat ? { repeat: cursors[side] } : {}) }, x.ops[op]);
          if (part.errors.length) throw new Error(`${op} (${side}): ${part.errors.length} failed, first: ${part.errors[0]}`);
          parts[side].push(part);
        }
      }
      const a = summarize(parts.adapter);
      const r = summarize(parts.raw);
      const roundRatios = parts.adapter.map((p, k) => round(p.latencies.length / p.seconds / (parts.raw[k]!.latencies.length / parts.raw[k]!.seconds), 3));
      for (const [side, x] of [['adapter', a], ['raw', r]] as const) {
        log(`  ${op} ${side.padEnd(7)}: ${x.ops} in ${x.seconds} s = ${x.opsPerSec} ops/s, ${x.commandsPerSec} CTRL/s, HLR CPU ${x.hlrCpuPercent} %, bench CPU ${x.benchCpuUsPerOp} µs/op`);
        if (x.timeCapped) notes.push(`${op} (${side}) was cut off at ${round(limit, 1)} s a turn with ${x.ops} of its ${sides[side].lines.length} lines done`);
      }
      log(`  ${op} adapter/raw by turn: ${roundRatios.join(' ')}`);
      const perOp = a.commands / Math.max(1, a.ops);
      if (Math.abs(perOp - r.commands / Math.max(1, r.ops)) > 1e-9) {
        throw new Error(`${op}: the adapter sent ${perOp} CTRL commands per operation, the raw script ${r.commands / r.ops}`);
      }
      const expect = op === 'provision' ? 'live' : op === 'deactivate' ? 'absent' : 'barred';
      for (const side of ['adapter', 'raw'] as const) {
        const done = repeat ? sides[side].lines : parts[side].flatMap((p) => p.done);
        await check(hlr, `${op} (${side})`, done, expect);
        sides[side].lines = done;
      }
      rows.push({ operation: op, commandsPerOp: perOp, adapter: a, raw: r, ratio: round(a.opsPerSec / r.opsPerSec, 3), roundRatios });
    }
    result = { osmoHlr: version ?? 'unknown', databaseDir: dir, settings: { lines: count, seconds, inFlight, rounds }, rows, notes };
  } finally {
    process.off('SIGINT', onSignal);
    script?.close();
    await network.close();
    await hlr.stop();
  }
  return { ...result, totalSeconds: round((performance.now() - begun) / 1000, 1), load: { oneMinute: round(os.loadavg()[0]!, 2), cpus: os.cpus().length } };
}

const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

/** The table for stdout, or the one line saying why there is none. */
export function hlrTable(outcome: HlrBenchOutcome): string {
  if ('skipped' in outcome) return `HLR (osmo-hlr over CTRL): skipped: ${outcome.skipped}`;
  if ('failed' in outcome) return `HLR (osmo-hlr over CTRL): failed: ${outcome.failed}`;
  const head = ['HLR operation', 'CTRL/op', 'adapter ops/s', 'raw ops/s', 'adapter/raw', 'by turn', 'adapter CTRL/s', 'HLR CPU % a/r', 'bench CPU % a/r', 'bench µs/op a/r', 'p50 ms a/r'];
  const rows = [
    head,
    ...outcome.rows.map((r) => [
      r.operation,
      fmt(r.commandsPerOp),
      fmt(r.adapter.opsPerSec),
      fmt(r.raw.opsPerSec),
      fmt(r.ratio, 3),
      `${fmt(Math.min(...r.roundRatios), 2)}–${fmt(Math.max(...r.roundRatios), 2)}`,
      fmt(r.adapter.commandsPerSec),
      `${fmt(r.adapter.hlrCpuPercent)}/${fmt(r.raw.hlrCpuPercent)}`,
      `${fmt(r.adapter.benchCpuPercent)}/${fmt(r.raw.benchCpuPercent)}`,
      `${fmt(r.adapter.benchCpuUsPerOp)}/${fmt(r.raw.benchCpuUsPerOp)}`,
      `${fmt(r.adapter.p50Ms, 2)}/${fmt(r.raw.p50Ms, 2)}`,
    ]),
  ];
  const widths = head.map((_, i) => Math.max(...rows.map((x) => x[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const { lines: n, inFlight, seconds, rounds } = outcome.settings;
  const out = [
    `HLR: osmo-hlr ${outcome.osmoHlr}, database under ${outcome.databaseDir}; ${inFlight} operations in flight; ${rounds} turns a side, taken in turn; provision and deactivate: each of ${n} lines a side once; bar and inspect: ${seconds} s a side; ${outcome.totalSeconds ?? '?'} s in all`,
    'adapter = OsmoHlrNetwork over OsmoCtrlClient; raw = the same CTRL commands on a plain socket, nothing else',
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ];
  // Both sides at the same pace with osmo-hlr's one thread busy: the HLR is the limit.
  const bound = outcome.rows.filter((r) => r.ratio >= 0.9 && Math.min(r.adapter.hlrCpuPercent, r.raw.hlrCpuPercent) >= 80).map((r) => r.operation);
  if (bound.length) out.push(`limit: osmo-hlr's CPU (ratio ≥ 0.9 and its single thread ≥ 80 % busy on both sides): ${bound.join(', ')}`);
  if (outcome.load) out.push(`load average at the end ${outcome.load.oneMinute} on ${outcome.load.cpus} cores (the HLR and this process share them with whatever else runs)`);
  for (const note of outcome.notes) out.push(`note: ${note}`);
  return out.join('\n');
}

// Alone: node bin/run-ts.js bench/hlr.ts
if (process.argv[2] && path.resolve(process.argv[2]) === fileURLToPath(import.meta.url)) {
  const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const benchEnv = Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_HLR') || k === 'OSMO_HLR_BIN');
  console.log(`command: ${[...benchEnv.map(([k, v]) => `${k}=${v}`), 'node bin/run-ts.js bench/hlr.ts'].join(' ')}`);
  runHlrBench({ log, exitOnSignal: true })
    .then((outcome) => {
      console.log('');
      console.log(hlrTable(outcome));
      if (!('skipped' in outcome)) {
        const out = path.join(projectRoot, 'bench/results/hlr.json');
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, JSON.stringify({ startedAt: new Date().toISOString(), ...outcome }, null, 2) + '\n');
        console.log(`json: ${path.relative(process.cwd(), out)}`);
      }
    })
    .catch((err: unknown) => {
      console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    });
}
