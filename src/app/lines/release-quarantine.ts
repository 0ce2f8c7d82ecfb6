import type { AppContext } from '../context.js';
import { appendAudit } from '../../store/audit.js';
import { findSubscriber, releaseQuarantinedLines } from '../../store/lines.js';
import { queueMessage } from '../messages/outgoing.js';
import { tellPartnersOfLine } from '../partners/line-news.js';

/**
 * Numbers rest in quarantine after cancellation so that the next holder does not receive the
 * last one's calls and codes. When the region's quarantine is over, the number goes back to the pool;
 * its former holder and the partners who asked are told.
 */
export async function releaseQuarantinedNumbers(ctx: AppContext): Promise<number> {
  let released = 0;
  for (const region of Object.keys(ctx.calendars.regions)) {
    const today = ctx.calendars.calendar(region).localDateTime(ctx.clock.now()).date;
    const rows = await ctx.db.transaction(async (tx) => {
      const rows = await releaseQuarantinedLines(tx, region, today);
      for (const r of rows) {
        await appendAudit(tx, ctx.clock.now(), { actor: 'system', action: 'number.released', subject: r.msisdn, data: { lineId: r.id, releasedOn: today } });
        await tellPartnersOfLine(tx, ctx.clock.now(), { id: r.id, msisdn: r.msisdn, status: 'released', terminatedOn: r.terminated_on, hasOpenCase: false }, {
          type: 'number.released',
          data: { msisdn: r.msisdn, terminatedOn: r.terminated_on, releasedOn: today },
        }, ctx.config.publicUrl);
        // The former holder's last notice: bindings still on the number would now reach a stranger.
        const holder = await findSubscriber(tx, ctx.vault, r.subscriber_id);
        if (holder) {
          await queueMessage(ctx, tx, {
            caseId: null,
            subscriberId: holder.id,
            channel: 'email',
            to: holder.email,
            language: holder.language,
            message: { template: 'number_released', vars: { msisdn: r.msisdn, terminatedOn: r.terminated_on, releasedOn: today } },
          });
        }
      }
      return rows;
    });
    released += rows.length;
  }
  if (released > 0) ctx.log.info({ released }, 'numbers released from quarantine');
  return released;
}
