/**
 * Bulk termination (CONTRACT §10, `lastcall terminate`): a regulator's clean-up ends many lines
 * at once. Four eyes hold as for one case: one supervisor asks, another approves. The file is
 * worked in batches, each one transaction holding its cases and the run's cursor, so a run
 * killed at any moment and started again on the same file goes on after its last committed
 * batch: no line twice, none missed.
 */
import type { AppContext, Tx } from '../context.js';
import { forbidden } from '../../domain/errors.js';
import { bulkFileDigest, checkBulkReason, parseBulkFile, type BulkFileLine } from '../../domain/bulk-file.js';
import { findStaffCredentials } from '../../store/staff.js';
import { appendAudit } from '../../store/audit.js';
import { bulkBatchSettings, findOrStartRun, findRun, finishRun, listRunFailures, lockRun, recordBatch, type BulkLineOutcome, type BulkRunRow } from '../../store/bulk-runs.js';
import { prepareBatch, terminateBatch, writeBatch, type BulkContext, type BulkOrder } from './bulk-batch.js';
import type { BatchResult } from './bulk-lines.js';

export interface BulkRequest {
  file: Buffer;
  /** The file already parsed (parseBulkFile), when the caller checked it before anything else. */
  lines?: BulkFileLine[];
  reason: string;
  requestedBy: string;
  approvedBy: string;
  /** Lines per transaction (defaultBulkBatch). */
  batchSize?: number;
  /** Called after every committed batch with the rows whose outcome is committed. */
  onProgress?: (through: number, total: number) => void;
  /** Waits this long after each batch (tests use it to stop a run half way). */
  pauseMs?: number;
}

export interface BulkSummary {
  runId: number;
  total: number;
  done: number;
  failed: number;
  skipped: Record<string, number>;
  /** True when an earlier run of the same file had already done some of it. */
  resumed: boolean;
  failures: BulkLineOutcome[];
}

/** Both must be enabled supervisors, and not the same person. */
async function checkFourEyes(ctx: Pick<AppContext, 'db'>, requestedBy: string, approvedBy: string): Promise<void> {
  if (requestedBy === approvedBy) throw forbidden('four_eyes', `--by and --approved-by are both ${requestedBy}: a second supervisor must approve`);
  for (const [flag, user] of [['--by', requestedBy], ['--approved-by', approvedBy]] as const) {
    const staff = await findStaffCredentials(ctx.db, user);
    if (!staff) throw forbidden('forbidden', `${flag}: no staff user ${user}`);
    if (staff.disabled_at) throw forbidden('forbidden', `${flag}: ${user} is disabled`);
    if (staff.role !== 'supervisor') throw forbidden('forbidden', `${flag}: ${user} is a ${staff.role}; bulk termination needs two supervisors`);
  }
}

/**
 * Lines per transaction. Larger batches pay the round trips, statement starts and commit once for
 * more lines (100 k lines: 1 000 → 2 000 → 4 000 a batch gave 8 000 → 8 700 → 9 300 lines/s
 * here), but hold the year's reference counter and the audit head longer while they write (an
 * application in the meantime waits up to about 0.4 s) and lock more lines at once.
 */
export const defaultBulkBatch = 4000;

const emptyResult = (): BatchResult => ({ done: 0, failed: 0, skipped: {}, outcomes: [] });

