import { describe, expect, it } from 'vitest';
import { listAudit, verifyAuditChain } from '../../src/app/evidence/audit.js';
import { appendAudit } from '../../src/store/audit.js';
import { auditHash, genesisHash, type StoredAuditRow } from '../../src/domain/audit-chain.js';
import { runAuditVerify } from '../../src/cli/audit-verify.js';
import type { Database } from '../../src/store/db.js';
import { testDatabases, testDatabaseAvailable, useMigratedDatabase } from '../support/databases.js';

const t0 = Date.parse('2026-03-02T01:00:00.000Z');
// Odd milliseconds, so a timestamp that lost precision on the way through the database shows.
const timeOf = (i: number) => new Date(t0 + i * 61_007);

type Raw = StoredAuditRow;

describe.each(testDatabases)('the audit chain (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let db: Database;
  useMigratedDatabase(kind, 'lc_audit', available, (opened) => {
    db = opened;
  });

  /** What someone with owner rights can do: switch the guard off, change rows, switch it back on. */
  async function asIntruder(fn: () => Promise<unknown>): Promise<void> {
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change');
    try {
      await fn();
    } finally {
      await db.exec('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change');
    }
  }

  /** Starts each scenario from a clean chain of `n` rows (subjects alternate between two cases). */
  async function freshChain(n: number): Promise<void> {
    await asIntruder(() => db.query('DELETE FROM audit_log'));
    await db.query('UPDATE audit_head SET seq = 0, hash = $1', [genesisHash]);
    await db.transaction(async (tx) => {
      for (let i = 1; i <= n; i++) {
        await appendAudit(tx, timeOf(i), { actor: 'staff:alice', action: 'case.noted', subject: `LC-${i % 2}`, data: { i, note: `row ${i}` } });
      }
    });
  }

  const rows = () => db.query<Raw>('SELECT * FROM audit_log ORDER BY seq');
  const verify = () => verifyAuditChain(db);

  it.skipIf(!available)('verifies an empty log as intact with nothing checked', async () => {
    expect(await verify()).toEqual({ ok: true, checked: 0 });
  });

  it.skipIf(!available)('chains each appended row to the one before and moves the head to the last', async () => {
    for (let i = 1; i <= 5; i++) {
      await db.transaction((tx) =>
        appendAudit(tx, timeOf(i), { actor: 'system', action: 'case.noted', subject: i === 3 ? null : 'LC-9', data: { z: i, a: { y: 1, b: undefined } } }),
      );
    }
    const stored = await rows();
    expect(stored.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(stored[0]!.prev_hash).toBe(genesisHash);
    for (const [i, r] of stored.entries()) {
      if (i > 0) expect(r.prev_hash).toBe(stored[i - 1]!.hash);
      expect(r.at.toISOString()).toBe(timeOf(i + 1).toISOString());
      expect(r.data).toBe(`{"a":{"y":1},"z":${i + 1}}`);
      expect(r.hash).toBe(auditHash(r.prev_hash, { ...r, at: r.at.toISOString() }));
    }
    const [head] = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head');
    expect(head).toEqual({ seq: 5, hash: stored[4]!.hash });
    expect(await verify()).toEqual({ ok: true, checked: 5 });
  });

  it.skipIf(!available)('lists rows by subject, after a seq, up to a limit', async () => {
    await freshChain(6);
    const odd = await listAudit(db, { subject: 'LC-1' });
    expect(odd.map((r) => r.seq)).toEqual([1, 3, 5]);
    expect(odd[0]).toMatchObject({ at: timeOf(1).toISOString(), actor: 'staff:alice', subject: 'LC-1', data: { i: 1, note: 'row 1' }, prevHash: genesisHash });
    expect((await listAudit(db, { afterSeq: 2, limit: 2 })).map((r) => r.seq)).toEqual([3, 4]);
  });

  it.skipIf(!available)('leaves no row and no gap when the appending transaction rolls back', async () => {
    await freshChain(2);
    await expect(
      db.transaction(async (tx) => {
        await appendAudit(tx, timeOf(3), { actor: 'system', action: 'case.noted' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    await db.transaction((tx) => appendAudit(tx, timeOf(3), { actor: 'system', action: 'case.noted' }));
    expect((await rows()).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await verify()).toEqual({ ok: true, checked: 3 });
  });

  it.skipIf(!available)('refuses line breaks in actor, action and subject, which would make the hash ambiguous', async () => {
    for (const entry of [
      { actor: 'staff:a\nb', action: 'x' },
      { actor: 'staff:a', action: 'x\ny' },
      { actor: 'staff:a', action: 'x', subject: 'LC\n1' },
    ]) {
      await expect(db.transaction((tx) => appendAudit(tx, timeOf(1), entry))).rejects.toThrow(/single lines/);
    }
  });

  it.skipIf(!available)('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    await freshChain(3);
    await expect(db.query("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 3')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await verify()).toEqual({ ok: true, checked: 3 });
  });

  describe('names the first broken row after tampering', () => {
    it.skipIf(!available)('an edited row', async () => {
      await freshChain(10);
      await asIntruder(() => db.query(`UPDATE audit_log SET data = '{"i":4,"note":"nothing happened"}' WHERE seq = 4`));
      expect(await verify()).toEqual({ ok: false, checked: 4, firstBroken: { seq: 4, reason: 'contents do not match the row hash' } });
    });

    it.skipIf(!available)('an edited row whose hash was recomputed: the next row no longer links to it', async () => {
      await freshChain(10);
      const row = (await rows())[3]!;
      const data = '{"i":4,"note":"nothing happened"}';
      const hash = auditHash(row.prev_hash, { ...row, at: row.at.toISOString(), data });
      await asIntruder(() => db.query('UPDATE audit_log SET data = $1, hash = $2 WHERE seq = 4', [data, hash]));
      const result = await verify();
      expect(result.firstBroken).toEqual({ seq: 5, reason: 'it does not link to the row before it' });
      expect(result.checked).toBe(5);
    });

    it.skipIf(!available)('a deleted row in the middle', async () => {
      await freshChain(10);
      await asIntruder(() => db.query('DELETE FROM audit_log WHERE seq = 4'));
      expect(await verify()).toEqual({ ok: false, checked: 4, firstBroken: { seq: 5, reason: 'row 4 is missing' } });
      await asIntruder(() => db.query('DELETE FROM audit_log WHERE seq IN (5, 6)'));
      expect((await verify()).firstBroken).toEqual({ seq: 7, reason: 'rows 4 to 6 are missing' });
    });

    it.skipIf(!available)('two rows whose contents were swapped', async () => {
      await freshChain(10);
      await asIntruder(() =>
        db.query(`UPDATE audit_log a SET data = b.data FROM audit_log b WHERE (a.seq, b.seq) IN ((3, 7), (7, 3))`),
      );
      const swapped = await rows();
      expect(swapped[2]!.data).toContain('"i":7');
      expect((await verify()).firstBroken).toEqual({ seq: 3, reason: 'contents do not match the row hash' });
    });

    it.skipIf(!available)('rows cut off the end', async () => {
      await freshChain(10);
      await asIntruder(() => db.query('DELETE FROM audit_log WHERE seq = 10'));
      const result = await verify();
      expect(result).toMatchObject({ ok: false, checked: 9, firstBroken: { seq: 10 } });
      expect(result.firstBroken!.reason).toMatch(/^rows at the end are missing/);
    });

    it.skipIf(!available)('a head moved back or given another hash', async () => {
      await freshChain(10);
      const stored = await rows();
      await db.query('UPDATE audit_head SET seq = 8, hash = $1', [stored[7]!.hash]);
      expect((await verify()).firstBroken?.seq).toBe(9);
      await db.query('UPDATE audit_head SET seq = 10, hash = $1', [stored[8]!.hash]);
      expect((await verify()).firstBroken?.seq).toBe(10);
      await db.query('UPDATE audit_head SET hash = $1', [stored[9]!.hash]);
      expect((await verify()).ok).toBe(true);
    });

    it.skipIf(!available)('and the guard is back on once the intruder is done', async () => {
      await expect(db.query("UPDATE audit_log SET actor = 'mallory'")).rejects.toThrow(/append-only/);
    });
  });

  it.skipIf(!available)('walks a chain longer than one page and finds a break past the first page', async () => {
    await freshChain(2345);
    expect(await verify()).toEqual({ ok: true, checked: 2345 });
    await asIntruder(() => db.query(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2222`));
    expect(await verify()).toEqual({ ok: false, checked: 2222, firstBroken: { seq: 2222, reason: 'contents do not match the row hash' } });
  });

  it.skipIf(!available)('audit-verify prints one line and exits 0 when intact, 1 naming the row when broken', async () => {
    await freshChain(60);
    const lines: string[] = [];
    expect(await runAuditVerify(db, (l) => lines.push(l))).toBe(0);
    await asIntruder(() => db.query(`UPDATE audit_log SET subject = 'LC-other' WHERE seq = 57`));
    expect(await runAuditVerify(db, (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual([
      'audit log intact: 60 rows checked',
      'audit log broken at row 57: contents do not match the row hash (57 rows checked)',
    ]);
  });

  it.skipIf(!available)('keeps one unbroken chain under 20 concurrent transactions, each one\'s rows side by side', async () => {
    await freshChain(0);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction(async (tx) => {
          await appendAudit(tx, timeOf(i), { actor: `worker:${i}`, action: 'case.noted', data: { i, part: 1 } });
          // The transactions overlap here, so their rows would interleave if each were written at its call.
          await tx.query('SELECT pg_sleep(0.01)');
          await appendAudit(tx, timeOf(i), { actor: `worker:${i}`, action: 'case.noted', data: { i, part: 2 } });
        }),
      ),
    );
    const stored = await rows();
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    for (let k = 0; k < 40; k += 2) {
      expect(stored[k]!.actor).toBe(stored[k + 1]!.actor);
      expect([JSON.parse(stored[k]!.data).part, JSON.parse(stored[k + 1]!.data).part]).toEqual([1, 2]);
    }
    expect(new Set(stored.map((r) => r.actor)).size).toBe(20);
    expect(await verify()).toEqual({ ok: true, checked: 40 });
  });

  it.skipIf(!available)('writes a transaction\'s rows in the order they were appended, with the times they were given', async () => {
    await freshChain(1);
    await db.transaction(async (tx) => {
      for (const i of [5, 2, 9]) await appendAudit(tx, timeOf(i), { actor: 'system', action: 'case.noted', subject: i === 2 ? null : `LC-${i}`, data: { i } });
    });
    const stored = await rows();
    expect(stored.slice(1).map((r) => [r.seq, r.at.toISOString(), r.subject, r.data])).toEqual([
      [2, timeOf(5).toISOString(), 'LC-5', '{"i":5}'],
      [3, timeOf(2).toISOString(), null, '{"i":2}'],
      [4, timeOf(9).toISOString(), 'LC-9', '{"i":9}'],
    ]);
    expect(await verify()).toEqual({ ok: true, checked: 4 });
  });

  it.skipIf(!available)('appends from a bare database handle in a transaction of its own', async () => {
    await freshChain(2);
    await appendAudit(db, timeOf(3), { actor: 'system', action: 'case.noted' });
    expect((await rows()).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(await verify()).toEqual({ ok: true, checked: 3 });
  });

  it.skipIf(!available)('reports no false break while appends commit during the walk', async () => {
    await freshChain(1100);
    let appending = true;
    const appends = (async () => {
      for (let i = 0; appending && i < 200; i++) {
        await db.transaction((tx) => appendAudit(tx, timeOf(i), { actor: 'system', action: 'case.noted' }));
      }
    })();
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await verify());
    appending = false;
    await appends;
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });
});
