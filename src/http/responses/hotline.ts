/** The hotline desk: calls, the caller pop-up, callback requests (and the customer's request for one). */
import { z } from 'zod';
import { callbackStates, callFacts, callOutcomes, callStates } from '../../domain/hotline.js';
import { caseChannel, caseLink, caseState, count, instant, isoDate, language, lineStatus, slaBadge } from './common.js';
import { precheckItem } from './lines.js';

export const call = z.object({
  id: z.guid(),
  msisdn: z.string(),
  direction: z.enum(['in', 'out']),
  state: z.enum(callStates),
  agent: z.string().nullable(),
  facts: z.array(z.enum(callFacts)).describe('What the caller has confirmed'),
  verified: z.boolean().describe('Name and ID number confirmed'),
  triesLeft: count,
  outcome: z.enum(callOutcomes).nullable(),
  reference: z.string().nullable(),
  callbackId: z.string().nullable(),
  receivedAt: instant,
  answeredAt: instant.nullable(),
  endedAt: instant.nullable(),
});

export const oneCall = z.object({ call });
export const callList = z.object({ items: z.array(call) });

/** Who a number belongs to, as the desk may see it: the name masked, the rest only for a known line. */
export const caller = z.object({
  msisdn: z.string(),
  known: z.boolean(),
  region: z.string().optional(),
  lineStatus: lineStatus.optional(),
  maskedName: z.string().optional(),
  language: language.optional(),
  openCase: z.object({ reference: z.string(), state: caseState, dueOn: isoDate, sla: slaBadge.nullable(), paused: z.boolean() }).nullable().optional(),
  cases: z.array(z.object({ reference: z.string(), state: caseState, channel: caseChannel, submittedAt: instant, dueOn: isoDate })),
  precheck: z
    .object({ blocking: z.boolean(), items: z.array(precheckItem) })
    .nullable()
    .optional()
    .describe('There when the line could be cancelled now (no open case): what the agent reads out'),
  callbacks: z.array(z.object({ id: z.string(), state: z.enum(callbackStates), preferredTime: z.string().nullable(), requestedAt: instant })),
  duplicates: z.array(caseLink),
});

export const callWithCaller = z.object({ call, caller });

export const factChecked = z.object({
  fact: z.enum(callFacts),
  confirmed: z.boolean(),
  facts: z.array(z.enum(callFacts)),
  verified: z.boolean(),
  triesLeft: count,
});

export const callbackItem = z.object({
  id: z.string(),
  msisdn: z.string(),
  maskedName: z.string(),
  region: z.string(),
  language,
  phone: z.string().describe('Masked'),
  preferredTime: z.string().nullable(),
  note: z.string().nullable(),
  state: z.enum(callbackStates),
  requestedAt: instant,
  handledAt: instant.nullable(),
  handledBy: z.string().nullable(),
});

export const callbackList = z.object({ items: z.array(callbackItem) });

/** The customer's request, new or the one already waiting for the line. */
export const callbackRequested = z.object({
  id: z.string(),
  status: z.literal('waiting'),
  msisdn: z.string(),
  preferredTime: z.string().nullable(),
  createdAt: instant,
});

export type Call = z.infer<typeof call>;
export type Caller = z.infer<typeof caller>;
export type FactChecked = z.infer<typeof factChecked>;
export type CallbackItem = z.infer<typeof callbackItem>;
export type CallbackRequested = z.infer<typeof callbackRequested>;
