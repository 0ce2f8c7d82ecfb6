/**
 * The start-up part of `npm run bench` (issue 16 item 7): how long `npm start` takes to answer
 * /readyz and how much memory the server holds once the demo data is in, on the embedded database
 * and on PostgreSQL, for a first start on an empty database and for a restart. Each start runs
 * what `npm start` runs — the web apps' build-if-changed step, then `lastcall serve` with the demo
 * data — through `sh -c '… && exec node …'`, so the shell's pid becomes the server's and its
 * /proc/<pid>/status gives the resident set. The embedded first start is also timed without the
 * template `npm install` prepares (src/store/pglite-template.ts), which is how every first start
 * went before.
 *
 * Alone: `node bin/run-ts.js bench/startup.ts`. Settings: BENCH_DATABASE_URL; BENCH_STARTUP_RESTARTS (3).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createBenchDatabase } from './database.js';
import { cpuSeconds, projectRoot } from './processes.js';

export interface StartFigure {
  /** Seconds from the command to the first 200 from /readyz. */
  seconds: number;
  /** CPU seconds the server process used until then. */
  cpuSeconds: number;
  /** Resident memory of the server two seconds after it was ready, in MB. */
  rssMb: number;
}

export interface StartupBenchResult {
  pglite: { first: StartFigure; firstWithoutTemplate: StartFigure; restart: StartFigure };
  postgres: { first: StartFigure; restart: StartFigure };
  goals: { firstSeconds: number; restartSeconds: number; postgresRssMb: number };
  load: { oneMinute: number; cpus: number };
}

export type StartupBenchOutcome = StartupBenchResult | { skipped: string } | { failed: string };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** `npm start`'s own command (package.json), its server step exec'd so the shell's pid becomes the server's. */
function npmStartCommand(): string {
  const script = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const execd = script.replace(/&& ((?:\w+=\S+ )*)node /, '&& $1exec node ');
  if (execd === script) throw new Error(`bench/startup.ts: no server step found in npm start's command: ${script}`);
  return execd;
}

/** One `npm start` as a newcomer runs it; stopped with SIGINT (the way Ctrl-C stops it) once measured. */
async function timeStart(env: Record<string, string>): Promise<StartFigure> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('sh', ['-c', npmStartCommand()], {
    cwd: projectRoot,
    env: { ...process.env, LASTCALL_DEMO: '1', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`lastcall serve exited with ${child.exitCode}: ${stderr.trim()}`);
      if (performance.now() - started > 120_000) throw new Error('lastcall serve was not ready within 120 s');
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(child.pid);
    await new Promise((r) => setTimeout(r, 2000));
    return { seconds: Math.round(seconds * 100) / 100, cpuSeconds: cpu, rssMb: rssMb(child.pid!) };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

const median = (xs: StartFigure[]): StartFigure => [...xs].sort((a, b) => a.seconds - b.seconds)[Math.floor(xs.length / 2)]!;

export async function runStartupBench(opts: { log: (msg: string) => void }): Promise<StartupBenchOutcome> {
  const restarts = Math.max(1, Number(process.env.BENCH_STARTUP_RESTARTS || 3));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-startup-'));
  const noTemplate = path.join(tmp, 'no-template');
  fs.mkdirSync(noTemplate);
  const db = await createBenchDatabase();
  try {
    const pgliteDir = path.join(tmp, 'pglite');
    // Without the template first, so the web check is warm for every start measured after it.
    opts.log('startup: embedded database, first start without the template');
    const firstWithoutTemplate = await timeStart({ LASTCALL_DATA_DIR: path.join(tmp, 'pglite-plain'), LASTCALL_TEMPLATE_DIR: noTemplate });
    opts.log('startup: embedded database, first start and restarts');
    const first = await timeStart({ LASTCALL_DATA_DIR: pgliteDir });
    const pgliteRestarts: StartFigure[] = [];
    for (let i = 0; i < restarts; i++) pgliteRestarts.push(await timeStart({ LASTCALL_DATA_DIR: pgliteDir }));
    opts.log('startup: PostgreSQL, first start and restarts');
    const pgEnv = { DATABASE_URL: db.url, LASTCALL_DATA_DIR: path.join(tmp, 'pg') };
    const pgFirst = await timeStart(pgEnv);
    const pgRestarts: StartFigure[] = [];
    for (let i = 0; i < restarts; i++) pgRestarts.push(await timeStart(pgEnv));
    return {
      pglite: { first, firstWithoutTemplate, restart: median(pgliteRestarts) },
      postgres: { first: pgFirst, restart: median(pgRestarts) },
      goals: { firstSeconds: 8, restartSeconds: 3, postgresRssMb: 300 },
      load: { oneMinute: Math.round(os.loadavg()[0]! * 100) / 100, cpus: os.cpus().length },
    };
  } catch (err) {
    return { failed: err instanceof Error ? err.message : String(err) };
  } finally {
    await db.drop();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const line = (name: string, f: StartFigure) =>
  `${name.padEnd(44)} ${f.seconds.toFixed(2).padStart(6)} s  (${f.cpuSeconds.toFixed(2)} s CPU)  RSS ${f.rssMb} MB`;

/** The lines for stdout, or the one line saying why there are none. */
export function startupTable(outcome: StartupBenchOutcome): string {
  if ('skipped' in outcome) return `Start-up: skipped: ${outcome.skipped}`;
  if ('failed' in outcome) return `Start-up: failed: ${outcome.failed}`;
  const { pglite: l, postgres: p, goals: g } = outcome;
  return [
    'Start-up (npm start with the demo data, to the first 200 from /readyz; RSS 2 s later)',
    line('embedded, first start (template)', l.first),
    line('embedded, first start without the template', l.firstWithoutTemplate),
    line('embedded, restart (median)', l.restart),
    line('PostgreSQL, first start', p.first),
    line('PostgreSQL, restart (median)', p.restart),
    `goals: first start ≤ ${g.firstSeconds} s (${l.first.seconds <= g.firstSeconds ? 'met' : 'NOT met'}), restart ≤ ${g.restartSeconds} s ` +
      `(embedded ${l.restart.seconds <= g.restartSeconds ? 'met' : 'NOT met'}, PostgreSQL ${p.restart.seconds <= g.restartSeconds ? 'met' : 'NOT met'}), ` +
      `RSS on PostgreSQL ≤ ${g.postgresRssMb} MB (${p.first.rssMb <= g.postgresRssMb ? 'met' : 'NOT met'}); load average ${outcome.load.oneMinute} on ${outcome.load.cpus} cores`,
  ].join('\n');
}

// Alone: node bin/run-ts.js bench/startup.ts
if (process.argv[2] && path.resolve(process.argv[2]) === fileURLToPath(import.meta.url)) {
  const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
  const outcome = await runStartupBench({ log });
  console.log(startupTable(outcome));
  if ('failed' in outcome) process.exitCode = 1;
}
