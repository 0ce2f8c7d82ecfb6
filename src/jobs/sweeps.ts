import type { AppContext } from '../app/context.js';
import { sweepRateLimits } from '../app/identity/rate-limit.js';
import { sweepSla } from '../app/sla/sweep.js';
import { compactDashboard } from '../app/sla/dashboard.js';
import { releaseQuarantinedNumbers } from '../app/lines/release-quarantine.js';
import { runNightlyNetworkCheck } from '../app/network/nightly-check.js';
import { heldReadMs } from '../app/held-reads.js';
import { CaseChangePruner } from '../store/case-changes.js';

/**
 * Runs the periodic sweeps now and then every `everyMs`; returns a function that stops them.
 * Every few minutes, so that a case past its due day is flagged soon after local midnight.
 */
export function startSweeps(ctx: AppContext, everyMs = 5 * 60_000): () => void {
  const stopping = new AbortController();
  // Twice the hold: a page's snapshot is a moment older than the answer that vouched for it.
  const caseChanges = new CaseChangePruner(2 * heldReadMs);
  let comparing = false;
  // The daily comparison with the network is looked at from the second tick on: at start, a serving
  // process first syncs its network (the simulator starts empty), and a check before that would
  // report every line as drift for a whole day.
  const compareWithNetwork = () => {
    if (comparing) return;
    comparing = true;
    void runNightlyNetworkCheck(ctx, { signal: stopping.signal })
      .catch((err: unknown) => ctx.log.error({ err }, 'network comparison failed'))
      .finally(() => (comparing = false));
  };
  const run = (first: boolean) => {
    void sweepSla(ctx).catch((err: unknown) => ctx.log.error({ err }, 'SLA sweep failed'));
    void releaseQuarantinedNumbers(ctx).catch((err: unknown) => ctx.log.error({ err }, 'quarantine sweep failed'));
    void sweepRateLimits(ctx.db, ctx.clock.now()).catch((err: unknown) => ctx.log.error({ err }, 'rate-limit sweep failed'));
    void compactDashboard(ctx).catch((err: unknown) => ctx.log.error({ err }, 'dashboard rollup compaction failed'));
    void caseChanges.prune(ctx.db).catch((err: unknown) => ctx.log.error({ err }, 'case change pruning failed'));
    if (!first) compareWithNetwork();
  };
  run(true);
  const timer = setInterval(() => run(false), everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    stopping.abort();
  };
}
