import type { Pdu } from 'smpp';
import type { SmsPart } from './encoding.js';
import type { TokenBucket } from './rate.js';
import type { ReceiptGroup, ReceiptTracker } from './receipts.js';
import { ESME_RTHROTTLED, refusal, temporary } from './status.js';

/** After this many throttled parts a long text fails as a temporary error, for the outbox to try later. */
const maxThrottlesPerText = 10;

/**
 * The submit side: parts wait in order for a token (the rate) and a slot (the window), go out as
 * submit_sm, and a send is settled when its last part is answered — or at its first refusal,
 * when its parts not yet sent are dropped. A part of a long text that the SMS centre throttles is
 * sent again after the pause, with the same UDH reference: failing the whole text would leave the
 * phone with the parts already accepted and, after the outbox's retry, the whole text once more.
 */
export interface SubmissionsOptions {
  bucket: TokenBucket;
  window: number;
  maxQueued: number;
  receipts: ReceiptTracker;
  fields(destination: string, part: SmsPart): Record<string, unknown>;
  /** Sends one submit_sm and gives its answer; rejects with an OutsideError when there is none. */
  submit(fields: Record<string, unknown>): Promise<Pdu>;
  /** A part was refused with this status (e.g. to hold back after ESME_RTHROTTLED). */
  throttled(status: number): void;
}

interface Job {
  destination: string;
  parts: SmsPart[];
  next: number;
  /** Throttled parts, sent again before the next new one. */
  again: number[];
  throttles: number;
  ids: string[];
  accepted: number;
  group: ReceiptGroup | null;
  done: boolean;
  resolve(firstId: string): void;
  reject(err: Error): void;
}

export class Submissions {
  private readonly queue: Job[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: SubmissionsOptions) {}

  get load(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight, queued: this.queuedParts() };
  }

  /** Resolves with the first part's message id once every part was accepted. */
  submit(destination: string, parts: SmsPart[]): Promise<string> {
    if (this.queuedParts() + parts.length > this.opts.maxQueued) return Promise.reject(temporary('too many messages waiting for a submit slot'));
    return new Promise((resolve, reject) => {
      const group = parts.length > 1 ? this.opts.receipts.open(parts.length) : null;
      this.queue.push({ destination, parts, next: 0, again: [], throttles: 0, ids: [], accepted: 0, group, done: false, resolve, reject });
      this.pump();
    });
  }

  /** Nothing goes out for `ms` (the SMS centre is throttling us). */
  pause(ms: number): void {
    this.opts.bucket.hold(Date.now() + ms);
  }

  /** Sends what the rate and the window allow now, and comes back when the next token is due. */
  pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.queue.length > 0 && this.inFlight < this.opts.window) {
      const now = Date.now();
      if (!this.opts.bucket.take(now)) {
        this.timer = setTimeout(() => this.pump(), Math.max(1, this.opts.bucket.waitMs(now)));
        return;
      }
      const job = this.queue[0]!;
      const index = job.again.length > 0 ? job.again.shift()! : job.next++;
      if (job.next >= job.parts.length && job.again.length === 0) this.queue.shift();
      this.send(job, index);
    }
  }

  /** The connection is gone (or closing): everything waiting fails, to be retried by the outbox. */
  failAll(err: Error): void {
    for (const job of [...this.queue]) this.fail(job, err);
  }

  private send(job: Job, index: number): void {
    this.inFlight += 1;
    this.opts
      .submit(this.opts.fields(job.destination, job.parts[index]!))
      .then(
        (resp) => {
          if (resp.command_status !== 0) {
            this.opts.throttled(resp.command_status);
            if (resp.command_status === ESME_RTHROTTLED && job.parts.length > 1 && !job.done && job.throttles < maxThrottlesPerText) {
              job.throttles += 1;
              job.again.push(index);
              if (!this.queue.includes(job)) this.queue.unshift(job);
              return;
            }
            return this.fail(job, refusal(resp.command_status));
          }
          const id = typeof resp.message_id === 'string' ? resp.message_id : '';
          job.ids[index] = id;
          job.accepted += 1;
          if (job.group && id && !job.done) this.opts.receipts.accepted(job.group, index, id);
          if (job.accepted === job.parts.length && !job.done) {
            job.done = true;
            job.resolve(job.ids[0] ?? '');
          }
        },
        (err: Error) => this.fail(job, err),
      )
      .finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
  }

  private fail(job: Job, err: Error): void {
    if (job.done) return;
    job.done = true;
    const at = this.queue.indexOf(job);
    if (at >= 0) this.queue.splice(at, 1);
    if (job.group) this.opts.receipts.abandon(job.group);
    job.reject(err);
  }

  private queuedParts(): number {
    return this.queue.reduce((n, job) => n + job.parts.length - job.next + job.again.length, 0);
  }
}
