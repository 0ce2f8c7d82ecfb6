/** The ways in besides the portal, for the portal to tell customers about them. */
import { z } from 'zod';

export const channels = z.object({
  mailIn: z
    .object({ address: z.string().describe('Where a signed application form can be mailed (CONTRACT §8)') })
    .nullable()
    .describe('Null when applications by e-mail are not taken (LASTCALL_MAIL_IN unset)'),
  smsShortcode: z.string().describe('The short code that takes 注销 / CANCEL / STAC texts (CONTRACT §7)'),
});

export type Channels = z.infer<typeof channels>;
