/** Cancellation cases: the application's receipt, the customer's and the staff's views, the queue, each step's answer. */
import { z } from 'zod';
import { caseEvents } from '../../domain/case-machine.js';
import { communicationChannels } from '../../domain/channels.js';
import { documentTypes } from '../../domain/documents.js';
import { pauseReasons } from '../../domain/sla.js';
import { staffRoles } from '../../domain/roles.js';
import { bilingual, caseChannel, caseEvent, caseLink, caseState, count, instant, isoDate, language, lineStatus, slaBadge } from './common.js';
import { precheckItem } from './lines.js';

export const pauseReason = z.enum(pauseReasons);

export const applicationReceipt = z.object({
  reference: z.string(),
  state: z.literal('submitted'),
  receivedOn: isoDate,
  dueOn: isoDate,
  dueProvisional: z.boolean().describe("The due day falls in a year whose official calendar is not loaded"),
  receiptSha256: z.string().describe('SHA-256 of the canonical JSON of what was submitted; the receipt PDF prints it'),
});

export const caseDocument = z.object({
  id: z.guid(),
  kind: z.enum(['application_form', 'supporting']),
  name: z.string(),
  contentType: z.enum(documentTypes),
  size: count.describe('Bytes'),
  sha256: z.string(),
  uploadedAt: instant,
});

export const documentsAdded = z.object({ documents: z.array(caseDocument) });

const communicationFields = {
  channel: z.enum(communicationChannels),
  direction: z.enum(['out', 'in']),
  template: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.enum(['pending', 'sent', 'delivered', 'failed', 'received']),
  createdAt: instant,
  sentAt: instant.nullable(),
};

/** A message to or from the customer, as the customer sees it (hotline call logs are the operator's). */
export const customerCommunication = z.object(communicationFields);

export const customerCase = z.object({
  reference: z.string(),
  state: caseState,
  channel: caseChannel,
  msisdn: z.string(),
  submittedAt: instant,
  receivedOn: isoDate,
  dueOn: isoDate,
  dueProvisional: z.boolean(),
  paused: z.boolean(),
  canWithdraw: z.boolean(),
  canReply: z.boolean(),
  receiptSha256: z.string().nullable(),
  documents: z.array(caseDocument),
  history: z.array(caseEvent),
  communications: z.array(customerCommunication),
});

export const queueItem = z.object({
  reference: z.string(),
  state: caseState,
  channel: caseChannel,
  region: z.string(),
  msisdn: z.string(),
  receivedOn: isoDate,
  dueOn: isoDate,
  dueProvisional: z.boolean(),
  sla: slaBadge.nullable().describe('Null once decided'),
  breached: z.boolean().describe('Stays true after the decision'),
  pauseReason: pauseReason.nullable(),
  duplicateOf: z.array(caseLink),
  assignee: z.string().nullable(),
  openedBy: z.string().nullable(),
});

export const queue = z.object({
  items: z.array(queueItem),
  matching: count.describe('Cases the state, region and channel select'),
  truncated: z.boolean().describe('More match than the answer holds: the most urgent are shown'),
});

/** A message of the case as staff see it: the recipient masked. */
export const staffCommunication = z.object({ id: z.number().int(), ...communicationFields, to: z.string() });

export const caseCall = z.object({
  id: z.guid(),
  direction: z.string().describe('in or out'),
  agent: z.string().nullable(),
  facts: z.array(z.string()),
  outcome: z.string().nullable(),
  note: z.string().nullable(),
  receivedAt: instant,
  endedAt: instant.nullable(),
});

/** How an application that came by e-mail was authenticated on arrival (mailauth), as evidence for the reviewer. */
export const mailAuth = z.object({
  messageId: z.string().nullable(),
  receivedAt: instant,
  spf: z.object({ result: z.string().describe('pass, fail, softfail, neutral, none, temperror or permerror'), domain: z.string().nullable() }),
  dkim: z.object({
    result: z.string().describe('pass when any signature passed, else the first signature\'s result, none when unsigned'),
    signatures: z.array(z.object({ domain: z.string(), selector: z.string().nullable(), result: z.string(), aligned: z.boolean() })),
  }),
  dmarc: z.object({ result: z.string(), domain: z.string().nullable(), policy: z.string().nullable() }),
});