export async function terminateInBulk(ctx: BulkContext & Pick<AppContext, 'db' | 'clock'>, req: BulkRequest): Promise<BulkSummary> {
  const reason = checkBulkReason(req.reason);
  await checkFourEyes(ctx, req.requestedBy, req.approvedBy);
  const lines = req.lines ?? parseBulkFile(req.file.toString('utf8'));
  const key = { fileSha256: bulkFileDigest(req.file), reason, requestedBy: req.requestedBy, approvedBy: req.approvedBy };
  // The run and its audit row together: who asked, who approved, for which file.
  const start = await ctx.db.transaction(async (tx) => {
    const run = await findOrStartRun(tx, key, lines.length, ctx.clock.now());
    if (run.created) {
      await appendAudit(tx, ctx.clock.now(), {
        actor: `staff:${req.requestedBy}`,
        action: 'bulk.started',
        subject: `bulk:${run.id}`,
        data: { approvedBy: req.approvedBy, reason, fileSha256: key.fileSha256, lines: lines.length },
      });
    }
    return run;
  });
  const order: BulkOrder = { runId: start.id, reason, requestedBy: req.requestedBy, approvedBy: req.approvedBy };
  const size = Math.max(1, req.batchSize ?? defaultBulkBatch);
  req.onProgress?.(start.done_through, lines.length);
  const pause = () => (req.pauseMs ? new Promise((r) => setTimeout(r, req.pauseMs)) : Promise.resolve());
  for (;;) {
    if (ctx.db.kind === 'postgres' && (await inFlight(ctx, order, lines, size, req.onProgress, pause)) === 'through') break;
    // On PGlite, or at the batch that failed in flight: one batch at a time.
    const through = await nextBatch(ctx, order, lines, size);
    if (through === null) break;
    req.onProgress?.(through, lines.length);
    await pause();
  }
  const run = await ctx.db.transaction(async (tx) => {
    const finished = await finishRun(tx, start.id, ctx.clock.now());
    const r = await findRun(tx, start.id);
    if (finished) {
      await appendAudit(tx, ctx.clock.now(), {
        actor: `staff:${req.requestedBy}`,
        action: 'bulk.finished',
        subject: `bulk:${r.id}`,
        data: { done: r.done, skipped: r.skipped, failed: r.failed },
      });
    }
    return r;
  });
  return {
    runId: run.id, total: run.total_lines, done: run.done, failed: run.failed, skipped: run.skipped,
    resumed: start.done_through > 0, failures: await listRunFailures(ctx.db, run.id, 1000),
  };
}

/** A batch that found the cursor elsewhere than where it began: the batch before it failed. */
class CursorMoved extends Error {}

/** Batches preparing (or waiting for their turn) beside the one writing, on PostgreSQL. */
const preparingAhead = 2;

/**
 * Batches in flight on PostgreSQL (one connection each; two cores): while one writes, holding the
 * run's cursor and the reference counter, the next ones take their lines and prepare their rows
 * (prepareBatch), each then waiting for the one before it to end before it checks the cursor and
 * writes. The order of commits, and so of references and the audit chain, stays the order of the
 * file. Returns 'failed' when a batch did not commit; the batches after it in flight roll back,
 * and the caller works on from the committed cursor.
 */
async function inFlight(
  ctx: BulkContext & Pick<AppContext, 'db' | 'clock'>,
  order: BulkOrder,
  lines: BulkFileLine[],
  size: number,
  onProgress: BulkRequest['onProgress'],
  pause: () => Promise<unknown>,
): Promise<'through' | 'failed'> {
  let cursor = (await findRun(ctx.db, order.runId)).done_through;
  let previous = Promise.resolve(true);
  let failed = false;
  let preparing = 0;
  let wake: (() => void) | undefined;
  while (cursor < lines.length && !failed) {
    while (preparing >= preparingAhead) await new Promise<void>((resolve) => (wake = resolve));
    if (failed) break;
    const start = cursor;
    const slice = lines.slice(start, start + size);
    cursor += slice.length;
    const before = previous;
    preparing += 1;
    let released = false;
    // Its turn came (or it ended before): room for the next batch to start preparing.
    const release = () => {
      if (released) return;
      released = true;
      preparing -= 1;
      wake?.();
    };
    previous = ctx.db
      .transaction(async (tx) => {
        await bulkBatchSettings(tx);
        const now = ctx.clock.now();
        const prepared = await prepareBatch(ctx, tx, order, slice, now);
        const committed = await before;
        release();
        if (!committed) throw new CursorMoved();
        const run = await lockRun(tx, order.runId);
        if (run.done_through !== start) throw new CursorMoved();
        const result = await writeBatch(tx, order, prepared, now);
        await recordBatch(tx, order.runId, start + slice.length, result, result.outcomes);
      })
      .then(
        () => {
          onProgress?.(start + slice.length, lines.length);
          return true;
        },
        () => {
          failed = true;
          return false;
        },
      )
      .finally(release);
    await pause();
  }
  return (await previous) && !failed ? 'through' : 'failed';
}

