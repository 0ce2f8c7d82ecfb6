import crypto from 'node:crypto';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyStatus, rotateDataKey } from '../../src/app/keys/rotate-keys.js';
import { sealedColumns } from '../../src/store/sealed-columns.js';
import { openVault, VaultError, type Vault } from '../../src/security/vault.js';
import { openDatabase, type Database } from '../../src/store/db.js';
import { migrate } from '../../src/store/migrate.js';
import { createPostgresDatabase, openTestDatabase, testDatabases, testDatabaseAvailable, type TestDatabaseKind } from '../support/databases.js';
import { eventually } from '../support/harness.js';

const masterKey = crypto.randomBytes(32);

/**
 * One database seen through two connections, as two server processes see it. PGlite lives in
 * one process, so both sides share its single connection there.
 */
async function openShared(kind: TestDatabaseKind): Promise<{ db: Database; other: Database; dispose(): Promise<void> }> {
  if (kind === 'pglite') {
    const t = (await openTestDatabase(kind))!;
    return { db: t.db, other: t.db, dispose: () => t.dispose() };
  }
  const created = (await createPostgresDatabase('lc_vault'))!;
  const db = await openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir() });
  const other = await openDatabase({ databaseUrl: created.url, dataDir: os.tmpdir() });
  return {
    db,
    other,
    async dispose() {
      await Promise.allSettled([db.close(), other.close()]);
      await created.drop();
    },
  };
}

