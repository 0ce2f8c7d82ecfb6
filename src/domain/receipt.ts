import type { CaseChannel } from './channels.js';
/**
 * What a receipt proves: the application exactly as submitted, and the SHA-256 of its canonical
 * JSON. The case keeps both from the moment of submission; the receipt PDF prints them.
 */
import { canonicalJson } from './canonical-json.js';
import type { Language } from './templates.js';
import type { StoredRefund } from './refund.js';
import { sha256Hex } from './sha256.js';

/** Exactly what was submitted, as stored at submission. */
export interface ReceiptContent {
  reference: string;
  msisdn: string;
  channel: CaseChannel;
  language: Language;
  /** ISO instant. */
  submittedAt: string;
  /** IANA zone the local times are printed in, e.g. 'Asia/Shanghai'. */
  timeZone: string;
  receivedOn: string;
  dueOn: string;
  dueProvisional: boolean;
  reason: string;
  /** The bank account masked (its holder and number are sealed with the case, outside the receipt). */
  refund: StoredRefund | null;
  /** Advisory codes the customer acknowledged, e.g. 'backup_reminder', 'binding_alipay'. */
  acknowledgements: string[];
  precheck: { code: string; kind: 'blocking' | 'advisory'; amountMinor?: number; chargeMinor?: number; currency?: string; contractEnd?: string }[];
  documents?: { name: string; sha256: string; size: number }[];
}

/** The content as JSON with keys sorted recursively and no whitespace: what the digest covers. */
export function canonicalReceiptJson(content: ReceiptContent): string {
  return canonicalJson(content);
}

/** Hex SHA-256 of the canonical JSON; stored with the case and printed on the receipt. */
export function receiptDigest(content: ReceiptContent): string {
  return sha256Hex(canonicalReceiptJson(content));
}
