import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameError, encodeFrame, parseInfo, parseReply } from '../../src/adapters/osmo-ctrl/frame.js';
import { backoffDelay, defaultBackoff } from '../../src/adapters/backoff.js';

const hex = (b: Buffer) => b.toString('hex');

// Bytes as osmo-hlr 1.5 sent them on this machine (captured with a raw socket).
const infoText = 'GET_REPLY 3 subscriber.by-imsi-460001000000001.info \nid\t1\nimsi\t460001000000001\nmsisdn\t8613800138000\nnam_cs\t1\nnam_ps\t1\nms_purged_cs\t0\nms_purged_ps\t0\nperiodic_lu_timer\t0\nperiodic_rau_tau_timer\t0\nlmsi\t00000000';
const replies = ['SET_REPLY 1 subscriber.create 1', 'ERROR 4 No such subscriber.', infoText, 'ERROR err Request type unknown'];
const realStream = Buffer.concat(
  replies.map((t) => {
    // Built by hand: encodeFrame (for requests) refuses the \n and \t of an info answer.
    const body = Buffer.from(t, 'latin1');
    const head = Buffer.from([0, 0, 0xee, 0]);
    head.writeUInt16BE(body.length + 1, 0);
    return Buffer.concat([head, body]);
  }),
);

describe('encoding a CTRL request', () => {
  it.each([
    ['GET 1 subscriber.by-imsi-460001000000001.info', '002eee00'],
    ['SET 2 subscriber.create 460001000000001', '0028ee00'],
    ['ERROR 4 No such subscriber.', '001cee00'], // header bytes as osmo-hlr sent them
    ['', '0001ee00'],
  ])('frames %j with the length counting the extension byte and the text', (text, header) => {
    const frame = encodeFrame(text);
    expect(hex(frame.subarray(0, 4))).toBe(header);
    expect(frame.subarray(4).toString('latin1')).toBe(text);
  });

  it('refuses text that is not printable ASCII', () => {
    expect(() => encodeFrame('SET 1 a.b 番号')).toThrow(FrameError);
    expect(() => encodeFrame('SET 1 a.b x\ny')).toThrow(/printable ASCII/);
  });
});

describe('decoding the CTRL stream', () => {
  it('reads several frames from one chunk', () => {
    expect(new FrameDecoder().push(realStream)).toEqual(replies);
  });

  it('gives the same frames however the stream is cut into chunks', () => {
    for (let size = 1; size <= 40; size++) {
      const d = new FrameDecoder();
      const out: string[] = [];
      for (let at = 0; at < realStream.length; at += size) out.push(...d.push(realStream.subarray(at, at + size)));
      expect(out, `chunks of ${size}`).toEqual(replies);
      expect(d.buffered).toBe(0);
    }
  });

  it('waits for the rest of a frame and reports what it holds', () => {
    const d = new FrameDecoder();
    expect(d.push(realStream.subarray(0, 10))).toEqual([]);
    expect(d.buffered).toBe(10);
  });

  it('drops a trailing NUL that some libosmocore versions add', () => {
    const body = Buffer.from('SET_REPLY 5 subscriber.delete 1\0', 'latin1');
    const frame = Buffer.concat([Buffer.from([0, body.length + 1, 0xee, 0]), body]);
    expect(new FrameDecoder().push(frame)).toEqual(['SET_REPLY 5 subscriber.delete 1']);
  });

  it.each([
    ['text instead of a frame', Buffer.from('HELLO WORLD\r\n'), /wrong protocol byte 0x4c/],
    ['an IPA frame of another protocol (CCM)', Buffer.from([0, 1, 0xfe, 6]), /wrong protocol byte 0xfe/],
    ['a length of 0', Buffer.from([0, 0, 0xee]), /frame length 0 cannot be right/],
    ['a length of 1 (no text)', Buffer.from([0, 1, 0xee, 0]), /frame length 1 cannot be right/],
    ['another extension than CTRL', Buffer.from([0, 3, 0xee, 0x01, 0x41, 0x42]), /wrong extension byte 0x01/],
    ['a length shorter than the text (out of step after it)', Buffer.concat([Buffer.from([0, 5, 0xee, 0]), Buffer.from('SET_REPLY 1 x OK')]), /wrong protocol byte/],
  ])('fails clearly on %s, and stays failed', (_name, bytes, message) => {
    const d = new FrameDecoder();
    expect(() => d.push(bytes)).toThrow(message);
    expect(() => d.push(encodeFrame('SET_REPLY 1 x OK'))).toThrow(FrameError);
  });
});

