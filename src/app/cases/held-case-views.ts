/**
 * The customer's case views this process answered last, each with the fingerprint of the rows it
 * was rendered from (store/customer-case.ts), so that a poll of an unchanged case answers with the
 * same view — and, through heldAnswerSerializerCompiler, the same bytes — instead of having the
 * database build the case as JSON and this process parse, render and write it again. A held view
 * is only ever handed out after the database, in the poll's own statement, checked the token and
 * found the case's fingerprint unchanged: it is never older than the poll's snapshot.
 */

/**
 * A view is offered back for at most this long after the database last vouched for it: far less
 * than the 2^32 transactions after which a fingerprint could repeat.
 */
export const caseViewHeldMs = 60_000;

/**
 * Views held per database, the most recently answered kept: customers poll their own case, a few
 * thousand at once on a busy afternoon. About 8 kB each (the view and its JSON) at most.
 */
const maxHeldPerDatabase = 4096;

export interface HeldCaseView<V> {
  readonly fingerprint: string;
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

  /** The database found `held`'s case unchanged just now. */
  vouch(held: HeldCaseView<V>): void {
    held.vouchedAt = this.monotonicMs();
  }

  hold(reference: string, held: Omit<HeldCaseView<V>, 'vouchedAt'>): void {
    this.views.delete(reference);
    this.views.set(reference, { ...held, vouchedAt: this.monotonicMs() });
    if (this.views.size > maxHeldPerDatabase) this.views.delete(this.views.keys().next().value!);
  }
}
