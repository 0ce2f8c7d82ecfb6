/** The promise and its figures: due days, service hours, the supervisor's dashboard. */
import { z } from 'zod';
import { ageingBuckets, slaPauseReasons } from '../../domain/sla-figures.js';
import { caseChannel, count, instant, isoDate } from './common.js';

export const dueDate = z.object({
  region: z.string(),
  receivedOn: isoDate,
  dueOn: isoDate,
  provisional: z.boolean().describe("A day in a year whose official calendar is not loaded"),
  workingDays: z.number().int(),
  calendarVersion: z.string(),
});

export const serviceHours = z.object({
  region: z.string(),
  hotline: z.string().describe('The number to call'),
  timeZone: z.string(),
  open: z.boolean(),
  opensAt: instant.optional(),
  closesAt: instant.optional(),
  provisional: z.boolean(),
});

export const compliance = z.object({
  decided: count,
  onTime: count,
  share: z.number().min(0).max(1).nullable().describe('onTime / decided (4 decimals); null when nothing was decided'),
});

export const dashboard = z.object({
  from: isoDate,
  to: isoDate,
  generatedAt: instant,
  openByState: z.object({ submitted: count, in_review: count, awaiting_customer: count, approved: count }),
  compliance: z.object({
    overall: compliance,
    byWeek: z.array(compliance.extend({ week: z.string().describe('ISO week, e.g. 2026-W48') })),
    byChannel: z.array(compliance.extend({ channel: caseChannel })),
    byPauseReason: z.array(compliance.extend({ reason: z.enum(slaPauseReasons) })),
  }),
  ageing: z.array(z.object({ bucket: z.enum(ageingBuckets), count })),
  intake: z.array(z.object({ day: isoDate, web: count, form: count, email: count, hotline: count, sms: count, api: count, bulk: count })).describe('Cases submitted each local day, by channel'),
  callbacksWaiting: count,
  breachedOpen: count,
  networkDrift: z
    .object({
      checkedAt: instant.describe('When the last nightly comparison of the lines with the network finished'),
      provisioner: z.string().describe('The network compared: osmo-hlr, or the built-in simulator'),
      checked: count.describe('Lines whose holding in the network was read'),
      differences: count.describe('Differences found (see lastcall network reconcile)'),
      failed: count.describe('Lines that could not be compared'),
    })
    .nullable()
    .describe('The last nightly comparison with the network; null before the first one'),
});

export type DueDate = z.infer<typeof dueDate>;
export type ServiceHours = z.infer<typeof serviceHours>;
export type Compliance = z.infer<typeof compliance>;
export type Dashboard = z.infer<typeof dashboard>;
