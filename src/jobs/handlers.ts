import type { AppContext } from '../app/context.js';
import { fulfilCase } from '../app/cases/fulfil.js';
import { deliverCommunication } from '../app/messages/deliver.js';
import { barLine } from '../app/network/bar-line.js';
import { unbarLine } from '../app/network/unbar-line.js';
import { deliverWebhook } from '../app/partners/deliver.js';
import { restoreLineInNetwork } from '../app/network/restore-line.js';
import type { JobHandlers } from './outbox-worker.js';

/** What each outbox topic does; payloads arrive parsed by their topic's schema. Each handler is safe to run twice. */
export function jobHandlers(ctx: AppContext): JobHandlers {
  return {
    deliver_communication: ({ communicationId, answersTextAt }) => deliverCommunication(ctx, communicationId, answersTextAt),
    fulfil_case: async ({ caseId }, job) => {
      await fulfilCase(ctx, caseId, job.attempts);
    },
    bar_line: ({ lineId }, job) => barLine(ctx, lineId, job.attempts),
    unbar_line: ({ lineId }, job) => unbarLine(ctx, lineId, job.attempts),
    restore_line: ({ lineId }, job) => restoreLineInNetwork(ctx, lineId, job.attempts),
    deliver_webhook: ({ deliveryId }, job) => deliverWebhook(ctx, deliveryId, job),
  };
}
