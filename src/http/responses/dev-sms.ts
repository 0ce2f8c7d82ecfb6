/** POST /dev/sms: what answering a played incoming text came to (the reply lands in the dev mailbox). */
import { z } from 'zod';
import { smsCommandKinds, smsOutcomes } from '../../domain/sms-keywords.js';

export const devSmsHandled = z.object({
  outcome: z.enum(smsOutcomes),
  command: z.enum(smsCommandKinds).nullable().describe('The keyword read from the text; null when the text was not ours to read'),
  replyId: z.number().int().nullable().describe("The reply's communication id; null when nothing is sent back"),
});

export type DevSmsHandled = z.infer<typeof devSmsHandled>;
