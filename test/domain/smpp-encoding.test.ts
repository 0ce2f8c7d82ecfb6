import { describe, expect, it } from 'vitest';
import { concatInfo, fromUtf16be, internationalDigits, isGsmSafe, phoneNumber, sourceAddress, splitForSms, TextTooLongError, udhElements } from '../../src/adapters/smpp/encoding.js';
import { parseReceiptText, receiptOutcome } from '../../src/adapters/smpp/receipt-text.js';
import { TokenBucket } from '../../src/adapters/smpp/rate.js';
import { parseSmppUrl } from '../../src/adapters/smpp/url.js';

/** Reads a part back the way a phone does: UDH off, text decoded by data_coding. */
function readPart(part: { dataCoding: number; esmClass: number; shortMessage: Buffer }) {
  const udh = part.esmClass & 0x40 ? part.shortMessage.subarray(0, part.shortMessage[0]! + 1) : null;
  const body = udh ? part.shortMessage.subarray(udh.length) : part.shortMessage;
  return { concat: udh ? concatInfo(udhElements(udh)) : null, text: part.dataCoding === 8 ? fromUtf16be(body) : body.toString('latin1'), bytes: body.length };
}

describe('SMS parts', () => {
  // Limits: 3GPP TS 23.040 (140 octets of user data; a 6-octet concatenation UDH leaves 134).
  it.each([
    ['plain English fits one part', 'Your code is 123456.', 0, 1],
    ['160 GSM-safe characters are still one part', 'a'.repeat(160), 0, 1],
    ['161 need two parts of at most 153', 'a'.repeat(161), 0, 2],
    ['459 = 3 × 153 is three parts', 'b'.repeat(459), 0, 3],
    ['Chinese goes as UCS-2', '您的验证码是 123456', 8, 1],
    ['70 UCS-2 characters are one part', '码'.repeat(70), 8, 1],
    ['71 need two parts of at most 67', '码'.repeat(71), 8, 2],
    ['201 = 3 × 67 is three parts', '码'.repeat(201), 8, 3],
    ['an @ is not the same byte in GSM and ASCII, so UCS-2', 'mail me@example.com', 8, 1],
    ['brackets are GSM escapes, so UCS-2', 'see [1]', 8, 1],
    ['£ is not ASCII', 'Balance £5', 8, 1],
  ])('%s', (_, text, dataCoding, parts) => {
    const out = splitForSms(text, 42);
    expect(out).toHaveLength(parts);
    expect(out.every((p) => p.dataCoding === dataCoding)).toBe(true);
    const read = out.map(readPart);
    expect(read.map((r) => r.text).join('')).toBe(text);
    if (parts > 1) {
      expect(out.every((p) => p.esmClass === 0x40)).toBe(true);
      expect(read.map((r) => r.concat)).toEqual(out.map((_p, i) => ({ reference: 42, total: parts, sequence: i + 1 })));
      // user data = UDH (6) + text within 140 octets for UCS-2; GSM goes unpacked, 153 septets.
      for (const p of out) expect(p.shortMessage.length).toBeLessThanOrEqual(dataCoding === 8 ? 140 : 159);
    } else {
      expect(out[0]!.esmClass).toBe(0);
    }
  });

  it('never cuts an emoji (a surrogate pair) in two', () => {
    const text = `${'码'.repeat(66)}😀${'码'.repeat(10)}`;
    const parts = splitForSms(text, 1).map(readPart);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts[0]!.text).toBe('码'.repeat(66));
  });

  it('refuses a text of more parts than an 8-bit reference can join', () => {
    expect(() => splitForSms('码'.repeat(67 * 256), 1)).toThrow(TextTooLongError);
  });

  it.each([
    ['Your code is 123456.', true],
    ['ok? yes! (1/2) #5 -> 50%', true],
    ['a_b', false],
    ['$5', false],
    ['注销', false],
  ])('GSM-safe %j: %s', (text, safe) => expect(isGsmSafe(text)).toBe(safe));
});

describe('UDH concatenation elements', () => {
  it.each([
    ['8-bit reference', [Buffer.from([0x00, 3, 0xab, 3, 2])], { reference: 0xab, total: 3, sequence: 2 }],
    ['16-bit reference', [Buffer.from([0x08, 4, 0x12, 0x34, 2, 1])], { reference: 0x1234, total: 2, sequence: 1 }],
    ['another element first', [Buffer.from([0x24, 1, 1]), Buffer.from([0x00, 3, 7, 2, 2])], { reference: 7, total: 2, sequence: 2 }],
    ['sequence beyond total', [Buffer.from([0x00, 3, 7, 2, 3])], null],
    ['no concatenation element', [Buffer.from([0x24, 1, 1])], null],
  ])('%s', (_, elements, expected) => expect(concatInfo(elements)).toEqual(expected));
});

