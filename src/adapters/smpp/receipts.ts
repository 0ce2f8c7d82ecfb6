import type { ReceiptOutcome } from './receipt-text.js';

/**
 * Each part of a long text gets its own message id and its own receipt; the message's outcome
 * is reported once, under the FIRST part's id (what send() returned): failed as soon as one part
 * failed, delivered when every part was. Kept in memory, bounded: after a restart, or for a
 * single part, a receipt is reported under its own id as it comes.
 */
interface Group {
  total: number;
  firstId: string | null;
  ids: string[];
  delivered: Set<string>;
  done: boolean;
}

export interface ReceiptReport {
  report: ReceiptOutcome;
  /** Call once the report was taken (a failed hand-over leaves it to come again). */
  commit(): void;
}

export class ReceiptTracker {
  private readonly byPart = new Map<string, Group>();

  constructor(private readonly maxParts = 100_000) {}

  /** A long text is about to go out in `total` parts. */
  open(total: number): Group {
    return { total, firstId: null, ids: [], delivered: new Set(), done: false };
  }

  /** The SMS centre accepted part `index` (0-based) under `id`. */
  accepted(group: Group, index: number, id: string): void {
    if (index === 0) group.firstId = id;
    group.ids.push(id);
    this.byPart.set(id, group);
    while (this.byPart.size > this.maxParts) this.byPart.delete(this.byPart.keys().next().value!);
  }

  /** The text was not sent whole: its parts' receipts are nobody's. */
  abandon(group: Group): void {
    for (const id of group.ids) this.byPart.delete(id);
  }

  /** What to report for a part's final receipt, or null while other parts are still out. */
  receipt(outcome: ReceiptOutcome): ReceiptReport | null {
    const group = this.byPart.get(outcome.providerMessageId);
    if (!group) return { report: outcome, commit: () => undefined };
    if (group.done) return null;
    const settle = () => {
      group.done = true;
      this.abandon(group);
    };
    const providerMessageId = group.firstId ?? outcome.providerMessageId;
    if (!outcome.delivered) return { report: { ...outcome, providerMessageId }, commit: settle };
    group.delivered.add(outcome.providerMessageId);
    if (group.delivered.size < group.total) return null;
    return { report: { providerMessageId, delivered: true, error: null }, commit: settle };
  }
}

export type ReceiptGroup = Group;
