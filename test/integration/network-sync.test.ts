import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testDatabases, testDatabaseAvailable } from '../support/databases.js';
import { eventually, osmoHlrAvailable, rawInfo, startOsmoHlr, type RunningHlr } from '../support/osmo-hlr.js';
import { runCli, spawnServe, waitReady, type ServerProcess } from '../support/process.js';
import { freePort } from '../support/smtp-sink.js';

/**
 * `lastcall network sync` and `network reconcile [--fix]` as an operator runs them, against a real
 * osmo-hlr. What the HLR holds is always read over raw CTRL (test/support/osmo-hlr.ts), never
 * through lastcall's own client.
 */
const hlrAvailable = osmoHlrAvailable();

// data/demo-subscribers.csv: every live line, its IMSI and whether it is suspended; 赵磊's line is terminated.
const live = [
  { name: '张伟', msisdn: '+8613800138000', imsi: '460001000000001', barred: false },
  { name: '李娜', msisdn: '+8613912345678', imsi: '460001000000002', barred: false },
  { name: '王强', msisdn: '+8618611112222', imsi: '460011000000003', barred: false },
  { name: '陈刚', msisdn: '+8615055556666', imsi: '460001000000004', barred: true },
  { name: '刘洋', msisdn: '+8617700001111', imsi: '460031000000005', barred: false },
  { name: '刘洋', msisdn: '+8619912345678', imsi: '460031000000006', barred: false },
  { name: 'Oliver Smith', msisdn: '+447400123456', imsi: '234260000000008', barred: false },
  { name: 'Amelia Jones', msisdn: '+447400654321', imsi: '234260000000009', barred: false },
];
const ended = { name: '赵磊', msisdn: '+8613800000000', imsi: '460001000000007' };
const [zhangWei, liNa, wangQiang, chenGang] = live as [(typeof live)[number], (typeof live)[number], (typeof live)[number], (typeof live)[number]];

const stdoutLines = (text: string) => text.split('\n').filter(Boolean);

