import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../store/db.js';
import { claimJobs, completeJob, failJob, outboxChannel, workerLockNamespace, type OutboxJob, type OutboxTopic } from '../store/outbox.js';

export type JobHandler = (payload: Record<string, unknown>, job: OutboxJob) => Promise<void>;

export interface WorkerOptions {
  pollMs?: number;
  batchSize?: number;
  leaseSeconds?: number;
  /** Back-off before retry number n (1-based): 2^n seconds, capped, with jitter. */
  backoffSeconds?: (attempt: number) => number;
}

export const defaultBackoff = (attempt: number) => Math.min(2 ** attempt, 600) * (0.75 + Math.random() * 0.5);

/**
 * Delivers the outbox. Woken by NOTIFY (or by `wake()` in the same process) and polling as a
 * fallback, so a lost notification only delays work. Each job runs at least once; handlers are
 * written to be harmless when run again.
 */
export class OutboxWorker {
  private running = false;
  private timer: NodeJS.Timeout | null = null;
  private pass: Promise<void> | null = null;
  private again = false;
  private unlisten: (() => Promise<void>) | null = null;
  private releaseLock: (() => Promise<void>) | null = null;
  readonly id = crypto.randomInt(1, 2 ** 31 - 1);
  private readonly opts: Required<WorkerOptions>;

  constructor(
    private readonly db: Database,
    private readonly handlers: Record<OutboxTopic, JobHandler>,
    private readonly log: Logger,
    opts: WorkerOptions = {},
  ) {
    this.opts = { pollMs: 1000, batchSize: 10, leaseSeconds: 120, backoffSeconds: defaultBackoff, ...opts };
  }

  async start(): Promise<void> {
    this.releaseLock = await this.db.holdSessionLock(workerLockNamespace, this.id);
    this.running = true;
    try {
      this.unlisten = await this.db.listen(outboxChannel, () => this.wake());
    } catch (err) {
      this.log.warn({ err }, 'LISTEN failed; the outbox worker falls back to polling');
    }
    this.schedule(0);
  }

  wake(): void {
    if (!this.running) return;
    if (this.pass) this.again = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.pass?.catch(() => undefined);
    await this.unlisten?.();
    await this.releaseLock?.();
  }

  private schedule(ms: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.loop(), ms);
  }

  private async loop() {
    if (!this.running || this.pass) return;
    this.pass = (async () => {
      try {
        do {
          this.again = false;
          while (this.running && (await this.runOnce()) > 0);
        } while (this.again && this.running);
      } catch (err) {
        this.log.error({ err }, 'outbox pass failed');
      }
    })();
    await this.pass;
    this.pass = null;
    if (this.running) this.schedule(this.opts.pollMs);
  }

  async runOnce(): Promise<number> {
    const jobs = await claimJobs(this.db, this.id, this.opts.batchSize, this.opts.leaseSeconds);
    for (const job of jobs) {
      const handler = this.handlers[job.topic];
      try {
        if (!handler) throw new Error(`no handler for outbox topic ${job.topic}`);
        await handler(job.payload, job);
        await completeJob(this.db, job.id);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const outcome = await failJob(this.db, job, message, this.opts.backoffSeconds(job.attempts));
        this.log[outcome === 'dead' ? 'error' : 'warn']({ jobId: job.id, topic: job.topic, attempt: job.attempts, err: message }, `outbox job ${outcome === 'dead' ? 'gave up' : 'will retry'}`);
      }
    }
    return jobs.length;
  }
}
