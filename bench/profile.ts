/**
 * A CPU profile of `lastcall serve` on PostgreSQL under one read's load (10 connections), and
 * its top lines by self time: `node bin/run-ts.js bench/profile.ts [view|queue|dashboard]`.
 * Settings (env): PROFILE_SECONDS (10), PROFILE_LINES (300 subscribers, each applies once),
 * PROFILE_OUT (directory for the .cpuprofile; default a temporary one, printed), PROFILE_TOP (25).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { counter, runLoad } from './load.js';
import { projectRoot } from './processes.js';
import { prepareReadLoad, readTargets, type ReadTarget } from './read-load.js';

const target = (process.argv.slice(2).find((a) => (readTargets as readonly string[]).includes(a)) ?? 'view') as ReadTarget;
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
  const load = await prepareReadLoad({ lines, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${outDir}`], log });
  try {
    try {
      const route = await load.route(target, load.server.base);
      const next = counter();
      await runLoad(load.server.base, route, next, { seconds: 2, connections: 10 });
      const r = await runLoad(load.server.base, route, next, { seconds, connections: 10, serverPid: load.server.child.pid });
      log(`${target}: ${r.reqPerSec} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, server CPU ${r.serverCpuMsPerRequest} ms/request, non-2xx ${r.non2xx}`);
    } finally {
      await load.server.stop();
    }
    const file = fs.readdirSync(outDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(outDir, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    if (!file) throw new Error(`no profile in ${outDir}`);
    console.log(`profile: ${file}`);
    console.log(summarise(file, top, seconds + 0.5));
  } finally {
    await load.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