/** Works the next batch after the run's cursor; null when the run is through. */
async function nextBatch(ctx: BulkContext & Pick<AppContext, 'db' | 'clock'>, order: BulkOrder, lines: BulkFileLine[], size: number): Promise<number | null> {
  try {
    return await ctx.db.transaction(async (tx) => {
      // Not on PGlite: there the database lives and dies with this process, with no WAL writer
      // to flush the commit a moment later, so a killed run would lose far more than a moment.
      if (ctx.db.kind === 'postgres') await bulkBatchSettings(tx);
      return withCursor(tx, order, lines, size, (slice) => terminateBatch(ctx, tx, order, slice, ctx.clock.now()));
    });
  } catch {
    // Something in the batch broke a rule the checks above did not foresee (a race with another
    // writer, a constraint): the batch was rolled back, so work it in smaller parts to find which.
    return inHalves(ctx, order, lines, size);
  }
}

/** Locks the run, takes the rows after its cursor, and records what `work` made of them. */
async function withCursor(tx: Tx, order: BulkOrder, lines: BulkFileLine[], size: number, work: (slice: BulkFileLine[]) => Promise<BatchResult>): Promise<number | null> {
  const run: BulkRunRow = await lockRun(tx, order.runId);
  if (run.done_through >= run.total_lines) return null;
  const slice = lines.slice(run.done_through, run.done_through + size);
  const result = await work(slice);
  const through = run.done_through + slice.length;
  await recordBatch(tx, order.runId, through, result, result.outcomes);
  return through;
}

/**
 * Works the `size` rows after the cursor, a batch of which just failed and was rolled back: in
 * halves, each half that fails again halved in turn, down to single rows; a row that fails alone
 * is recorded as failed with the reason. One bad row among thousands costs a dozen small
 * batches, not a transaction per row.
 */
async function inHalves(ctx: BulkContext & Pick<AppContext, 'db' | 'clock'>, order: BulkOrder, lines: BulkFileLine[], size: number): Promise<number | null> {
  if (size <= 1) return oneRow(ctx, order, lines);
  let through: number | null = null;
  const first = Math.ceil(size / 2);
  for (const part of [first, size - first]) {
    let step: number | null;
    try {
      step = await ctx.db.transaction((tx) => withCursor(tx, order, lines, part, (slice) => terminateBatch(ctx, tx, order, slice, ctx.clock.now())));
    } catch {
      step = await inHalves(ctx, order, lines, part);
    }
    if (step === null) return through;
    through = step;
  }
  return through;
}

async function oneRow(ctx: BulkContext & Pick<AppContext, 'db' | 'clock'>, order: BulkOrder, lines: BulkFileLine[]): Promise<number | null> {
  try {
    return await ctx.db.transaction((tx) => withCursor(tx, order, lines, 1, (one) => terminateBatch(ctx, tx, order, one, ctx.clock.now())));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return ctx.db.transaction((tx) =>
      withCursor(tx, order, lines, 1, async ([l]) => {
        const r = emptyResult();
        r.failed = 1;
        r.outcomes.push({ rowNo: l!.index, line: l!.line, msisdn: l!.msisdn, outcome: 'failed', reason: 'error', detail: message.slice(0, 500) });
        return r;
      }),
    );
  }
}
