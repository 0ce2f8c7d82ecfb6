/**
 * The cases room: a cancellation case's life — apply (here), review (assign, request information,
 * approve, reject, note, withdraw, the customer's reply), fulfil (the line leaves the network, the
 * balance is settled), the case views, and replay of an Idempotency-Key's answer.
 */
import type { Actor, AppContext, Tx } from '../context.js';
import { actorLabel } from '../context.js';
import { inTransaction } from '../transaction.js';
import { once } from './idempotency.js';
import { queueMessage } from '../messages/outgoing.js';
import { inspectLine } from '../lines/lines.js';
import { conflict, unprocessable } from '../../domain/errors.js';
import { missingAcknowledgements } from '../../domain/precheck.js';
import { formatReference } from '../../domain/reference.js';
import { findOpenCaseForLine, insertCase, nextSerial, type DuplicateRef } from '../../store/cases.js';
import { addDuplicate, listCasesFromOtherChannels, setDuplicates } from '../../store/case-duplicates.js';
import { recordCaseEvent } from '../case-events.js';
import type { CaseChannel } from '../../domain/channels.js';
import { decisionWorkingDays } from '../../domain/sla.js';
import { linkCallToCase, verifiedCallFor } from '../hotline/calls.js';
import { recordDocuments, type StagedDocument } from '../evidence/documents.js';
import { receiptDigest, type ReceiptContent } from '../../domain/receipt.js';
import type { PrecheckItem } from '../../domain/precheck.js';
import { extensionOf } from '../../domain/documents.js';
import type { RefundRequest } from '../../domain/refund.js';
import { refundInRequestHash, resolveRefund } from './refund-choice.js';

export interface ApplicationInput {
  msisdn: string;
  reason: string;
  refund?: RefundRequest | undefined;
  acknowledgements: string[];
  channel: CaseChannel;
}

/** The pre-check as the receipt keeps it: codes, kinds and amounts, without the English prose. */
function precheckSnapshot(items: PrecheckItem[]): ReceiptContent['precheck'] {
  return items.map((i) => {
    const { message: _m, ...rest } = i;
    const { service: _s, ...figures } = rest as typeof rest & { service?: string };
    return figures;
  });
}

/** How far back another channel's application counts as the same wish. */
const duplicateWindowDays = 30;

/**
 * The same subscriber applying through two channels (the web form, then the hotline) is most
 * likely one wish, not two: both cases name each other so the agent sees it at once.
 */
async function flagLikelyDuplicates(tx: Tx, c: { id: number; reference: string; subscriberId: number; channel: CaseChannel }, others: { id: number; reference: string; channel: CaseChannel }[], now: Date) {
  if (others.length === 0) return;
  const refs: DuplicateRef[] = others.map((o) => ({ reference: o.reference, channel: o.channel }));
  await setDuplicates(tx, c.id, refs);
  await recordCaseEvent(tx, c.id, { type: 'duplicate_flagged', actor: 'system', at: now, data: { others: refs } });
  for (const o of others) {
    const mine: DuplicateRef = { reference: c.reference, channel: c.channel };
    await addDuplicate(tx, o.id, mine);
    await recordCaseEvent(tx, o.id, { type: 'duplicate_flagged', actor: 'system', at: now, data: { others: [mine] } });
  }
}

export interface ApplicationReceipt {
  reference: string;
  state: 'submitted';
  receivedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  receiptSha256: string;
}

/**
 * Opens a cancellation case: checks the line belongs to the applicant, that every advisory
 * item was acknowledged and that no case is open, fixes the receipt and due days, and queues
 * the confirmation e-mail — all in one transaction.
 */
