import type { AppContext, Tx } from '../context.js';
import { joinedDatabase } from '../../store/joined-transaction.js';
import { applyForCancellation } from '../cases/apply.js';
import { inspectLine } from '../lines/lines.js';
import { findCaseId } from '../../store/cases.js';
import { missingAcknowledgements } from '../../domain/precheck.js';
import { checkSmsCode, issueSmsCode } from './cancellation-codes.js';
import { replyBySms, switchingMessage, type Texter } from './replies.js';
import type { LineRow } from '../../store/lines.js';

/**
 * The same context, with a database whose transactions are the caller's own: a use case called
 * with it (applyForCancellation) joins the SMS's transaction instead of opening its own, so the
 * case, its confirmation e-mail, the spent code and the SMS reply are committed together or not
 * at all.
 */
const joiningTransaction = (ctx: AppContext, tx: Tx): AppContext => ({ ...ctx, db: joinedDatabase(ctx.db.kind, tx) });

export type ConfirmOutcome = 'case_opened' | 'code_wrong' | 'code_spent' | 'renewed';

/**
 * `确认 CODE` / `YES CODE` from a line without an open case: a right code opens the case exactly
 * as the portal's apply does (channel sms, the customer as actor, every advisory item the text
 * listed acknowledged, the default refund method); the reply gives the reference and due day,
 * and apply queues the usual confirmation e-mail. Audit rows never hold the code.
 */
export async function confirmBySms(
  ctx: AppContext,
  tx: Tx,
  line: LineRow,
  texter: Texter & { subscriberId: number },
  code: string,
  now: Date,
  audit: (action: string, data?: Record<string, unknown>) => Promise<unknown>,
): Promise<{ outcome: ConfirmOutcome; replyId: number }> {
  const check = await checkSmsCode(ctx, tx, line.id, code, now);
  if (!check.ok) {
    if (check.reason === 'wrong' && check.attemptsLeft > 0) {
      await audit('sms.code_wrong', { attemptsLeft: check.attemptsLeft });
      return { outcome: 'code_wrong', replyId: await replyBySms(ctx, tx, texter, { template: 'sms_code_wrong', vars: { attemptsLeft: check.attemptsLeft } }) };
    }
    await audit('sms.code_refused', { reason: check.reason === 'wrong' ? 'used_up' : check.reason });
    return { outcome: 'code_spent', replyId: await replyBySms(ctx, tx, texter, { template: 'sms_code_spent', vars: { shortcode: ctx.config.smsShortcode } }) };
  }
  const { precheck, calendar } = await inspectLine(ctx, tx, line.msisdn, texter.subscriberId, now, true);
  // The customer acknowledges what the text showed them. Should the pre-check have gained an item
  // since (a new binding, a debt), they get the new information and a new code instead of a case.
  const missing = missingAcknowledgements(precheck, check.listed);
  if (missing.length > 0) {
    const issued = await issueSmsCode(ctx, tx, line.id, precheck.advisoryCodes, now);
    await audit('sms.precheck_changed', { missing, expiresAt: issued.expiresAt.toISOString() });
    const message = switchingMessage(ctx, line.msisdn, precheck, { code: issued.code, validUntil: calendar.localDateTime(issued.expiresAt).date }, true);
    return { outcome: 'renewed', replyId: await replyBySms(ctx, tx, texter, message) };
  }
  const receipt = await applyForCancellation(
    joiningTransaction(ctx, tx),
    { actor: { kind: 'customer', subscriberId: texter.subscriberId }, subscriberId: texter.subscriberId },
    { msisdn: line.msisdn, reason: texter.language === 'zh-CN' ? 'SMS 注销' : 'Cancellation by SMS', acknowledgements: precheck.advisoryCodes, channel: 'sms' },
  );
  const { reference, dueOn, dueProvisional } = receipt.body;
  const caseId = (await findCaseId(tx, reference))!;
  await audit('sms.confirmed', { reference });
  const replyId = await replyBySms(ctx, tx, texter, { template: 'sms_case_opened', vars: { reference, msisdn: line.msisdn, dueOn, provisional: dueProvisional } }, caseId);
  return { outcome: 'case_opened', replyId };
}
