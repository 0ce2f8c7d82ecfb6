/**
 * Applications by e-mail (CONTRACT §8): which numbers a mail names, and the closed set of reasons
 * a mail does not open a case. Reasons about the mail itself (no number, no form) can be told to
 * anyone; whether an address or a number is ours is never told apart (`not_matched` covers both).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normaliseMsisdn } from './validation.js';

export const mailProblems = [
  /** No phone number in the subject or the text. */
  'no_number',
  /** No file attached (inline images of a signature do not count). */
  'no_form',
  /** An attached file is not a PDF, JPEG or PNG by its first bytes, whatever its name says. */
  'form_not_accepted',
  'form_empty',
  'form_too_large',
  'too_many_files',
  /** The sender is not the address on file for a named number — or the number is not ours. */
  'not_matched',
  /** The sender's address is on file for more than one of the named numbers. */
  'several_lines',
  'case_open',
  /** The line cannot be cancelled now (already cancelled, or the application was refused). */
  'cannot_open',
] as const;
export type MailProblem = (typeof mailProblems)[number];

/** Kinds of files a signed mail carries besides the form, which are not the sender's attachments. */
const signatureTypes = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature', 'application/pgp-keys']);

/** The files a sender attached as the form: not inline images of the HTML, not a mail signature. */
export function attachedFiles<T extends { contentType: string; inline: boolean }>(attachments: readonly T[]): T[] {
  return attachments.filter((a) => !a.inline && !signatureTypes.has(a.contentType.toLowerCase()));
}

/** Enough text to find a number in; a longer body is cut, not scanned. */
const scannedChars = 20_000;

/** A run of digit groups separated by a space, a dash, a dot or brackets ("+86 (138) 0013-8000"). */
const digitRun = /[+]?\d+(?:[ \-.\u00a0()]{1,2}\d+)*/g;

function candidate(digits: string, plus: boolean): string {
  if (plus) return `+${digits}`;
  if (digits.startsWith('00')) return `+${digits.slice(2)}`;
  // A Chinese mobile number written without its country code.
  if (/^1[3-9]\d{9}$/.test(digits)) return `+86${digits}`;
  return `+${digits}`;
}

/**
 * The mobile numbers a mail names, in E.164 and in order of appearance: "+86 138 0013 8000",
 * "8613800138000", "0086-138-0013-8000", "13800138000" (a Chinese mobile) all give +8613800138000.
 * Any part of a run of digit groups may be the number (a date or a reference may stand next to
 * it), so each span of whole groups is tried; a span that names no valid number costs nothing,
 * since only numbers on file for the sender are ever looked at.
 */
export function numbersNamed(subject: string, text: string): string[] {
  const source = `${subject}\n${text.slice(0, scannedChars)}`.normalize('NFKC');
  const found: string[] = [];
  for (const match of source.matchAll(digitRun)) {
    const run = match[0];
    const groups = run.split(/[ \-.\u00a0()]+/).filter((g) => g !== '');
    const plus = run.startsWith('+');
    for (let start = 0; start < groups.length; start++) {
      let digits = '';
      for (let end = start; end < groups.length; end++) {
        digits += groups[end]!.replace(/\D/g, '');
        if (digits.length > 15) break;
        if (digits.length < 7) continue;
        const e164 = normaliseMsisdn(candidate(digits, plus && start === 0));
        if (e164 && !found.includes(e164)) found.push(e164);
      }
    }
  }
  return found;
}

/** The language a reply takes from a number alone: Chinese for a mainland number, English for others. */
export function languageOfNumber(msisdn: string): 'zh-CN' | 'en' {
  return parsePhoneNumberFromString(msisdn)?.countryCallingCode === '86' ? 'zh-CN' : 'en';
}

const noReplyLocalPart = /^(?:no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?)(?:[+\-._].*)?$/i;

/**
 * A mail we must not answer: a bounce (empty envelope sender), a message a machine wrote
 * (Auto-Submitted other than "no", Precedence bulk/junk/list, a mailing list), one from a
 * no-reply or bounce address, or from ourselves — answering those is how mail loops start.
 */
export function mustNotAnswer(m: {
  envelopeFrom: string | null;
  headerFrom: string | null;
  automatic: { autoSubmitted: string | null; precedence: string | null; listId: string | null };
  ourAddresses: string[];
}): boolean {
  if (!m.envelopeFrom || !m.headerFrom) return true;
  const auto = m.automatic.autoSubmitted?.trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return true;
  if (/^(?:bulk|junk|list|auto_reply)$/i.test(m.automatic.precedence?.trim() ?? '')) return true;
  if (m.automatic.listId) return true;
  for (const address of [m.envelopeFrom, m.headerFrom]) {
    if (noReplyLocalPart.test(address.split('@')[0] ?? '')) return true;
    if (m.ourAddresses.includes(address.toLowerCase())) return true;
  }
  return false;
}
