/**
 * A token bucket for submits per second: it holds at most a tenth of a second's worth (at least
 * one), so bursts stay small and the average never exceeds the rate. Time is passed in.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private holdUntil = 0;
  readonly capacity: number;

  constructor(
    readonly perSecond: number,
    now: number,
  ) {
    this.capacity = Math.max(1, Math.ceil(perSecond / 10));
    this.tokens = this.capacity;
    this.last = now;
  }

  /** Takes one token if there is one. */
  take(now: number): boolean {
    this.refill(now);
    if (now < this.holdUntil || this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until a token is there (0 if one is). */
  waitMs(now: number): number {
    this.refill(now);
    const hold = Math.max(0, this.holdUntil - now);
    const refill = this.tokens >= 1 ? 0 : ((1 - this.tokens) * 1000) / this.perSecond;
    return Math.ceil(hold + refill); // tokens do not grow during a hold
  }

  /** Gives nothing out until `until` (the SMS centre said it is throttling us) and starts empty then. */
  hold(until: number): void {
    this.holdUntil = Math.max(this.holdUntil, until);
    this.tokens = 0;
  }

  private refill(now: number): void {
    const from = Math.max(this.last, Math.min(now, this.holdUntil));
    if (now > from) this.tokens = Math.min(this.capacity, this.tokens + ((now - from) * this.perSecond) / 1000);
    this.last = Math.max(this.last, now);
  }
}
