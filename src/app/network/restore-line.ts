import type { AppContext } from '../context.js';
import { appendAudit } from '../../store/audit.js';
import { findLineById } from '../../store/lines.js';

/** Provisions a line again after its cancellation was undone (the HLR had deleted the subscriber). */
export async function restoreLineInNetwork(ctx: AppContext, lineId: number, attempt: number): Promise<void> {
  const line = await findLineById(ctx.db, lineId);
  // Cancelled again meanwhile: nothing to bring back.
  if (!line || (line.status !== 'active' && line.status !== 'suspended')) return;
  const op = await ctx.network.provision({ msisdn: line.msisdn, imsi: line.imsi, iccid: line.iccid }, { barred: line.status === 'suspended' });
  await appendAudit(ctx.db, ctx.clock.now(), { actor: 'system', action: 'network.restored', subject: line.msisdn, data: { lineId, attempt, provisioner: ctx.network.name, ...op } });
}
