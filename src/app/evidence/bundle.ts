/**
 * The evidence room: the audit chain and its verification, documents (encrypted, checked by their
 * first bytes), PDFs (receipt, application form), and a case's evidence bundle as one file.
 */
import { actorLabel, type AppContext } from '../context.js';
import { inTransaction } from '../transaction.js';
import { listAudit, verifyAuditChain, type AuditRow } from './audit.js';
import { appendAudit } from '../../store/audit.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import { maskRecipient } from '../cases/case-view.js';
import type { StaffActor } from '../staff/permission.js';
import { requirePermission } from '../staff/permission.js';
import { notFound } from '../../domain/errors.js';
import { maskEmail, maskIdNumber, maskName } from '../../domain/validation.js';
import { findCase, listCommunications, listEvents } from '../../store/cases.js';
import { listCaseDocuments, readDocument } from './documents.js';
import { replaySla } from '../../domain/sla-replay.js';
import { findLineById, findSubscriber } from '../../store/lines.js';
import { findSettlementOfCase } from '../../store/settlements.js';
import { listCallsOfCase } from '../../store/calls.js';
import { sha256Hex } from '../../domain/sha256.js';

/** All audit rows about one subject, page by page. */
async function auditTrailOf(ctx: AppContext, subject: string): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for (let after = 0; ; ) {
    const page = await listAudit(ctx.db, { subject, afterSeq: after, limit: 1000 });
    rows.push(...page);
    if (page.length < 1000) return rows;
    after = page[page.length - 1]!.seq;
  }
}

/**
 * A case's evidence as one self-contained JSON file: the case, every event, every message with
 * the SHA-256 of its text, the hotline calls, the documents (bytes in base64 with their SHA-256),
 * the settlement, and the audit rows with the hashes that chain them.
 * `digest` is the SHA-256 of the canonical JSON of everything else, so the file itself can be
 * shown to be unchanged later; the audit rows can be checked against the live chain.
 */
export async function exportEvidence(ctx: AppContext, actor: StaffActor, reference: string) {
  requirePermission(actor, 'evidence.export');
  const now = ctx.clock.now();
  const { caseId, body } = await inTransaction(ctx, async (tx) => {
    const c = await findCase(tx, reference);
    if (!c) throw notFound('case_not_found', 'No cancellation case with this reference was found.');
    const line = (await findLineById(tx, c.line_id))!;
    const subscriber = (await findSubscriber(tx, ctx.vault, c.subscriber_id))!;
    const events = await listEvents(tx, c.id);
    const comms = await listCommunications(tx, c.id);
    const settlement = await findSettlementOfCase(tx, c.id);
    const calls = await listCallsOfCase(tx, c.id);
    const documents = await listCaseDocuments(tx, ctx.vault, c.id);
    await appendAudit(tx, now, { actor: actorLabel(actor), action: 'evidence.exported', subject: c.reference, data: { subscriberId: c.subscriber_id, documents: documents.length } });
    return { caseId: c.id, body: {
      case: {
        reference: c.reference, state: c.state, channel: c.channel, region: c.region, language: c.language, reason: c.reason,
        refund: c.refund, acknowledgements: c.acknowledgements, submittedAt: c.submitted_at.toISOString(), receivedOn: c.received_on,
        dueOn: c.due_on, dueProvisional: c.due_provisional, calendarVersion: c.due_calendar_version, openedBy: c.opened_by,
        assignee: c.assignee, decidedBy: c.decided_by, decidedAt: c.decided_at?.toISOString() ?? null, decisionNote: c.decision_note,
        completedAt: c.completed_at?.toISOString() ?? null, pausedWorkingDays: c.sla_paused_days, pauseReason: c.pause_reason,
        slaWarnedAt: c.sla_warned_at?.toISOString() ?? null, slaBreachedAt: c.sla_breached_at?.toISOString() ?? null,
        slaBreachedDueOn: c.sla_breached_due_on, duplicateOf: c.duplicate_of, receiptSha256: c.receipt_sha256,
      },
      // The SLA as the events alone tell it: it must agree with the case above.
      slaFromHistory: replaySla(events),
      line: { msisdn: line.msisdn, iccid: line.iccid, simType: line.sim_type, plan: line.plan, status: line.status, terminatedOn: line.terminated_on, quarantineEndsOn: line.quarantine_ends_on },
      subscriber: { id: subscriber.id, name: maskName(subscriber.legal_name), idType: subscriber.id_type, idNumber: maskIdNumber(subscriber.id_number), email: maskEmail(subscriber.email), language: subscriber.language },
      events: events.map((e) => ({ seq: e.seq, type: e.type, from: e.from_state, to: e.to_state, actor: e.actor, at: e.at.toISOString(), data: e.data })),
      communications: await Promise.all(
        comms.map(async (m) => ({
          id: m.id, channel: m.channel, direction: m.direction, template: m.template, language: m.language,
          to: maskRecipient(m.channel, await ctx.vault.open(m.recipient)), subject: m.subject, text: m.body, status: m.status,
          createdAt: m.created_at.toISOString(), sentAt: m.sent_at?.toISOString() ?? null,
          sha256: sha256Hex(`${m.subject}\n${m.body}`),
        })),
      ),
      calls: await Promise.all(
        calls.map(async (k) => ({
          id: k.public_id, msisdn: k.msisdn, direction: k.direction, agent: k.agent, factsConfirmed: k.facts, failedChecks: k.failed_checks,
          outcome: k.outcome, note: k.note === null ? null : await ctx.vault.open(k.note), communicationId: k.communication_id,
          receivedAt: k.received_at.toISOString(), answeredAt: k.answered_at?.toISOString() ?? null, endedAt: k.ended_at?.toISOString() ?? null,
        })),
      ),
      settlement: settlement ?? null,
      documents,
    } };
  });
  // The documents' bytes, each checked against the SHA-256 recorded at upload (readDocument refuses a mismatch).
  const documents = await Promise.all(
    body.documents.map(async (d) => {
      const { bytes, ...meta } = await readDocument(ctx, caseId, d.id);
      return { ...meta, contentBase64: bytes.toString('base64') };
    }),
  );
  const audit = await auditTrailOf(ctx, reference);
  const chain = await verifyAuditChain(ctx.db);
  const bundle = {
    format: 'lastcall-evidence/1',
    generatedAt: now.toISOString(),
    generatedBy: actorLabel(actor),
    ...body,
    documents,
    audit: {
      rows: audit,
      chain,
      howToCheck:
        'Each row hash is SHA-256 over prevHash, seq, at, actor, action, subject and the canonical data, joined by newlines; ' +
        'each prevHash is the hash of the row before it in the whole log. `lastcall audit verify` checks the live log.',
    },
  };
  return { ...bundle, digest: sha256Hex(canonicalJson(bundle)) };
}
