import { promises as dns } from 'node:dns';
import { isIP } from 'node:net';

/**
 * A webhook URL is typed in by someone outside the operator, and the sender will POST to it from
 * inside the operator's network. Without a check, that is a way to reach what only the inside
 * can reach: the cloud metadata service (and its credentials), an admin console on 10.x, the HLR.
 * So a URL is vetted before every attempt, on the addresses its name resolves to, not on how it
 * is spelt: an IPv4 address can hide in an IPv6 one (mapped, NAT64, 6to4, Teredo), and a name can
 * resolve to anything. Every resolved address must be public, because the connection may go to
 * any of them; the sender then connects only to an address vetted here. The parsing is our own,
 * on purpose: a library's idea of "private" is one more thing that can drift from this list.
 */

export type AddressKind =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-nat'
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'documentation'
  | 'metadata'
  | 'unique-local';

export type HookUrlReason = 'not_a_url' | 'scheme' | 'credentials' | 'port' | 'not_public' | 'unresolvable';

/** Why a webhook URL was refused; `message` is written for the API user who gave the URL. */
export class HookUrlError extends Error {
  constructor(
    message: string,
    readonly reason: HookUrlReason,
  ) {
    super(message);
    this.name = 'HookUrlError';
  }
}

export type HookLookup = (host: string) => Promise<string[]>;

export interface HookUrlOptions {
  /** Development and tests only: allow http://, private addresses and local names. */
  allowPrivate: boolean;
  lookup?: HookLookup;
}

// ---- IPv4 -------------------------------------------------------------------------------------

const parseV4 = (text: string): number => text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);

