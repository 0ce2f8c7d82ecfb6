import type { AppContext, Tx } from '../context.js';
import { queueMessage } from '../messages/outgoing.js';
import type { Language, MessageTemplate } from '../../domain/templates.js';
import { switchingFactsOf } from '../../domain/sms-texts.js';
import type { Precheck } from '../../domain/precheck.js';

/** Who a reply goes to: the number that texted, and the line's holder when the number is a live line of ours. */
export interface Texter {
  /** E.164, the number the text came from. */
  msisdn: string;
  subscriberId: number | null;
  language: Language;
  /** When their text came in: the reply's latency is measured from it. */
  textAt: Date;
}

/**
 * A number that is not a live line of ours is answered in Chinese when it is Chinese (+86) and in
 * English otherwise: from the number alone, so the reply says nothing about what we know of it.
 */
export const languageOfNumber = (msisdn: string): Language => (msisdn.startsWith('+86') ? 'zh-CN' : 'en');

/** Queues the SMS reply in the caller's transaction, as a communication of the case when there is one. */
export function replyBySms(ctx: AppContext, tx: Tx, to: Texter, message: MessageTemplate, caseId: number | null = null): Promise<number> {
  return queueMessage(ctx, tx, { caseId, subscriberId: to.subscriberId, channel: 'sms', to: to.msisdn, language: to.language, message, answersTextAt: to.textAt });
}

export const helpMessage = (ctx: AppContext): MessageTemplate => ({ template: 'sms_help', vars: { shortcode: ctx.config.smsShortcode } });

/** The line's switching information, with the code and how to confirm when `confirm` is given. */
export function switchingMessage(
  ctx: AppContext,
  msisdn: string,
  precheck: Precheck,
  confirm: { code: string; validUntil: string } | null,
  renewed = false,
): MessageTemplate {
  return {
    template: 'sms_switching_info',
    vars: { msisdn, facts: switchingFactsOf(precheck), confirm, renewed, shortcode: ctx.config.smsShortcode },
  };
}
