/** Who the caller is: a customer's verification and token, a staff member's session. */
import { z } from 'zod';
import { staffRoles } from '../../domain/roles.js';
import { instant } from './common.js';

export const verificationChannel = z.enum(['sms', 'email']);

/** The same shape whether or not the details matched: it reveals nothing new. */
export const verificationStarted = z.object({
  verificationId: z.guid(),
  channel: verificationChannel,
  maskedDestination: z.string(),
  expiresAt: instant.describe('When the code stops working'),
});

export const customerToken = z.object({
  token: z.string(),
  expiresAt: instant.describe("On the server's clock"),
  expiresIn: z.number().describe('Seconds the token lives from now, for a client whose clock is off'),
});

export const staffRole = z.enum(staffRoles);

export const staffSession = z.object({ user: z.string(), role: staffRole, csrfToken: z.string() });

export const demoLogins = z.object({ users: z.array(z.object({ user: z.string(), role: staffRole })), password: z.string() });

export type VerificationChannel = z.infer<typeof verificationChannel>;
export type VerificationStarted = z.infer<typeof verificationStarted>;
export type CustomerToken = z.infer<typeof customerToken>;
export type StaffSession = z.infer<typeof staffSession>;
export type DemoLogins = z.infer<typeof demoLogins>;
