/** The dev mailbox: what would have been sent while no SMTP or SMPP server is set. */
import { z } from 'zod';
import { messageChannels } from '../../domain/channels.js';
import { instant } from './common.js';

export const devMessage = z.object({
  id: z.number().int(),
  channel: z.enum(messageChannels),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  sentAt: instant,
});

export const devMailbox = z.array(devMessage);

export type DevMessage = z.infer<typeof devMessage>;
