import crypto from 'node:crypto';
import fs from 'node:fs';
import { openVault, type Vault } from '../../src/security/vault.js';
import { identityIndex } from '../../src/store/lines.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importSubscribers } from '../../src/app/lines/import-subscribers.js';
import { subscriberCsvColumns } from '../../src/domain/subscriber-csv.js';
import type { Database } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { openTestDatabase, testDatabaseAvailable, testDatabases, type TestDatabase } from '../support/databases.js';

const demo = fs.readFileSync(new URL('../../data/demo-subscribers.csv', import.meta.url), 'utf8');
const available = new Map(await Promise.all(testDatabases.map(async (k) => [k, await testDatabaseAvailable(k)] as const)));

const header = subscriberCsvColumns.join(',');
const base: Record<(typeof subscriberCsvColumns)[number], string> = {
  name: 'Oliver Smith', id_type: 'passport', id_number: 'P1234567', email: 'oliver@example.co.uk', language: 'en',
  region: 'GB', msisdn: '+447400111222', iccid: '8944260000000000105', imsi: '234260000000010', sim_type: 'physical',
  plan: 'prepaid', balance_minor: '1000', currency: 'GBP', contract_end: '', status: 'active', terminated_on: '',
  bindings: 'bank:bound',
};
const csv = (...rows: Partial<typeof base>[]) =>
  [header, ...rows.map((r) => subscriberCsvColumns.map((c) => ({ ...base, ...r })[c]).join(','))].join('\n') + '\n';

async function count(db: Database, table: 'subscribers' | 'lines' | 'bindings'): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return row?.n ?? -1;
}

