import type { AppContext } from '../app/context.js';

/**
 * Numbers rest in quarantine after cancellation so that the next holder does not receive the
 * last one's calls and codes. When the region's quarantine is over, the number goes back to the pool.
 */
export async function releaseQuarantinedNumbers(ctx: AppContext): Promise<number> {
  let released = 0;
  for (const region of Object.keys(ctx.calendars.regions)) {
    const today = ctx.calendars.calendar(region).localDateTime(ctx.clock.now()).date;
    const rows = await ctx.db.query<{ id: number }>(
      `UPDATE lines l SET status = 'released', released_on = $2, updated_at = now()
       FROM subscribers s
       WHERE s.id = l.subscriber_id AND s.region = $1 AND l.status = 'terminated' AND l.quarantine_ends_on <= $2
       RETURNING l.id`,
      [region, today],
    );
    released += rows.length;
  }
  if (released > 0) ctx.log.info({ released }, 'numbers released from quarantine');
  return released;
}

/** Runs the periodic sweeps now and then every `everyMs`; returns a function that stops them. */
export function startSweeps(ctx: AppContext, everyMs = 3600_000): () => void {
  const run = () => void releaseQuarantinedNumbers(ctx).catch((err: unknown) => ctx.log.error({ err }, 'quarantine sweep failed'));
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