describe.each(testDatabases)('lastcall network against a real osmo-hlr (%s)', async (kind) => {
  const dbAvailable = await testDatabaseAvailable(kind);
  const available = dbAvailable && hlrAvailable;
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  let hlr: RunningHlr;
  const env: Record<string, string> = {};
  const withHlr = () => ({ ...env, HLR_URL: hlr.url });
  const ctrl = async (text: string) => expect(await hlr.ctrl(text)).toMatch(/^SET_REPLY /);

  /** Every live demo line is in the HLR with its MSISDN and barring, the ended one is not. */
  const expectDemoLinesInHlr = async () => {
    for (const l of live) {
      const access = l.barred ? '0' : '1';
      expect(await rawInfo(hlr, l.imsi), `${l.name} ${l.msisdn}`).toMatchObject({ imsi: l.imsi, msisdn: l.msisdn.slice(1), nam_cs: access, nam_ps: access });
    }
    expect(await rawInfo(hlr, ended.imsi)).toBe('No such subscriber.');
  };

  beforeAll(async () => {
    if (!available) return;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lastcall-network-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    env.LASTCALL_DATA_DIR = dataDir;
    if (kind === 'postgres') {
      const pgdb = (await createPostgresDatabase('lc_network'))!;
      cleanups.push(() => pgdb.drop());
      env.DATABASE_URL = pgdb.url;
    }
    hlr = await startOsmoHlr();
    cleanups.push(() => hlr.stop());
    const seeded = await runCli(['seed'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  }, 60_000);

  it.skipIf(!available)('refuses without HLR_URL, exit 2 with a one-line reason: the simulator lives inside a serving process', async () => {
    for (const args of [['network', 'sync'], ['network', 'reconcile'], ['network', 'reconcile', '--fix']]) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/HLR_URL is not set/);
    }
    for (const args of [['network'], ['network', 'frobnicate'], ['network', 'sync', '--fix']]) {
      const r = await runCli(args, withHlr());
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it.skipIf(!available)('sync provisions every live demo line with its MSISDN, the suspended one barred, and prints what it changed', async () => {
    const r = await runCli(['network', 'sync'], withHlr());
    expect(r.code, r.stderr).toBe(0);
    const changed = stdoutLines(r.stdout);
    expect(changed).toHaveLength(live.length);
    for (const l of live) expect(changed).toContain(`${l.msisdn} created IMSI ${l.imsi} with its MSISDN, CS and PS ${l.barred ? 'off' : 'on'}`);
    expect(r.stderr).toMatch(/osmo-hlr: 9 of 9 line\(s\) compared, 8 changed, 0 failed/);
    await expectDemoLinesInHlr();

    const again = await runCli(['network', 'sync'], withHlr());
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/0 changed, 0 failed/);
    expect((await runCli(['network', 'reconcile'], withHlr())).code).toBe(0);
  }, 60_000);

  it.skipIf(!available)('reconcile names every difference made by hand and exits 1; --fix repairs them; then they agree', async () => {
    await ctrl(`SET 1 subscriber.delete ${liNa.imsi}`);
    await ctrl(`SET 2 subscriber.by-imsi-${wangQiang.imsi}.msisdn 8613000000099`);
    await ctrl(`SET 3 subscriber.by-imsi-${chenGang.imsi}.cs-enabled 1`);
    await ctrl(`SET 4 subscriber.by-imsi-${chenGang.imsi}.ps-enabled 1`);
    await ctrl(`SET 5 subscriber.create ${ended.imsi}`);
    await ctrl(`SET 6 subscriber.by-imsi-${ended.imsi}.msisdn ${ended.msisdn.slice(1)}`);

    const found = await runCli(['network', 'reconcile'], withHlr());
    expect(found.code, found.stderr).toBe(1);
    const differences = stdoutLines(found.stdout);
    expect(differences).toHaveLength(4);
    expect(differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^\\${liNa.msisdn} missing: IMSI ${liNa.imsi} \\(active\\) is not in the network$`)),
        expect.stringMatching(new RegExp(`^\\${wangQiang.msisdn} msisdn_differs: IMSI ${wangQiang.imsi} holds MSISDN \\+8613000000099$`)),
        expect.stringMatching(new RegExp(`^\\${chenGang.msisdn} barring_differs: IMSI ${chenGang.imsi} has CS on and PS on; a suspended line needs both off$`)),
        expect.stringMatching(new RegExp(`^\\${ended.msisdn} should_be_absent: IMSI ${ended.imsi} is in the network, but the line is terminated$`)),
      ]),
    );
    // Comparing changes nothing.
    expect(await rawInfo(hlr, liNa.imsi)).toBe('No such subscriber.');

    const fixed = await runCli(['network', 'reconcile', '--fix'], withHlr());
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(stdoutLines(fixed.stdout)).toHaveLength(4);
    for (const line of stdoutLines(fixed.stdout)) expect(line).toMatch(/^\+\d+ [a-z_]+: .* \(repaired\)$/);
    expect(fixed.stderr).toMatch(/4 difference\(s\), 4 repaired/);
    await expectDemoLinesInHlr();

    const agreed = await runCli(['network', 'reconcile'], withHlr());
    expect(agreed.code, agreed.stderr).toBe(0);
    expect(agreed.stdout).toBe('');

    const audit = await runCli(['audit', 'verify'], env);
    expect(audit.code, audit.stdout + audit.stderr).toBe(0);
  }, 60_000);

  it.skipIf(!available)('exits 1 naming the HLR when it does not answer', async () => {
    const r = await runCli(['network', 'reconcile'], { ...env, HLR_URL: 'osmo-ctrl://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the HLR at osmo-ctrl:\/\/127\.0\.0\.1:9 does not answer/);
  }, 60_000);

  it.skipIf(!available)('serve with demo data and HLR_URL provisions the demo lines in the HLR by itself', async () => {
    for (const [i, l] of live.entries()) await ctrl(`SET ${10 + i} subscriber.delete ${l.imsi}`);
    expect(await rawInfo(hlr, zhangWei.imsi)).toBe('No such subscriber.');
    const port = await freePort();
    const server: ServerProcess = spawnServe({ ...withHlr(), LASTCALL_DEMO: '1', PORT: String(port), LOG_LEVEL: 'info' });
    cleanups.push(() => server.child.kill('SIGKILL'));
    await waitReady(`http://127.0.0.1:${port}`, server);
    await eventually(async () => (await rawInfo(hlr, live.at(-1)!.imsi)) !== 'No such subscriber.' && /network sync at start/.test(server.output()), 30_000, 'the sync at start');
    await expectDemoLinesInHlr();
    expect(server.output()).toMatch(/network sync at start: 8 of 9 line\(s\) changed in osmo-hlr, 0 failed/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);
});
