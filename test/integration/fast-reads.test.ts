import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import { startRuntime, type Runtime } from '../../src/main/runtime.js';
import { customerCaseView } from '../../src/app/cases/case-view.js';
import { customerCaseByToken } from '../../src/app/cases/customer-case-view.js';
import { hmac } from '../../src/app/identity/hmac.js';
import { compactDashboard, sharedSupervisorDashboard, supervisorDashboard, supervisorDashboardByScan } from '../../src/app/sla/dashboard.js';
import { splitStatements } from '../../src/store/migrate.js';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { fastSerializerCompiler } from '../../src/http/fast-serializer.js';
import { customerCase, queue } from '../../src/http/responses/cases.js';
import { dashboard as dashboardSchema } from '../../src/http/responses/sla.js';
import { listStaffCases, staffQueueBySession } from '../../src/app/cases/review-queue.js';
import { listQueueForSession } from '../../src/store/case-queue.js';
import { CaseChangePruner } from '../../src/store/case-changes.js';
import { openStates, undecidedStates } from '../../src/domain/case-machine.js';
import { decisionStates } from '../../src/domain/sla-figures.js';
import { readDashboardRollup } from '../../src/store/dashboard.js';
import { permissions } from '../../src/domain/roles.js';
import { sessionIdleMs, staffTokenHash } from '../../src/app/staff/auth.js';
import pg from 'pg';
import { demoPassword, staffLogin } from '../../src/app/staff/auth.js';

