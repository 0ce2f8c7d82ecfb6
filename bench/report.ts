/** The bench's result: one table on stdout, the same numbers as JSON in bench/results/latest.json. */
import fs from 'node:fs';
import path from 'node:path';
import type { HlrBenchOutcome } from './hlr.js';
import type { SmsBenchOutcome } from './sms.js';
import type { PartnersBenchOutcome } from './partners.js';
import type { ReceiptsBenchOutcome } from './receipts.js';
import type { BulkBenchOutcome } from './bulk.js';
import type { LoadResult } from './load.js';
import type { PgbenchResult } from './pgbench.js';
import type { VerificationTiming } from './verification-timing.js';
import type { StartupBenchOutcome } from './startup.js';

export interface RouteResult {
  lastcall: LoadResult;
  bareNode: LoadResult;
  pgbench: PgbenchResult;
  /** Throughput ratios: lastcall req/s ÷ bare node req/s, and ÷ pgbench transactions/s. */
  ratios: { lastcallToBareNode: number; lastcallToPgbench: number };
}

export interface BenchReport {
  command: string;
  startedAt: string;
  machine: Record<string, string | number>;
  settings: Record<string, number>;
  setup: Record<string, number | boolean>;
  post: RouteResult;
  /**
   * pgbench of the simplest submit (apply-simplest.sql: the four rows, no counter, no chain), and
   * lastcall's POST and pgbench's same-SQL run against it: what the gap-free reference, the audit
   * chain and the checks around them cost.
   */
  simplestSubmit: { pgbench: PgbenchResult; lastcallToSimplest: number; sameSqlToSimplest: number };
  get: RouteResult;
  /** The receipt PDF against the JSON view of the same cases, in the same run. */
  receipt: { lastcall: LoadResult; toJsonView: number };
  /** The staff console's two heaviest reads over every case of the run, against the customer's JSON view. */
  staff: { queue: LoadResult; dashboard: LoadResult; queueToJsonView: number; dashboardToJsonView: number; cases: number };
  verificationTiming: VerificationTiming;
  /** osmo-hlr through the adapter beside a minimal CTRL script (hlr.ts), or why not. */
  hlr: HlrBenchOutcome;
  /** SMS through the SMPP client beside a bare session, keyword reply latency, mail in (sms.ts), or why not. */
  sms: SmsBenchOutcome;
  /** Partner queries beside a bare server, webhook deliveries beside a minimal script (partners.ts), or why not. */
  partners: PartnersBenchOutcome;
  /** Status reads alone and beside receipts fetched at full rate (receipts.ts), or why not. */
  receiptsUnderLoad: ReceiptsBenchOutcome;
  /** Seed, import and bulk termination's database part (bulk.ts), or why not. */
  bulk: BulkBenchOutcome;
  startup: StartupBenchOutcome;
  notes: string[];
}

export function ratios(lastcall: LoadResult, bare: LoadResult, pgbench: PgbenchResult) {
  return {
    lastcallToBareNode: Math.round((lastcall.reqPerSec / bare.reqPerSec) * 1000) / 1000,
    lastcallToPgbench: Math.round((lastcall.reqPerSec / pgbench.tps) * 1000) / 1000,
  };
}

const fmt = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');

