import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError, type LineIdentity, type NetworkProvisioner } from '../../src/adapters/network.js';
import { OsmoCtrlClient } from '../../src/adapters/osmo-ctrl/client.js';
import { OsmoHlrNetwork, parseHlrUrl, type HlrOperationEvent } from '../../src/adapters/osmo-hlr.js';
import { eventually, osmoHlrAvailable, rawInfo, startOsmoHlr, type RunningHlr } from '../support/osmo-hlr.js';

/**
 * The HLR adapter against a real osmo-hlr. What the adapter did is always checked by asking the
 * HLR directly (test/support/osmo-hlr.ts rawCtrl), never through the client under test.
 */
const available = osmoHlrAvailable();

const line = (n: number): LineIdentity => ({
  imsi: `4600010000${String(n).padStart(5, '0')}`,
  msisdn: `+86138001${String(38000 + n).padStart(5, '0')}`,
  iccid: `898600${String(n).padStart(14, '0')}`,
});
const zhangWei: LineIdentity = { imsi: '460001000000001', msisdn: '+8613800138000', iccid: '89860000000000000001' };

async function failure(p: Promise<unknown>): Promise<NetworkError> {
  const err = await p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NetworkError);
  return err as NetworkError;
}

describe('HLR_URL', () => {
  it.each([
    ['osmo-ctrl://127.0.0.2', { host: '127.0.0.2', port: 4259 }],
    ['osmo-ctrl://hlr.core.example:14259', { host: 'hlr.core.example', port: 14259 }],
    ['osmo-ctrl://[::1]:4259', { host: '::1', port: 4259 }],
  ])('reads %s', (url, expected) => expect(parseHlrUrl(url)).toEqual(expected));

  it.each([['http://127.0.0.2:4259'], ['127.0.0.2:4259'], ['osmo-ctrl://'], ['osmo-ctrl://u:p@h'], ['osmo-ctrl://h/path'], ['osmo-ctrl://h:0']])('refuses %s, naming HLR_URL', (url) => {
    expect(() => parseHlrUrl(url)).toThrow(/^HLR_URL .*expected osmo-ctrl:\/\/HOST\[:PORT\]/);
  });
});