/** The hot routes' fast serializer writes what the Zod serializer writes, byte for byte. */
function sameBytes(schema: unknown, answer: unknown) {
  const zod = serializerCompiler({ schema, method: 'GET', url: '/' } as never) as (d: unknown) => string;
  expect(fastSerializerCompiler({ schema })(answer)).toBe(zod(answer));
}
import { insertCustomerToken } from '../../src/store/verifications.js';
import { createPostgresDatabase, testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { TestClock } from '../support/harness.js';

const now = '2026-11-26T12:00:00+08:00';

/**
 * The fast reads of issue 16 give the same answers as the reads they replace, on the demo past
 * (44 cases at every stage): the customer's progress read in one statement against the
 * transaction of six reads, and the dashboard from its rollup against the scan of every case.
 */
describe.each(testDatabases)('fast reads answer as the full reads do (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let runtime: Runtime;
  let clock: TestClock;
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;

  beforeAll(async () => {
    if (!available) return;
    const made = kind === 'postgres' ? await createPostgresDatabase('lc_fastreads') : null;
    drop = made?.drop;
    url = made?.url;
    const env = { LASTCALL_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-fastreads-')), ...(made ? { DATABASE_URL: made.url } : {}) };
    const config = loadConfig({ ...env, LASTCALL_DEMO: '1', PORT: '0', LOG_LEVEL: 'silent' });
    clock = new TestClock(new Date(now));
    runtime = await startRuntime(config, createLogger('silent'), { runWorker: false, clock, demoHistory: true });
  });
  afterAll(async () => {
    await runtime?.close();
    await drop?.();
  });

  /** A live token for a subscriber, made as a confirmed verification makes one. */
  async function tokenFor(subscriberId: number, expiresAt: Date): Promise<string> {
    const token = crypto.randomBytes(32).toString('base64url');
    const verificationId = crypto.randomUUID();
    await runtime.ctx.db.query(
      `INSERT INTO verifications (id, subscriber_id, msisdn, channel, code_hash, expires_at, confirmed_at)
       SELECT $1, $2, l.msisdn, 'sms', 'x', $3, $3 FROM lines l WHERE l.subscriber_id = $2 LIMIT 1`,
      [verificationId, subscriberId, clock.now()],
    );
    await insertCustomerToken(runtime.ctx.db, { tokenHash: hmac(runtime.ctx.secret, 'token', token), subscriberId, verificationId, expiresAt, at: clock.now() });
    return token;
  }

  it.skipIf(!available)('the customer read in one statement: the same answer for every case, 401 for a bad or expired token, 404 for a case of someone else', async () => {
    const cases = await runtime.ctx.db.query<{ reference: string; subscriber_id: number }>('SELECT reference, subscriber_id FROM cases ORDER BY id');
    expect(cases.length).toBe(44);
    const tokens = new Map<number, string>();
    for (const c of cases) {
      if (!tokens.has(c.subscriber_id)) tokens.set(c.subscriber_id, await tokenFor(c.subscriber_id, new Date(clock.now().getTime() + 3_600_000)));
      const fast = await customerCaseByToken(runtime.ctx, tokens.get(c.subscriber_id), c.reference);
      expect(fast.subscriberId).toBe(c.subscriber_id);
      expect(fast.view, c.reference).toEqual(await customerCaseView(runtime.ctx, c.reference, c.subscriber_id));
      sameBytes(customerCase, fast.view);
    }
    const [a, b] = cases.filter((c, i) => cases.findIndex((x) => x.subscriber_id === c.subscriber_id) === i);
    // All at once, so they share statements (store/coalesce.ts): each still gets its own answer,
    // and a bad token or someone else's case among them fails only its own read.
    const together = await Promise.all([
      ...cases.map((c) => customerCaseByToken(runtime.ctx, tokens.get(c.subscriber_id), c.reference).then((r) => r.view.reference)),
      customerCaseByToken(runtime.ctx, tokens.get(a!.subscriber_id), b!.reference).catch((e: { code: string }) => e.code),
      customerCaseByToken(runtime.ctx, 'not-a-token', a!.reference).catch((e: { code: string }) => e.code),
    ]);
    expect(together).toEqual([...cases.map((c) => c.reference), 'case_not_found', 'invalid_token']);
    await expect(customerCaseByToken(runtime.ctx, tokens.get(a!.subscriber_id), b!.reference)).rejects.toMatchObject({ code: 'case_not_found' });
    await expect(customerCaseByToken(runtime.ctx, 'not-a-token', a!.reference)).rejects.toMatchObject({ code: 'invalid_token' });
    await expect(customerCaseByToken(runtime.ctx, undefined, a!.reference)).rejects.toMatchObject({ code: 'unauthenticated' });
    const shortLived = await tokenFor(a!.subscriber_id, new Date(clock.now().getTime() + 1000));
    expect((await customerCaseByToken(runtime.ctx, shortLived, a!.reference)).view.reference).toBe(a!.reference);
    clock.set(new Date(clock.now().getTime() + 1000).toISOString());
    await expect(customerCaseByToken(runtime.ctx, shortLived, a!.reference)).rejects.toMatchObject({ code: 'invalid_token' });
  });

  it.skipIf(!available)('the customer read answers with the view it holds only while the case rows are unchanged, the token checked each time', async () => {
    const db = runtime.ctx.db;
    const [c] = await db.query<{ id: number; reference: string; subscriber_id: number }>(
      `SELECT c.id, c.reference, c.subscriber_id FROM cases c
        WHERE c.state = 'awaiting_customer' AND EXISTS (SELECT 1 FROM communications m WHERE m.case_id = c.id AND m.channel = 'email') ORDER BY c.id LIMIT 1`,
    );
    const token = await tokenFor(c!.subscriber_id, new Date(clock.now().getTime() + 2 * 86_400_000));
    const read = async () => (await customerCaseByToken(runtime.ctx, token, c!.reference)).view;
    const full = () => customerCaseView(runtime.ctx, c!.reference, c!.subscriber_id);
    const v1 = await read();
    expect(await read()).toBe(v1);
    expect(v1).toEqual(await full());

    // Each kind of change to the case's rows is read: a message updated, an event added (even
    // one the customer does not see), the case row updated, a message deleted (the list only shortens).
    const [message] = await db.query<{ id: number }>(`SELECT id FROM communications WHERE case_id = $1 AND channel = 'email' ORDER BY id DESC LIMIT 1`, [c!.id]);
    await db.query(`UPDATE communications SET status = 'failed' WHERE id = $1`, [message!.id]);
    const v2 = await read();
    expect(v2).not.toEqual(v1);
    expect(v2.communications.map((m) => m.status)).toContain('failed');
    expect(v2).toEqual(await full());
    await db.query(`INSERT INTO case_events (case_id, seq, type, actor, data, at) SELECT $1, max(seq) + 1, 'note', 'staff:reviewer', '{"text":"x"}', $2 FROM case_events WHERE case_id = $1`, [c!.id, clock.now()]);
    const v3 = await read();
    expect(v3).not.toBe(v2);
    expect(v3).toEqual(v2);
    await db.query(`UPDATE cases SET receipt_sha256 = $2 WHERE id = $1`, [c!.id, 'f'.repeat(64)]);
    const v4 = await read();
    expect(v4.receiptSha256).toBe('f'.repeat(64));
    await db.query(
      `INSERT INTO documents (public_id, case_id, kind, file_name, content_type, size_bytes, sha256, content_key, storage_path, uploaded_by, uploaded_at)
       VALUES ($1, $2, 'supporting', $3, 'application/pdf', 1, $4, 'lc1.x', 'nowhere', 'customer', $5)`,
      [crypto.randomUUID(), c!.id, runtime.ctx.vault.seal('证明.pdf'), 'a'.repeat(64), clock.now()],
    );
    const withDocument = await read();
    expect(withDocument.documents.map((d) => d.name)).toContain('证明.pdf');
    expect(withDocument).toEqual(await full());
    await db.query(`DELETE FROM documents WHERE case_id = $1 AND sha256 = $2`, [c!.id, 'a'.repeat(64)]);
    expect((await read()).documents).toEqual(v4.documents);
    await db.query(`DELETE FROM communications WHERE id = $1`, [message!.id]);
    const v5 = await read();
    expect(v5.communications.length).toBe(v4.communications.length - 1);
    expect(v5).toEqual(await full());
    expect(await read()).toBe(v5);

    // A change rolled back changed nothing.
    const undone = new Error('undone');
    await expect(db.transaction(async (tx) => {
      await tx.query(`UPDATE cases SET receipt_sha256 = NULL WHERE id = $1`, [c!.id]);
      throw undone;
    })).rejects.toBe(undone);
    expect(await read()).toBe(v5);
    if (url) {
      // A writer still running at one read, committing before the next: the next reads its change.
      const writer = new pg.Client(url);
      await writer.connect();
      try {
        await writer.query('BEGIN');
        await writer.query(`UPDATE cases SET receipt_sha256 = NULL WHERE id = $1`, [c!.id]);
        expect(await read()).toBe(v5);
        await writer.query('COMMIT');
        expect((await read()).receiptSha256).toBeNull();
      } finally {
        await writer.end();
      }
    } else {
      await db.query(`UPDATE cases SET receipt_sha256 = NULL WHERE id = $1`, [c!.id]);
    }
    const v6 = await read();
    expect(v6).toEqual(await full());

    // Held or not, the token is checked at every read: someone else's is refused the case, an expired one is refused.
    const [other] = await db.query<{ subscriber_id: number }>('SELECT subscriber_id FROM cases WHERE subscriber_id <> $1 LIMIT 1', [c!.subscriber_id]);
    const otherToken = await tokenFor(other!.subscriber_id, new Date(clock.now().getTime() + 3_600_000));
    await expect(customerCaseByToken(runtime.ctx, otherToken, c!.reference)).rejects.toMatchObject({ code: 'case_not_found' });
    const shortLived = await tokenFor(c!.subscriber_id, new Date(clock.now().getTime() + 1000));
    expect((await customerCaseByToken(runtime.ctx, shortLived, c!.reference)).view).toBe(v6);
    const start = clock.now().toISOString();
    clock.set(new Date(clock.now().getTime() + 1000).toISOString());
    await expect(customerCaseByToken(runtime.ctx, shortLived, c!.reference)).rejects.toMatchObject({ code: 'invalid_token' });

    // A new local day renders the view again (a paused case's due day moves with the days).
    clock.set('2026-11-27T09:00:00+08:00');
    const nextDay = await read();
    expect(nextDay).not.toBe(v6);
    expect(nextDay).toEqual(await full());
    clock.set(start);
  });

  it.skipIf(!available)('the queue with its session in one statement: the same page as the plain queue read, for every filter and order', async () => {
    const { token } = await staffLogin(runtime.ctx, 'reviewer', demoPassword);
    const filters = [
      { state: 'undecided', sort: 'due' as const },
      { state: 'undecided', sort: 'due' as const, region: 'CN' },
      { state: 'undecided', sort: 'due' as const, limit: 3 },
      { state: 'undecided', sort: 'submitted' as const },
      { state: 'undecided', sort: 'due' as const, channel: 'web' },
      { state: 'completed', sort: 'due' as const, limit: 500 },
      { sort: 'submitted' as const, sla: 'due_soon' },
      { state: 'nothing_is_in_this_state', sort: 'due' as const },
    ];
    for (const f of filters) {
      const plain = await listStaffCases(runtime.ctx, f);
      const { actor, view } = await staffQueueBySession(runtime.ctx, token, f);
      expect(actor.user).toBe('reviewer');
      expect(view, JSON.stringify(f)).toEqual(plain);
    }
    expect((await listStaffCases(runtime.ctx, filters[0]!)).items.length).toBeGreaterThan(3);
    expect((await listStaffCases(runtime.ctx, filters[5]!)).items.some((i) => i.duplicateOf.length > 0 || i.pauseReason !== null || i.assignee !== null)).toBe(true);
  });

  it.skipIf(!available)('the queue page is held: read again only once a case changed in a transaction its snapshot did not see', async () => {
    const db = runtime.ctx.db;
    const { token } = await staffLogin(runtime.ctx, 'reviewer', demoPassword);
    const at = clock.now();
    const session = { tokenHash: staffTokenHash(token), now: at, idleSince: new Date(at.getTime() - sessionIdleMs), roles: permissions['case.read'] };
    const filter = { state: 'undecided', region: null, channel: null, undecidedStates };
    const first = await listQueueForSession(db, session, filter, 'due', 50);
    expect(first.page!.rows.length).toBeGreaterThan(3);
    const unchanged = await listQueueForSession(db, session, filter, 'due', 50, first.snapshot);
    expect(unchanged.session?.username).toBe('reviewer');
    expect(unchanged.page).toBeNull();
    expect(unchanged.unchanged).toBe(true);
    expect(first.unchanged).toBe(false);
    // A session that may not read cases gets no page, held or not.
    const stranger = { ...session, tokenHash: 'no-such-session' };
    expect(await listQueueForSession(db, stranger, filter, 'due', 50, first.snapshot)).toEqual({ session: undefined, snapshot: '', page: null, unchanged: false });
    for (const known of [null, first.snapshot]) {
      expect(await listQueueForSession(db, { ...session, roles: [] }, filter, 'due', 50, known)).toMatchObject({ session: { username: 'reviewer' }, page: null, unchanged: false });
    }

    const { reference } = first.page!.rows[0]!;
    const assign = (who: string | null) => db.query('UPDATE cases SET assignee = $2 WHERE reference = $1', [reference, who]);
    await assign('reviewer');
    const changed = await listQueueForSession(db, session, filter, 'due', 50, unchanged.snapshot);
    expect(changed.page!.rows[0]).toMatchObject({ reference, assignee: 'reviewer' });
    // A change rolled back changed nothing.
    const undone = new Error('undone');
    await expect(db.transaction(async (tx) => {
      await tx.query(`UPDATE cases SET assignee = 'someone' WHERE reference = $1`, [reference]);
      throw undone;
    })).rejects.toBe(undone);
    expect((await listQueueForSession(db, session, filter, 'due', 50, changed.snapshot)).page).toBeNull();
    if (url) {
      // A writer still running when the page was read, committing after: its change is read then.
      const writer = new pg.Client(url);
      await writer.connect();
      try {
        await writer.query('BEGIN');
        await writer.query(`UPDATE cases SET assignee = 'supervisor' WHERE reference = $1`, [reference]);
        const during = await listQueueForSession(db, session, filter, 'due', 50);
        expect(during.page!.rows[0]).toMatchObject({ reference, assignee: 'reviewer' });
        await writer.query('COMMIT');
        const after = await listQueueForSession(db, session, filter, 'due', 50, during.snapshot);
        expect(after.page!.rows[0]).toMatchObject({ reference, assignee: 'supervisor' });
      } finally {
        await writer.end();
      }
    }

    // Through the use case: the same answer object while nothing changes, the plain read's answer after a change or a new day.
    const f = { state: 'undecided', sort: 'due' as const };
    const v1 = (await staffQueueBySession(runtime.ctx, token, f)).view;
    expect((await staffQueueBySession(runtime.ctx, token, f)).view).toBe(v1);
    expect(v1).toEqual(await listStaffCases(runtime.ctx, f));
    await assign(null);
    const v2 = (await staffQueueBySession(runtime.ctx, token, f)).view;
    expect(v2).not.toEqual(v1);
    expect(v2).toEqual(await listStaffCases(runtime.ctx, f));
    const today = clock.now().toISOString();
    clock.set('2026-12-03T09:00:00+08:00');
    const later = (await staffQueueBySession(runtime.ctx, (await staffLogin(runtime.ctx, 'reviewer', demoPassword)).token, f)).view;
    expect(later).toEqual(await listStaffCases(runtime.ctx, f));
    expect(later.items.map((i) => i.sla)).not.toEqual(v2.items.map((i) => i.sla));
    clock.set(today);

    // The sweeps forget changes only once every snapshot a page may be held with has seen them.
    let ms = 0;
    const pruner = new CaseChangePruner(1000, () => ms);
    const count = async () => (await db.query<{ n: number }>('SELECT ((SELECT count(*) FROM case_changes) + (SELECT count(*) FROM case_record_changes))::int AS n'))[0]!.n;
    const before = await count();
    expect(before).toBeGreaterThan(0);
    expect(await pruner.prune(db)).toBe(0);
    await assign('reviewer');
    ms = 999;
    expect(await pruner.prune(db)).toBe(0);
    ms = 1000;
    expect(await pruner.prune(db)).toBe(before);
    expect(await count()).toBe(1);
    ms = 2000;
    expect(await pruner.prune(db)).toBe(1);
    await assign(null);
  });

  it.skipIf(!available)('the dashboard from its rollup: the same figures as the scan of every case, kept up to date by the past made through the use cases, and back-filled by the migration', async () => {
    const periods = [{}, { from: '2026-09-01', to: '2026-11-26' }, { from: '2026-10-05', to: '2026-10-18' }, { from: '2026-11-26', to: '2026-11-26' }, { from: '2025-01-01', to: '2026-12-31' }];
    const compare = async (what: string) => {
      for (const p of periods) expect(await supervisorDashboard(runtime.ctx, p), `${what} ${JSON.stringify(p)}`).toEqual(await supervisorDashboardByScan(runtime.ctx, p));
    };
    const full = await supervisorDashboard(runtime.ctx);
    expect(full.compliance.overall.decided).toBeGreaterThan(0);
    expect(full.intake.some((d) => d.web + d.sms + d.email + d.form + d.hotline > 0)).toBe(true);
    expect(full.ageing.reduce((a, b) => a + b.count, 0)).toBeGreaterThan(0);
    await compare('as the demo past left it');
    // Requests that arrive together share one read per period; each gets its own period's figures,
    // and a period that is not valid fails alone.
    const together = await Promise.all([
      ...periods.map((p) => sharedSupervisorDashboard(runtime.ctx, p)),
      ...periods.map((p) => sharedSupervisorDashboard(runtime.ctx, p)),
      sharedSupervisorDashboard(runtime.ctx, { from: '2026-11-26', to: '2026-01-01' }).catch((e: { code: string }) => e.code),
    ]);
    const alone = await Promise.all(periods.map((p) => supervisorDashboard(runtime.ctx, p)));
    expect(together).toEqual([...alone, ...alone, 'invalid_period']);
    sameBytes(dashboardSchema, full);
    sameBytes(queue, await listStaffCases(runtime.ctx, { state: 'undecided', sort: 'due' }));
    // The rollup is summed again only once a case changed; the figures follow the change.
    const window = { windowStart: '2026-09-01T00:00:00Z', windowEnd: '2026-11-28T00:00:00Z', openStates, decisionStates };
    const first = await readDashboardRollup(runtime.ctx.db, { ...window, known: null });
    expect(first.rollup!.open.length).toBeGreaterThan(0);
    const again = await readDashboardRollup(runtime.ctx.db, { ...window, known: first.snapshot });
    expect(again.rollup).toBeNull();
    expect(again.callbacksWaiting).toBe(first.callbacksWaiting);
    await runtime.ctx.db.query(
      `UPDATE cases SET sla_breached_at = $1, sla_breached_due_on = due_on WHERE id = (SELECT min(id) FROM cases WHERE state = 'in_review' AND sla_breached_at IS NULL)`,
      [clock.now()],
    );
    expect((await readDashboardRollup(runtime.ctx.db, { ...window, known: again.snapshot })).rollup).not.toBeNull();
    const moved = await supervisorDashboard(runtime.ctx);
    expect(moved).not.toEqual(full);
    await compare('after a case changed');
    // Other days: ageing and breaches are worked out as of today.
    const start = clock.now().toISOString();
    for (const day of ['2026-11-27T09:00:00+08:00', '2026-12-08T20:00:00+08:00']) {
      clock.set(day);
      await compare(`on ${day}`);
    }
    clock.set(start);
    // The sweeps fold the rollup's rows of counts into one per key: the same figures after.
    const rows = async () => (await runtime.ctx.db.query<{ n: number }>('SELECT (SELECT count(*) FROM dashboard_open) + (SELECT count(*) FROM dashboard_decided) + (SELECT count(*) FROM dashboard_intake) AS n'))[0]!.n;
    const before = Number(await rows());
    await compactDashboard(runtime.ctx);
    expect(Number(await rows())).toBeLessThan(before);
    await compare('after compaction');
    // The migration's back-fill counts existing cases as the triggers would have.
    const migration = fs.readFileSync(path.join(import.meta.dirname, '../../src/store/migrations/0013_dashboard_rollup.sql'), 'utf8');
    const backFill = splitStatements(migration).at(-1)!;
    expect(backFill).toMatch(/^SELECT dashboard_rollup_apply/);
    await runtime.ctx.db.transaction(async (tx) => {
      await tx.query('DELETE FROM dashboard_open');
      await tx.query('DELETE FROM dashboard_decided');
      await tx.query('DELETE FROM dashboard_intake');
      await tx.query(backFill);
    });
    await compare('after the back-fill');
  });
});
