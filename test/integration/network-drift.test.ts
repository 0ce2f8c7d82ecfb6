import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { Client, eventually, startHarness, type Harness } from '../support/harness.js';
import { runNightlyNetworkCheck } from '../../src/app/network/nightly-check.js';
import { reconcileNetwork, syncNetwork } from '../../src/app/network/sync.js';
import { startSweeps } from '../../src/jobs/sweeps.js';

/**
 * The nightly comparison of the lines with the network, through the app with the simulator: its
 * count reaches the supervisor's dashboard, it runs once a day whichever process sweeps, and
 * sync and reconcile go on past a line the network fails on.
 */
const liveDemoLines = 8; // data/demo-subscribers.csv: 9 lines, one of them terminated
const allDemoLines = 9;

describe.each(testDatabases)('the nightly network comparison (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let h: Harness;
  const drift = async () => {
    const supervisor = new Client(h.base);
    await supervisor.loginStaff('supervisor');
    const r = await supervisor.get('/api/v1/staff/dashboard');
    expect(r.status).toBe(200);
    return r.body.networkDrift;
  };

  beforeAll(async () => {
    if (!available) return;
    h = (await startHarness(kind, { now: '2026-11-25T10:00:00+08:00' }))!;
  }, 120_000);
  afterAll(async () => h?.close());

  it.skipIf(!available)('shows no drift before the first comparison', async () => {
    expect(await drift()).toBeNull();
  });

  it.skipIf(!available)('counts every line the network lacks, and puts the count on the dashboard', async () => {
    // The harness's simulator starts empty: nothing synced it.
    const result = await runNightlyNetworkCheck(h.runtime.ctx);
    expect(result).toMatchObject({ checked: allDemoLines, differences: liveDemoLines, failed: 0 });
    expect(await drift()).toEqual({ checkedAt: '2026-11-25T02:00:00.000Z', provisioner: 'simulator', checked: allDemoLines, differences: liveDemoLines, failed: 0 });
    expect(h.network.subscribers.size).toBe(0); // compared, not repaired
  });

  it.skipIf(!available)('runs once a day: not again the same day, again from the sweeps a day later', async () => {
    expect(await runNightlyNetworkCheck(h.runtime.ctx)).toBeNull();
    const synced = await syncNetwork(h.runtime.ctx);
    expect(synced.changes).toHaveLength(liveDemoLines);
    expect(synced.failures).toEqual([]);
    expect(h.network.subscribers.get('460001000000004')).toMatchObject({ msisdn: '+8615055556666', csEnabled: false, psEnabled: false });

    h.clock.set('2026-11-26T10:30:00+08:00');
    const stop = startSweeps(h.runtime.ctx, 100);
    try {
      const now = await eventually(async () => {
        const d = await drift();
        return d?.checkedAt === '2026-11-26T02:30:00.000Z' && d;
      }, 15_000, 'the next nightly comparison');
      expect(now).toMatchObject({ checked: allDemoLines, differences: 0, failed: 0 });
    } finally {
      stop();
    }
  });

  it.skipIf(!available)('writes an audit row for every repair', async () => {
    h.network.subscribers.delete('460001000000002');
    const r = await reconcileNetwork(h.runtime.ctx, { fix: true, actor: 'test' });
    expect(r.differences).toEqual([expect.objectContaining({ kind: 'missing', msisdn: '+8613912345678', repaired: true })]);
    const rows = await h.runtime.ctx.db.query<{ subject: string; data: string }>(`SELECT subject, data FROM audit_log WHERE action = 'network.repaired' AND actor = 'test'`);
    expect(rows.map((r) => ({ subject: r.subject, data: JSON.parse(r.data) }))).toEqual([
      { subject: '+8613912345678', data: { action: 'provisioned', barred: false, imsi: '460001000000002', kinds: ['missing'], lineId: expect.any(Number), provisioner: 'simulator', status: 'active' } },
    ]);
  });

  it.skipIf(!available)('reports a line the network fails on and goes on with the others, page by page', async () => {
    h.network.subscribers.clear();
    h.network.failNext(1);
    const r = await reconcileNetwork(h.runtime.ctx, { pageSize: 2, concurrency: 3 });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatchObject({ stage: 'inspect', permanent: false });
    expect(r.checked).toBe(allDemoLines - 1);
    expect(r.total).toBe(allDemoLines);
    expect(r.stopped).toBeNull();
    expect(new Set(r.differences.map((d) => d.msisdn)).size).toBe(r.differences.length);
  });

  it.skipIf(!available)('stops when the network stops answering, instead of timing out line after line', async () => {
    h.network.failNext(100);
    const r = await syncNetwork(h.runtime.ctx, { giveUpAfter: 3, concurrency: 1 });
    expect(r.stopped).toMatch(/stopped answering \(3 failures in a row/);
    expect(r.failures).toHaveLength(3);
    h.network.failNext(0);
  });
});