describe('reading CTRL answers', () => {
  it.each([
    ['SET_REPLY 1 subscriber.create 1', { type: 'SET_REPLY', id: '1', variable: 'subscriber.create', value: '1' }],
    ['SET_REPLY 2 subscriber.by-imsi-460001000000001.msisdn OK', { type: 'SET_REPLY', id: '2', variable: 'subscriber.by-imsi-460001000000001.msisdn', value: 'OK' }],
    ['GET_REPLY 6 subscriber.by-imsi-460001000000001.cs-enabled 0', { type: 'GET_REPLY', id: '6', variable: 'subscriber.by-imsi-460001000000001.cs-enabled', value: '0' }],
    ['ERROR 4 No such subscriber.', { type: 'ERROR', id: '4', reason: 'No such subscriber.' }],
    ["ERROR 9 Subscriber doesn't exist.", { type: 'ERROR', id: '9', reason: "Subscriber doesn't exist." }],
    ['ERROR err Request type unknown', { type: 'ERROR', id: 'err', reason: 'Request type unknown' }],
    ['TRAP 0 bts.0.location 1,2,3', { type: 'TRAP', id: '0', variable: 'bts.0.location', value: '1,2,3' }],
    ['SET_REPLY 3 x', { type: 'SET_REPLY', id: '3', variable: 'x', value: '' }],
  ])('reads %j', (text, reply) => {
    expect(parseReply(text)).toEqual(reply);
  });

  it('keeps the value whole, spaces and newlines included', () => {
    const r = parseReply(infoText);
    expect(r.type === 'GET_REPLY' && r.value.startsWith('\nid\t1\nimsi\t460001000000001\n')).toBe(true);
  });

  it.each([['HELLO'], ['GET 1 x'], ['SET_REPLY'], ['SET_REPLY 1'], [''], ['OK 1 x y']])('refuses %j', (text) => {
    expect(() => parseReply(text)).toThrow(FrameError);
  });
});

describe('reading subscriber info', () => {
  it('takes IMSI, MSISDN and the CS/PS flags', () => {
    const r = parseReply(infoText);
    expect(parseInfo(r.type === 'GET_REPLY' ? r.value : '')).toEqual({ imsi: '460001000000001', msisdn: '8613800138000', csEnabled: true, psEnabled: true });
  });

  it('gives a null MSISDN when the HLR leaves the line out', () => {
    expect(parseInfo('\nid\t1\nimsi\t460001000000001\nnam_cs\t0\nnam_ps\t1\nlmsi\t00000000')).toEqual({ imsi: '460001000000001', msisdn: null, csEnabled: false, psEnabled: true });
  });

  it.each([
    ['no imsi', '\nid\t1\nnam_cs\t1\nnam_ps\t1', /without an imsi/],
    ['a line without a tab', '\nimsi 460001000000001\n', /without a tab/],
    ['a flag that is not 0 or 1', '\nimsi\t460001000000001\nnam_cs\tyes\nnam_ps\t1', /nam_cs is "yes"/],
    ['a missing flag', '\nimsi\t460001000000001\nnam_cs\t1', /nam_ps is missing/],
  ])('refuses a body with %s', (_name, body, message) => {
    expect(() => parseInfo(body)).toThrow(message);
  });
});

describe('the reconnect back-off', () => {
  const b = { ...defaultBackoff, initialMs: 100, maxMs: 2000, factor: 2, jitter: 0.5 };
  it.each([
    [0, 0, 100],
    [1, 0, 200],
    [4, 0, 1600],
    [5, 0, 2000],
    [30, 0, 2000],
    [3, 0.5, 600],
    [9, 1, 1000],
  ])('waits attempt %i (random %f) → %i ms', (attempt, rnd, ms) => {
    expect(backoffDelay(attempt, b, () => rnd)).toBe(ms);
  });

  it('never waits less than half the base with jitter 0.5, nor more than the cap', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(i % 12, b);
      expect(d).toBeGreaterThanOrEqual(50);
      expect(d).toBeLessThanOrEqual(2000);
    }
  });
});
