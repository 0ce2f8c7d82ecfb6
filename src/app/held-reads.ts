/**
 * Reads of many cases held by this process with the snapshot they were read in — the review
 * queue's page per filter, the dashboard's rollup per period — so that a poll finding no case
 * changed since (the `known` snapshot its statement is handed; store/case-changes.ts) answers
 * with the held read instead of reading, checking and rendering it again. A held read is only
 * ever handed out after the database said so in the poll's own statement: it is never older than
 * the poll's snapshot. Its rendered answer is held too, for as long as the key its caller gives
 * (each region's calendar and local day, localDaysKey) stays the same.
 */

/**
 * A read is offered back for at most this long after the database last vouched for it. The sweeps
 * rely on it: they forget case changes only once every snapshot a read may be held with has seen
 * them (CaseChangePruner, src/store/case-changes.ts).
 */
export const heldReadMs = 60_000;

/** Reads held per database: the console's handful of filters and periods, with room for odd ones. */
const maxHeldPerDatabase = 256;

export interface HeldRead<P, V> {
  readonly snapshot: string;
  readonly page: P;
  /** The regions whose local days decide whether `view` still holds, worked out once. */
  readonly regions: readonly string[];
  readonly vouchedAt: number;
  view?: { key: string; value: V };
}

export class HeldReads<P, V> {
  private readonly reads = new Map<string, HeldRead<P, V>>();

  constructor(
    private readonly regionsOf: (page: P) => readonly string[],
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {}

  /** The read held for `key`, if it may still be offered. */
  get(key: string): HeldRead<P, V> | undefined {
    const held = this.reads.get(key);
    return held && this.monotonicMs() - held.vouchedAt <= heldReadMs ? held : undefined;
  }

  /**
   * Holds the read for `key` as of `snapshot`: `read` when the database read it, else (`read`
   * null) `known`, the read the caller offered, which the database has just vouched for.
   */
  hold(key: string, snapshot: string, read: P | null, known: HeldRead<P, V> | undefined): HeldRead<P, V> {
    const vouchedAt = this.monotonicMs();
    let held: HeldRead<P, V>;
    if (read) held = { snapshot, page: read, regions: this.regionsOf(read), vouchedAt };
    else if (known) held = { ...known, snapshot, vouchedAt };
    else throw new Error('held read: none read and none offered');
    this.reads.delete(key);
    this.reads.set(key, held);
    if (this.reads.size > maxHeldPerDatabase) this.reads.delete(this.reads.keys().next().value!);
    return held;
  }
}

/** The rendered answer of a held read, made again only when `key` (its local days) changed. */
export function heldView<P, V>(held: HeldRead<P, V>, key: string, render: () => V): V {
  if (held.view?.key !== key) held.view = { key, value: render() };
  return held.view.value;
}
