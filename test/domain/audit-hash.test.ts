import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditHash, genesisHash } from '../../src/domain/audit-chain.js';
import { canonicalJson, canonicalJsonTemplate } from '../../src/domain/canonical-json.js';
import { sha256Hex } from '../../src/domain/sha256.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth, arrays keep their order, no whitespace', () => {
    const value = { b: 1, a: { d: [{ z: 1, y: 2 }, 3], c: null } };
    expect(canonicalJson(value)).toBe('{"a":{"c":null,"d":[{"y":2,"z":1},3]},"b":1}');
  });

  it('gives the same text whatever order the keys were added in', () => {
    const one = { case: 'LC-1', from: 'submitted', to: 'approved', meta: { ip: 'x', by: 'y' } };
    const other = { meta: { by: 'y', ip: 'x' }, to: 'approved', from: 'submitted', case: 'LC-1' };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('sorts integer-like keys as text, not in the order JavaScript keeps them', () => {
    expect(canonicalJson({ 9: 'a', 10: 'b', x: 'c' })).toBe('{"10":"b","9":"a","x":"c"}');
  });

  it('drops undefined members and writes undefined array items as null, as JSON does', () => {
    expect(canonicalJson({ a: undefined, b: { c: undefined, d: 1 }, e: [undefined, 2] })).toBe('{"b":{"d":1},"e":[null,2]}');
  });

  it('a template filled per value writes exactly what canonicalJson writes, for any values', () => {
    const shape = (slot: (i: number) => unknown) => ({ z: { b: slot(1), a: 'const' }, list: [{ y: slot(0), x: slot(2) }], m: slot(3), '10': 1 });
    const fill = canonicalJsonTemplate<[number, string, string, number]>(shape, 4);
    const pick = <T>(xs: T[]) => xs[crypto.randomInt(xs.length)]!;
    const texts = ['', 'a"b', 'back\\slash', 'line\nbreak', '注销', '\u0000slot1\u0000', '\u2028', crypto.randomBytes(6).toString('base64')];
    for (let i = 0; i < 200; i++) {
      const v: [number, string, string, number] = [pick([0, -1, 3.5, 1e21, 123456789]), pick(texts), pick(texts), pick([7, -0, 2 ** 53])];
      expect(fill(...v)).toBe(canonicalJson(shape((k) => v[k])));
    }
    // A constant that holds a stand-in: written in full rather than filled wrongly.
    const clash = canonicalJsonTemplate<[string]>((slot) => ({ a: slot(0), b: '\u0000slot0\u0000' }), 1);
    expect(clash('x')).toBe(canonicalJson({ a: 'x', b: '\u0000slot0\u0000' }));
  });

  it('escapes line breaks and writes dates as ISO text', () => {
    expect(canonicalJson({ note: 'two\nlines', at: new Date('2026-03-01T08:00:00.123Z') })).toBe(
      '{"at":"2026-03-01T08:00:00.123Z","note":"two\\nlines"}',
    );
  });

  it('refuses a value with no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('auditHash', () => {
  const base = {
    seq: 7,
    at: '2026-03-01T08:00:00.123Z',
    actor: 'staff:alice',
    action: 'case.approved',
    subject: 'LC-2026-0001' as string | null,
    data: '{"from":"review","to":"approved"}',
  };

  it('is the SHA-256 of the fields joined by line breaks', () => {
    const expected = crypto
      .createHash('sha256')
      .update([genesisHash, '7', base.at, base.actor, base.action, base.subject, base.data].join('\n'))
      .digest('hex');
    expect(auditHash(genesisHash, base)).toBe(expected);
    expect(auditHash(genesisHash, base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes a missing subject as empty text', () => {
    expect(auditHash(genesisHash, { ...base, subject: null })).toBe(auditHash(genesisHash, { ...base, subject: '' }));
  });

  const changes: [string, (prev: string, row: typeof base) => [string, typeof base]][] = [
    ['prevHash', (p, r) => [p.replace(/^0/, '1'), r]],
    ['seq', (p, r) => [p, { ...r, seq: 8 }]],
    ['at (one millisecond)', (p, r) => [p, { ...r, at: '2026-03-01T08:00:00.124Z' }]],
    ['actor', (p, r) => [p, { ...r, actor: 'staff:bob' }]],
    ['action', (p, r) => [p, { ...r, action: 'case.rejected' }]],
    ['subject', (p, r) => [p, { ...r, subject: 'LC-2026-0002' }]],
    ['subject to none', (p, r) => [p, { ...r, subject: null }]],
    ['data', (p, r) => [p, { ...r, data: '{"from":"review","to":"rejected"}' }]],
  ];

  it.each(changes)('changes when %s changes', (_field, change) => {
    const [prev, row] = change(genesisHash, base);
    expect(auditHash(prev, row)).not.toBe(auditHash(genesisHash, base));
  });
});

describe('sha256Hex', () => {
  it('is the SHA-256 of the text as UTF-8, and of bytes, as a Hash object gives it', () => {
    const texts = ['', '注销申请已受理 LC-2026-000001\n您好', 'a'.repeat(10_000), crypto.randomBytes(40).toString('latin1')];
    for (const text of texts) expect(sha256Hex(text)).toBe(crypto.createHash('sha256').update(text, 'utf8').digest('hex'));
    const bytes = crypto.randomBytes(1000);
    expect(sha256Hex(bytes)).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
  });
});
