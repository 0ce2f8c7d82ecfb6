/** The record: the audit trail, its verification, a case's evidence bundle. */
import { z } from 'zod';
import { instant } from './common.js';

export const auditRow = z.object({
  seq: z.number().int(),
  at: instant,
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).describe('What the action carries, different for each action'),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditPage = z.object({
  items: z.array(auditRow),
  next: z.number().int().nullable().describe('Pass as `after` for the next page; null on the last one'),
});

export const auditVerification = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).optional(),
});

/**
 * The bundle is a file to keep: its `digest` covers the canonical JSON of everything else, so
 * the answer must pass every part through untouched. Only the top level is described; each part
 * is taken as it is (a stricter schema would drop what it does not name and break the digest).
 */
const part = (description: string) => z.unknown().describe(description);
export const evidenceBundle = z.looseObject({
  format: z.string().describe('lastcall-evidence/1'),
  generatedAt: instant,
  generatedBy: z.string(),
  case: part('The case as stored: state, channel, reason, refund, acknowledgements, days, decision, SLA marks'),
  slaFromHistory: part('The SLA as the events alone tell it'),
  line: part('The line: msisdn, iccid, type, plan, status, termination and quarantine days'),
  subscriber: part('The subscriber, masked'),
  events: part('Every case event'),
  communications: part('Every message, with the SHA-256 of its subject and text'),
  calls: part('The hotline calls about the case'),
  settlement: part('The final balance settled, or null'),
  documents: part('Each document with its bytes in base64 (contentBase64) and SHA-256'),
  audit: part('The audit rows about the case, the state of the whole chain and how to check it'),
  digest: z.string().describe('SHA-256 of the canonical JSON of the bundle without this field'),
});

export type AuditRow = z.infer<typeof auditRow>;
export type AuditPage = z.infer<typeof auditPage>;
export type AuditVerification = z.infer<typeof auditVerification>;