describe.each(testDatabases)('importSubscribers on %s', (kind) => {
  describe.skipIf(!available.get(kind))('', () => {
    let t: TestDatabase;
    let vault: Vault;
    beforeEach(async () => {
      const opened = await openTestDatabase(kind, { prefix: 'lc_import' });
      if (!opened) throw new Error(`${kind} became unreachable`);
      t = opened;
      await migrate(t.db);
      vault = await openVault(t.db, crypto.randomBytes(32), { listen: false });
    }, 60_000);
    afterEach(async () => {
      await vault?.close();
      await t?.dispose();
    }, 60_000);

    it('imports the demo file', async () => {
      const { db } = t;
      expect(await importSubscribers(db, vault, demo)).toEqual({ imported: 9, skipped: [] });
      expect(await count(db, 'subscribers')).toBe(8);
      expect(await count(db, 'lines')).toBe(9);
      // Personal columns hold ciphertext; the person is found through the blind index.
      const liu = await db.query<{ msisdn: string; legal_name: string; id_number: string; email: string }>(
        `SELECT l.msisdn, s.legal_name, s.id_number, s.email FROM lines l JOIN subscribers s ON s.id = l.subscriber_id
         WHERE s.id_type = 'cn_resident_id' AND s.id_number_index = $1 ORDER BY l.msisdn`,
        [identityIndex(vault, '330106199901010013')],
      );
      expect(liu.map((r) => r.msisdn)).toEqual(['+8617700001111', '+8619912345678']);
      for (const col of [liu[0]!.legal_name, liu[0]!.id_number, liu[0]!.email]) expect(col).toMatch(/^lc1\./);
      expect(await vault.open(liu[0]!.legal_name)).toBe('刘洋');
      const bindings = await db.query<{ kind: string; state: string }>(
        `SELECT b.kind, b.state FROM bindings b JOIN lines l ON l.id = b.line_id WHERE l.msisdn = $1 ORDER BY b.kind`,
        ['+8613800138000'],
      );
      expect(bindings).toEqual([
        { kind: 'alipay', state: 'bound' }, { kind: 'bank', state: 'bound' }, { kind: 'wechat', state: 'bound' },
      ]);
      const [ended] = await db.query(
        `SELECT status, terminated_on, quarantine_ends_on, balance_minor, contract_end FROM lines WHERE msisdn = $1`,
        ['+8613800000000'],
      );
      expect(ended).toEqual({
        status: 'terminated', terminated_on: '2026-10-01', quarantine_ends_on: '2026-12-30', balance_minor: 0, contract_end: null,
      });
      const [li] = await db.query(`SELECT balance_minor, contract_end, terminated_on, quarantine_ends_on FROM lines WHERE msisdn = $1`, [
        '+8613912345678',
      ]);
      expect(li).toEqual({ balance_minor: -12800, contract_end: '2027-06-30', terminated_on: null, quarantine_ends_on: null });
    });

    it('keeps the good rows and reports the bad ones by line', async () => {
      const text = csv(
        {},
        { email: 'not-an-email' },
        { name: 'Amelia Jones', id_number: 'P7654321', email: 'amelia@example.co.uk', msisdn: '+447400333444', iccid: '8944260000000000113' },
        { iccid: '8944260000000000121' },
        { msisdn: '+447400555666', iccid: '8944260000000000121', status: 'released' },
      );
      const result = await importSubscribers(t.db, vault, text);
      expect(result.imported).toBe(2);
      expect(result.skipped).toEqual([
        { line: 3, reason: expect.stringMatching(/^email: /) },
        { line: 5, reason: 'msisdn: +447400111222 already appears on line 2' },
        { line: 6, reason: 'terminated_on: is required when status is released' },
      ]);
      expect(await count(t.db, 'subscribers')).toBe(2);
      expect(await count(t.db, 'lines')).toBe(2);
      expect(await count(t.db, 'bindings')).toBe(2);
    });

    it('skips rows that clash with stored data, storing nothing for them', async () => {
      const { db } = t;
      await importSubscribers(db, vault, demo);
      const text = csv(
        // 张伟's document number with another e-mail address.
        { name: '张伟', id_type: 'cn_resident_id', id_number: '11010519491231002X', email: 'other@example.com', language: 'zh-CN', region: 'CN', msisdn: '+8613700001111' },
        // A new person whose SIM card is already on a live line.
        { iccid: '8944260000000000089' },
        // The database rejects the date arithmetic; the row must not leave its subscriber behind.
        { id_number: 'P7654321', region: 'ZZ', status: 'terminated', terminated_on: '2026-10-01', msisdn: '+447400333444', iccid: '8944260000000000113' },
        { id_number: 'X9999999', name: 'Ok Person', email: 'ok@example.com', msisdn: '+447400555666', iccid: '8944260000000000121', status: 'terminated', terminated_on: '2026-01-31' },
      );
      const result = await importSubscribers(db, vault, text, {
        quarantineDays: (region) => (region === 'ZZ' ? 2_147_483_647 : 30),
      });
      expect(result.imported).toBe(1);
      expect(result.skipped).toEqual([
        { line: 2, reason: 'email: differs from the subscriber already registered with this id_type and id_number' },
        { line: 3, reason: 'iccid: 8944260000000000089 is already registered' },
        { line: 4, reason: expect.stringMatching(/^database: the row was rejected \(22008/) },
      ]);
      expect(await count(db, 'subscribers')).toBe(9);
      expect(await count(db, 'lines')).toBe(10);
      const [ok] = await db.query(`SELECT terminated_on, quarantine_ends_on FROM lines WHERE msisdn = '+447400555666'`);
      expect(ok).toEqual({ terminated_on: '2026-01-31', quarantine_ends_on: '2026-03-02' });
    });

    it('re-importing reports every row as already registered and changes nothing', async () => {
      const { db } = t;
      const withReleased = demo + csv({ status: 'released', terminated_on: '2025-01-01' }).split('\n')[1] + '\n';
      expect(await importSubscribers(db, vault, withReleased)).toEqual({ imported: 10, skipped: [] });
      const snapshot = async () => db.query('SELECT * FROM lines ORDER BY id');
      const before = await snapshot();
      const counts = [await count(db, 'subscribers'), await count(db, 'bindings')];
      const again = await importSubscribers(db, vault, withReleased);
      expect(again.imported).toBe(0);
      expect(again.skipped.map((s) => s.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
      for (const s of again.skipped) expect(s.reason).toMatch(/^msisdn: \+\d+ is already registered$/);
      expect(again.skipped[0]?.reason).toBe('msisdn: +8613800138000 is already registered');
      expect(await snapshot()).toEqual(before);
      expect([await count(db, 'subscribers'), await count(db, 'bindings')]).toEqual(counts);
    });

    it('two imports racing store each line once', async () => {
      const [a, b] = await Promise.all([importSubscribers(t.db, vault, demo), importSubscribers(t.db, vault, demo)]);
      expect(a.imported + b.imported).toBe(9);
      expect(a.skipped.length + b.skipped.length).toBe(9);
      for (const s of [...a.skipped, ...b.skipped]) expect(s.reason).toMatch(/is already registered$/);
      expect(await count(t.db, 'subscribers')).toBe(8);
      expect(await count(t.db, 'lines')).toBe(9);
    });
  });
});
