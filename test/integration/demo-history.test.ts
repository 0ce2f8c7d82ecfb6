import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startRuntime, type Runtime } from '../../src/main/runtime.js';
import { verifyAuditChain } from '../../src/app/evidence/audit.js';
import { replaySla } from '../../src/domain/sla-replay.js';
import { listEvents, type CaseRow } from '../../src/store/cases.js';
import { listQueue, listQueueForSession } from '../../src/store/case-queue.js';
import { demoPassword, sessionIdleMs, staffLogin, staffTokenHash } from '../../src/app/staff/auth.js';
import { undecidedStates } from '../../src/domain/case-machine.js';
import { permissions } from '../../src/domain/roles.js';
import { createPostgresDatabase, testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { TestClock } from '../support/harness.js';
import { runCli } from '../support/process.js';

const now = '2026-11-26T12:00:00+08:00';

describe.each(testDatabases)('the demo history `serve` loads into an empty database (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let runtime: Runtime;
  let env: Record<string, string>;
  let drop: (() => Promise<void>) | undefined;
  let closed = false;
  const close = async () => {
    if (!closed) await runtime?.close();
    closed = true;
  };

  beforeAll(async () => {
    if (!available) return;
    const pg = kind === 'postgres' ? await createPostgresDatabase('lc_history') : null;
    drop = pg?.drop;
    env = { LASTCALL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-history-')), ...(pg ? { DATABASE_URL: pg.url } : {}) };
    const config = loadConfig({ ...env, LASTCALL_DEMO: '1', PORT: '0', LOG_LEVEL: 'silent' });
    runtime = await startRuntime(config, createLogger('silent'), { runWorker: false, clock: new TestClock(new Date(now)), demoHistory: true });
  });
  afterAll(async () => {
    await close();
    await drop?.();
  });

  it.skipIf(!available)('has cases at every stage of the promise, made through the real use cases', async () => {
    const rows = await runtime.ctx.db.query<{ state: string; n: number; breached: number }>(
      `SELECT state, count(*)::int AS n, count(sla_breached_at)::int AS breached FROM cases GROUP BY state ORDER BY state`,
    );
    const byState = Object.fromEntries(rows.map((r) => [r.state, r.n]));
    expect(Object.values(byState).reduce((a, b) => a + b, 0)).toBe(44);
    for (const state of ['submitted', 'in_review', 'awaiting_customer', 'completed', 'rejected', 'withdrawn']) expect(byState[state], state).toBeGreaterThan(0);
    expect(rows.reduce((a, r) => a + r.breached, 0)).toBeGreaterThan(0);
    const channels = await runtime.ctx.db.query<{ channel: string }>('SELECT DISTINCT channel FROM cases ORDER BY channel');
    expect(channels.map((c) => c.channel)).toEqual(['email', 'form', 'hotline', 'sms', 'web']);
    const lapsed = await runtime.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE type = 'lapse'`);
    expect(lapsed[0]!.n).toBeGreaterThan(0);
    // The CSV's people are untouched: examples and tests name their lines.
    const demoLines = await runtime.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases c JOIN lines l ON l.id = c.line_id WHERE l.msisdn NOT LIKE '+861379%'`);
    expect(demoLines[0]!.n).toBe(0);
  });

  it.skipIf(!available)("gives back every case's SLA from its history alone, keeps the audit chain whole and sends none of this past's messages", async () => {
    const cases = await runtime.ctx.db.query<CaseRow>('SELECT * FROM cases ORDER BY id');
    for (const c of cases) {
      const replayed = replaySla(await listEvents(runtime.ctx.db, c.id));
      expect(replayed, c.reference).toMatchObject({
        receivedOn: c.received_on,
        dueOn: c.due_on,
        paused: c.state === 'awaiting_customer',
        totalPausedDays: c.sla_paused_days,
        warnedAt: c.sla_warned_at?.toISOString() ?? null,
        breachedAt: c.sla_breached_at?.toISOString() ?? null,
      });
    }
    expect((await verifyAuditChain(runtime.ctx.db)).ok).toBe(true);
    const pending = await runtime.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE done_at IS NULL AND dead_at IS NULL`);
    expect(pending[0]!.n).toBe(0);
    const mailbox = await runtime.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM dev_mailbox');
    expect(mailbox[0]!.n).toBe(0);
  });

  it.skipIf(!available)("reads the console's default queue (undecided, by due day) from its partial index: the same rows and count as the general statement", async () => {
    const { token } = await staffLogin(runtime.ctx, 'reviewer', demoPassword);
    const at = runtime.ctx.clock.now();
    const session = { tokenHash: staffTokenHash(token), now: at, idleSince: new Date(at.getTime() - sessionIdleMs), roles: permissions['case.read'] };
    const compared = new Error('compared: roll back');
    // The demo past is all Chinese: a third of it moves to GB for the comparison, and back after.
    const done = runtime.ctx.db.transaction(async (tx) => {
      await tx.query(`UPDATE cases SET region = 'GB' WHERE id % 3 = 0`);
      for (const region of [null, 'CN', 'GB', 'XX']) {
        for (const limit of [1, 2, 500]) {
          const filter = { state: 'undecided', region, channel: null, undecidedStates };
          const indexed = await listQueueForSession(tx, session, filter, 'due', limit);
          const general = await listQueue(tx, filter, 'due', limit);
          expect(indexed.session?.username).toBe('reviewer');
          expect(indexed.page?.rows, `${region} ${limit}`).toEqual(general.rows);
          expect(indexed.page?.matching, `${region} ${limit}`).toBe(general.matching);
          if (region !== 'XX' && limit === 1) expect(general.matching, `${region}`).toBeGreaterThan(1);
        }
      }
      throw compared;
    });
    await expect(done).rejects.toBe(compared);
  });

  it.skipIf(!available)('draws the demo data in `lastcall report sla --out report.html`', async () => {
    await close(); // the embedded database is one process's: the CLI opens it next
    const file = path.join(env.LASTCALL_DATA_DIR!, 'report.html');
    const r = await runCli(['report', 'sla', '--from', '2026-10-01', '--to', '2026-11-26', '--out', file], env);
    expect(r.code, r.stderr).toBe(0);
    const figures = JSON.parse(/<script type="application\/json" id="[^"]*">([^<]*)<\/script>/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? 'null').figures;
    expect(figures.compliance.overall.decided).toBeGreaterThan(20);
    expect(figures.intake.some((d: { web: number }) => d.web > 0)).toBe(true);
    expect(Object.values(figures.openByState as Record<string, number>).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
  });
});