describe.skipIf(!available)('the network as a real osmo-hlr', () => {
  let hlr: RunningHlr;
  let network: OsmoHlrNetwork;
  const events: HlrOperationEvent[] = [];
  beforeAll(async () => {
    hlr = await startOsmoHlr();
    network = new OsmoHlrNetwork({ url: hlr.url, onOperation: (e) => events.push(e) });
  });
  afterAll(async () => {
    await network?.close();
    await hlr?.stop();
  });

  it('provisions a line: the IMSI with its MSISDN in digits, CS and PS on', async () => {
    const port: NetworkProvisioner = network;
    expect(port.name).toBe('osmo-hlr');
    const op = await network.provision(zhangWei, { barred: false });
    expect(op.operationId).toMatch(/^hlr-460001000000001-provision-\d{13}$/);
    expect(Number.isNaN(Date.parse(op.at))).toBe(false);
    expect(await rawInfo(hlr, zhangWei.imsi)).toMatchObject({ imsi: '460001000000001', msisdn: '8613800138000', nam_cs: '1', nam_ps: '1' });
    expect(events.at(-1)).toMatchObject({ kind: 'provision', outcome: 'ok' });
    expect(events.at(-1)!.seconds).toBeGreaterThan(0);
  });

  it('provisions idempotently and repairs what changed behind its back', async () => {
    const l = line(10);
    await network.provision(l, { barred: true });
    await network.provision(l, { barred: true });
    expect(await rawInfo(hlr, l.imsi)).toMatchObject({ msisdn: '8613800138010', nam_cs: '0', nam_ps: '0' });
    expect(await hlr.ctrl(`SET 5 subscriber.by-imsi-${l.imsi}.msisdn none`)).toMatch(/^SET_REPLY 5 .* OK$/);
    await network.provision(l, { barred: false });
    expect(await rawInfo(hlr, l.imsi)).toMatchObject({ msisdn: '8613800138010', nam_cs: '1', nam_ps: '1' });
  });

  it('bars and unbars: CS and PS off, then on again', async () => {
    const l = line(11);
    await network.provision(l, { barred: false });
    expect((await network.bar(l)).operationId).toMatch(/^hlr-460001000000011-bar-/);
    await network.bar(l);
    expect(await rawInfo(hlr, l.imsi)).toMatchObject({ nam_cs: '0', nam_ps: '0' });
    await network.unbar(l);
    expect(await rawInfo(hlr, l.imsi)).toMatchObject({ nam_cs: '1', nam_ps: '1' });
    expect(await network.inspect(l.imsi)).toEqual({ imsi: l.imsi, msisdn: '+8613800138011', csEnabled: true, psEnabled: true });
  });

  it('deactivates: the subscriber is gone, its MSISDN free for another, and doing it again is fine', async () => {
    await network.provision(zhangWei, { barred: false });
    await network.deactivate(zhangWei);
    expect(await hlr.ctrl(`GET 7 subscriber.by-imsi-${zhangWei.imsi}.info`)).toBe('ERROR 7 No such subscriber.');
    expect(await network.inspect(zhangWei.imsi)).toBeNull();
    await network.deactivate(zhangWei);
    expect(events.filter((e) => e.kind === 'deactivate').map((e) => e.outcome)).toEqual(['ok', 'ok']);
    // The number can go to someone else now.
    expect(await hlr.ctrl('SET 8 subscriber.create 460001000000099')).toMatch(/^SET_REPLY 8 subscriber.create \d+$/);
    expect(await hlr.ctrl('SET 9 subscriber.by-imsi-460001000000099.msisdn 8613800138000')).toBe('SET_REPLY 9 subscriber.by-imsi-460001000000099.msisdn OK');
    expect(await hlr.ctrl('SET 10 subscriber.delete 460001000000099')).toMatch(/^SET_REPLY 10 /);
  });

  it('calls refusals no retry can change permanent, and says what the HLR said', async () => {
    const absent = line(12);
    const barred = await failure(network.bar(absent));
    expect(barred.permanent).toBe(true);
    expect(barred.message).toBe('HLR bar of IMSI 460001000000012: No such subscriber.');
    expect((await failure(network.unbar(absent))).permanent).toBe(true);

    const holder = line(13);
    await network.provision(holder, { barred: false });
    const taken = await failure(network.provision({ ...line(14), msisdn: holder.msisdn }, { barred: false }));
    expect(taken.permanent).toBe(true);
    expect(taken.message).toContain('Update MSISDN failed (MSISDN 8613800138013 is held by IMSI 460001000000013)');

    const invalid = await failure(network.provision({ ...line(15), imsi: '12' }, { barred: false }));
    expect(invalid.permanent).toBe(true);
    expect(invalid.message).toContain('Invalid IMSI value.');
    expect((await failure(network.bar({ ...line(15), imsi: '46000 1' }))).permanent).toBe(true);
    const outcomes = events.slice(-6).map((e) => `${e.kind} ${e.outcome}`);
    expect(outcomes).toEqual(['bar permanent_error', 'unbar permanent_error', 'provision ok', 'provision permanent_error', 'provision permanent_error', 'bar permanent_error']);
  });

  it('calls an HLR nobody answers for temporary', async () => {
    const seen: HlrOperationEvent[] = [];
    const nowhere = new OsmoHlrNetwork({ url: `osmo-ctrl://${hlr.address}:4260`, onOperation: (e) => seen.push(e), ctrl: { timeoutMs: 2000 } });
    try {
      const err = await failure(nowhere.deactivate(line(16)));
      expect(err.permanent).toBe(false);
      expect(err.message).toMatch(/cannot connect: connect ECONNREFUSED/);
      expect(seen).toMatchObject([{ kind: 'deactivate', outcome: 'temporary_error' }]);
    } finally {
      await nowhere.close();
    }
  });
});

describe.skipIf(!available)('an osmo-hlr killed mid-way', () => {
  let hlr: RunningHlr;
  let ctrl: OsmoCtrlClient;
  afterAll(async () => {
    await ctrl?.close();
    await hlr?.stop();
  });

  it('fails what was in flight as temporary, reconnects by itself after the restart, and later calls succeed', async () => {
    hlr = await startOsmoHlr();
    ctrl = new OsmoCtrlClient({ ...parseHlrUrl(hlr.url), timeoutMs: 3000, maxInFlight: 4, backoff: { initialMs: 50, maxMs: 400 } });
    const network = new OsmoHlrNetwork({ client: ctrl });
    const lines = Array.from({ length: 6 }, (_, i) => line(30 + i));
    for (const l of lines) await network.provision(l, { barred: false });

    const during = Promise.allSettled(lines.flatMap((l) => [network.bar(l), network.unbar(l)]));
    await hlr.kill('SIGKILL');
    const settled = await during;
    for (const s of settled) {
      if (s.status === 'rejected') {
        expect(s.reason).toBeInstanceOf(NetworkError);
        expect((s.reason as NetworkError).permanent).toBe(false);
      }
    }
    expect(settled.some((s) => s.status === 'rejected')).toBe(true);
    expect((await failure(network.bar(lines[0]!))).permanent).toBe(false);

    await hlr.restart();
    await eventually(async () => ctrl.connected, 5000, 'the client to reconnect on its own');
    for (const l of lines) await network.bar(l);
    for (const l of lines) expect(await rawInfo(hlr, l.imsi)).toMatchObject({ nam_cs: '0', nam_ps: '0', msisdn: l.msisdn.slice(1) });
  });
});
