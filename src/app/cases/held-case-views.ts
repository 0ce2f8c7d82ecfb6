/**
 * The customer's case views this process answered last, each with the fingerprint of the rows it
 * was rendered from and the snapshot it last stood in (store/customer-case.ts), so that a poll of
 * an unchanged case answers with the same view — and, through heldAnswerSerializerCompiler, the
 * same bytes — instead of having the database build the case as JSON and this process parse,
 * render and write it again. A held view is only ever handed out after the database, in the
 * poll's own statement, checked the token and found that no case changed since that snapshot or
 * that the case's fingerprint is unchanged: it is never older than the poll's snapshot.
 */
import { heldReadMs } from '../held-reads.js';

/**
 * A view is offered back for at most this long after the database last vouched for it: far less
 * than the 2^32 transactions after which a fingerprint could repeat, and no longer than the
 * sweeps keep the record of changes its snapshot is checked against (CaseChangePruner).
 */
export const caseViewHeldMs = heldReadMs;

/**
 * Views held per database, the most recently answered kept: customers poll their own case, a few
 * thousand at once on a busy afternoon. About 8 kB each (the view and its JSON) at most.
 */
const maxHeldPerDatabase = 4096;

export interface HeldCaseView<V> {
  readonly fingerprint: string;
  /** The snapshot the database last vouched for the view in (pg_snapshot as text). */
  snapshot: string;
  /** Whose case it is: a poll the database finds quiet answers with the view only for them. */
  readonly subscriberId: number;
  readonly region: string;
  /** localDaysKey of the region when the view was rendered: the view's due day and flags hold while it does. */
  readonly days: string;
  readonly view: V;
  vouchedAt: number;
}

export class HeldCaseViews<V> {
  private readonly views = new Map<string, HeldCaseView<V>>();

  constructor(private readonly monotonicMs: () => number = () => performance.now()) {}

  /** The view held for `reference`, if it may still be offered and `daysOf` its region is still its own. */
  offer(reference: string, daysOf: (region: string) => string): HeldCaseView<V> | undefined {
    const held = this.views.get(reference);
    if (!held) return undefined;
    return this.monotonicMs() - held.vouchedAt <= caseViewHeldMs && daysOf(held.region) === held.days ? held : undefined;
  }

  /** The database found `held`'s case unchanged just now, in `snapshot`. */
  vouch(held: HeldCaseView<V>, snapshot: string): void {
    held.snapshot = snapshot;
    held.vouchedAt = this.monotonicMs();
  }

  hold(reference: string, held: Omit<HeldCaseView<V>, 'vouchedAt'>): void {
    this.views.delete(reference);
    this.views.set(reference, { ...held, vouchedAt: this.monotonicMs() });
    if (this.views.size > maxHeldPerDatabase) this.views.delete(this.views.keys().next().value!);
  }
}
