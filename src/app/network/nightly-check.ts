import type { AppContext } from '../context.js';
import { compareLinesWithNetwork, type CompareOptions } from './compare-lines.js';
import { claimNetworkCheck, finishNetworkCheck, latestNetworkCheck } from '../../store/network.js';
import type { Queryable } from '../../store/db.js';

/**
 * Once a day the sweeps compare every line with the network (no repairs: a human decides with
 * `lastcall network reconcile --fix`) and keep the count for the supervisor's dashboard.
 */

export const networkCheckEveryHours = 24;
/** How many differences a check keeps, so the dashboard's reader can see what kind of drift it is. */
const sampleSize = 20;

export interface NetworkDrift {
  checkedAt: string;
  provisioner: string;
  /** Lines whose holding in the network was read. */
  checked: number;
  differences: number;
  /** Lines that could not be compared (the network did not answer for them). */
  failed: number;
}

export interface NightlyCheckResult {
  id: number;
  checked: number;
  differences: number;
  failed: number;
}

/**
 * Runs the comparison when the last one started more than a day ago (several sweeping processes
 * agree on who runs it); null when none was due.
 */
export async function runNightlyNetworkCheck(ctx: Pick<AppContext, 'db' | 'network' | 'clock' | 'log'>, opts: Pick<CompareOptions, 'signal'> = {}): Promise<NightlyCheckResult | null> {
  const id = await claimNetworkCheck(ctx.db, ctx.clock.now(), networkCheckEveryHours, ctx.network.name);
  if (id === null) return null;
  const r = await compareLinesWithNetwork(ctx, { fix: false, ...opts });
  // Lines never reached (the network stopped answering, or the process is stopping) count as failed.
  const failed = r.failures.length + Math.max(0, r.total - r.checked - r.failures.length);
  const sample = r.differences.slice(0, sampleSize).map((d) => ({ kind: d.kind, msisdn: d.msisdn, imsi: d.imsi, status: d.status }));
  await finishNetworkCheck(ctx.db, id, ctx.clock.now(), { checked: r.checked, differences: r.differences.length, failed, sample });
  const summary = { checked: r.checked, differences: r.differences.length, failed, provisioner: r.provisioner };
  if (summary.differences > 0 || failed > 0) ctx.log.warn(summary, 'the lines and the network differ; run lastcall network reconcile');
  else ctx.log.info(summary, 'the lines and the network agree');
  return { id, checked: r.checked, differences: r.differences.length, failed };
}

/** The last finished check, or null when none ran yet. */
export async function readNetworkDrift(db: Queryable): Promise<NetworkDrift | null> {
  const row = await latestNetworkCheck(db);
  if (!row || row.finished_at === null) return null;
  return { checkedAt: new Date(row.finished_at).toISOString(), provisioner: row.provisioner, checked: row.checked, differences: row.differences, failed: row.failed };
}
