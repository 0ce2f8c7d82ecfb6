import { describe, expect, it } from 'vitest';
import { checkHookUrl, classifyAddress, HookUrlError } from '../../src/adapters/webhooks/public-address.js';
import type { AddressKind, HookLookup, HookUrlReason } from '../../src/adapters/webhooks/public-address.js';

/**
 * What the webhook sender may connect to. The table is the contract: every row is a way a
 * receiver's URL could point back inside the operator's network, or an ordinary public address
 * that must still work.
 */

const table: Array<[string, AddressKind]> = [
  // IPv4, public
  ['93.184.216.34', 'public'],
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['172.15.255.255', 'public'],
  ['172.32.0.0', 'public'],
  ['100.63.255.255', 'public'],
  ['100.128.0.0', 'public'],
  ['192.169.0.1', 'public'],
  ['223.255.255.255', 'public'],
  // IPv4, inside or special
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'carrier-nat'],
  ['100.127.255.255', 'carrier-nat'],
  ['169.254.0.1', 'link-local'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.10', 'documentation'],
  ['198.18.0.1', 'reserved'],
  ['198.19.255.255', 'reserved'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.99', 'documentation'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'reserved'],
  // IPv6, public
  ['2606:4700:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['2a00:1450:4001:81c::200e', 'public'],
  ['64:ff9b::5db8:d822', 'public'], // NAT64 of 93.184.216.34
  ['2002:5db8:d822::1', 'public'], // 6to4 of 93.184.216.34
  // IPv6, inside or special
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf:ffff::1', 'link-local'],
  ['fc00::1', 'unique-local'],
  ['fd12:3456:789a::1', 'unique-local'],
  ['fd00:ec2::254', 'metadata'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'], // outside 2000::/3, not allocated
  ['fec0::1', 'private'],
  // IPv4 inside IPv6
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:a00:1', 'private'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['::ffff:93.184.216.34', 'public'],
  ['::ffff:0:192.168.0.1', 'private'], // IPv4-translated
  ['::127.0.0.1', 'loopback'], // IPv4-compatible (deprecated)
  ['::93.184.216.34', 'reserved'],
  ['64:ff9b::10.0.0.1', 'private'],
  ['64:ff9b::a9fe:a9fe', 'metadata'],
  ['64:ff9b:1::1', 'reserved'],
  ['2002:a00:1::1', 'private'], // 6to4 of 10.0.0.1
  ['2002:7f00:1::', 'loopback'],
  ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback'], // Teredo, client 127.0.0.1 (inverted)
  ['2001:0:4136:e378:8000:63bf:a247:2fdb', 'reserved'], // Teredo, client 93.184.208.36: still not a place for webhooks
  ['[::1]', 'loopback'],
];

describe('classifyAddress', () => {
  it.each(table)('%s is %s', (ip, kind) => {
    expect(classifyAddress(ip)).toBe(kind);
  });

  it('has a row for every kind', () => {
    expect(new Set(table.map(([, k]) => k)).size).toBe(11);
  });

  it.each(['', 'example.com', '10.0.0', '1.2.3.4.5', '::g', '2130706433'])('refuses %j as not an address', (text) => {
    expect(() => classifyAddress(text)).toThrow(TypeError);
  });
});

const dnsOf =
  (records: Record<string, string[]>): HookLookup =>
  async (host) => {
    const answer = records[host];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return answer;
  };

const dns = dnsOf({
  'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
  'inside.example.com': ['10.1.2.3'],
  'mixed.example.com': ['93.184.216.34', '127.0.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'v6inside.example.com': ['::ffff:192.168.0.10'],
  'garbage.example.com': ['not-an-ip'],
  'empty.example.com': [],
});

async function refusal(raw: string, allowPrivate: boolean): Promise<HookUrlError> {
  const err = await checkHookUrl(raw, { allowPrivate, lookup: dns }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof HookUrlError)) throw new Error(`expected ${raw} to be refused, got ${String(err)}`);
  return err;
}

describe('checkHookUrl', () => {
  it('accepts a public name and returns every vetted address', async () => {
    const { url, addresses } = await checkHookUrl('https://hooks.example.com/lastcall?x=1', { allowPrivate: false, lookup: dns });
    expect(url.href).toBe('https://hooks.example.com/lastcall?x=1');
    expect(addresses).toEqual(['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946']);
  });

  it('accepts public IP literals, v4 and bracketed v6, without asking DNS', async () => {
    const noDns: HookLookup = async () => {
      throw new Error('DNS must not be asked');
    };
    expect((await checkHookUrl('https://93.184.216.34/h', { allowPrivate: false, lookup: noDns })).addresses).toEqual(['93.184.216.34']);
    expect((await checkHookUrl('https://[2606:4700::1111]:8443/h', { allowPrivate: false, lookup: noDns })).addresses).toEqual([
      '2606:4700::1111',
    ]);
  });

  const refusals: Array<[string, HookUrlReason]> = [
    ['not a url', 'not_a_url'],
    ['/relative/path', 'not_a_url'],
    [`https://hooks.example.com/${'a'.repeat(2100)}`, 'not_a_url'],
    ['http://hooks.example.com/h', 'scheme'],
    ['ftp://hooks.example.com/h', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://user:secret@hooks.example.com/h', 'credentials'],
    ['https://user@hooks.example.com/h', 'credentials'],
    ['https://hooks.example.com:25/h', 'port'],
    ['https://hooks.example.com:0/h', 'port'],
    ['https://inside.example.com/h', 'not_public'],
    ['https://mixed.example.com/h', 'not_public'],
    ['https://metadata.example.com/h', 'not_public'],
    ['https://v6inside.example.com/h', 'not_public'],
    ['https://127.0.0.1/h', 'not_public'],
    ['https://2130706433/h', 'not_public'], // 127.0.0.1 spelt as a number
    ['https://0x7f.1/h', 'not_public'],
    ['https://[::1]/h', 'not_public'],
    ['https://[::ffff:10.0.0.1]/h', 'not_public'],
    ['https://[fd00:ec2::254]/latest/meta-data', 'not_public'],
    ['https://169.254.169.254/latest/meta-data', 'not_public'],
    ['https://localhost/h', 'not_public'],
    ['https://LOCALHOST./h', 'not_public'],
    ['https://api.localhost/h', 'not_public'],
    ['https://metadata.google.internal/computeMetadata/v1/', 'not_public'],
    ['https://printer.local/h', 'not_public'],
    ['https://intranet/h', 'not_public'],
    ['https://nowhere.example.com/h', 'unresolvable'],
    ['https://empty.example.com/h', 'unresolvable'],
    ['https://garbage.example.com/h', 'unresolvable'],
  ];

  it.each(refusals)('refuses %s (%s)', async (raw, reason) => {
    const err = await refusal(raw, false);
    expect(err.reason).toBe(reason);
    expect(err.message).toMatch(/^The webhook URL/);
  });

  it('does not ask DNS about local names', async () => {
    const asked: string[] = [];
    const spy: HookLookup = async (host) => {
      asked.push(host);
      return ['127.0.0.1'];
    };
    for (const raw of ['https://localhost/', 'https://x.localhost/', 'https://metadata.google.internal/']) {
      await expect(checkHookUrl(raw, { allowPrivate: false, lookup: spy })).rejects.toMatchObject({ reason: 'not_public' });
    }
    expect(asked).toEqual([]);
  });

  it('says in plain words what was wrong, without the address it found', async () => {
    const err = await refusal('https://inside.example.com/h', false);
    expect(err.message).toBe(
      'The webhook URL\'s host "inside.example.com" resolves to a private network address; webhooks can only be sent to public internet addresses.',
    );
    expect((await refusal('http://hooks.example.com/', false)).message).toContain('must start with https://');
  });

  it('with allowPrivate: allows http, private addresses, local names and unusual ports', async () => {
    const allow = { allowPrivate: true, lookup: dnsOf({ localhost: ['127.0.0.1', '::1'], 'inside.example.com': ['10.1.2.3'] }) };
    expect((await checkHookUrl('http://127.0.0.1:8080/h', allow)).addresses).toEqual(['127.0.0.1']);
    expect((await checkHookUrl('http://[::1]:8080/h', allow)).addresses).toEqual(['::1']);
    expect((await checkHookUrl('http://localhost:25/h', allow)).addresses).toEqual(['127.0.0.1', '::1']);
    expect((await checkHookUrl('https://inside.example.com/h', allow)).addresses).toEqual(['10.1.2.3']);
  });

  it('with allowPrivate: still refuses other schemes, credentials, port 0 and names that do not resolve', async () => {
    expect((await refusal('ftp://127.0.0.1/h', true)).reason).toBe('scheme');
    expect((await refusal('http://a:b@127.0.0.1/h', true)).reason).toBe('credentials');
    expect((await refusal('http://127.0.0.1:0/h', true)).reason).toBe('port');
    expect((await refusal('http://nowhere.example.com/h', true)).reason).toBe('unresolvable');
  });

  it('uses the system resolver when no lookup is given', async () => {
    expect((await checkHookUrl('http://localhost:1/h', { allowPrivate: true })).addresses.length).toBeGreaterThan(0);
    await expect(checkHookUrl('https://does-not-exist.invalid/h', { allowPrivate: false })).rejects.toMatchObject({ reason: 'unresolvable' });
  });
});
