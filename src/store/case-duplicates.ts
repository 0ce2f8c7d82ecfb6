import type { Queryable } from './db.js';
import type { CaseChannel } from '../domain/channels.js';
import type { DuplicateRef } from './cases.js';

/** The subscriber's other cases opened through another channel since `since`, oldest first. */
export async function listCasesFromOtherChannels(
  tx: Queryable,
  c: { id: number; subscriberId: number; channel: CaseChannel },
  since: { at: Date; days: number },
): Promise<{ id: number; reference: string; channel: CaseChannel }[]> {
  return tx.query<{ id: number; reference: string; channel: CaseChannel }>(
    `SELECT id, reference, channel FROM cases
     WHERE subscriber_id = $1 AND id <> $2 AND channel <> $3 AND submitted_at > $4::timestamptz - make_interval(days => $5)
     ORDER BY id`,
    [c.subscriberId, c.id, c.channel, since.at, since.days],
  );
}

export async function setDuplicates(tx: Queryable, caseId: number, refs: DuplicateRef[]): Promise<void> {
  await tx.query('UPDATE cases SET duplicate_of = $2 WHERE id = $1', [caseId, JSON.stringify(refs)]);
}

export async function addDuplicate(tx: Queryable, caseId: number, ref: DuplicateRef): Promise<void> {
  await tx.query('UPDATE cases SET duplicate_of = duplicate_of || $2::jsonb WHERE id = $1', [caseId, JSON.stringify([ref])]);
}
