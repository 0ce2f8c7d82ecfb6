/**
 * A CPU profile of `lastcall serve` on PostgreSQL under one read's load (10 connections), and
 * its top lines by self time: `node bin/run-ts.js bench/profile.ts [view|queue|dashboard]`.
 * Settings (env): PROFILE_SECONDS (10), PROFILE_LINES (300 subscribers, each applies once),
 * PROFILE_OUT (directory for the .cpuprofile; default a temporary one, printed), PROFILE_TOP (25).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createBenchDatabase, seedSubscribers } from './database.js';
import { counter, runLoad, type RouteLoad } from './load.js';
import { projectRoot, startChild } from './processes.js';
import { obtainTokens } from './tokens.js';

const target = (process.argv.slice(2).find((a) => ['view', 'queue', 'dashboard'].includes(a)) ?? 'view') as 'view' | 'queue' | 'dashboard';
const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const lines = Number(process.env.PROFILE_LINES ?? 300);
const top = Number(process.env.PROFILE_TOP ?? 25);
const outDir = process.env.PROFILE_OUT ?? fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-profile-'));
const log = (msg: string) => process.stderr.write(`[profile] ${msg}\n`);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time by function, and by package (node_modules/<pkg>, node:internal, src/…), as shares of
 * busy time, over the profile's last `lastSeconds` (the measured load, not the start and setup).
 */
function summarise(file: string, n: number, lastSeconds: number): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((x) => [x.id, x]));
  const self = new Map<number, number>();
  const times: number[] = [];
  let t = 0;
  for (const d of p.timeDeltas) times.push((t += d));
  const last = times.at(-1) ?? 0;
  p.samples.forEach((id, i) => {
    if (times[i]! < last - lastSeconds * 1e6) return;
    self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const fnTime = new Map<string, number>();
  const pkgTime = new Map<string, number>();
  let busy = 0;
  let total = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    total += us;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    busy += us;
    const where = f.url.replace(/^file:\/\//, '').replace(projectRoot + '/', '');
    const key = `${f.functionName || '(anonymous)'} ${where ? `${where.replace(/^.*node_modules\//, '')}:${f.lineNumber + 1}` : ''}`;
    fnTime.set(key, (fnTime.get(key) ?? 0) + us);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.startsWith('src/') ? where.split('/').slice(0, 3).join('/') : where.startsWith('node:') ? where.split('/')[0]! : where || f.functionName);
    pkgTime.set(pkg, (pkgTime.get(pkg) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const rows = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, us]) => `${pct(us)}  ${name}`);
  return [
    `busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s profiled`,
    'self time by function:',
    ...rows(fnTime, n),
    'self time by package / source folder:',
    ...rows(pkgTime, 15),
  ].join('\n');
}

async function main() {
  const db = await createBenchDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-profile-data-'));
  const secretKey = crypto.randomBytes(32).toString('base64');
  try {
    log(`database ${db.name}: ${lines} subscribers`);
    const subscribers = await seedSubscribers(db.url, secretKey, lines);
    const env = {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp',
      DATABASE_URL: db.url, LASTCALL_DATA_DIR: dataDir, LASTCALL_SECRET_KEY: secretKey, LASTCALL_DEMO: '0',
      HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', LASTCALL_RATE_LIMIT_SCALE: '1000000',
    };
    const password = `${crypto.randomBytes(18).toString('base64url')}-Aa1`;
    execFileSync(process.execPath, ['bin/lastcall.js', 'staff', 'add', '--user', 'profile-supervisor', '--role', 'supervisor'], { cwd: projectRoot, input: `${password}\n`, env, stdio: ['pipe', 'ignore', 'inherit'] });
    const server = await startChild(['--cpu-prof', `--cpu-prof-dir=${outDir}`, 'bin/lastcall.js', 'serve'], env, /serving on (http:\/\/\S+)/);
    try {
      const customers = await obtainTokens(server.base, subscribers);
      const refs: { reference: string; token: string }[] = [];
      for (const c of customers) {
        const res = await fetch(`${server.base}/api/v1/cancellations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ msisdn: c.msisdn, reason: '出国定居，不再使用本号码', acknowledgements: ['prepaid_credit_refund', 'binding_wechat', 'port_out_option', 'backup_reminder'] }),
        });
        const body = (await res.json()) as { reference: string };
        if (res.status !== 201) throw new Error(`apply: ${res.status} ${JSON.stringify(body)}`);
        refs.push({ reference: body.reference, token: c.token });
      }
      // As bench/run.ts does after its applications: statistics for the new cases.
      execFileSync('psql', [db.url, '-qc', 'ANALYZE']);
      let route: RouteLoad;
      if (target === 'view') {
        route = { method: 'GET', request: (i) => ({ path: `/api/v1/cancellations/${refs[i % refs.length]!.reference}`, headers: { authorization: `Bearer ${refs[i % refs.length]!.token}` } }) };
      } else {
        const login = await fetch(`${server.base}/api/v1/staff/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'profile-supervisor', password }) });
        const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
        const p = target === 'queue' ? '/api/v1/staff/cases?state=undecided&sort=due' : '/api/v1/staff/dashboard';
        route = { method: 'GET', request: () => ({ path: p, headers: { cookie } }) };
      }
      const next = counter();
      await runLoad(server.base, route, next, { seconds: 2, connections: 10 });
      const r = await runLoad(server.base, route, next, { seconds, connections: 10, serverPid: server.child.pid });
      log(`${target}: ${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, server CPU ${r.serverCpuMsPerRequest} ms/request, non-2xx ${r.non2xx}`);
    } finally {
      await server.stop();
    }
    const file = fs.readdirSync(outDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(outDir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    if (!file) throw new Error(`no profile in ${outDir}`);
    console.log(`profile: ${file}`);
    console.log(summarise(file, top, seconds + 0.5));
  } finally {
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
