import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, projectRoot } from '../support/process.js';

const dirs: string[] = [];
function tempDir() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-cli-'));
  dirs.push(d);
  return d;
}
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('lastcall calendar due', () => {
  it('prints receipt day 2026-10-08 and due day 2026-10-16 for an evening before National Day', async () => {
    const r = await runCli(['calendar', 'due', '--region', 'CN', '--submitted', '2026-09-30T19:00:00+08:00'], { LASTCALL_DATA_DIR: tempDir() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/receipt day:\s+2026-10-08/);
    expect(r.stdout).toMatch(/due day:\s+2026-10-16/);
  });

  it('answers JSON with the same figures as the API, and flags a provisional year', async () => {
    const r = await runCli(['calendar', 'due', '--region', 'GB', '--submitted', '2027-12-20T17:00:00Z', '--days', '10', '--json'], { LASTCALL_DATA_DIR: tempDir() });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ region: 'GB', receivedOn: '2027-12-20', provisional: true, workingDays: 10 });
  });

  it.each([
    [['calendar', 'due', '--submitted', '2026-09-30T19:00:00+08:00'], /--region/],
    [['calendar', 'due', '--region', 'CN', '--submitted', 'yesterday'], /--submitted/],
    [['calendar', 'due', '--region', 'CN', '--submitted', '2026-09-30T19:00:00'], /--submitted/],
    [['calendar', 'due', '--region', 'ZZ', '--submitted', '2026-09-30T19:00:00+08:00'], /--region/],
    [['calendar', 'due', '--region', 'CN', '--submitted', '2026-09-30T19:00:00+08:00', '--days', 'x'], /--days/],
    [['calendar', 'due', '--bogus'], /bogus/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 with a one-line reason for %j', async (args, reason) => {
    const r = await runCli(args as string[], { LASTCALL_DATA_DIR: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(reason);
  });

  it('exits 2 naming the variable when a setting is wrong', async () => {
    const r = await runCli(['migrate'], { LASTCALL_DATA_DIR: tempDir(), PORT: 'eighty' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/PORT/);
  });
});

describe('lastcall on the embedded database', () => {
  const dataDir = tempDir();
  const env = { LASTCALL_DATA_DIR: dataDir };

  it('migrates, seeds the demo data exactly once, and imports keeping good rows', async () => {
    const migrated = await runCli(['migrate'], env);
    expect(migrated.code).toBe(0);
    // A new embedded database starts from the template npm install prepared, already migrated.
    expect(migrated.stdout).toMatch(/applied: 0001_core|database is up to date/);
    expect((await runCli(['migrate'], env)).stdout).toMatch(/up to date/);

    const seeded = await runCli(['seed'], env);
    expect(seeded.code).toBe(0);
    const again = await runCli(['seed'], env);
    expect(again.stdout).toMatch(/0 new, 9 already there/);

    const demo = fs.readFileSync(path.join(projectRoot, 'data/demo-subscribers.csv'), 'utf8').split('\n');
    const file = path.join(dataDir, 'more.csv');
    fs.writeFileSync(file, [
      demo[0],
      '孙丽,cn_resident_id,11010519491231002X,sun.li@example.com,zh-CN,CN,+8613700001234,8986001000000001231,460001000001234,physical,prepaid,0,CNY,,active,,',
      '周杰,cn_resident_id,110105194912310021,zhou.jie@example.com,zh-CN,CN,+8613700005678,8986001000000005679,460001000005678,physical,prepaid,0,CNY,,active,,',
      'Ann Lee,passport,E12345678,ann.lee@example.com,en,GB,+447400999888,8944260000000009999,234260000009998,physical,prepaid,0,GBP,,active,,bank:bound',
    ].join('\n'));
    const imported = await runCli(['import', 'subscribers', file], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/1 imported, 2 skipped/);
    expect(imported.stderr).toMatch(/^line 2: /m);
    expect(imported.stderr).toMatch(/^line 3: id_number/m);
  }, 150_000); // five CLI processes in a row, each loading the TypeScript sources and PGlite: slow on a busy machine

  it('exits 2 for a file that is not there, and adds staff with the password from stdin', async () => {
    expect((await runCli(['import', 'subscribers', '/nonexistent.csv'], env)).code).toBe(2);
    const added = await runCli(['staff', 'add', '--user', 'alice', '--role', 'reviewer'], env, 'correct horse battery staple\n');
    expect(added.code).toBe(0);
    const twice = await runCli(['staff', 'add', '--user', 'alice', '--role', 'reviewer'], env, 'correct horse battery staple\n');
    expect(twice.code).toBe(2);
    expect((await runCli(['staff', 'add', '--user', 'bob', '--role', 'king'], env, 'correct horse battery staple\n')).code).toBe(2);
  });

  it('loads an official schedule from a file, and refuses a broken one with exit 2', async () => {
    const ok = await runCli(['calendar', 'load', path.join(projectRoot, 'test/fixtures/CN-2027-test.json')], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/loaded CN-2027/);
    const due = await runCli(['calendar', 'due', '--region', 'CN', '--submitted', '2026-12-28T10:00:00+08:00', '--json'], env);
    expect(JSON.parse(due.stdout)).toMatchObject({ receivedOn: '2026-12-28', dueOn: '2027-01-07', provisional: false });
    const broken = path.join(dataDir, 'broken.json');
    fs.writeFileSync(broken, '{"region": "CN", "year": 2028, "holidays": [{"date": "2028-02-30"}]}');
    const refused = await runCli(['calendar', 'load', broken], env);
    expect(refused.code).toBe(2);
  });
});
