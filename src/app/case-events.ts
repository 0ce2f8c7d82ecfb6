import { insertCaseEvent, type NewEvent } from '../store/cases.js';
import { appendAudit, type AuditEntry } from '../store/audit.js';
import { isDatabase, type Queryable as Tx } from '../store/db.js';
import { enqueueJob, type OutboxJobRequest } from '../store/outbox.js';
import type { CaseEventType } from '../domain/case-events.js';
import { tellPartnersOfCase } from './partners/case-news.js';

/**
 * The jobs that follow from an event, written in the same transaction as the event itself: the
 * change and its consequences commit together or not at all. Partner webhooks hang here too.
 */
const followUps: Partial<Record<CaseEventType, (caseId: number, e: NewEvent) => OutboxJobRequest[]>> = {
  approve: (caseId) => [{ topic: 'fulfil_case', payload: { caseId } }],
};

/**
 * The one seam for what happened to a case: the event in its history, the same fact as a row of
 * the audit chain (`case.<type>`), and the outbox jobs that follow from it — all in the caller's
 * transaction (never a bare Database: the event and its audit row must commit together).
 */
export async function recordCaseEvent(tx: Tx, caseId: number, e: NewEvent): Promise<{ seq: number; reference: string }> {
  if (isDatabase(tx)) throw new Error('recordCaseEvent runs in the caller\'s transaction, not on the bare database');
  const row = await insertCaseEvent(tx, caseId, e);
  await appendAudit(tx, e.at, caseEventAudit(row.reference, row.seq, e));
  for (const job of followUpJobs(caseId, e)) await enqueueJob(tx, job);
  await tellPartnersOfCase(tx, caseId, e);
  return row;
}

/** The audit row of a case event; bulk work (app/lines/bulk-batch.ts) writes the same rows a batch at a time. */
export function caseEventAudit(reference: string, seq: number, e: NewEvent): AuditEntry {
  return {
    actor: e.actor,
    action: `case.${e.type}`,
    subject: reference,
    data: { eventSeq: seq, from: e.from ?? undefined, to: e.to ?? undefined, ...(e.data ?? {}) },
  };
}

/** The outbox jobs that follow from an event (for bulk work, which writes them a batch at a time). */
export const followUpJobs = (caseId: number, e: NewEvent): OutboxJobRequest[] => followUps[e.type]?.(caseId, e) ?? [];
