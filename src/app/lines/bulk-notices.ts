/**
 * The customer's notice of a bulk termination, rendered once per language with stand-ins where
 * each line's number and reference go, and filled in per line: by the statement for the body that
 * is stored (BulkBodies), here for the digest the audit row keeps. The same replacements in the
 * same order give the same text. A reason cannot hold a control character (checkBulkReason), nor
 * can a template or a number, so a stand-in is never mistaken for either.
 */
import { renderMessage, type Language, type RenderedMessage } from '../../domain/templates.js';
import type { BulkBodies } from '../../store/bulk-cases.js';

const standIns = { msisdn: '\u0001msisdn\u0001', reference: '\u0001reference\u0001' };

export type BulkNotices = Map<Language, RenderedMessage>;

export function draftBulkNotices(languages: Iterable<Language>, reason: string): BulkNotices {
  const notices: BulkNotices = new Map();
  for (const lang of languages) {
    if (!notices.has(lang)) notices.set(lang, renderMessage({ template: 'bulk_termination', vars: { ...standIns, reason } }, lang));
  }
  return notices;
}

/** One line's notice as it is sent and stored. */
export function fillBulkNotice(notices: BulkNotices, lang: Language, msisdn: string, reference: string): RenderedMessage {
  const draft = notices.get(lang);
  if (!draft) throw new Error(`no bulk notice drafted in ${lang}`);
  const fill = (text: string) => text.replaceAll(standIns.msisdn, msisdn).replaceAll(standIns.reference, reference);
  return { subject: fill(draft.subject), text: fill(draft.text) };
}

/** The bodies as the statement takes them, to fill in itself. */
export function bulkBodies(notices: BulkNotices): BulkBodies {
  return { byLanguage: Object.fromEntries([...notices].map(([lang, n]) => [lang, n.text])), standIns };
}