export function table(r: BenchReport): string {
  const head = ['route', 'lastcall req/s', 'p50 ms', 'p99 ms', 'bare node req/s', 'p50 ms', 'p99 ms', 'pgbench tps', 'avg ms', 'lastcall/bare', 'lastcall/pgbench'];
  const row = (name: string, x: RouteResult) => [
    name,
    fmt(x.lastcall.reqPerSec, 0), fmt(x.lastcall.p50Ms, 2), fmt(x.lastcall.p99Ms, 2),
    fmt(x.bareNode.reqPerSec, 0), fmt(x.bareNode.p50Ms, 2), fmt(x.bareNode.p99Ms, 2),
    fmt(x.pgbench.tps, 0), fmt(x.pgbench.latencyAvgMs, 2),
    fmt(x.ratios.lastcallToBareNode, 3), fmt(x.ratios.lastcallToPgbench, 3),
  ];
  const rows = [head, row('POST /api/v1/cancellations', r.post), row('GET /api/v1/cancellations/{ref}', r.get)];
  const widths = head.map((_, i) => Math.max(...rows.map((x) => x[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The reads measured in turn (run.ts measureInTurns): every round's rate behind the median the table shows. */
export function roundsLine(r: BenchReport): string {
  const rates = (x: LoadResult) => (x.roundsReqPerSec ?? [x.reqPerSec]).map((v) => fmt(v, 0)).join(' / ');
  const n = r.get.lastcall.roundsReqPerSec?.length ?? 1;
  return `GET reads: the median of ${n} rounds taken in turn (view, bare view, queue, dashboard); req/s a round: ` +
    `view ${rates(r.get.lastcall)}; bare ${rates(r.get.bareNode)}; queue ${rates(r.staff.queue)}; dashboard ${rates(r.staff.dashboard)}`;
}

export function simplestLine(r: BenchReport): string {
  const x = r.simplestSubmit;
  return `pgbench of the simplest submit (four inserts, no reference counter, no audit chain): ${fmt(x.pgbench.tps, 0)} tps, avg ${fmt(x.pgbench.latencyAvgMs, 2)} ms; ` +
    `POST /api/v1/cancellations ${fmt(x.lastcallToSimplest, 3)}× it, pgbench of lastcall's SQL ${fmt(x.sameSqlToSimplest, 3)}× it`;
}

export function receiptLine(r: BenchReport): string {
  const x = r.receipt.lastcall;
  return `GET /api/v1/cancellations/{ref}/receipt.pdf: ${fmt(x.reqPerSec, 1)} req/s, p50 ${fmt(x.p50Ms, 1)} ms, p99 ${fmt(x.p99Ms, 1)} ms; ${fmt(r.receipt.toJsonView, 3)}× the JSON view`;
}

export function staffLines(r: BenchReport): string {
  const line = (name: string, x: LoadResult, ratio: number) =>
    `${name}: ${fmt(x.reqPerSec, 1)} req/s, p50 ${fmt(x.p50Ms, 1)} ms, p99 ${fmt(x.p99Ms, 1)} ms; ${fmt(ratio, 3)}× the JSON view`;
  return [
    `staff console over ${r.staff.cases} cases:`,
    line('  GET /api/v1/staff/cases?state=undecided (the queue: its default page, 50 rows with SLA badges)', r.staff.queue, r.staff.queueToJsonView),
    line('  GET /api/v1/staff/dashboard (8 weeks of SLA figures)', r.staff.dashboard, r.staff.dashboardToJsonView),
  ].join('\n');
}

export function writeJson(r: BenchReport, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + '\n');
}

export function timingTable(t: VerificationTiming): string {
  const rows = [
    ['POST /api/v1/verifications, one at a time', 'n', 'p50 ms', 'p90 ms', 'mean ms', 'p50 ÷ matching'],
    ['right details (a code is sent)', String(t.matching.n), fmt(t.matching.p50Ms, 2), fmt(t.matching.p90Ms, 2), fmt(t.matching.meanMs, 2), '1.000'],
    ['known number, wrong name', String(t.wrongName.n), fmt(t.wrongName.p50Ms, 2), fmt(t.wrongName.p90Ms, 2), fmt(t.wrongName.meanMs, 2), fmt(t.ratios.wrongNameToMatching, 3)],
    ['unknown number', String(t.unknownNumber.n), fmt(t.unknownNumber.p50Ms, 2), fmt(t.unknownNumber.p90Ms, 2), fmt(t.unknownNumber.meanMs, 2), fmt(t.ratios.unknownNumberToMatching, 3)],
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((x) => x[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
