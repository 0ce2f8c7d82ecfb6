import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { OutboxWorker, type JobHandler, type JobHandlers } from '../../src/jobs/outbox-worker.js';
import type { Database } from '../../src/store/db.js';
import { enqueue, listDeadJobs, retryDeadJob } from '../../src/store/outbox.js';
import { OutsideError } from '../../src/adapters/outside-error.js';
import { testDatabases, testDatabaseAvailable, useMigratedDatabase } from '../support/databases.js';
import { eventually } from '../support/harness.js';

const log = createLogger('silent');

function handlersThat(fn: JobHandler): JobHandlers {
  return { deliver_communication: fn, fulfil_case: fn, bar_line: fn, unbar_line: fn, restore_line: fn, deliver_webhook: fn };
}

async function parkedRow(db: Database, where: string) {
  const [row] = await db.query<{ id: number; attempts: number; dead_at: Date | null; dead_reason: string | null; last_error: string }>(
    `SELECT id, attempts, dead_at, dead_reason, last_error FROM outbox WHERE ${where}`,
  );
  return row?.dead_at ? row : undefined;
}

describe.each(testDatabases)('the transactional outbox (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let db: Database;
  useMigratedDatabase(kind, 'lc_outbox', available, (opened) => {
    db = opened;
  });

  it.skipIf(!available)('writes a job only when its transaction commits', async () => {
    await db.transaction((tx) => enqueue(tx, 'bar_line', { lineId: 1, by: 'kept' }));
    await db.transaction(async (tx) => {
      await enqueue(tx, 'bar_line', { lineId: 1, by: 'rolled-back' });
      throw new Error('abort');
    }).catch(() => undefined);
    const rows = await db.query<{ by: string }>("SELECT payload->>'by' AS by FROM outbox WHERE topic = 'bar_line'");
    expect(rows.map((r) => r.by)).toEqual(['kept']);
    await db.query("UPDATE outbox SET done_at = now() WHERE topic = 'bar_line'");
  });

  it.skipIf(!available)('runs every job exactly once with several workers sharing the database', async () => {
    const seen = new Map<number, number>();
    const handler: JobHandler<'deliver_communication'> = async (p) => {
      seen.set(p.communicationId, (seen.get(p.communicationId) ?? 0) + 1);
    };
    // PGlite is one process with one connection; PostgreSQL takes several workers.
    const workers = Array.from({ length: kind === 'postgres' ? 3 : 1 }, () => new OutboxWorker(db, handlersThat(handler as JobHandler), log, { pollMs: 50 }));
    await Promise.all(workers.map((w) => w.start()));
    for (let i = 0; i < 120; i++) await db.transaction((tx) => enqueue(tx, 'deliver_communication', { communicationId: i + 1 }));
    await eventually(async () => seen.size === 120, 20000, 'all jobs');
    await Promise.all(workers.map((w) => w.stop()));
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const [left] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND topic = 'deliver_communication'");
    expect(left!.n).toBe(0);
  });

  it.skipIf(!available)('retries a failing job with back-off and parks it, visible, after its last attempt', async () => {
    await db.query("UPDATE outbox SET done_at = now() WHERE done_at IS NULL");
    await db.query(`INSERT INTO outbox (topic, payload, max_attempts) VALUES ('fulfil_case', '{"caseId": 424242}', 3)`);
    let calls = 0;
    const worker = new OutboxWorker(db, handlersThat(async () => {
      calls++;
      throw new Error(`HLR timeout #${calls}`);
    }), log, { pollMs: 50, backoffSeconds: () => 0.1 });
    await worker.start();
    const dead = await eventually(async () => {
      return parkedRow(db, "payload->>'caseId' = '424242'");
    }, 15000, 'the job to be parked');
    await worker.stop();
    expect(dead.attempts).toBe(3);
    expect(calls).toBe(3);
    expect(dead.last_error).toBe('HLR timeout #3');
    expect(dead.dead_reason).toBe('attempts_exhausted');
  });

  it.skipIf(!available)('parks a job whose payload does not parse at once, with the reason, without running it', async () => {
    await db.query("UPDATE outbox SET done_at = now() WHERE done_at IS NULL");
    await db.query(`INSERT INTO outbox (topic, payload) VALUES ('fulfil_case', '{"caseId": "seven"}'), ('no_such_topic', '{}')`);
    let calls = 0;
    const worker = new OutboxWorker(db, handlersThat(async () => {
      calls++;
    }), log, { pollMs: 50 });
    await worker.start();
    const malformed = await eventually(() => parkedRow(db, "payload->>'caseId' = 'seven'"), 10000, 'the malformed job to be parked');
    const unknown = await eventually(() => parkedRow(db, "topic = 'no_such_topic'"), 10000, 'the unknown topic to be parked');
    await worker.stop();
    expect(calls).toBe(0);
    expect(malformed).toMatchObject({ attempts: 1, dead_reason: 'malformed_payload' });
    expect(malformed.last_error).toMatch(/^malformed payload for fulfil_case: caseId /);
    expect(unknown.last_error).toBe('unknown outbox topic "no_such_topic"');
  });

  it.skipIf(!available)('parks a permanent outside error at once, backs off on a temporary one, and a parked job can be retried', async () => {
    await db.query("UPDATE outbox SET done_at = now() WHERE done_at IS NULL");
    await db.transaction(async (tx) => {
      await enqueue(tx, 'bar_line', { lineId: 7001, by: 'permanent' });
      await enqueue(tx, 'bar_line', { lineId: 7002, by: 'temporary' });
    });
    const calls: Record<string, number> = { permanent: 0, temporary: 0 };
    let healed = false;
    const backoffs: number[] = [];
    const worker = new OutboxWorker(db, handlersThat((async (p: { by: string }) => {
      calls[p.by] = (calls[p.by] ?? 0) + 1;
      if (p.by === 'permanent' && !healed) throw new OutsideError('No such subscriber.', true, 'hlr');
      if (p.by === 'temporary' && calls.temporary! < 3) throw new OutsideError('connection refused', false, 'hlr');
    }) as JobHandler), log, { pollMs: 50, backoffSeconds: (n) => (backoffs.push(n), 0.1 * n) });
    await worker.start();
    const parked = await eventually(() => parkedRow(db, "payload->>'by' = 'permanent'"), 10000, 'the permanent failure to be parked');
    await eventually(async () => calls.temporary === 3, 10000, 'the temporary failure to succeed on its third attempt');
    expect(parked).toMatchObject({ attempts: 1, dead_reason: 'permanent_error', last_error: 'No such subscriber.' });
    expect(calls.permanent).toBe(1);
    expect(backoffs).toEqual([1, 2]);

    const listed = await listDeadJobs(db, 50);
    expect(listed.find((j) => j.id === parked.id)).toMatchObject({ topic: 'bar_line', dead_reason: 'permanent_error', last_error: 'No such subscriber.' });
    healed = true;
    expect(await retryDeadJob(db, parked.id, 'staff:supervisor')).toEqual({ topic: 'bar_line' });
    expect(await retryDeadJob(db, parked.id, 'staff:supervisor')).toBeUndefined();
    await eventually(async () => {
      const [row] = await db.query<{ done_at: Date | null; retried_by: string }>('SELECT done_at, retried_by FROM outbox WHERE id = $1', [parked.id]);
      return row?.done_at ? row : undefined;
    }, 10000, 'the retried job to run');
    await worker.stop();
    expect(calls.permanent).toBe(2);
  });
});
