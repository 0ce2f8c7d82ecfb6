import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Database } from '../store/db.js';
import { claimJobs, completeJob, failJob, outboxChannel, workerLockNamespace, type OutboxJob } from '../store/outbox.js';
import { parsePayload, type OutboxPayload, type OutboxTopic } from '../store/outbox-topics.js';
import { isPermanent } from '../adapters/outside-error.js';
import { webhookRetryDelay } from '../domain/partners.js';

export type JobHandler<T extends OutboxTopic = OutboxTopic> = (payload: OutboxPayload<T>, job: OutboxJob) => Promise<void>;
/** One handler per topic, each typed by its own payload (the registry in store/outbox-topics.ts). */
export type JobHandlers = { [T in OutboxTopic]: JobHandler<T> };

export interface WorkerOptions {
  pollMs?: number;
  batchSize?: number;
  leaseSeconds?: number;
  /** Back-off before retry number n (1-based); by default topicBackoff. */
  backoffSeconds?: (attempt: number, topic: OutboxTopic) => number;
}

export const defaultBackoff = (attempt: number) => Math.min(2 ** attempt, 600) * (0.75 + Math.random() * 0.5);

/** 2^n seconds, capped at 10 minutes, with jitter; a webhook follows its own, longer ladder. */
export const topicBackoff = (attempt: number, topic: OutboxTopic) => (topic === 'deliver_webhook' ? webhookRetryDelay(attempt) : defaultBackoff(attempt));

/**
 * Jobs that only wait on a partner's server run side by side, so one slow or dead receiver does
 * not hold up the e-mails and network changes claimed in the same batch.
 */
const runsAlongside = (job: OutboxJob) => job.topic === 'deliver_webhook';

/**
 * Delivers the outbox. Woken by NOTIFY (or by `wake()` in the same process) and polling as a
 * fallback, so a lost notification only delays work. The claim commits before a handler runs,
 * so no transaction or row lock is held while a handler calls the outside world. Each job runs
 * at least once; handlers are written to be harmless when run again.
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
    private readonly handlers: JobHandlers,
    private readonly log: Logger,
    opts: WorkerOptions = {},
  ) {
    this.opts = { pollMs: 1000, batchSize: 10, leaseSeconds: 120, backoffSeconds: topicBackoff, ...opts };
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
    const inOrder = async () => {
      for (const job of jobs.filter((j) => !runsAlongside(j))) await this.run(job);
    };
    await Promise.all([inOrder(), ...jobs.filter(runsAlongside).map((job) => this.run(job))]);
    return jobs.length;
  }

  private async run(job: OutboxJob) {
    const parsed = parsePayload(job.topic, job.payload);
    if (!parsed.ok) {
      // It can never run as it is: parked at once with the reason, for a supervisor to look at.
      await failJob(this.db, job, parsed.reason, { park: 'malformed_payload' });
      this.log.error({ jobId: job.id, topic: job.topic, reason: parsed.reason }, 'outbox job parked: malformed payload');
      return;
    }
    try {
      await (this.handlers[job.topic] as JobHandler)(parsed.payload, job);
      await completeJob(this.db, job.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const outcome = await failJob(this.db, job, message, isPermanent(err) ? { park: 'permanent_error' } : { inSeconds: this.opts.backoffSeconds(job.attempts, job.topic) });
      this.log[outcome === 'dead' ? 'error' : 'warn']({ jobId: job.id, topic: job.topic, attempt: job.attempts, err: message }, `outbox job ${outcome === 'dead' ? 'parked' : 'will retry'}`);
    }
  }
}