describe.each(testDatabases)('the vault (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let shared: Awaited<ReturnType<typeof openShared>>;
  let db: Database;
  let vault: Vault;
  const opened: Vault[] = [];
  const open = async (on: Database, opts?: { pollMs?: number; listen?: boolean }) => {
    const v = await openVault(on, masterKey, opts);
    opened.push(v);
    return v;
  };

  beforeAll(async () => {
    if (!available) return;
    shared = await openShared(kind);
    db = shared.db;
    await migrate(db);
  });
  afterAll(async () => {
    await Promise.all(opened.map((v) => v.close()));
    await shared?.dispose();
  });

  it.skipIf(!available)('creates exactly one data key and one index key when processes start at once', async () => {
    const vaults = await Promise.all([open(db, { listen: false }), open(shared.other, { listen: false }), open(db, { listen: false })]);
    vault = vaults[0]!;
    expect(new Set(vaults.map((v) => v.activeKeyId())).size).toBe(1);
    const keys = await db.query<{ id: string; purpose: string; state: string; master_id: string }>('SELECT id, purpose, state, master_id FROM data_keys ORDER BY purpose');
    expect(keys.map((k) => [k.purpose, k.state])).toEqual([['data', 'active'], ['index', 'active']]);
    expect(keys[0]!.id).toBe(vault.activeKeyId());
    for (const k of keys) {
      expect(k.id).toMatch(/^[a-z0-9]{8}$/);
      expect(k.master_id).toMatch(/^[0-9a-f]{16}$/);
    }
    expect(vaults[1]!.index('email', 'a@example.com')).toBe(vault.index('email', 'a@example.com'));
  });

  it.skipIf(!available)('seals and opens Chinese, empty and long text, with fresh ciphertext each time', async () => {
    const long = '取消号码 cancel '.repeat(20_000);
    for (const text of ['张伟，北京市朝阳区建国路 88 号', '', long, 'emoji 📱 and "quotes"']) {
      const sealed = vault.seal(text);
      expect(sealed.startsWith(`lc1.${vault.activeKeyId()}.`)).toBe(true);
      expect(vault.isSealed(sealed)).toBe(true);
      expect(sealed).not.toContain(text || '\u0000');
      expect(await vault.open(sealed)).toBe(text);
    }
    expect(vault.seal('李娜')).not.toBe(vault.seal('李娜'));
    expect(await vault.openOptional(null)).toBeNull();
    expect(await vault.openOptional(undefined)).toBeNull();
    expect(await vault.openOptional(vault.seal('x'))).toBe('x');
    expect(vault.isSealed('zhang.wei@example.com')).toBe(false);
  });

  it.skipIf(!available)('makes blind indexes that are deterministic and differ per kind', () => {
    const a = vault.index('id_number', '11010519491231002X');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(vault.index('id_number', '11010519491231002X')).toBe(a);
    expect(vault.index('email', '11010519491231002X')).not.toBe(a);
    expect(vault.index('id_number', '11010519491231002x')).not.toBe(a);
    expect(() => vault.index('bad\0kind', 'x')).toThrow(VaultError);
  });

  it.skipIf(!available)('refuses a sealed value with any one character changed', async () => {
    const sealed = vault.seal('zhang.wei@example.com');
    for (let i = 0; i < sealed.length; i++) {
      const replacement = sealed[i] === 'A' ? 'B' : 'A';
      const tampered = sealed.slice(0, i) + replacement + sealed.slice(i + 1);
      await expect(vault.open(tampered), `position ${i}`).rejects.toThrow(VaultError);
    }
    // Moving a value to another key id (even a real one) breaks the AAD as well.
    const [index] = await db.query<{ id: string }>("SELECT id FROM data_keys WHERE purpose = 'index'");
    await expect(vault.open(sealed.replace(vault.activeKeyId(), index!.id))).rejects.toThrow(VaultError);
    await expect(vault.open('not sealed')).rejects.toThrow(VaultError);
  });

  it.skipIf(!available)('refuses to start with another master key', async () => {
    const attempt = openVault(db, crypto.randomBytes(32), { listen: false });
    await expect(attempt).rejects.toThrow(VaultError);
    await expect(attempt).rejects.toThrow(
      /^LASTCALL_SECRET_KEY does not match the key this database was sealed with \(key fingerprint [0-9a-f]{16}.*\); start with the original key$/,
    );
  });

  it.skipIf(!available)('rotates the data key while another process keeps reading and writing', async () => {
    const other = await open(shared.other, { listen: false });
    const oldKey = vault.activeKeyId();
    const before = vault.seal('王芳');
    const indexBefore = vault.index('email', 'wang.fang@example.com');

    const rotated = await rotateDataKey(db, vault);
    expect(rotated.retired).toEqual([oldKey]);
    expect(rotated.newKeyId).not.toBe(oldKey);
    expect(vault.activeKeyId()).toBe(rotated.newKeyId);
    const after = vault.seal('王芳');
    expect(after.startsWith(`lc1.${rotated.newKeyId}.`)).toBe(true);

    // The other process has not heard of the new key: it still seals under the old one, which stays readable,
    // and it learns the new key the first time it meets it.
    expect(other.activeKeyId()).toBe(oldKey);
    const stragglerSeal = other.seal('赵磊');
    expect(await vault.open(stragglerSeal)).toBe('赵磊');
    expect(await other.open(before)).toBe('王芳');
    expect(await other.open(after)).toBe('王芳');
    await other.refresh();
    expect(other.activeKeyId()).toBe(rotated.newKeyId);
    expect(other.seal('赵磊').startsWith(`lc1.${rotated.newKeyId}.`)).toBe(true);

    expect(vault.index('email', 'wang.fang@example.com')).toBe(indexBefore);
    expect(other.index('email', 'wang.fang@example.com')).toBe(indexBefore);
    const [retired] = await db.query<{ state: string; retired: boolean }>('SELECT state, retired_at IS NOT NULL AS retired FROM data_keys WHERE id = $1', [oldKey]);
    expect(retired).toEqual({ state: 'retired', retired: true });
  });

  it.skipIf(!available)('hears a rotation through NOTIFY', async () => {
    const listening = await open(shared.other);
    const rotated = await rotateDataKey(db, vault);
    await eventually(async () => listening.activeKeyId() === rotated.newKeyId, 10_000, 'the notified key');
  });

  it.skipIf(!available)('re-encrypts every sealed column in batches and leaves nothing under retired keys', async () => {
    const s = (text: string) => vault.seal(text);
    const people = [
      ['张伟', '11010519491231002X', 'zhang.wei@example.com', '北京市朝阳区建国路 88 号'],
      ['Oliver Smith', '123456789', 'oliver.smith@example.co.uk', null],
      ['李娜', '310115198803154222', 'li.na@example.com', '上海市浦东新区'],
    ] as const;
    for (const [name, idNumber, email, address] of people) {
      await db.query(
        `INSERT INTO subscribers (legal_name, id_type, id_number, email, language, region, address, id_number_index, email_index)
         VALUES ($1, 'cn_resident_id', $2, $3, 'zh-CN', 'CN-11', $4, $5, $6)`,
        [s(name), s(idNumber), s(email), address && s(address), vault.index('id_number', idNumber), vault.index('email', email)],
      );
    }
    for (let i = 0; i < 3; i++) {
      await db.query(
        `INSERT INTO communications (channel, direction, template, language, recipient, subject, body, status, message_id)
         VALUES ('email', 'out', 'ack', 'zh-CN', $1, 'subject', 'body', 'pending', $2)`,
        [s(`person${i}@example.com`), `msg-${i}`],
      );
    }
    // More than one batch of 500, so the batching and its resumption are exercised.
    const mail = Array.from({ length: 1203 }, (_, i) => ({ to: `+86138${String(i).padStart(8, '0')}`, body: `您的验证码是 ${100000 + i}` }));
    await db.query(
      `INSERT INTO dev_mailbox (channel, recipient, subject, body, recipient_index)
       SELECT 'sms', r, '', b, ri FROM unnest($1::text[], $2::text[], $3::text[]) AS m(r, b, ri)`,
      [mail.map((m) => s(m.to)), mail.map((m) => s(m.body)), mail.map((m) => vault.index('msisdn', m.to))],
    );

    const plaintext = async () => {
      const out: Record<string, (string | null)[]> = {};
      for (const { table, columns } of sealedColumns) {
        const rows = await db.query<Record<string, string | null>>(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY id`);
        out[table] = await Promise.all(rows.flatMap((r) => columns.map((c) => vault.openOptional(r[c]))));
      }
      return out;
    };
    const before = await plaintext();
    expect(before.dev_mailbox!.slice(0, 2)).toEqual([mail[0]!.to, mail[0]!.body]);
    const sealedValues = 3 * 3 + 2 + 3 + 1203 * 2;
    const oldKey = vault.activeKeyId();
    expect((await keyStatus(db)).find((k) => k.id === oldKey)!.rows).toBe(sealedValues);

    const progress: [number, number][] = [];
    const rotated = await rotateDataKey(db, vault, (done, total) => progress.push([done, total]));
    expect(rotated.reencrypted).toBe(sealedValues);
    expect(rotated.retired).toEqual([oldKey]);
    expect(progress[0]).toEqual([0, sealedValues]);
    expect(progress.at(-1)).toEqual([sealedValues, sealedValues]);
    expect(progress.length).toBeGreaterThan(3);

    const status = await keyStatus(db);
    expect(status.filter((k) => k.state === 'retired').every((k) => k.rows === 0)).toBe(true);
    expect(status.find((k) => k.id === rotated.newKeyId)).toMatchObject({ purpose: 'data', state: 'active', rows: sealedValues });
    expect(status.filter((k) => k.purpose === 'index')).toEqual([expect.objectContaining({ state: 'active', rows: 0 })]);
    expect(status.every((k) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(k.createdAt))).toBe(true);
    const [nullAddress] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM subscribers WHERE address IS NULL');
    expect(nullAddress!.n).toBe(1);
    expect(await plaintext()).toEqual(before);

    // Rotating again moves every row once more; nothing sealed under any earlier key is lost.
    const again = await rotateDataKey(db, vault);
    expect(again.reencrypted).toBe(sealedValues);
    expect((await keyStatus(db)).filter((k) => k.purpose === 'data' && k.state === 'active')).toHaveLength(1);
    expect(await plaintext()).toEqual(before);
  });
});
