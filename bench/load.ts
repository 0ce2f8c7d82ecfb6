/**
 * HTTP load with autocannon: a fixed number of keep-alive connections, each sending its next
 * request as soon as the previous answer arrives (closed loop), for a fixed time.
 *
 * autocannon's own latency histogram counts whole milliseconds, too coarse for a bare server
 * answering in 0.3 ms, so the per-response times it reports in its 'response' event (float ms,
 * measured by autocannon itself) are collected here and the percentiles taken exactly.
 */
import autocannon from 'autocannon';
import { cpuSeconds } from './processes.js';

export interface RouteLoad {
  method: 'GET' | 'POST';
  /** The i-th request of the run (i counts across warm-up and measurement). */
  request(i: number): { path: string; headers: Record<string, string>; body?: string };
  /** How many distinct requests exist; past it the run stops early (POST: one line each). */
  limit?: number;
}

export interface LoadResult {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  statusCodes: Record<string, number>;
  /** True when the run stopped early because `limit` requests were used up. */
  exhausted: boolean;
  /** CPU time the server process spent per answered request (ms), when its pid is known. */
  serverCpuMsPerRequest?: number;
  /** Measured in several rounds (run.ts measureInTurns): every round's rate; this result is the median round. */
  roundsReqPerSec?: number[];
}

const percentile = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A counter shared by the warm-up and the measured run, so no line is applied for twice. */
export function counter() {
  let i = 0;
  return () => i++;
}

export async function runLoad(
  base: string,
  route: RouteLoad,
  next: () => number,
  opts: { seconds: number; connections: number; serverPid?: number | undefined },
): Promise<LoadResult> {
  let exhausted = false;
  let stop: () => void = () => {}; // set once autocannon exists; setupRequest runs during its construction too
  const latencies: number[] = [];
  const instance = autocannon({
    url: base,
    connections: opts.connections,
    duration: opts.seconds,
    pipelining: 1,
    timeout: 30,
    requests: [
      {
        method: route.method,
        setupRequest: (req) => {
          let i = next();
          if (route.limit !== undefined && i >= route.limit) {
            // Out of lines: stop rather than measure 409 answers; the run is flagged.
            exhausted = true;
            stop();
            i = route.limit - 1;
          }
          const r = route.request(i);
          return { ...req, method: route.method, path: r.path, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) };
        },
      },
    ],
  });
  stop = () => instance.stop();
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (status >= 200 && status < 300) latencies.push(ms);
  });
  const cpuBefore = cpuSeconds(opts.serverPid);
  const started = process.hrtime.bigint();
  const result = await instance;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const serverCpu = cpuSeconds(opts.serverPid) - cpuBefore;
  const sorted = Float64Array.from(latencies).sort();
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats).map(([k, v]) => [k, v.count]));
  return {
    reqPerSec: round(latencies.length / seconds, 1),
    p50Ms: round(percentile(sorted, 50), 3),
    p99Ms: round(percentile(sorted, 99), 3),
    meanMs: round(sorted.reduce((a, b) => a + b, 0) / (sorted.length || 1), 3),
    ok: latencies.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds: round(seconds, 2),
    statusCodes,
    exhausted,
    ...(Number.isFinite(serverCpu) ? { serverCpuMsPerRequest: round((serverCpu * 1000) / (latencies.length || 1), 3) } : {}),
  };
}