export async function applyForCancellation(
  ctx: AppContext,
  /** `callId`: the hotline call in which an agent verified the caller; the case is linked to it. */
  who: { actor: Actor; subscriberId: number | null; callId?: string | undefined },
  input: ApplicationInput,
  idempotencyKey?: string,
  /** The signed application form (channel form), already checked and written encrypted. */
  form: StagedDocument[] = [],
  /** Evidence of how the application came (the mail's Message-ID and SPF/DKIM results), in the case's transaction. */
  alongside?: (tx: Tx, caseId: number, now: Date) => Promise<void>,
) {
  const scope = who.actor.kind === 'customer' ? `customer:${who.actor.subscriberId}` : actorLabel(who.actor);
  return inTransaction(ctx, (tx) =>
    once<ApplicationReceipt, 201>(tx, { scope: `apply:${scope}`, key: idempotencyKey, request: { ...input, refund: refundInRequestHash(ctx, input.refund), form: form.map((d) => d.sha256) } }, async () => {
      const now = ctx.clock.now();
      const { line, subscriber, precheck, calendar } = await inspectLine(ctx, tx, input.msisdn, who.subscriberId, now, true);
      const call = who.callId === undefined ? null : await verifiedCallFor(tx, who.callId, line.msisdn);
      if (line.status !== 'active' && line.status !== 'suspended') {
        throw conflict('line_not_cancellable', `The line is ${line.status} and cannot be cancelled again.`, { status: line.status });
      }
      const missing = missingAcknowledgements(precheck, input.acknowledgements);
      if (missing.length > 0) {
        throw unprocessable('acknowledgement_required', 'Please read and acknowledge every advisory item of the pre-check.', { missing });
      }
      const open = await findOpenCaseForLine(tx, line.id);
      if (open) {
        throw conflict('case_already_open', 'This line already has an open cancellation case.', { reference: open.reference, state: open.state });
      }
      const received = calendar.receiptDay(now);
      const due = calendar.dueDay(received.date);
      const year = Number(calendar.localDateTime(now).date.slice(0, 4));
      // A choice only matters when there is credit to refund; without any it is not kept.
      const hasCredit = precheck.items.some((i) => i.code === 'prepaid_credit_refund');
      const { refund, sealedAccount } = hasCredit ? await resolveRefund(ctx, tx, line, input.refund ?? { method: 'original_payment' }) : { refund: null, sealedAccount: null };
      const acknowledgements = [...new Set(input.acknowledgements)];
      // Read before the case is written (id 0: none to leave out; its own channel is left out anyway).
      const duplicates = await listCasesFromOtherChannels(tx, { id: 0, subscriberId: subscriber.id, channel: input.channel }, { at: now, days: duplicateWindowDays });
      // The year's counter and then the audit chain's head serialise every application until
      // COMMIT: everything that does not need the reference is done above, before they are taken.
      const reference = formatReference(year, await nextSerial(tx, year));
      const receipt: ReceiptContent = {
        reference,
        msisdn: line.msisdn,
        channel: input.channel,
        language: subscriber.language,
        submittedAt: now.toISOString(),
        timeZone: ctx.calendars.settings(subscriber.region).timeZone,
        receivedOn: received.date,
        dueOn: due.date,
        dueProvisional: received.provisional || due.provisional,
        reason: input.reason,
        refund,
        acknowledgements,
        precheck: precheckSnapshot(precheck.items),
        ...(form.length > 0 ? { documents: form.map((d, i) => ({ name: `application-form-${i + 1}.${extensionOf[d.contentType]}`, sha256: d.sha256, size: d.size })) } : {}),
      };
      const receiptSha256 = receiptDigest(receipt);
      const caseId = await insertCase(tx, {
        reference,
        lineId: line.id,
        subscriberId: subscriber.id,
        region: subscriber.region,
        language: subscriber.language,
        channel: input.channel,
        reason: input.reason,
        refund,
        refundAccount: sealedAccount,
        acknowledgements,
        submittedAt: now,
        receivedOn: received.date,
        dueOn: due.date,
        dueProvisional: received.provisional || due.provisional,
        calendarVersion: calendar.version(),
        openedBy: who.actor.kind === 'staff' ? who.actor.user : null,
        receipt,
        receiptSha256,
      });
      if (call) await linkCallToCase(tx, call.id, caseId);
      await recordCaseEvent(tx, caseId, {
        type: 'submitted',
        to: 'submitted',
        actor: actorLabel(who.actor),
        at: now,
        data: {
          channel: input.channel,
          receivedOn: received.date,
          dueOn: due.date,
          provisional: received.provisional || due.provisional,
          calendarVersion: calendar.version(),
          precheck: precheck.items.map((i) => ({ code: i.code, kind: i.kind })),
          receiptSha256,
        },
      });
      await recordCaseEvent(tx, caseId, {
        type: 'sla_started',
        actor: 'system',
        at: now,
        data: { receivedOn: received.date, dueOn: due.date, workingDays: decisionWorkingDays, provisional: received.provisional || due.provisional, calendarVersion: calendar.version() },
      });
      await flagLikelyDuplicates(tx, { id: caseId, reference, subscriberId: subscriber.id, channel: input.channel }, duplicates, now);
      if (form.length > 0) await recordDocuments(ctx, tx, caseId, 'application_form', form, who.actor, now);
      if (alongside) await alongside(tx, caseId, now);
      await queueMessage(ctx, tx, {
        caseId,
        subscriberId: subscriber.id,
        channel: 'email',
        to: subscriber.email,
        language: subscriber.language,
        message: {
          template: 'application_received',
          vars: {
            reference,
            msisdn: line.msisdn,
            receivedOn: received.date,
            dueOn: due.date,
            provisional: received.provisional || due.provisional,
            progressUrl: `${ctx.config.publicUrl}/progress/${reference}`,
          },
        },
      });
      const body: ApplicationReceipt = {
        reference,
        state: 'submitted',
        receivedOn: received.date,
        dueOn: due.date,
        dueProvisional: received.provisional || due.provisional,
        receiptSha256,
      };
      return { status: 201, body };
    }),
  );
}
