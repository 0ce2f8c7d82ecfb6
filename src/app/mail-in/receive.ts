/**
 * The mail-in room: applications by e-mail (CONTRACT §8). A mail from the address on file for a
 * line, naming that line's number, with the signed form attached, opens a case (channel email)
 * with the form as its document and the mail's SPF/DKIM/DMARC results as evidence; any other mail
 * gets one reply saying what was missing (refuse.ts), and nothing of it is stored but the audit row.
 */
import type { AppContext } from '../context.js';
import type { IncomingMail, MailAttachment } from '../../adapters/mail-in/incoming-mail.js';
import { applyForCancellation } from '../cases/apply.js';
import { recordCaseEvent } from '../case-events.js';
import { checkUpload, withStaged } from '../evidence/documents.js';
import { getPrecheck } from '../lines/lines.js';
import { appendAudit } from '../../store/audit.js';
import { emailIndex } from '../../store/lines.js';
import { listLiveLinesByEmailIndex } from '../../store/subscribers.js';
import { DomainError } from '../../domain/errors.js';
import { maxFilesPerUpload } from '../../domain/documents.js';
import { attachedFiles, numbersNamed, type MailProblem } from '../../domain/mail-application.js';
import { maskEmail } from '../../domain/validation.js';
import { refuseApplicationMail } from './refuse.js';
import { sha256Hex } from '../../domain/sha256.js';

export type MailOutcome =
  | { outcome: 'case_opened'; reference: string }
  /** The same mail (by Message-ID) came again after its case was opened: nothing new happens. */
  | { outcome: 'already_taken'; reference: string }
  | { outcome: 'refused'; problems: MailProblem[]; replied: boolean };

/** What an application by mail says as its reason: the signed form carries the customer's own. */
const mailedReason = '见所附签名申请表 / As written on the signed form attached';

const documentProblems: Record<string, MailProblem> = {
  empty_document: 'form_empty',
  document_too_large: 'form_too_large',
  unsupported_document_type: 'form_not_accepted',
};

/** What is wrong with the mail itself, judged from the mail alone (the same for anyone who sends it). */
function problemsOfMail(numbers: string[], files: MailAttachment[]): MailProblem[] {
  const problems: MailProblem[] = [];
  if (numbers.length === 0) problems.push('no_number');
  if (files.length === 0) problems.push('no_form');
  if (files.length > maxFilesPerUpload) problems.push('too_many_files');
  for (const f of files) {
    try {
      checkUpload({ fileName: f.filename, bytes: f.bytes });
    } catch (err) {
      const p = err instanceof DomainError ? documentProblems[err.code] : undefined;
      if (!p) throw err;
      if (!problems.includes(p)) problems.push(p);
    }
  }
  return problems;
}

/** What the reviewer sees of the mail: where it came from as the sender's domains vouch for it. */
function mailEvidence(mail: IncomingMail) {
  return { messageId: mail.messageId, receivedAt: mail.receivedAt.toISOString(), spf: mail.auth.spf, dkim: mail.auth.dkim, dmarc: mail.auth.dmarc };
}

export async function receiveApplicationMail(ctx: AppContext, mail: IncomingMail): Promise<MailOutcome> {
  const files = attachedFiles(mail.attachments);
  const numbers = numbersNamed(mail.subject, mail.text);
  const problems = problemsOfMail(numbers, files);
  if (problems.length > 0) return refuseApplicationMail(ctx, mail, { problems, numbers, subscriberId: null, detail: problems.join(', ') });

  const sender = mail.from.header;
  const owned = sender ? await listLiveLinesByEmailIndex(ctx.db, emailIndex(ctx.vault, sender)) : [];
  const lines = owned.filter((l) => numbers.includes(l.msisdn));
  if (lines.length === 0) {
    // The reply is the same either way; only the audit trail says which it was.
    const detail = owned.length === 0 ? 'the sender is not the e-mail address on file for any line' : 'no number named is a line of the sender';
    return refuseApplicationMail(ctx, mail, { problems: ['not_matched'], numbers, subscriberId: null, detail });
  }
  if (lines.length > 1) {
    return refuseApplicationMail(ctx, mail, { problems: ['several_lines'], numbers, subscriberId: lines[0]!.subscriberId, detail: `${lines.length} lines of the sender named` });
  }
  const line = lines[0]!;
  try {
    return await openCaseFromMail(ctx, mail, line, files);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const problem: MailProblem = err.code === 'case_already_open' ? 'case_open' : 'cannot_open';
    return refuseApplicationMail(ctx, mail, { problems: [problem], numbers, subscriberId: line.subscriberId, detail: `${err.code}: ${err.message}` });
  }
}

async function openCaseFromMail(ctx: AppContext, mail: IncomingMail, line: { msisdn: string; subscriberId: number }, files: MailAttachment[]): Promise<MailOutcome> {
  // Signing the form confirms its section 3, which lists these same items; the reviewer checks the ticks.
  const precheck = await getPrecheck(ctx, line.msisdn, line.subscriberId);
  const acknowledgements = precheck.items.filter((i) => i.kind === 'advisory').map((i) => i.code);
  // A sending server that did not hear our 250 sends the mail again: the Message-ID makes that one application.
  const key = mail.messageId ? `mail:${sha256Hex(mail.messageId).slice(0, 40)}` : undefined;
  const actor = { kind: 'customer' as const, subscriberId: line.subscriberId };
  const uploads = files.map((f) => ({ fileName: f.filename, bytes: f.bytes }));
  const result = await withStaged(ctx, uploads, (staged) =>
    applyForCancellation(
      ctx,
      { actor, subscriberId: line.subscriberId },
      { msisdn: line.msisdn, reason: mailedReason, acknowledgements, channel: 'email' },
      key,
      staged,
      async (tx, caseId, now) => {
        const { reference } = await recordCaseEvent(tx, caseId, { type: 'mail_received', actor: 'customer', at: now, data: mailEvidence(mail) });
        await appendAudit(tx, now, {
          actor: `customer:${line.subscriberId}`,
          action: 'mail.received',
          subject: reference,
          data: { ...mailEvidence(mail), from: maskEmail(mail.from.header ?? ''), documents: staged.map((d) => d.sha256) },
        });
      },
    ),
  );
  ctx.wakeWorker();
  return result.replayed ? { outcome: 'already_taken', reference: result.body.reference } : { outcome: 'case_opened', reference: result.body.reference };
}
