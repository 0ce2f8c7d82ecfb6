/** Lines and their pre-check, as the customer sees them (and the desk reads the pre-check out). */
import { z } from 'zod';
import { bindingKinds } from '../../domain/precheck.js';
import { bilingual, isoDate, instant, lineStatus } from './common.js';

export const money = z.object({ amountMinor: z.number().int().describe('Negative: the customer owes it'), currency: z.string() });

export const lineView = z.object({
  msisdn: z.string(),
  region: z.string(),
  status: lineStatus,
  statusLabel: bilingual.describe('The status in the customer\'s words ("已注销 / Cancelled")'),
  simType: z.enum(['physical', 'esim']),
  plan: z.enum(['prepaid', 'postpaid']),
  balance: money,
  contractEnd: isoDate.nullable(),
  suspendedAt: instant.nullable(),
  terminatedOn: isoDate.nullable(),
  quarantineEndsOn: isoDate.nullable(),
  undoUntil: isoDate.nullable().describe('The last day the former holder may undo the cancellation (POST /lines/{msisdn}/restore); null where the region offers none'),
  bindings: z.array(z.object({ kind: z.string().describe(`One of ${bindingKinds.join(', ')}`), state: z.string().describe('bound or unbound') })),
  openCase: z.object({ reference: z.string(), state: z.string().describe('A case state') }).nullable(),
});

export const lineList = z.object({ items: z.array(lineView) });

/**
 * One item of the checklist. The fields besides code, kind and message depend on the code:
 * amounts for debt and refund, the charge for an early end of contract, the service of a binding.
 */
export const precheckItem = z.object({
  code: z.string().describe('outstanding_debt, prepaid_credit_refund, early_termination_charge, binding_<kind>, port_out_option, esim_profile or backup_reminder'),
  kind: z.enum(['blocking', 'advisory']),
  message: z.string(),
  amountMinor: z.number().int().optional(),
  currency: z.string().optional(),
  contractEnd: isoDate.optional(),
  remainingMonths: z.number().int().optional(),
  chargeMinor: z.number().int().optional(),
  service: z.enum(bindingKinds).optional(),
});

export const precheck = z.object({
  msisdn: z.string(),
  asOf: isoDate.describe("Today in the line's region"),
  blocking: z.boolean(),
  items: z.array(precheckItem),
});

export type Money = z.infer<typeof money>;
export type LineView = z.infer<typeof lineView>;
export type PrecheckItem = z.infer<typeof precheckItem>;
export type Precheck = z.infer<typeof precheck>;
