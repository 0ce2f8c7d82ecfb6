/**
 * Which lines of a bulk batch can be ended, and why the others are left (CONTRACT §10's summary:
 * skipped with a reason, or failed): the file's own verdicts first, then the records.
 */
import type { Tx } from '../context.js';
import { openStates } from '../../domain/case-machine.js';
import type { BulkFileLine } from '../../domain/bulk-file.js';
import type { BulkLineOutcome } from '../../store/bulk-runs.js';
import { linesLeftByBulk, takeLinesForBulk, type BulkLineRow } from '../../store/bulk-cases.js';

export const bulkSkipReasons = ['unknown', 'ended', 'open_case', 'duplicate'] as const;
export type BulkSkipReason = (typeof bulkSkipReasons)[number];

export interface BatchResult {
  done: number;
  failed: number;
  skipped: Partial<Record<BulkSkipReason, number>>;
  outcomes: BulkLineOutcome[];
}

/** What the file and the records say about each line before anything is written. */
export async function takeBatchLines(tx: Tx, lines: readonly BulkFileLine[], result: BatchResult): Promise<{ file: BulkFileLine; row: BulkLineRow }[]> {
  const skip = (l: BulkFileLine, reason: BulkSkipReason, detail: string) => {
    result.skipped[reason] = (result.skipped[reason] ?? 0) + 1;
    result.outcomes.push({ rowNo: l.index, line: l.line, msisdn: l.msisdn, outcome: 'skipped', reason, detail });
  };
  const candidates: BulkFileLine[] = [];
  for (const l of lines) {
    if (l.verdict?.outcome === 'skipped') skip(l, l.verdict.reason, l.verdict.detail);
    else if (l.verdict?.outcome === 'failed') {
      result.failed++;
      result.outcomes.push({ rowNo: l.index, line: l.line, msisdn: l.msisdn, outcome: 'failed', reason: 'invalid', detail: l.verdict.detail });
    } else candidates.push(l);
  }
  if (candidates.length === 0) return [];
  // The lines that can be ended are taken (marked pending termination: they wait for the network,
  // as an approval leaves them); the others are looked up only when there are any, to say why not.
  const taken = new Map((await takeLinesForBulk(tx, candidates.map((l) => l.msisdn), openStates)).map((r) => [r.msisdn, r]));
  const untaken = [...new Set(candidates.filter((l) => !taken.has(l.msisdn)).map((l) => l.msisdn))];
  const left = new Map((await linesLeftByBulk(tx, untaken, openStates)).map((r) => [r.msisdn, r]));
  const accepted: { file: BulkFileLine; row: BulkLineRow }[] = [];
  for (const l of candidates) {
    const row = taken.get(l.msisdn);
    const other = left.get(l.msisdn);
    if (row) accepted.push({ file: l, row });
    else if (other?.open_reference) skip(l, 'open_case', `case ${other.open_reference} is open`);
    else if (other?.status === 'terminated' || other?.status === 'pending_termination') skip(l, 'ended', `the line is ${other.status}`);
    // Could have been ended but was not taken: another writer changed it meanwhile. The batch is
    // rolled back and worked again in smaller parts, where this line finds its own answer.
    else if (other?.status) throw new Error(`line ${l.msisdn} changed while its batch ran`);
    else if (other?.released) skip(l, 'ended', 'the number was released');
    else skip(l, 'unknown', 'no line holds this number');
  }
  return accepted;
}
