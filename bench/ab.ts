/**
 * An interleaved A/B of one read: `node bin/run-ts.js bench/ab.ts [view|queue|dashboard]`. One
 * database (bench/read-load.ts); each variant is `lastcall serve` started with its own extra
 * environment, loaded for AB_SECONDS (8) after 2 s of warm-up, stopped; variants take turns for
 * AB_ROUNDS (3) rounds, so the machine's drift (±30 % between runs here) falls on all of them alike.
 * Each turn reports req/s and the CPU a request of the server, of PostgreSQL (every postgres
 * process, from /proc) and of the load generator (this process): a single bench run cannot tell a
 * 10 % change from noise, and a CPU profile's shares mislead (see the README, "Fast and big").
 * Variants (env): AB='[{}, {"SOME_SETTING": "1"}]' (default: the one build as it is, twice),
 * AB_LINES (300 subscribers, each applies once).
 */
import fs from 'node:fs';
import { counter, runLoad } from './load.js';
import { startChild } from './processes.js';
import { prepareReadLoad, readTargets, type ReadTarget } from './read-load.js';

const target = (process.argv.slice(2).find((a) => (readTargets as readonly string[]).includes(a)) ?? 'view') as ReadTarget;
const variants = JSON.parse(process.env.AB ?? '[{}, {}]') as Record<string, string>[];
const rounds = Number(process.env.AB_ROUNDS ?? 3);
const seconds = Number(process.env.AB_SECONDS ?? 8);
const log = (msg: string) => process.stderr.write(`[ab] ${msg}\n`);

/** CPU seconds of every running postgres process (utime + stime, in clock ticks of 10 ms). */
function postgresCpuSeconds(): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100;
}

const ownCpuSeconds = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1e6;
};

const load = await prepareReadLoad({ lines: Number(process.env.AB_LINES ?? 300), log });
try {
  await load.server.stop();
  for (let round = 1; round <= rounds; round++) {
    for (const variant of variants) {
      const server = await startChild(['bin/lastcall.js', 'serve'], { ...load.env, ...variant }, /serving on (http:\/\/\S+)/);
      try {
        const route = await load.route(target, server.base);
        const next = counter();
        await runLoad(server.base, route, next, { seconds: 2, connections: 10 });
        const pg0 = postgresCpuSeconds();
        const own0 = ownCpuSeconds();
        const r = await runLoad(server.base, route, next, { seconds, connections: 10, serverPid: server.child.pid });
        const requests = r.reqPerSec * seconds;
        const ms = (s: number) => ((s * 1000) / requests).toFixed(3);
        console.log(
          `round ${round} ${JSON.stringify(variant)}: ${r.reqPerSec} req/s, p99 ${r.p99Ms} ms, CPU a request: server ${r.serverCpuMsPerRequest} ms, ` +
            `PostgreSQL ${ms(postgresCpuSeconds() - pg0)} ms, load generator ${ms(ownCpuSeconds() - own0)} ms, non-2xx ${r.non2xx}`,
        );
      } finally {
        await server.stop();
      }
    }
  }
} finally {
  await load.close();
}
