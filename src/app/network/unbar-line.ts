import type { AppContext } from '../context.js';
import { recordCaseEvent } from '../case-events.js';
import { inTransaction } from '../transaction.js';
import { findOpenCaseForLine } from '../../store/cases.js';
import { findLineById } from '../../store/lines.js';

/** Lifts a line's bar in the network once it is active again (found phone), then notes it on its open case. */
export async function unbarLine(ctx: AppContext, lineId: number, attempt: number): Promise<void> {
  const line = await findLineById(ctx.db, lineId);
  // Barred again meanwhile, or on its way out: the bar stays.
  if (!line || line.status !== 'active') return;
  const op = await ctx.network.unbar({ msisdn: line.msisdn, imsi: line.imsi, iccid: line.iccid });
  await inTransaction(ctx, async (tx) => {
    const open = await findOpenCaseForLine(tx, line.id);
    if (open) await recordCaseEvent(tx, open.id, { type: 'network_unbarred', actor: 'system', at: ctx.clock.now(), data: { attempt, provisioner: ctx.network.name, ...op } });
  });
}