// First match wins, so the narrow entries come before the ranges that hold them.
const V4_RANGES: ReadonlyArray<readonly [string, number, AddressKind]> = [
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack...
  ['169.254.170.2', 32, 'metadata'], // AWS ECS task credentials
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['192.0.0.192', 32, 'metadata'], // Oracle Cloud (classic)
  ['255.255.255.255', 32, 'reserved'], // limited broadcast
  ['0.0.0.0', 8, 'unspecified'], // "this network"; Linux connects 0.0.0.0 to itself
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-nat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V4_TABLE = V4_RANGES.map(([base, bits, kind]) => ({ base: parseV4(base), bits, kind }));

const inV4 = (addr: number, base: number, bits: number): boolean => {
  const size = 2 ** (32 - bits);
  return Math.floor(addr / size) === Math.floor(base / size);
};

function classifyV4(addr: number): AddressKind {
  return V4_TABLE.find((r) => inV4(addr, r.base, r.bits))?.kind ?? 'public';
}

// ---- IPv6 -------------------------------------------------------------------------------------

/** Eight 16-bit groups of an address that isIP() already accepted as IPv6. */
function parseV6(input: string): number[] {
  let text = input.split('%')[0] ?? ''; // a zone id (fe80::1%eth0) names an interface, not an address
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = parseV4(tail);
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const groups = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const [head, rest] = text.split('::');
  if (rest === undefined) return groups(head);
  const left = groups(head);
  const right = groups(rest);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

const toBig = (groups: number[]): bigint => groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);

const V6_RANGES: ReadonlyArray<readonly [string, number, AddressKind]> = [
  ['fd00:ec2::254', 128, 'metadata'], // AWS metadata over IPv6
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['2001::', 23, 'reserved'], // IETF protocol assignments (Teredo is handled before)
  ['64:ff9b:1::', 48, 'reserved'], // local-use NAT64: translates into the operator's own network
  ['100::', 64, 'reserved'], // discard-only
  ['5f00::', 16, 'reserved'], // SRv6 segment identifiers
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local (deprecated, still routed inside some networks)
  ['fc00::', 7, 'unique-local'],
  ['ff00::', 8, 'multicast'],
];

const V6_TABLE = V6_RANGES.map(([base, bits, kind]) => ({ base: toBig(parseV6(base)), bits, kind }));

const inV6 = (addr: bigint, base: bigint, bits: number): boolean => {
  const shift = BigInt(128 - bits);
  return addr >> shift === base >> shift;
};

const low32 = (addr: bigint): number => Number(addr & 0xffffffffn);

/** An address that carries an IPv4 address inside is as public as that address, at best. */
const embedded = (inner: number, otherwise: AddressKind): AddressKind => {
  const kind = classifyV4(inner);
  return kind === 'public' ? otherwise : kind;
};

function classifyV6(groups: number[]): AddressKind {
  const addr = toBig(groups);
  const exact = V6_TABLE.find((r) => r.bits === 128 && r.base === addr);
  if (exact) return exact.kind;
  // ::ffff:a.b.c.d (mapped) and ::ffff:0:a.b.c.d (translated) reach the IPv4 address itself.
  if (addr >> 32n === 0xffffn || addr >> 32n === 0xffff0000n) return classifyV4(low32(addr));
  if (inV6(addr, 0x0064ff9bn << 96n, 96)) return classifyV4(low32(addr)); // NAT64, well-known prefix
  if (addr >> 32n === 0n) return embedded(low32(addr), 'reserved'); // IPv4-compatible (deprecated)
  if (inV6(addr, 0x2002n << 112n, 16)) return embedded(Number((addr >> 80n) & 0xffffffffn), 'public'); // 6to4
  if (inV6(addr, 0x20010000n << 96n, 32)) return embedded((~low32(addr)) >>> 0, 'reserved'); // Teredo client
  const range = V6_TABLE.find((r) => inV6(addr, r.base, r.bits));
  if (range) return range.kind;
  return inV6(addr, 0x2000n << 112n, 3) ? 'public' : 'reserved'; // only 2000::/3 is allocated unicast
}

/** What kind of address `ip` is (IPv4 or IPv6, brackets and zone id allowed); throws if it is not one. */
export function classifyAddress(ip: string): AddressKind {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  const family = isIP(bare);
  if (family === 4) return classifyV4(parseV4(bare));
  if (family === 6) return classifyV6(parseV6(bare));
  throw new TypeError(`not an IP address: ${JSON.stringify(ip)}`);
}

// ---- URLs -------------------------------------------------------------------------------------

const DESCRIBE: Record<AddressKind, string> = {
  public: 'a public address',
  loopback: 'a loopback address (the sending machine itself)',
  private: 'a private network address',
  'link-local': 'a link-local address',
  'carrier-nat': 'a carrier-grade NAT address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  documentation: 'an address reserved for documentation',
  metadata: 'a cloud metadata service address',
  'unique-local': 'a unique-local (private) IPv6 address',
};

// Ports browsers refuse too (the Fetch standard's "bad ports"): mail, shell, file sharing, IRC...
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Names that only ever mean something inside: refused before any DNS question is asked. */
function isLocalName(name: string): boolean {
  if (!name.includes('.')) return true; // single label: resolved through the search domains, i.e. inside
  if (name === 'metadata.google.internal') return true;
  return ['localhost', 'local', 'internal', 'localdomain', 'home.arpa'].some((s) => name === s || name.endsWith(`.${s}`));
}

const systemLookup: HookLookup = async (host) =>
  (await dns.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

const MAX_URL_LENGTH = 2048;

/**
 * Vet a webhook URL and the addresses its host resolves to. Returns the URL and every address
 * (each public unless `allowPrivate`); connect only to one of these. Throws HookUrlError.
 */
export async function checkHookUrl(raw: string, opts: HookUrlOptions): Promise<{ url: URL; addresses: string[] }> {
  if (raw.length > MAX_URL_LENGTH) throw new HookUrlError(`The webhook URL is longer than ${MAX_URL_LENGTH} characters.`, 'not_a_url');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new HookUrlError('The webhook URL is not a valid absolute URL (it should look like https://hooks.example.com/path).', 'not_a_url');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && opts.allowPrivate)) {
    throw new HookUrlError(`The webhook URL must start with https:// (it starts with ${url.protocol}//).`, 'scheme');
  }
  if (url.username !== '' || url.password !== '') {
    throw new HookUrlError('The webhook URL must not contain a user name or password; authenticate with the signature instead.', 'credentials');
  }
  const port = url.port === '' ? null : Number(url.port);
  if (port === 0 || (port !== null && !opts.allowPrivate && BAD_PORTS.has(port))) {
    throw new HookUrlError(`The webhook URL uses port ${url.port}, which is not allowed for webhooks; use 443 or another web port.`, 'port');
  }

  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  const refuse = (kind: AddressKind, subject: string) =>
    new HookUrlError(`${subject} ${DESCRIBE[kind]}; webhooks can only be sent to public internet addresses.`, 'not_public');

  if (isIP(host) !== 0) {
    const kind = classifyAddress(host);
    if (!allowed(kind, opts)) throw refuse(kind, `The webhook URL's host ${host} is`);
    return { url, addresses: [host] };
  }

  const name = host.replace(/\.+$/, '').toLowerCase();
  if (!opts.allowPrivate && isLocalName(name)) {
    throw new HookUrlError(`The webhook URL's host "${name}" is a local name; webhooks can only be sent to public internet addresses.`, 'not_public');
  }
  let answers: string[];
  try {
    answers = await (opts.lookup ?? systemLookup)(host);
  } catch {
    answers = [];
  }
  const addresses = [...new Set(answers)];
  if (addresses.length === 0 || addresses.some((a) => isIP(a) === 0)) {
    throw new HookUrlError(`The webhook URL's host "${name}" could not be found in DNS.`, 'unresolvable');
  }
  const bad = addresses.map(classifyAddress).find((k) => !allowed(k, opts));
  if (bad) throw refuse(bad, `The webhook URL's host "${name}" resolves to`);
  return { url, addresses };
}

/** A lab may post to private and loopback addresses, but never to a cloud's metadata service: it hands out credentials. */
const allowed = (kind: AddressKind, opts: HookUrlOptions) => kind === 'public' || (opts.allowPrivate && kind !== 'metadata');
