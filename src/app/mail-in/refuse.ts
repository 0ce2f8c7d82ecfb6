import type { AppContext } from '../context.js';
import type { IncomingMail } from '../../adapters/mail-in/incoming-mail.js';
import { inTransaction } from '../transaction.js';
import { queueMessage } from '../messages/outgoing.js';
import { hitLimit, type LimitRule } from '../identity/rate-limit.js';
import { appendAudit } from '../../store/audit.js';
import { findSubscriberLanguage } from '../../store/lines.js';
import { languageOfNumber, mustNotAnswer, type MailProblem } from '../../domain/mail-application.js';
import type { Language } from '../../domain/templates.js';
import { maskEmail } from '../../domain/validation.js';

/**
 * Anyone can put any address in From: the replies are capped per address, so the receiver cannot
 * be used to flood a stranger's mailbox with our answers (backscatter).
 */
export const repliesPerAddress: LimitRule = { scope: 'mail_reply_address', limit: 10, windowMs: 3600_000 };

export interface Refusal {
  problems: MailProblem[];
  /** The numbers the mail named (the reply's language follows the first). */
  numbers: string[];
  /** Set only when the sender was matched to a subscriber: then the reply is in their language. */
  subscriberId: number | null;
  /** Why, in our words, for the audit trail only (it may say what the reply must not). */
  detail: string;
}

/** The address inside "name <address>", or the text itself. */
const bareAddress = (from: string) => (/<([^>]+)>/.exec(from)?.[1] ?? from).trim().toLowerCase();

/**
 * Answers a mail that opened no case: one reply saying what was missing — unless the sender is a
 * machine or a bounce (a reply would start a loop) or the address had its share of replies — and
 * the audit row, in one transaction. Nothing else of the mail is kept.
 */
export async function refuseApplicationMail(ctx: AppContext, mail: IncomingMail, r: Refusal): Promise<{ outcome: 'refused'; problems: MailProblem[]; replied: boolean }> {
  const now = ctx.clock.now();
  const to = mail.from.header;
  const address = ctx.config.mailIn?.address ?? '';
  let notReplied: string | null = null;
  if (!to || mustNotAnswer({ envelopeFrom: mail.from.envelope, headerFrom: to, automatic: mail.automatic, ourAddresses: [address, bareAddress(ctx.config.mailFrom)] })) {
    notReplied = 'automatic or bounce sender';
  } else if (!(await hitLimit(ctx.db, ctx.secret, repliesPerAddress, to, now)).allowed) {
    notReplied = 'reply limit for this address reached';
  }
  await inTransaction(ctx, async (tx) => {
    await appendAudit(tx, now, {
      actor: 'anonymous',
      action: 'mail.rejected',
      subject: r.subscriberId === null ? null : `subscriber:${r.subscriberId}`,
      data: {
        reason: r.detail,
        problems: r.problems,
        messageId: mail.messageId,
        from: to ? maskEmail(to) : null,
        replied: notReplied === null,
        ...(notReplied ? { notReplied } : {}),
        spf: mail.auth.spf.result,
        dkim: mail.auth.dkim.result,
        dmarc: mail.auth.dmarc.result,
      },
    });
    if (notReplied !== null || !to) return;
    const known = r.subscriberId === null ? undefined : await findSubscriberLanguage(tx, r.subscriberId);
    const language: Language = known ?? (r.numbers[0] ? languageOfNumber(r.numbers[0]) : 'zh-CN');
    await queueMessage(ctx, tx, {
      caseId: null,
      subscriberId: r.subscriberId,
      channel: 'email',
      to,
      language,
      message: {
        template: 'mail_application_refused',
        vars: { problems: r.problems, address, portalUrl: `${ctx.config.publicUrl}/apply/form`, bilingual: known === undefined && r.numbers.length === 0 },
      },
    });
  });
  if (notReplied === null) ctx.wakeWorker();
  return { outcome: 'refused', problems: r.problems, replied: notReplied === null };
}
