/**
 * Receipts and forms rendered on a small pool of worker threads. pdfkit subsetting the CJK font
 * costs tens of milliseconds of CPU per document; on the event loop that time was added to every
 * other request waiting behind it (a status read's p99 went from 12 ms to 144 ms while receipts
 * were fetched). A worker gets plain data and answers with the bytes; each parses the font once.
 *
 * Workers start on the first render, one at a time up to `size`, and do one render at a time
 * (the work is pure CPU, so more in flight would only share the same core). An idle worker does
 * not keep the process alive, a busy one does until its answer is in. A worker that dies or
 * overruns its time fails only its own render (`PdfWorkerError`) and is replaced by the next
 * render that needs one; a render that throws fails with `PdfRenderError`. `close()` stops them
 * all and fails what was waiting (`PdfPoolClosedError`).
 */
import { Worker } from 'node:worker_threads';
import type { ApplicationFormInput } from './application-form.js';
import type { ReceiptContent } from '../domain/receipt.js';
import type { RenderAnswer, RenderTask } from './render-task.js';

/** The PDF could not be made from this input (pdfkit threw): a fault on our side, not the caller's. */
export class PdfRenderError extends Error {
  override name = 'PdfRenderError';
}

/** The worker rendering it died or took too long; the pool starts another for the next render. */
export class PdfWorkerError extends Error {
  override name = 'PdfWorkerError';
}

export class PdfPoolClosedError extends Error {
  override name = 'PdfPoolClosedError';
  constructor() {
    super('the PDF pool is closed');
  }
}

/** What the use cases need; tests may hand in something else. */
export interface PdfRenderer {
  renderReceipt(content: ReceiptContent, opts: { generatedAt: Date; state?: string }): Promise<Buffer>;
  renderApplicationForm(input: ApplicationFormInput): Promise<Buffer>;
  close(): Promise<void>;
}

export interface PdfPoolOptions {
  /** Worker threads at most (LASTCALL_PDF_WORKERS). */
  size: number;
  /** A render still running after this is taken for stuck and its worker stopped. A receipt takes ~40 ms. */
  taskTimeoutMs?: number;
  /** An idle worker exits after this, giving back its memory (the parsed font, pdfkit). */
  idleMs?: number;
}

interface Job {
  id: number;
  task: RenderTask;
  resolve(pdf: Buffer): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  /** The uncaught error that is about to end the worker, for the message of its render's failure. */
  crash: Error | undefined;
}

/**
 * How a worker thread is started. From dist/ the worker is plain JavaScript next to this file.
 * Under tsx (bin/lastcall.js, bin/run-ts.js, vitest) this module is the .ts source, and a worker
 * thread neither inherits the loader the main thread registered nor honours `--import` in its
 * execArgv on Node 20: a two-line bootstrap registers tsx in the worker, then loads the .ts file.
 * tsx is resolved from this file, so the working directory does not matter.
 */
function workerStart(): { script: string | URL; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { script: new URL('./render-worker.js', import.meta.url), eval: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  const worker = new URL('./render-worker.ts', import.meta.url).href;
  const script = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}); })
    .catch((err) => process.nextTick(() => { throw err; }));`;
  return { script, eval: true };
}

export class PdfPool implements PdfRenderer {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private closed = false;
  /** Workers started over the pool's life, replacements included. */
  started = 0;

  constructor(private readonly opts: PdfPoolOptions) {
    if (!Number.isInteger(opts.size) || opts.size < 1) throw new RangeError(`PDF pool size must be a whole number ≥ 1, not ${opts.size}`);
  }

  renderReceipt(content: ReceiptContent, opts: { generatedAt: Date; state?: string }): Promise<Buffer> {
    return this.run({ kind: 'receipt', content, opts });
  }

  renderApplicationForm(input: ApplicationFormInput): Promise<Buffer> {
    return this.run({ kind: 'form', input });
  }

  /** The live workers (tests stop one mid-render to see it replaced). */
  workers(): Worker[] {
    return [...this.slots].map((s) => s.worker);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new PdfPoolClosedError());
    // Each exit handler fails the render its worker had in hand.
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
  }

  private run(task: RenderTask): Promise<Buffer> {
    if (this.closed) return Promise.reject(new PdfPoolClosedError());
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      let slot = [...this.slots].find((s) => !s.job);
      if (!slot) {
        if (this.slots.size >= this.opts.size) return;
        slot = this.spawn();
      }
      this.assign(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const start = workerStart();
    const worker = new Worker(start.script, { eval: start.eval });
    this.started++;
    const slot: Slot = { worker, job: undefined, timer: undefined, idleTimer: undefined, crash: undefined };
    this.slots.add(slot);
    worker.on('message', (answer: RenderAnswer) => this.answered(slot, answer));
    worker.on('error', (err) => (slot.crash = err));
    worker.on('exit', (code) => this.exited(slot, code));
    return slot;
  }

  private assign(slot: Slot, job: Job): void {
    clearTimeout(slot.idleTimer);
    slot.job = job;
    // A render in flight keeps the process alive until its answer is in; an idle worker does not.
    slot.worker.ref();
    const timeoutMs = this.opts.taskTimeoutMs ?? 30_000;
    slot.timer = setTimeout(() => {
      this.release(slot)?.reject(new PdfWorkerError(`a PDF render took more than ${timeoutMs} ms; its worker was stopped`));
      this.slots.delete(slot);
      void slot.worker.terminate();
      this.dispatch();
    }, timeoutMs);
    try {
      slot.worker.postMessage({ id: job.id, task: job.task });
    } catch (err) {
      // Input that cannot be cloned (a function, a symbol) is a programming error here, not the worker's fault.
      this.release(slot)?.reject(new PdfRenderError(`PDF input cannot go to a worker: ${(err as Error).message}`));
      this.rest(slot);
    }
  }

  /** Takes the slot's job off it; the caller settles it. */
  private release(slot: Slot): Job | undefined {
    const job = slot.job;
    clearTimeout(slot.timer);
    slot.timer = undefined;
    slot.job = undefined;
    return job;
  }

  /** An idle worker: unref'd so that it never holds the process open, and ended after `idleMs`. */
  private rest(slot: Slot): void {
    slot.worker.unref();
    slot.idleTimer = setTimeout(() => {
      this.slots.delete(slot);
      void slot.worker.terminate();
    }, this.opts.idleMs ?? 5 * 60_000);
    slot.idleTimer.unref();
  }

  private answered(slot: Slot, answer: RenderAnswer): void {
    if (slot.job?.id !== answer.id) return;
    const job = this.release(slot)!;
    if (answer.ok) job.resolve(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength));
    else job.reject(new PdfRenderError(answer.message));
    // A waiting render goes to this worker (or another idle one); with none waiting, it rests.
    this.dispatch();
    if (!slot.job && this.slots.has(slot)) this.rest(slot);
  }

  private exited(slot: Slot, code: number): void {
    this.slots.delete(slot);
    clearTimeout(slot.idleTimer);
    const job = this.release(slot);
    if (job) {
      if (this.closed) job.reject(new PdfPoolClosedError());
      else job.reject(new PdfWorkerError(`the PDF worker stopped (exit code ${code}${slot.crash ? `: ${slot.crash.message}` : ''})`));
    }
    // Renders still waiting get a new worker.
    this.dispatch();
  }
}
