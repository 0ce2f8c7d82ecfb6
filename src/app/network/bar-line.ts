/**
 * The network room: what lastcall asks of the mobile network (bar a lost line, take an ended one
 * off), through the NetworkProvisioner port. Fulfilment's removal lives with the case it ends
 * (cases/fulfil.ts); the HLR adapter, sync and reconcile will join this room.
 */
import type { AppContext } from '../context.js';
import { recordCaseEvent } from '../case-events.js';
import { inTransaction } from '../transaction.js';
import { findOpenCaseForLine } from '../../store/cases.js';
import { findLineById } from '../../store/lines.js';

/** Bars a suspended line (outside any transaction), then notes it on the line's open case. */
export async function barLine(ctx: AppContext, lineId: number, attempt: number): Promise<void> {
  const line = await findLineById(ctx.db, lineId);
  if (!line || line.status !== 'suspended') return;
  const op = await ctx.network.bar({ msisdn: line.msisdn, imsi: line.imsi, iccid: line.iccid });
  await inTransaction(ctx, async (tx) => {
    const open = await findOpenCaseForLine(tx, line.id);
    if (open) await recordCaseEvent(tx, open.id, { type: 'network_barred', actor: 'system', at: ctx.clock.now(), data: { attempt, provisioner: ctx.network.name, ...op } });
  });
}
