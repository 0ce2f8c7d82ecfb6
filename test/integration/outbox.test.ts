import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { OutboxWorker, type JobHandler } from '../../src/jobs/outbox-worker.js';
import type { Database } from '../../src/store/db.js';
import { enqueue, type OutboxTopic } from '../../src/store/outbox.js';
import { testDatabases, testDatabaseAvailable, useMigratedDatabase } from '../support/databases.js';
import { eventually } from '../support/harness.js';

const log = createLogger('silent');

function handlersThat(fn: JobHandler): Record<OutboxTopic, JobHandler> {
  return { deliver_communication: fn, fulfil_case: fn, bar_line: fn };
}

describe.each(testDatabases)('the transactional outbox (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let db: Database;
  useMigratedDatabase(kind, 'lc_outbox', available, (opened) => {
    db = opened;
  });

  it.skipIf(!available)('writes a job only when its transaction commits', async () => {
    await db.transaction((tx) => enqueue(tx, 'bar_line', { n: 'kept' }));
    await db.transaction(async (tx) => {
      await enqueue(tx, 'bar_line', { n: 'rolled-back' });
      throw new Error('abort');
    }).catch(() => undefined);
    const rows = await db.query<{ n: string }>("SELECT payload->>'n' AS n FROM outbox WHERE payload ? 'n'");
    expect(rows.map((r) => r.n)).toEqual(['kept']);
    await db.query("UPDATE outbox SET done_at = now() WHERE payload ? 'n'");
  });

  it.skipIf(!available)('runs every job exactly once with several workers sharing the database', async () => {
    const seen = new Map<number, number>();
    const handler: JobHandler = async (p) => {
      seen.set(Number(p.i), (seen.get(Number(p.i)) ?? 0) + 1);
    };
    // PGlite is one process with one connection; PostgreSQL takes several workers.
    const workers = Array.from({ length: kind === 'postgres' ? 3 : 1 }, () => new OutboxWorker(db, handlersThat(handler), log, { pollMs: 50 }));
    await Promise.all(workers.map((w) => w.start()));
    for (let i = 0; i < 120; i++) await db.transaction((tx) => enqueue(tx, 'deliver_communication', { i }));
    await eventually(async () => seen.size === 120, 20000, 'all jobs');
    await Promise.all(workers.map((w) => w.stop()));
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const [left] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND payload ? 'i'");
    expect(left!.n).toBe(0);
  });

  it.skipIf(!available)('retries a failing job with back-off and parks it, visible, after its last attempt', async () => {
    await db.query("UPDATE outbox SET done_at = now() WHERE done_at IS NULL");
    await db.query(`INSERT INTO outbox (topic, payload, max_attempts) VALUES ('fulfil_case', '{"failing": true}', 3)`);
    let calls = 0;
    const worker = new OutboxWorker(db, handlersThat(async () => {
      calls++;
      throw new Error(`HLR timeout #${calls}`);
    }), log, { pollMs: 50, backoffSeconds: () => 0.1 });
    await worker.start();
    const dead = await eventually(async () => {
      const [row] = await db.query<{ attempts: number; dead_at: Date | null; last_error: string }>("SELECT attempts, dead_at, last_error FROM outbox WHERE payload ? 'failing'");
      return row?.dead_at ? row : undefined;
    }, 15000, 'the job to be parked');
    await worker.stop();
    expect(dead.attempts).toBe(3);
    expect(calls).toBe(3);
    expect(dead.last_error).toBe('HLR timeout #3');
  });
});
