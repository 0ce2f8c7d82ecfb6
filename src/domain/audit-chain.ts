import { sha256Hex } from './sha256.js';

/**
 * The audit trail is a hash chain: each row's hash covers the row before it, so a row changed,
 * removed or inserted afterwards shows. Pure: the store writes rows, this says what they must be.
 */

/** What the first row chains to; the migration seeds audit_head with it. */
export const genesisHash = '0'.repeat(64);

/** A row as the table holds it (tests that tamper with rows read them this way too). */
export interface StoredAuditRow {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

/** SHA-256 hex over prevHash, seq, at (ISO, ms), actor, action, subject ('' when null) and the canonical data, separated by '\n'. */
export function auditHash(
  prevHash: string,
  row: { seq: number; at: string; actor: string; action: string; subject: string | null; data: string },
): string {
  const fields = [prevHash, String(row.seq), row.at, row.actor, row.action, row.subject ?? '', row.data];
  return sha256Hex(fields.join('\n'));
}

// The hash joins fields with '\n', so a line break inside a field could shift text from one
// field to the next without changing the hash. Canonical JSON escapes its own line breaks;
// the free-text fields must simply never hold one.
export const hasLineBreak = (...fields: (string | null)[]): boolean => fields.some((f) => f?.includes('\n'));

/** Why a row does not belong where it is, or null when it does. */
export function auditRowProblem(row: StoredAuditRow, expectedSeq: number, prevHash: string): string | null {
  if (row.seq !== expectedSeq) {
    return row.seq === expectedSeq + 1 ? `row ${expectedSeq} is missing` : `rows ${expectedSeq} to ${row.seq - 1} are missing`;
  }
  if (row.prev_hash !== prevHash) return 'it does not link to the row before it';
  if (hasLineBreak(row.actor, row.action, row.subject)) return 'a field holds a line break, which the audit trail never writes';
  const recomputed = auditHash(row.prev_hash, { ...row, at: new Date(row.at).toISOString() });
  if (recomputed !== row.hash) return 'contents do not match the row hash';
  return null;
}

/**
 * SHA-256 hex of a case event as the case's history holds it: seq, type, from and to ('' when
 * none), actor, at (ISO, ms) and the canonical JSON of its data, separated by '\n'. A bulk case's
 * one audit row names its events by these digests: an event changed afterwards no longer matches
 * the row the chain holds.
 */
export function caseEventDigest(e: { seq: number; type: string; from: string | null; to: string | null; actor: string; at: string; data: string }): string {
  const fields = [String(e.seq), e.type, e.from ?? '', e.to ?? '', e.actor, e.at, e.data];
  return sha256Hex(fields.join('\n'));
}
