import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVault, rewrapKeys, VaultError } from '../../src/security/vault.js';
import { migrate } from '../../src/store/migrate.js';
import { openTestDatabase, testDatabases, testDatabaseAvailable, type TestDatabase } from '../support/databases.js';
import { runCli } from '../support/process.js';

describe.each(testDatabases)('rotating the master key (%s)', async (kind) => {
  const available = await testDatabaseAvailable(kind);
  let t: TestDatabase;
  beforeAll(async () => {
    if (!available) return;
    t = (await openTestDatabase(kind, { prefix: 'lc_rewrap' }))!;
    await migrate(t.db);
  }, 60_000);
  afterAll(async () => t?.dispose(), 60_000);

  it.skipIf(!available)('re-wraps every key: data sealed before opens under the new key, blind indexes stay, the old key is refused', async () => {
    const [oldKey, newKey] = [crypto.randomBytes(32), crypto.randomBytes(32)];
    const before = await openVault(t.db, oldKey, { listen: false });
    const sealed = before.seal('张三 · 11010519900307803X');
    const index = before.index('email', 'someone@example.com');
    await before.close();

    expect(await rewrapKeys(t.db, oldKey, newKey)).toBe(2);
    // Again: nothing left under the old key, nothing to do.
    expect(await rewrapKeys(t.db, oldKey, newKey)).toBe(0);

    const after = await openVault(t.db, newKey, { listen: false });
    expect(await after.open(sealed)).toBe('张三 · 11010519900307803X');
    expect(after.index('email', 'someone@example.com')).toBe(index);
    await after.close();
    await expect(openVault(t.db, oldKey, { listen: false })).rejects.toThrow(/does not match/);
    await expect(rewrapKeys(t.db, crypto.randomBytes(32), crypto.randomBytes(32))).rejects.toBeInstanceOf(VaultError);
  });
});

describe('lastcall keys rewrap', () => {
  it('replaces the generated key file, and the data still opens with it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-rewrap-'));
    try {
      const env = { LASTCALL_DATA_DIR: dir };
      expect((await runCli(['seed'], env)).code).toBe(0);
      const oldFile = fs.readFileSync(path.join(dir, 'secret.key'), 'utf8');
      const newKeyFile = path.join(dir, 'new.key');

      fs.writeFileSync(newKeyFile, 'not a key\n');
      const bad = await runCli(['keys', 'rewrap', '--new-key-file', newKeyFile], env);
      expect(bad.code, bad.stderr).toBe(2);
      expect(bad.stderr).toMatch(/32 bytes/);

      const newKey = crypto.randomBytes(32).toString('base64');
      fs.writeFileSync(newKeyFile, `${newKey}\n`);
      const done = await runCli(['keys', 'rewrap', '--new-key-file', newKeyFile], env);
      expect(done.code, done.stderr).toBe(0);
      expect(done.stdout).toMatch(/2 key\(s\) re-wrapped/);
      expect(fs.readFileSync(path.join(dir, 'secret.key'), 'utf8').trim()).toBe(newKey);

      // The vault opens under the new key (status seals nothing new, it only has to unwrap).
      const status = await runCli(['keys', 'status'], env);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toMatch(/data +active/);
      // The old key no longer opens the database.
      const stale = await runCli(['keys', 'status'], { ...env, LASTCALL_SECRET_KEY: oldFile.trim() });
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(/does not match/);
      expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