describe('addresses', () => {
  it.each([
    ['+8613800138000', '8613800138000'],
    ['+44 7700 900123', '447700900123'],
    ['008613800138000', '8613800138000'],
    ['13800138000', '13800138000'],
    ['+0123', null],
    ['not a number', null],
  ])('%s as international digits → %s', (msisdn, digits) => expect(internationalDigits(msisdn)).toBe(digits));

  it.each([
    ['10659876', { addr: '10659876', ton: 3, npi: 0 }],
    ['+447700900123', { addr: '447700900123', ton: 1, npi: 1 }],
    ['Lastcall', { addr: 'Lastcall', ton: 5, npi: 0 }],
  ])('sender %s', (source, expected) => expect(sourceAddress(source)).toEqual(expected));

  it('reads a phone number from deliver_sm as E.164', () => expect(phoneNumber('8613800138000')).toBe('+8613800138000'));
});

describe('delivery receipts', () => {
  const at = 'submit date:2609301200 done date:2609301201';
  it.each([
    ['delivered', `id:abc123 sub:001 dlvrd:001 ${at} stat:DELIVRD err:000 text:Your code`, { providerMessageId: 'abc123', delivered: true, error: null }],
    ['undeliverable', `id:abc123 sub:001 dlvrd:000 ${at} stat:UNDELIV err:001 text:`, { providerMessageId: 'abc123', delivered: false, error: 'UNDELIV' }],
    ['expired', `id:7 sub:001 dlvrd:000 ${at} stat:EXPIRED err:000`, { providerMessageId: '7', delivered: false, error: 'EXPIRED' }],
    ['rejected, lower case', `id:7 sub:001 dlvrd:000 ${at} stat:rejectd err:000`, { providerMessageId: '7', delivered: false, error: 'REJECTD' }],
    ['still en route: not final', `id:7 sub:001 dlvrd:000 ${at} stat:ENROUTE err:000`, null],
    ['accepted by the operator: not final', `id:7 ${at} stat:ACCEPTD err:000`, null],
    ['a stat: in the free text does not count', `id:7 ${at} text:stat:DELIVRD`, null],
    ['no id', `sub:001 stat:DELIVRD`, null],
  ])('%s', (_, text, expected) => expect(receiptOutcome(text)).toEqual(expected));

  it('prefers the receipted_message_id and message_state TLVs to the text', () => {
    expect(receiptOutcome('id:1 stat:DELIVRD', { receiptedMessageId: '00ff', messageState: 5 })).toEqual({ providerMessageId: '00ff', delivered: false, error: 'UNDELIV' });
  });

  it('reads every field of the text', () => {
    expect(parseReceiptText(`id:X1 sub:001 dlvrd:001 ${at} stat:DELIVRD err:000 text:hi`)).toEqual({ id: 'X1', sub: '001', dlvrd: '001', submitDate: '2609301200', doneDate: '2609301201', stat: 'DELIVRD', err: '000' });
  });
});

describe('SMPP_URL', () => {
  it('reads system id, password, host and port', () => {
    expect(parseSmppUrl('smpp://lastcall:s%40cret@smsc.example.net:2776')).toEqual({ systemId: 'lastcall', password: 's@cret', host: 'smsc.example.net', port: 2776 });
  });
  it('defaults to port 2775', () => expect(parseSmppUrl('smpp://a:b@127.0.0.1').port).toBe(2775));
  it.each(['http://a:b@h:1', 'smpp://h:1', 'nonsense'])('refuses %s', (url) => expect(() => parseSmppUrl(url)).toThrow(/SMPP_URL/));
});

describe('submit rate', () => {
  it('gives out at most the rate per second, in small bursts', () => {
    const bucket = new TokenBucket(50, 0);
    let sent = 0;
    for (let t = 0; t < 10_000; t += 1) while (bucket.take(t)) sent += 1;
    expect(sent).toBeGreaterThanOrEqual(495);
    expect(sent).toBeLessThanOrEqual(506); // 50/s for 10 s plus the first burst of 5
  });

  it('holds back after a throttle and says how long to wait', () => {
    const bucket = new TokenBucket(10, 0);
    bucket.hold(1000);
    expect(bucket.take(500)).toBe(false);
    expect(bucket.waitMs(500)).toBe(600); // the hold, then 100 ms for a token
    expect(bucket.take(1100)).toBe(true);
  });
});
