import type { AppContext } from '../app/context.js';
import { appendAudit } from '../store/audit.js';
import { sweepRateLimits } from '../app/identity/rate-limit.js';
import { sweepSla } from '../app/sla/sweep.js';

/**
 * Numbers rest in quarantine after cancellation so that the next holder does not receive the
 * last one's calls and codes. When the region's quarantine is over, the number goes back to the pool.
 */
export async function releaseQuarantinedNumbers(ctx: AppContext): Promise<number> {
  let released = 0;
  for (const region of Object.keys(ctx.calendars.regions)) {
    const today = ctx.calendars.calendar(region).localDateTime(ctx.clock.now()).date;
    const rows = await ctx.db.transaction(async (tx) => {
      const rows = await tx.query<{ id: number; msisdn: string }>(
        `UPDATE lines l SET status = 'released', released_on = $2, updated_at = now()
         FROM subscribers s
         WHERE s.id = l.subscriber_id AND s.region = $1 AND l.status = 'terminated' AND l.quarantine_ends_on <= $2
         RETURNING l.id, l.msisdn`,
        [region, today],
      );
      for (const r of rows) await appendAudit(tx, ctx.clock.now(), { actor: 'system', action: 'number.released', subject: r.msisdn, data: { lineId: r.id, releasedOn: today } });
      return rows;
    });
    released += rows.length;
  }
  if (released > 0) ctx.log.info({ released }, 'numbers released from quarantine');
  return released;
}

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
