import type { AppContext } from '../app/context.js';
import { sweepRateLimits } from '../app/identity/rate-limit.js';
import { sweepSla } from '../app/sla/sweep.js';
import { releaseQuarantinedNumbers } from '../app/lines/release-quarantine.js';

/**
 * Runs the periodic sweeps now and then every `everyMs`; returns a function that stops them.
 * Every few minutes, so that a case past its due day is flagged soon after local midnight.
 */
export function startSweeps(ctx: AppContext, everyMs = 5 * 60_000): () => void {
  const run = () => {
    void sweepSla(ctx).catch((err: unknown) => ctx.log.error({ err }, 'SLA sweep failed'));
    void releaseQuarantinedNumbers(ctx).catch((err: unknown) => ctx.log.error({ err }, 'quarantine sweep failed'));
    void sweepRateLimits(ctx.db, ctx.clock.now()).catch((err: unknown) => ctx.log.error({ err }, 'rate-limit sweep failed'));
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
