import type { AppContext } from '../app/context.js';
import { fulfilCase } from '../app/cases/fulfil.js';
import { appendAudit } from '../app/evidence/audit.js';
import { messageSubject } from '../app/messages/outgoing.js';
import { appendEvent, findOpenCaseForLine } from '../store/cases.js';
import { findLineById } from '../store/lines.js';
import type { JobHandler } from './outbox-worker.js';
import type { OutboxTopic } from '../store/outbox.js';

/** What each outbox topic does. Each handler is safe to run twice. */
export function jobHandlers(ctx: AppContext): Record<OutboxTopic, JobHandler> {
  return {
    async deliver_communication(payload) {
      const id = Number(payload.communicationId);
      try {
        await ctx.db.transaction(async (tx) => {
          const [m] = await tx.query<{ channel: 'email' | 'sms'; recipient: string; subject: string; body: string; message_id: string; status: string; reference: string | null; subscriber_id: number | null }>(
            `SELECT m.channel, m.recipient, m.subject, m.body, m.message_id, m.status, m.subscriber_id, c.reference
             FROM communications m LEFT JOIN cases c ON c.id = m.case_id WHERE m.id = $1 FOR UPDATE OF m`,
            [id],
          );
          if (!m || m.status !== 'pending') return;
          await ctx.sender.send({ channel: m.channel, to: await ctx.vault.open(m.recipient), subject: m.subject, text: m.body, messageId: m.message_id }, tx);
          await tx.query(`UPDATE communications SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL WHERE id = $1`, [id, ctx.clock.now()]);
          await appendAudit(tx, ctx.clock.now(), { actor: 'system', action: 'message.sent', subject: messageSubject(m.reference, m.subscriber_id), data: { communicationId: id, channel: m.channel, messageId: m.message_id } });
        });
      } catch (err) {
        // Recorded after the rollback, so the failure is visible on the message itself.
        await ctx.db.query('UPDATE communications SET attempts = attempts + 1, last_error = $2 WHERE id = $1', [id, (err as Error).message]);
        throw err;
      }
    },
    async fulfil_case(payload, job) {
      await fulfilCase(ctx, Number(payload.caseId), job.attempts);
    },
    async bar_line(payload, job) {
      const line = await findLineById(ctx.db, Number(payload.lineId));
      if (!line || line.status !== 'suspended') return;
      const op = await ctx.network.bar({ msisdn: line.msisdn, imsi: line.imsi, iccid: line.iccid });
      const open = await findOpenCaseForLine(ctx.db, line.id);
      if (open) {
        await appendEvent(ctx.db, open.id, { type: 'network_barred', actor: 'system', at: ctx.clock.now(), data: { attempt: job.attempts, provisioner: ctx.network.name, ...op } });
      }
    },
  };
}