export const staffCase = z.object({
  reference: z.string(),
  state: caseState,
  channel: caseChannel,
  region: z.string(),
  reason: z.string(),
  msisdn: z.string(),
  lineStatus,
  subscriber: z
    .object({
      name: z.string(),
      idType: z.enum(['cn_resident_id', 'passport', 'other']),
      idNumber: z.string(),
      email: z.string(),
      masked: z.boolean(),
      language,
    })
    .nullable(),
  submittedAt: instant,
  receivedOn: isoDate,
  dueOn: isoDate,
  dueProvisional: z.boolean(),
  calendarVersion: z.string().nullable(),
  paused: z.boolean(),
  pausedWorkingDays: count,
  pauseReason: pauseReason.nullable(),
  sla: slaBadge.nullable(),
  breached: z.boolean(),
  breachedAt: instant.nullable(),
  warnedAt: instant.nullable(),
  duplicateOf: z.array(caseLink),
  assignee: z.string().nullable(),
  openedBy: z.string().nullable(),
  decidedBy: z.string().nullable(),
  allowed: z.array(z.enum(caseEvents)).describe('The case events the state allows now'),
  fourEyes: z.object({ openedBy: z.string().nullable(), mayApprove: z.boolean(), why: z.string().optional().describe('opened_by_you or role, when mayApprove is false') }),
  network: z
    .object({
      status: z.enum(['waiting', 'parked']),
      provisioner: z.string(),
      attempts: z.number().int(),
      lastError: z.string().nullable(),
      nextAttemptAt: z.string().nullable(),
      jobId: z.number().int(),
    })
    .nullable()
    .describe('An approved case waiting on the network (the line is not off it yet): the attempts so far and the last error; parked when a supervisor must retry it'),
  precheck: z.object({ items: z.array(precheckItem), blocking: z.boolean(), advisoryCodes: z.array(z.string()) }).nullable(),
  receiptSha256: z.string().nullable(),
  mailAuth: mailAuth.nullable().describe('Cases opened by e-mail: the SPF, DKIM and DMARC results of the mail'),
  documents: z.array(caseDocument),
  history: z.array(caseEvent),
  communications: z.array(staffCommunication),
  calls: z.array(caseCall),
});

/** What a step on a case answers: where the case stands now. */
export const caseStep = z.object({ reference: z.string(), state: caseState });
export const caseAssigned = caseStep.extend({ assignee: z.string() });
export const informationRequested = caseStep.extend({ paused: z.literal(true), pauseReason, dueOn: isoDate });
export const customerReplied = caseStep.extend({ paused: z.literal(false), dueOn: isoDate });

export const reasonTemplates = z.object({
  requestInfo: z.array(z.object({ code: z.string(), reason: pauseReason, text: bilingual })),
  reject: z.array(z.object({ code: z.string(), text: bilingual })),
});

export const assignees = z.object({ items: z.array(z.object({ user: z.string(), role: z.enum(staffRoles) })) });

export type ApplicationReceipt = z.infer<typeof applicationReceipt>;
export type CaseDocument = z.infer<typeof caseDocument>;
export type CustomerCommunication = z.infer<typeof customerCommunication>;
export type CustomerCase = z.infer<typeof customerCase>;
export type QueueItem = z.infer<typeof queueItem>;
export type Queue = z.infer<typeof queue>;
export type StaffCommunication = z.infer<typeof staffCommunication>;
export type CaseCall = z.infer<typeof caseCall>;
export type StaffCase = z.infer<typeof staffCase>;
export type MailAuth = z.infer<typeof mailAuth>;
export type CaseStep = z.infer<typeof caseStep>;
export type CaseAssigned = z.infer<typeof caseAssigned>;
export type InformationRequested = z.infer<typeof informationRequested>;
export type ReasonTemplates = z.infer<typeof reasonTemplates>;
export type PauseReason = z.infer<typeof pauseReason>;

/** A refund recorded as paid (POST /staff/cases/{ref}/refund-paid). */
export const refundPaid = z.object({
  reference: z.string(),
  paidOn: isoDate,
  refund: z.object({ amountMinor: z.number().int(), currency: z.string(), method: z.string().nullable() }),
});
