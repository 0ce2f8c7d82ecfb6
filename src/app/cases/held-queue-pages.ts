/**
 * The review queue's last page per filter, held by this process with the snapshot it was read in,
 * so that a poll finding no case changed since (listQueueForSession's `known`) answers with it
 * instead of reading, checking and rendering fifty cases again. The page is only ever handed out
 * after the database said so in the poll's own statement: a held page is never older than the
 * poll's snapshot. The rendered answer is held too, for as long as every region of the page is
 * on the same local day under the same calendar (the badges move at local midnight).
 */
import type { QueuePage } from '../../store/case-queue.js';

/**
 * A page is offered back for at most this long after the database last vouched for it. The sweeps
 * rely on it: they forget case changes only once every snapshot a page may be held with has seen
 * them (CaseChangePruner, src/store/case-changes.ts).
 */
export const queuePageHeldMs = 60_000;

/** Filters held per database: the console's handful, with room for odd limits and regions. */
const maxHeldPerDatabase = 256;

export interface HeldPage<V> {
  readonly snapshot: string;
  readonly page: QueuePage;
  /** The regions of the page's cases, once: their local days decide whether `view` still holds. */
  readonly regions: readonly string[];
  readonly vouchedAt: number;
  view?: { key: string; value: V };
}

export class HeldQueuePages<V> {
  private readonly pages = new Map<string, HeldPage<V>>();

  constructor(private readonly monotonicMs: () => number = () => performance.now()) {}

  /** The page held for `key`, if it may still be offered. */
  get(key: string): HeldPage<V> | undefined {
    const held = this.pages.get(key);
    return held && this.monotonicMs() - held.vouchedAt <= queuePageHeldMs ? held : undefined;
  }

  /**
   * Holds the page for `key` as of `snapshot`: `read` when the database read it, else (`read`
   * null) `known`, the page the caller offered, which the database has just vouched for.
   */
  hold(key: string, snapshot: string, read: QueuePage | null, known: HeldPage<V> | undefined): HeldPage<V> {
    const vouchedAt = this.monotonicMs();
    let held: HeldPage<V>;
    if (read) held = { snapshot, page: read, regions: [...new Set(read.rows.map((r) => r.region))], vouchedAt };
    else if (known) held = { ...known, snapshot, vouchedAt };
    else throw new Error('held queue page: no page read and none offered');
    this.pages.delete(key);
    this.pages.set(key, held);
    if (this.pages.size > maxHeldPerDatabase) this.pages.delete(this.pages.keys().next().value!);
    return held;
  }
}

/** The rendered answer of a held page, made again only when `key` (the page's local days) changed. */
export function heldView<V>(held: HeldPage<V>, key: string, render: () => V): V {
  if (held.view?.key !== key) held.view = { key, value: render() };
  return held.view.value;
}
