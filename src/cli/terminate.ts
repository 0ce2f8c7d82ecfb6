import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { startRuntime } from '../main/runtime.js';
import { defaultBulkBatch, terminateInBulk, type BulkSummary } from '../app/lines/bulk-terminate.js';
import { BulkInputError, parseBulkFile } from '../domain/bulk-file.js';
import { DomainError } from '../domain/errors.js';
import { bulkProgress } from './bulk-progress.js';
import { UsageError } from './usage.js';

/**
 * `lastcall terminate --file LINES.csv --reason TEXT --by USER --approved-by USER` (CONTRACT §10).
 * Progress on stderr, the summary on stdout, one line per failed row on stderr; exit 0 when no
 * row failed, 1 otherwise, 2 for bad usage, a bad file or a refused pair of supervisors.
 */

export const terminateUsage = 'usage: lastcall terminate --file LINES.csv --reason TEXT --by USER --approved-by USER';

/** Tuning and test knobs, not settings an operator needs: lines per transaction, a pause after each. */
function knob(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  return Number.isInteger(v) && v >= 0 ? v : fallback;
}

export function describeSummary(s: BulkSummary): string {
  const skipped = Object.values(s.skipped).reduce((a, b) => a + b, 0);
  const reasons = Object.entries(s.skipped).filter(([, n]) => n > 0).map(([r, n]) => `${r} ${n}`).join(', ');
  return `run ${s.runId}${s.resumed ? ' (resumed)' : ''}: ${s.total} line(s): ${s.done} done, ${skipped} skipped${reasons ? ` (${reasons})` : ''}, ${s.failed} failed`;
}

export async function terminateCommand(args: string[], config: () => Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { file: { type: 'string' }, reason: { type: 'string' }, by: { type: 'string' }, 'approved-by': { type: 'string' } },
    strict: true,
  });
  const { file, reason, by } = values;
  const approvedBy = values['approved-by'];
  if (!file || reason === undefined || !by || !approvedBy) throw new UsageError(terminateUsage);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new UsageError(`--file: cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  // A file that cannot be worked is refused before the database is opened.
  let lines;
  try {
    lines = parseBulkFile(bytes.toString('utf8'));
  } catch (err) {
    if (err instanceof BulkInputError) throw new UsageError(`--file: ${err.message}`);
    throw err;
  }
  const runtime = await startRuntime({ ...config(), demo: false }, createLogger('warn'), { runWorker: false });
  const progress = bulkProgress();
  try {
    const summary = await terminateInBulk(runtime.ctx, {
      file: bytes, lines, reason, requestedBy: by, approvedBy,
      batchSize: knob('LASTCALL_BULK_BATCH', defaultBulkBatch) || defaultBulkBatch,
      pauseMs: knob('LASTCALL_BULK_PAUSE_MS', 0),
      onProgress: progress.update,
    });
    progress.stop();
    for (const f of summary.failures) console.error(`line ${f.line}: ${f.msisdn} failed: ${f.detail}`);
    if (summary.failures.length < summary.failed) console.error(`… and ${summary.failed - summary.failures.length} more failed line(s)`);
    console.log(describeSummary(summary));
    return summary.failed === 0 ? 0 : 1;
  } catch (err) {
    progress.stop();
    if (err instanceof BulkInputError || (err instanceof DomainError && err.kind === 'forbidden')) throw new UsageError(err.message);
    throw err;
  } finally {
    await runtime.close();
  }
}
