/** Cancellation cases: the application's receipt, the customer's and the staff's views, the queue, each step's answer. */
import { z } from 'zod';
import { caseEvents } from '../../domain/case-machine.js';
import { communicationChannels } from '../../domain/channels.js';
import { documentTypes } from '../../domain/documents.js';
import { pauseReasons } from '../../domain/sla.js';
import { staffRoles } from '../../domain/roles.js';
import { bilingual, caseChannel, caseEvent, caseLink, caseState, count, instant, isoDate, language, lineStatus, slaBadge } from './common.js';
import { precheckItem } from './lines.js';
import { bindingKinds } from '../../domain/precheck.js';

export const pauseReason = z.enum(pauseReasons);

/** Where a refund goes, masked: a bank account (its bank and last four digits) or another line of the holder. */
export const refundDestination = z.object({
  bankName: z.string().optional(),
  accountMasked: z.string().optional().describe('**** **** 1234: the bank account number is never shown in full'),
  msisdn: z.string().optional().describe('Another live line of the same holder, checked at submission'),
});

/** A case's refund choice as stored. */
export const storedRefund = z.object({
  method: z
    .string()
    .describe('original_payment, bank_account or another_line; account_credit and bank_transfer on cases stored before they were withdrawn as choices'),
  destination: refundDestination.optional().describe('For bank_account and another_line'),
});

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
  refund: storedRefund.nullable().describe('Where the credit is refunded, when there was credit to refund'),
  documents: z.array(caseDocument),
  history: z.array(caseEvent),
  communications: z.array(customerCommunication),
});

export const queueItem = z.object({
  reference: z.string(),
  state: caseState,
  channel: caseChannel,
  region: z.string(),
  dueOn: isoDate,
  dueProvisional: z.boolean(),
  sla: slaBadge.nullable().describe('Null once decided'),
  breached: z.boolean().describe('Stays true after the decision'),
  pauseReason: pauseReason.nullable(),
  duplicateOf: z.array(caseLink),
  assignee: z.string().nullable(),
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

/** An item of the pre-check as frozen with the case at submission, with what the customer acknowledged and declared. */
export const submittedPrecheckItem = z.object({
  code: z.string().describe('As in the pre-check: outstanding_debt, prepaid_credit_refund, early_termination_charge, binding_<kind>, port_out_option, esim_profile or backup_reminder'),
  kind: z.enum(['blocking', 'advisory']),
  amountMinor: z.number().int().optional(),
  currency: z.string().optional(),
  contractEnd: isoDate.optional(),
  remainingMonths: z.number().int().optional(),
  chargeMinor: z.number().int().optional(),
  acknowledged: z.boolean().describe('The customer acknowledged the item when submitting (at `at`, by `by`)'),
  declarations: z
    .array(z.object({ state: z.enum(['bound', 'unbound']), at: instant, actor: z.string() }))
    .describe('For a binding: what the customer declared of it after submitting (binding_declared events), oldest first'),
});

/** The pre-check as it stood when the case was submitted: frozen with the case, so it outlives the line's later changes. */
export const precheckAtSubmission = z.object({
  source: z.enum(['receipt', 'event']).describe('receipt: the snapshot the receipt digest covers, figures included; event: a case older than snapshots, codes and kinds only'),
  at: instant.describe('When the case was submitted and the items acknowledged'),
  by: z.string().nullable().describe('Who submitted it: customer, or staff:<user> who read the items out on the hotline'),
  refund: storedRefund.nullable().describe('The refund method chosen, when there was credit to refund'),
  items: z.array(submittedPrecheckItem),
});

/** What approving would set going (src/domain/approval-preview.ts), for the approval's summary. */
export const approvalPreview = z.object({
  settlement: z
    .object({
      kind: z.enum(['refund', 'final_bill', 'none']),
      amountMinor: z.number().int().min(0),
      currency: z.string(),
      method: z.string().nullable().describe('For a refund: original_payment, bank_account or another_line (account_credit, bank_transfer on older cases)'),
      destination: refundDestination.optional().describe('For a refund to a bank account or another line: where, masked'),
      detail: z.object({ balanceMinor: z.number().int(), earlyTerminationChargeMinor: z.number().int() }),
    })
    .describe('Worked out as fulfilment does (the balance less the early-termination charge), as if the line left the network today'),
  bindingsStillBound: z.array(z.enum(bindingKinds)).describe('Partners standing for these bindings are told of line.terminated'),
  esim: z.boolean().describe('The eSIM profile is released with the line'),
  barred: z.boolean().describe('A suspended line: it stays barred until it is off the network'),
  notices: z.array(z.enum(['approved', 'completed'])).describe('The e-mails the customer gets: on approval, and on completion with the settlement'),
  quarantine: z.object({ days: count, endsOn: isoDate.describe('If the line left the network today') }),
  undoDays: count.describe('Days after completion in which the customer may undo it; 0 where the region offers none'),
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
  precheck: z.object({ items: z.array(precheckItem), blocking: z.boolean(), advisoryCodes: z.array(z.string()) }).nullable().describe("The pre-check of the line as it is now; null once the number is released"),
  precheckAtSubmission: precheckAtSubmission.nullable().describe('The pre-check as it stood at submission, with the acknowledgements'),
  approvalPreview: approvalPreview.nullable().describe('While the case is undecided (submitted, in review, awaiting the customer): what approving would set going'),
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
export type SubmittedPrecheckItem = z.infer<typeof submittedPrecheckItem>;
export type PrecheckAtSubmission = z.infer<typeof precheckAtSubmission>;
export type ApprovalPreview = z.infer<typeof approvalPreview>;
export type MailAuth = z.infer<typeof mailAuth>;
export type CaseStep = z.infer<typeof caseStep>;
export type CaseAssigned = z.infer<typeof caseAssigned>;
export type InformationRequested = z.infer<typeof informationRequested>;
export type ReasonTemplates = z.infer<typeof reasonTemplates>;
export type PauseReason = z.infer<typeof pauseReason>;
export type StoredRefundView = z.infer<typeof storedRefund>;

/** A refund recorded as paid (POST /staff/cases/{ref}/refund-paid). */
export const refundPaid = z.object({
  reference: z.string(),
  paidOn: isoDate,
  refund: z.object({ amountMinor: z.number().int(), currency: z.string(), method: z.string().nullable(), destination: refundDestination.optional() }),
});
